-- Blocking keys are derived from match records, written and replaced only by
-- the intake beside the record they index, and enrolments are never deleted.
-- Checking each key's enrolment cost a fifth of the key insert, a dozen
-- checks per enrolment (docs/benchmarks.md, "Intake speed with a large registry").
ALTER TABLE blocking_keys DROP CONSTRAINT blocking_keys_enrolment_id_fkey;
