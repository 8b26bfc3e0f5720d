-- Lifecycle, deadlines, sealed reporter identities, receipts, breaches, yearly case numbers.

ALTER TABLE cases
    ALTER COLUMN source_event_id DROP NOT NULL,
    ADD COLUMN intake_officer     text,
    ADD COLUMN internal           boolean NOT NULL DEFAULT false,
    ADD COLUMN receipt_hash       bytea UNIQUE,
    ADD COLUMN ack_due_on         date,
    ADD COLUMN resolve_due_on     date,
    ADD COLUMN paused_on          date,
    ADD COLUMN escalation_level   int NOT NULL DEFAULT 0,
    ADD COLUMN assignee_kind      text,
    ADD COLUMN assignee_ref       text,
    ADD COLUMN answer             text,
    ADD COLUMN rejection_reason   text,
    ADD COLUMN acknowledged_at    timestamptz,
    ADD COLUMN first_resolved_at  timestamptz,
    ADD COLUMN decided_on         date,
    ADD COLUMN reopen_count       int NOT NULL DEFAULT 0,
    ADD COLUMN related_case_id    uuid REFERENCES cases;

-- Cases opened before deadlines existed get calendar-day approximations of the
-- default 3 and 20 working days, so that the scan covers them too.
UPDATE cases SET ack_due_on = received_at::date + 5, resolve_due_on = received_at::date + 28;
ALTER TABLE cases ALTER COLUMN ack_due_on SET NOT NULL, ALTER COLUMN resolve_due_on SET NOT NULL;

CREATE INDEX cases_open_by_status ON cases (status) WHERE status NOT IN ('resolved', 'closed', 'rejected');
CREATE INDEX cases_received_at ON cases (received_at);
CREATE INDEX cases_subject ON cases (subject_kind, subject_ref);

ALTER TABLE case_transitions DROP CONSTRAINT case_transitions_pkey;
ALTER TABLE case_transitions
    ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ADD COLUMN action text NOT NULL DEFAULT 'receive',
    ADD COLUMN from_status text,
    ADD COLUMN detail jsonb NOT NULL DEFAULT '{}';
CREATE INDEX case_transitions_case ON case_transitions (case_id, seq);

-- Case numbers restart every year: G-<year>-000001.
CREATE TABLE case_number_counters (
    year       int PRIMARY KEY,
    last_value int NOT NULL
);
INSERT INTO case_number_counters (year, last_value)
SELECT substring(case_number from 3 for 4)::int, max(substring(case_number from 8)::int)
FROM cases GROUP BY 1;
DROP SEQUENCE case_number_seq;

-- One row per clock and due date: the same breach can never be raised twice.
CREATE TABLE deadline_breaches (
    case_id          uuid NOT NULL REFERENCES cases,
    clock            text NOT NULL CHECK (clock IN ('acknowledge', 'resolve')),
    due_on           date NOT NULL,
    detected_on      date NOT NULL,
    escalation_level int  NOT NULL,
    PRIMARY KEY (case_id, clock, due_on)
);

-- A named reporter's identity, kept apart from the case. No read API joins it;
-- only the audited reveal reads it.
CREATE TABLE reporter_identities (
    case_id     uuid PRIMARY KEY REFERENCES cases,
    full_name   text NOT NULL,
    contact     text,
    fingerprint bytea NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reporter_identities_fingerprint ON reporter_identities (fingerprint);

CREATE TABLE identity_reveals (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     uuid NOT NULL REFERENCES cases,
    revealed_by text NOT NULL,
    role        text NOT NULL,
    reason      text NOT NULL,
    revealed_at timestamptz NOT NULL DEFAULT now()
);

-- What a reporter adds later, through the receipt or through an officer.
CREATE TABLE reporter_additions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    uuid NOT NULL REFERENCES cases,
    added_at   timestamptz NOT NULL,
    via        text NOT NULL,
    text       text NOT NULL
);
