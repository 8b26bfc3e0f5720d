-- Identity resolution: every agency record's normalised identity, the blocking
-- keys that find candidates for it, the decisions taken and why, the review
-- queue, and merges with their history.

ALTER TABLE persons ADD COLUMN merged_into uuid REFERENCES persons;

CREATE TABLE match_records (
    enrolment_id uuid PRIMARY KEY REFERENCES enrolments,
    person_id    uuid NOT NULL REFERENCES persons,
    identity     jsonb NOT NULL,
    search_text  text NOT NULL,
    sound_text   text NOT NULL
);
CREATE INDEX match_records_person ON match_records (person_id);
-- Search tolerates typos (trigrams) and spellings that sound alike (Jimena / Ximena, Nuñes / Núñez).
CREATE INDEX match_records_search ON match_records USING gin (search_text gin_trgm_ops);
CREATE INDEX match_records_sound ON match_records USING gin (sound_text gin_trgm_ops);
CREATE INDEX match_records_curp ON match_records ((identity ->> 'curp'));

-- Hashed blocking keys; the person is looked up through match_records so a
-- merge moves one row per record instead of one per key.
CREATE TABLE blocking_keys (
    key          bigint NOT NULL,
    enrolment_id uuid NOT NULL REFERENCES enrolments,
    PRIMARY KEY (key, enrolment_id)
);
CREATE INDEX blocking_keys_enrolment ON blocking_keys (enrolment_id);

CREATE TABLE match_decisions (
    decision_id           uuid PRIMARY KEY,
    enrolment_id          uuid NOT NULL REFERENCES enrolments,
    person_id             uuid NOT NULL REFERENCES persons,
    outcome               text NOT NULL CHECK (outcome IN (
        'new_person', 'linked', 'pending_review', 'same_person', 'different_people', 'merged', 'unmerged')),
    reason                text NOT NULL,
    explanation           jsonb NOT NULL,
    decided_by            text NOT NULL,
    decided_at            timestamptz NOT NULL DEFAULT now(),
    source_event_id       uuid
);
CREATE INDEX match_decisions_enrolment ON match_decisions (enrolment_id, decided_at);

CREATE TABLE review_tasks (
    review_task_id uuid PRIMARY KEY,
    enrolment_id   uuid NOT NULL REFERENCES enrolments,
    person_id      uuid NOT NULL REFERENCES persons,
    reason         text NOT NULL,
    candidates     jsonb NOT NULL,
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'same_person', 'different_people')),
    decided_by     text,
    decided_at     timestamptz,
    note           text,
    opened_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_tasks_open ON review_tasks (opened_at) WHERE status = 'open';

CREATE TABLE person_merges (
    merge_id        uuid PRIMARY KEY,
    survivor_id     uuid NOT NULL REFERENCES persons,
    absorbed_id     uuid NOT NULL REFERENCES persons,
    enrolment_ids   uuid[] NOT NULL,
    reason          text NOT NULL,
    decided_by      text NOT NULL,
    review_task_id  uuid REFERENCES review_tasks,
    merged_at       timestamptz NOT NULL DEFAULT now(),
    unmerged_at     timestamptz,
    unmerged_by     text,
    unmerge_reason  text,
    CHECK (survivor_id <> absorbed_id)
);
CREATE INDEX person_merges_survivor ON person_merges (survivor_id);
