CREATE TABLE persons (
    person_id        uuid PRIMARY KEY,
    given_names      text NOT NULL,
    paternal_surname text,
    maternal_surname text,
    sex              char(1) NOT NULL CHECK (sex IN ('H', 'M', 'X')),
    birth_date       date NOT NULL,
    curp             text,
    state            text,
    municipality     text,
    locality         text,
    phone            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE enrolments (
    enrolment_id     uuid PRIMARY KEY,
    person_id        uuid NOT NULL REFERENCES persons,
    agency           text NOT NULL,
    agency_record_id text NOT NULL,
    programme        text NOT NULL,
    benefit_type     text NOT NULL,
    started_on       date NOT NULL,
    ended_on         date,
    consent_to_share boolean NOT NULL,
    submitted_person jsonb NOT NULL,
    source_event_id  uuid NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (agency, agency_record_id)
);
CREATE INDEX enrolments_person ON enrolments (person_id);
