-- Consent in every read (issue 25): which agency wrote each piece of follow-up,
-- a protection flag's history, and what each read actually showed.
--
-- The authoring agency of a note, assessment, training or graduation; NULL for
-- one written by someone acting for no agency (a supervisor). Only the
-- author's agency, agencies the woman shared that agency's record with, and
-- unscoped roles read it.
ALTER TABLE case_notes ADD COLUMN agency text;
ALTER TABLE trainings ADD COLUMN agency text;
ALTER TABLE assessments ADD COLUMN agency text;
ALTER TABLE graduations ADD COLUMN agency text;

-- Rows written before this migration: when every record of the person (and of
-- everyone merged into her) comes from one agency, that agency wrote them; when
-- several agencies enrolled her the author cannot be told, and the row stays
-- NULL, which no agency's caseworker reads.
CREATE TEMPORARY TABLE sole_agency ON COMMIT DROP AS
WITH RECURSIVE root(person_id, root_id) AS (
    SELECT person_id, person_id FROM persons WHERE merged_into IS NULL
    UNION SELECT p.person_id, r.root_id FROM persons p JOIN root r ON p.merged_into = r.person_id
)
SELECT r.person_id, min(e.agency) AS agency
FROM root r JOIN root family ON family.root_id = r.root_id
JOIN enrolments e ON e.person_id = family.person_id
GROUP BY r.person_id
HAVING count(DISTINCT e.agency) = 1;

UPDATE case_notes t SET agency = s.agency FROM sole_agency s WHERE s.person_id = t.person_id;
UPDATE trainings t SET agency = s.agency FROM sole_agency s WHERE s.person_id = t.person_id;
UPDATE assessments t SET agency = s.agency FROM sole_agency s WHERE s.person_id = t.person_id;
UPDATE graduations t SET agency = s.agency FROM sole_agency s WHERE s.person_id = t.person_id;

-- Each agency graduates a woman from its own programme: one graduation per
-- person and agency, so that an agency learns nothing of another's by being
-- told she "has already graduated".
ALTER TABLE graduations DROP CONSTRAINT graduations_pkey;
CREATE UNIQUE INDEX graduations_person_agency ON graduations (person_id, coalesce(agency, ''));

-- A supervisor's decision to protect a woman or lift her protection, never
-- edited: the latest one stands until an enrolment that protects arrives after it.
CREATE TABLE protection_changes (
    change_id   bigserial PRIMARY KEY,
    person_id   uuid NOT NULL REFERENCES persons,
    protected   boolean NOT NULL,
    changed_by  text NOT NULL,
    changed_role text,
    reason      text NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX protection_changes_person ON protection_changes (person_id, change_id);

-- The field names a read showed, by section and record; rows from before
-- this migration have only their detail label.
ALTER TABLE access_log ADD COLUMN shown jsonb;
