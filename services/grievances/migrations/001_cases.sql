CREATE SEQUENCE case_number_seq;

CREATE TABLE cases (
    case_id           uuid PRIMARY KEY,
    case_number       text NOT NULL UNIQUE,
    channel           text NOT NULL,
    channel_reference text NOT NULL,
    kind              text NOT NULL,
    category          text NOT NULL,
    subject_kind      text NOT NULL,
    subject_ref       text,
    description       text NOT NULL,
    anonymous         boolean NOT NULL,
    status            text NOT NULL,
    received_at       timestamptz NOT NULL,
    source_event_id   uuid NOT NULL,
    UNIQUE (channel, channel_reference)
);

CREATE TABLE case_transitions (
    case_id     uuid NOT NULL REFERENCES cases,
    status      text NOT NULL,
    at          timestamptz NOT NULL,
    by_whom     text NOT NULL,
    PRIMARY KEY (case_id, at, status)
);
