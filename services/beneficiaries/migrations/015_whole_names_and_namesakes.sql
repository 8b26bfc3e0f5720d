-- What the registry learns from its own records about namesakes (issue 26).
--
-- Whole names are counted beside their parts: a link resting on name and birth
-- date alone asks how many records carry the whole name, because names are not
-- independent (one family's or one village's name can fill thousands of records
-- whose given name and surnames are each merely common). The name of kind
-- 'full' is "GIVEN NAMES|PATERNAL|MATERNAL" as identity.full_name folds them.
--
-- Kind 'namesakes' counts pairs of records with the same whole name and birth
-- date whose trusted CURPs settled whether they are one person ('one_person')
-- or two ('two_persons'): how often name and birth date alone would join two
-- people in this registry.
ALTER TABLE name_counts DROP CONSTRAINT name_counts_kind_check;
ALTER TABLE name_counts ADD CONSTRAINT name_counts_kind_check
    CHECK (kind IN ('given', 'surname', 'full', 'namesakes'));

CREATE TEMPORARY TABLE whole_names ON COMMIT DROP AS
SELECT array_to_string(ARRAY(SELECT jsonb_array_elements_text(identity -> 'given')), ' ')
           || '|' || coalesce(identity ->> 'paternal', '') || '|' || coalesce(identity ->> 'maternal', '')
           AS name,
       identity ->> 'birth_date' AS birth_date,
       CASE WHEN (identity ->> 'curp_trusted')::boolean THEN identity ->> 'curp' END AS trusted_curp
FROM match_records
WHERE jsonb_array_length(identity -> 'given') > 0;

INSERT INTO name_counts (kind, name, records)
SELECT 'full', name, count(*) FROM whole_names GROUP BY name;

-- Pairs within a name and birth date, less the pairs within one CURP: the pairs of two CURPs.
WITH settled AS (
    SELECT name, birth_date, trusted_curp, count(*) AS n
    FROM whole_names WHERE trusted_curp IS NOT NULL
    GROUP BY name, birth_date, trusted_curp
), by_day AS (
    SELECT sum(n) AS n, sum(n * (n - 1) / 2) AS one_person FROM settled GROUP BY name, birth_date
), pairs AS (
    SELECT coalesce(sum(one_person), 0) AS one_person,
           coalesce(sum(n * (n - 1) / 2 - one_person), 0) AS two_persons
    FROM by_day
)
INSERT INTO name_counts (kind, name, records)
SELECT 'namesakes', 'one_person', one_person FROM pairs
UNION ALL
SELECT 'namesakes', 'two_persons', two_persons FROM pairs;
