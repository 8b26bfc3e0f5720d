-- Case follow-up. Rows point at the person they were recorded for; reads
-- gather them across merges, so a merge or unmerge never rewrites them.
CREATE TABLE trainings (
    training_id  uuid PRIMARY KEY,
    person_id    uuid NOT NULL REFERENCES persons,
    kind         text NOT NULL CHECK (kind IN ('food', 'production', 'occupation', 'health', 'employment')),
    title        text NOT NULL,
    attended_on  date NOT NULL,
    hours        numeric(5, 1) NOT NULL CHECK (hours > 0),
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trainings_person ON trainings (person_id, attended_on);

CREATE TABLE assessments (
    assessment_id uuid PRIMARY KEY,
    person_id     uuid NOT NULL REFERENCES persons,
    assessed_on   date NOT NULL,
    with_minors   boolean NOT NULL,
    answers       boolean[] NOT NULL,
    score         int NOT NULL,
    level         text NOT NULL CHECK (level IN ('secure', 'mild', 'moderate', 'severe')),
    recorded_by   text NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessments_person ON assessments (person_id, assessed_on);

CREATE TABLE graduations (
    person_id    uuid PRIMARY KEY REFERENCES persons,
    graduated_on date NOT NULL,
    recorded_by  text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE case_notes (
    note_id     uuid PRIMARY KEY,
    person_id   uuid NOT NULL REFERENCES persons,
    author      text NOT NULL,
    body        text NOT NULL,
    written_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_notes_person ON case_notes (person_id, written_at);

-- Meals at community kitchens, from the kitchens' accepted daily reports. The
-- person id is the one the kitchen's tablet sent; it may name a person since
-- merged into another, so it is not a foreign key.
CREATE TABLE meals_received (
    report_id   uuid NOT NULL,
    person_id   uuid NOT NULL,
    kitchen_id  text NOT NULL,
    served_on   date NOT NULL,
    PRIMARY KEY (report_id, person_id)
);
CREATE INDEX meals_received_person ON meals_received (person_id, served_on);
