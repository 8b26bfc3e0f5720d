-- A batch of enrolments locks its keys and records (lock_for_intake), then reads the
-- candidates under its keys: two round trips, each ~0.2 ms of a light batch's ~5 ms at a
-- million people. Here they are one, for the batches that read their candidates on their
-- own connection (service_layer/enrolments.py).

-- The candidate rule, blocking_caps.stored_candidates in SQL ($1 keys, $2 their caps,
-- $3 LONE_KEY_CAP, $4 the records the batch updates), as RegistryRepository.candidates
-- sent it until now: one copy, which that read and the one below both run.
-- tests/integration/test_candidate_rule.py holds it and the Python rule together.
CREATE FUNCTION intake_candidates(bigint[], int[], int, uuid[])
RETURNS TABLE (
    enrolment_id uuid, keys bigint[], person_id uuid, version bigint, identity text,
    held_for_review boolean
)
LANGUAGE sql STABLE AS $$
WITH hits AS (
    SELECT k.key, k.cap, b.enrolment_id, count(*) OVER (PARTITION BY k.key) AS n,
           count(*) FILTER (WHERE b.enrolment_id <> ALL($4::uuid[]))
               OVER (PARTITION BY k.key) AS n_staying
    FROM unnest($1::bigint[], $2::int[]) AS k(key, cap)
    CROSS JOIN LATERAL (
        SELECT enrolment_id FROM blocking_keys WHERE key = k.key LIMIT k.cap + 1
    ) AS b
), found AS MATERIALIZED (
    SELECT enrolment_id, array_agg(key) AS keys,
           count(*) > 1 OR min(n_staying) <= $3 AS may_be_candidate
    FROM hits WHERE n <= cap
    GROUP BY enrolment_id
)
-- Two branches: as one left join, the planner fetched every match record and filtered after.
SELECT f.enrolment_id, f.keys, m.person_id, m.xmin::text::bigint AS version,
       m.identity::text AS identity, m.held_for_review
FROM found AS f JOIN match_records AS m USING (enrolment_id)
WHERE f.may_be_candidate
UNION ALL
SELECT enrolment_id, keys, NULL::uuid, NULL::bigint, NULL::text, NULL::boolean
FROM found WHERE NOT may_be_candidate
UNION ALL
SELECT DISTINCT NULL::uuid, ARRAY[key], NULL::uuid, NULL::bigint, NULL::text, NULL::boolean
FROM hits WHERE n > cap
$$;

-- lock_for_intake, then, only if none of the batch's records is registered already (a
-- record sent again changes which keys are searched, and which records stay under them),
-- intake_candidates of `searched` with no record updated. The rows the lock returns come
-- first, with their agency record; candidate rows have none. Each statement of a volatile
-- function runs on a snapshot of its own: the candidates are read once the keys are held,
-- as when they were read by a statement of their own.
CREATE FUNCTION lock_and_read_for_intake(
    agencies text[], record_ids text[], lock_keys bigint[],
    searched bigint[], searched_caps int[], lone_key_cap int
)
RETURNS TABLE (
    agency text, agency_record_id text, enrolment_id uuid, person_id uuid, keys bigint[],
    version bigint, identity text, held_for_review boolean
)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT l.agency, l.agency_record_id, l.enrolment_id, l.person_id,
               NULL::bigint[], NULL::bigint, NULL::text, NULL::boolean
        FROM lock_for_intake(agencies, record_ids, lock_keys) AS l;
    IF NOT FOUND THEN
        RETURN QUERY
            SELECT NULL::text, NULL::text, c.enrolment_id, c.person_id, c.keys, c.version,
                   c.identity, c.held_for_review
            FROM intake_candidates(searched, searched_caps, lone_key_cap, '{}'::uuid[]) AS c;
    END IF;
END
$$;
