-- Explanations stored before issue 28 called a field agreed or disagreed by the sign of its
-- weight, so two records without a CURP "agreed" on it and two without a phone "differed".
-- They are read again from their levels, as domain/resolution.py now reads them
-- (shared/contracts/match_vocabulary.py, reading()): a level in `not_agreeing` is a difference
-- or says nothing; every other level agrees. The fields keep the registry's order. Rows whose
-- lists are already right are left alone.
WITH field_order (field, position) AS (
    VALUES ('curp', 1), ('given_names', 2), ('surnames', 3), ('birth_date', 4), ('sex', 5),
           ('place', 6), ('phone', 7)
), not_agreeing (field, level, reading) AS (
    VALUES ('curp', 'missing', 'unknown'),
           ('surnames', 'one_missing', 'unknown'),
           ('birth_date', 'year_only', 'unknown'),
           ('birth_date', 'missing', 'unknown'),
           ('place', 'missing', 'unknown'),
           ('phone', 'missing', 'unknown'),
           ('curp', 'different', 'differs'),
           ('given_names', 'different', 'differs'),
           ('surnames', 'one_differs', 'differs'),
           ('surnames', 'different', 'differs'),
           ('birth_date', 'different', 'differs'),
           ('sex', 'disagree', 'differs'),
           ('place', 'different', 'differs'),
           ('phone', 'different', 'differs')
), read_again AS (
    SELECT d.decision_id,
           coalesce(jsonb_agg(c.field ORDER BY o.position) FILTER (WHERE n.reading IS NULL),
                    '[]'::jsonb) AS agreed,
           coalesce(jsonb_agg(c.field ORDER BY o.position) FILTER (WHERE n.reading = 'differs'),
                    '[]'::jsonb) AS disagreed
    FROM match_decisions d
    CROSS JOIN LATERAL jsonb_each_text(d.explanation -> 'comparison') AS c (field, level)
    JOIN field_order o ON o.field = c.field
    LEFT JOIN not_agreeing n ON n.field = c.field AND n.level = c.level
    WHERE jsonb_typeof(d.explanation -> 'comparison') = 'object'
    GROUP BY d.decision_id
)
UPDATE match_decisions d
SET explanation = d.explanation || jsonb_build_object('agreed', r.agreed, 'disagreed', r.disagreed)
FROM read_again r
WHERE r.decision_id = d.decision_id
  AND (d.explanation -> 'agreed' IS DISTINCT FROM r.agreed
       OR d.explanation -> 'disagreed' IS DISTINCT FROM r.disagreed);
