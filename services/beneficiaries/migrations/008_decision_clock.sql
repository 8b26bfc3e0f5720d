-- A review's "same person" and the merge it makes are written in one
-- transaction; with now() they shared a timestamp and a record's history
-- could list them either way round. clock_timestamp() is taken per row.
ALTER TABLE match_decisions ALTER COLUMN decided_at SET DEFAULT clock_timestamp();
