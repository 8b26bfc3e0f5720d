-- Reporter identities are sealed by the application before they reach the database
-- (libsodium sealed boxes, domain/sealed_identities.py): the table keeps the box, the id
-- of the key that sealed it, and a fingerprint keyed by a secret the database never sees.
--
-- SQL cannot seal (the key is the grievances service's, and the migrate job has none), so
-- identities stored in plain text before this migration wait in
-- plaintext_reporter_identities; the grievances service seals them at start-up and empties
-- that table (service_layer/identity_sealing.py). Until then they cannot be revealed or
-- matched as duplicates.
CREATE TABLE plaintext_reporter_identities AS
    SELECT case_id, full_name, contact, recorded_at FROM reporter_identities;
ALTER TABLE plaintext_reporter_identities ADD PRIMARY KEY (case_id);
-- TRUNCATE rather than DELETE: the table gets a new file and the old one, with the
-- plain text in it, is removed.
TRUNCATE reporter_identities;
DROP INDEX reporter_identities_fingerprint;
ALTER TABLE reporter_identities
    DROP COLUMN full_name,
    DROP COLUMN contact,
    ADD COLUMN sealed bytea NOT NULL,
    ADD COLUMN key_id bytea NOT NULL;
CREATE INDEX reporter_identities_fingerprint ON reporter_identities (fingerprint);
CREATE INDEX reporter_identities_key ON reporter_identities (key_id);

-- A reveal takes two officers: one asks, with a reason; another approves (or declines);
-- then the identity is shown once, to the one who asked. Each step names the account
-- that took it. The checks hold even against a bug in the service.
CREATE TABLE reveal_requests (
    request_id   uuid PRIMARY KEY,
    case_id      uuid NOT NULL REFERENCES cases,
    requested_by text NOT NULL,
    reason       text NOT NULL CHECK (btrim(reason) <> ''),
    requested_at timestamptz NOT NULL,
    decision     text CHECK (decision IN ('approved', 'declined')),
    decided_by   text,
    decided_at   timestamptz,
    shown_at     timestamptz,
    CHECK (decided_by <> requested_by),
    CHECK ((decision IS NULL) = (decided_by IS NULL)),
    CHECK ((decision IS NULL) = (decided_at IS NULL)),
    CHECK (shown_at IS NULL OR decision = 'approved')
);
CREATE INDEX reveal_requests_case ON reveal_requests (case_id, requested_at);
CREATE INDEX reveal_requests_pending ON reveal_requests (requested_at) WHERE decision IS NULL;

-- Each showing is still an identity_reveals row; from now on it names who approved too.
ALTER TABLE identity_reveals
    ADD COLUMN approved_by text,
    ADD COLUMN request_id  uuid REFERENCES reveal_requests;
