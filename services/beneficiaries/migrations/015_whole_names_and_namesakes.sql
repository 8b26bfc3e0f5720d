-- What the registry learns from its own records about namesakes (issue 26).
--
-- Whole names are counted beside their parts: a link resting on name and birth
-- date alone asks how many records carry the whole name, because names are not
-- independent (one family's or one village's name can fill thousands of records
-- whose given name and surnames are each merely common). The name of kind
-- 'full' is "GIVEN NAMES|PATERNAL|MATERNAL" as identity.full_name folds them.
--
-- Kind 'namesakes' counts pairs of records with the same whole name and birth
-- date whose trusted CURPs settled whether they are one person ('one_person:B')
-- or two ('two_persons:B'), B the band of how many records carry the whole name
-- (0: under 5, 1: under 50, 2: under 500, 3: more; match_model.NAMESAKE_BANDS),
-- and apart the pairs in one municipality ('one_person:B:municipality' ...):
-- how often name and birth date alone would join two people in this registry,
-- for names as common.
ALTER TABLE name_counts DROP CONSTRAINT name_counts_kind_check;
ALTER TABLE name_counts ADD CONSTRAINT name_counts_kind_check
    CHECK (kind IN ('given', 'surname', 'full', 'namesakes'));

CREATE TEMPORARY TABLE whole_names ON COMMIT DROP AS
SELECT array_to_string(ARRAY(SELECT jsonb_array_elements_text(identity -> 'given')), ' ')
           || '|' || coalesce(identity ->> 'paternal', '') || '|' || coalesce(identity ->> 'maternal', '')
           AS name,
       identity ->> 'birth_date' AS birth_date,
       identity ->> 'municipality' AS municipality,
       CASE WHEN (identity ->> 'curp_trusted')::boolean THEN identity ->> 'curp' END AS trusted_curp
FROM match_records
WHERE jsonb_array_length(identity -> 'given') > 0;

INSERT INTO name_counts (kind, name, records)
SELECT 'full', name, count(*) FROM whole_names GROUP BY name;

-- Pairs within a name and birth date (and municipality), less the pairs within
-- one CURP: the pairs of two CURPs.
CREATE TEMPORARY TABLE settled_pairs ON COMMIT DROP AS
WITH named AS (
    SELECT name, count(*) AS records FROM whole_names GROUP BY name
), settled AS (
    SELECT name, birth_date, municipality, trusted_curp, count(*) AS n
    FROM whole_names WHERE trusted_curp IS NOT NULL
    GROUP BY name, birth_date, municipality, trusted_curp
), by_day AS (
    SELECT name, sum(n) AS n, sum(n * (n - 1) / 2) AS one_person
    FROM (SELECT name, birth_date, trusted_curp, sum(n) AS n FROM settled
          GROUP BY name, birth_date, trusted_curp) AS by_curp
    GROUP BY name, birth_date
), by_place AS (
    SELECT name, sum(n) AS n, sum(n * (n - 1) / 2) AS one_person
    FROM settled GROUP BY name, birth_date, municipality
)
SELECT CASE WHEN named.records < 5 THEN 0 WHEN named.records < 50 THEN 1
            WHEN named.records < 500 THEN 2 ELSE 3 END AS band,
       pairs.suffix, sum(pairs.one_person) AS one_person,
       sum(pairs.n * (pairs.n - 1) / 2 - pairs.one_person) AS two_persons
FROM (SELECT name, n, one_person, '' AS suffix FROM by_day
      UNION ALL
      SELECT name, n, one_person, ':municipality' FROM by_place) AS pairs
JOIN named USING (name)
GROUP BY 1, 2;

INSERT INTO name_counts (kind, name, records)
SELECT 'namesakes', 'one_person:' || band || suffix, one_person FROM settled_pairs
WHERE one_person > 0
UNION ALL
SELECT 'namesakes', 'two_persons:' || band || suffix, two_persons FROM settled_pairs
WHERE two_persons > 0;
