-- Every pair of persons a review task put side by side, once, in canonical
-- order (least, greatest). Re-resolution asks "was this pair reviewed?" for
-- each link it would suggest; reading it from the tasks' candidates meant
-- unpacking every task's jsonb on every chunk, a cost that grew with the tasks.
CREATE TABLE reviewed_pairs (
    person_a uuid NOT NULL REFERENCES persons,
    person_b uuid NOT NULL REFERENCES persons,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
);

INSERT INTO reviewed_pairs (person_a, person_b)
SELECT DISTINCT least(t.person_id, c.person_id), greatest(t.person_id, c.person_id)
FROM review_tasks t CROSS JOIN LATERAL (SELECT (c ->> 'person_id')::uuid AS person_id FROM jsonb_array_elements(t.candidates) c) c
WHERE c.person_id <> t.person_id;
