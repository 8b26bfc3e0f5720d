-- Console accounts, their lock-out state, and the sign-in audit trail.
CREATE TABLE accounts (
    username        text PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name    text NOT NULL,
    role            text NOT NULL CHECK (role IN ('caseworker', 'supervisor', 'kitchen_committee', 'grievance_officer',
                                                  'identity_reveal_officer', 'ops', 'auditor', 'admin')),
    agency          text,
    kitchen_id      text,
    password_hash   text NOT NULL,
    failed_attempts int NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until    timestamptz,
    -- Bumped by sign-out and unlock: every session cookie signed before stops working.
    session_epoch   int NOT NULL DEFAULT 0,
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- The scope goes with the role: a caseworker works for one agency, a committee member for one kitchen.
    CHECK ((role = 'caseworker') = (agency IS NOT NULL)),
    CHECK ((role = 'kitchen_committee') = (kitchen_id IS NOT NULL))
);

-- Every sign-in attempt, sign-out and account change. `username` is what was
-- typed, so it may name no account (`known` says so).
CREATE TABLE sign_in_events (
    event_id    bigserial PRIMARY KEY,
    username    text NOT NULL,
    known       boolean NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('signed_in', 'refused', 'locked_out', 'signed_out', 'created', 'unlocked')),
    detail      text,
    remote_addr text,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_events_username ON sign_in_events (username, at);
