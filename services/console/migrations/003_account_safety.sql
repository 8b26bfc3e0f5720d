-- Accounts an admin disabled or gave a temporary password, and lock-out counted per
-- (account, address): failures from one address lock the account for that address only, so
-- nobody can lock an account from outside (services/console/README.md, "Abuse").
ALTER TABLE accounts
    ADD COLUMN disabled_at          timestamptz,
    ADD COLUMN disabled_by          text,
    -- Set by an admin's reset: the password is a temporary one, good for one sign-in before
    -- temporary_until; that sign-in may do nothing but choose a new password.
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
    ADD COLUMN temporary_until      timestamptz,
    ADD COLUMN password_changed_at  timestamptz;

CREATE TABLE sign_in_lockouts (
    username        text NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    -- Where the failures came from: an IPv4 address, or an IPv6 address's /64 network.
    remote_addr     text NOT NULL,
    failed_attempts int NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    timestamptz,
    last_failure_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (username, remote_addr)
);

-- The count per account alone let anyone lock any account; it lives in sign_in_lockouts now.
ALTER TABLE accounts DROP COLUMN failed_attempts, DROP COLUMN locked_until;

ALTER TABLE sign_in_events DROP CONSTRAINT sign_in_events_outcome_check;
ALTER TABLE sign_in_events ADD CONSTRAINT sign_in_events_outcome_check CHECK (outcome IN (
    'signed_in', 'refused', 'locked_out', 'signed_out', 'created', 'unlocked',
    'disabled', 'enabled', 'password_changed', 'password_reset'));
