-- Identity resolution that learns from the registry itself (issue 26).
--
-- A record held for review, and every record that joined its review, belong to
-- a provisional person: the intake does not link to her as to a confirmed one.
-- The caseworker's decision on the task confirms or merges her, and clears the flag.
ALTER TABLE match_records ADD COLUMN held_for_review boolean NOT NULL DEFAULT false;

UPDATE match_records m SET held_for_review = true
FROM review_tasks t
WHERE t.status = 'open' AND t.run_id IS NULL AND t.person_id = m.person_id;

-- How many records carry each full given name (kind 'given') and each surname
-- (kind 'surname'); the name '' of a kind holds its total. The intake adds a
-- batch's counts in the transaction that writes the batch, and weighs an exact
-- agreement on a name by them (domain/name_counts.py).
CREATE TABLE name_counts (
    kind    text NOT NULL CHECK (kind IN ('given', 'surname')),
    name    text NOT NULL,
    records bigint NOT NULL,
    PRIMARY KEY (kind, name)
);

INSERT INTO name_counts (kind, name, records)
SELECT kind, name, count(*) FROM (
    SELECT 'given' AS kind, array_to_string(ARRAY(SELECT jsonb_array_elements_text(identity -> 'given')), ' ') AS name
    FROM match_records WHERE jsonb_array_length(identity -> 'given') > 0
    UNION ALL
    SELECT 'given', '' FROM match_records WHERE jsonb_array_length(identity -> 'given') > 0
    UNION ALL
    SELECT 'surname', s FROM match_records,
        LATERAL (VALUES (identity ->> 'paternal'), (identity ->> 'maternal')) AS v(s) WHERE s <> ''
    UNION ALL
    SELECT 'surname', '' FROM match_records,
        LATERAL (VALUES (identity ->> 'paternal'), (identity ->> 'maternal')) AS v(s) WHERE s <> ''
) AS names
GROUP BY kind, name;

-- The caseworkers' verdicts as labelled pairs of records, for estimating the
-- match model: a task decided "same person" labels the record with the
-- candidate chosen as the same, and with every other candidate as different;
-- "different people" labels it with every candidate as different.
CREATE VIEW review_labels AS
SELECT t.review_task_id, t.enrolment_id, (c ->> 'enrolment_id')::uuid AS candidate_enrolment_id,
       t.status = 'same_person' AND (c ->> 'person_id')::uuid = (d.explanation ->> 'same_as_person_id')::uuid AS same,
       t.decided_at
FROM review_tasks t
CROSS JOIN LATERAL jsonb_array_elements(t.candidates) AS c
LEFT JOIN match_decisions d
    ON d.enrolment_id = t.enrolment_id AND d.outcome = t.status
   AND d.explanation ->> 'review_task_id' = t.review_task_id::text
WHERE t.status <> 'open';
