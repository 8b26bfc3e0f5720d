-- Batch re-resolution: each run, and the review tasks it opened.
CREATE TABLE re_resolution_runs (
    run_id          uuid PRIMARY KEY,
    model_version   text NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    records_checked bigint NOT NULL DEFAULT 0,
    tasks_opened    bigint NOT NULL DEFAULT 0
);

ALTER TABLE review_tasks ADD COLUMN run_id uuid REFERENCES re_resolution_runs;
