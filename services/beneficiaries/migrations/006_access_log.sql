-- Every read of a person's record through the HTTP API: who (the calling
-- service and the person acting through it), when, which record, and why.
CREATE TABLE access_log (
    access_id     bigserial PRIMARY KEY,
    accessed_at   timestamptz NOT NULL DEFAULT now(),
    caller        text NOT NULL,
    acting_user   text NOT NULL,
    acting_role   text,
    acting_agency text,
    person_id     uuid NOT NULL,
    record        text NOT NULL CHECK (record IN ('case_file', 'search_result', 'review_task', 'match_explanation')),
    record_id     uuid,
    -- What was shown: everything, or (to a caseworker of another agency) that enrolments exist.
    detail        text NOT NULL CHECK (detail IN ('full', 'limited')),
    reason        text NOT NULL
);
CREATE INDEX access_log_person ON access_log (person_id, accessed_at);
CREATE INDEX access_log_user ON access_log (acting_user, accessed_at);
