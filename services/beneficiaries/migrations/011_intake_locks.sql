-- What a batch of enrolments locks before it resolves, in one round trip
-- instead of two. The statements of a volatile SQL function run in order, each
-- on a snapshot of its own, so the agency records are read once the blocking
-- keys are held: a record another batch created under those keys is seen
-- committed, and this batch updates it instead of creating it again.
--
-- Keys first, then rows, each in one order: no two intake batches wait on each
-- other crosswise. The keys are in the two-integer lock space, apart from the
-- relay's single-bigint lock.
CREATE FUNCTION lock_for_intake(agencies text[], record_ids text[], keys bigint[])
RETURNS TABLE (enrolment_id uuid, person_id uuid, agency text, agency_record_id text)
LANGUAGE sql VOLATILE AS $$
    SELECT pg_advisory_xact_lock((k >> 32)::int, ((k & 4294967295) - 2147483648)::int)
    FROM unnest(keys) AS k ORDER BY k;

    SELECT e.enrolment_id, e.person_id, e.agency, e.agency_record_id FROM enrolments AS e
    WHERE (e.agency, e.agency_record_id) IN (SELECT * FROM unnest(agencies, record_ids))
    ORDER BY e.enrolment_id FOR UPDATE;
$$;
