-- Who sent which dead letter back to its topic, and when. A dead letter is
-- named by where it sits in its `.dlq` topic; it may be replayed more than once
-- (the consuming service's inbox keeps the effect to one).
CREATE TABLE dead_letter_replays (
    replay_id          bigserial PRIMARY KEY,
    dlq_topic          text NOT NULL CHECK (dlq_topic LIKE '%.dlq'),
    dlq_partition      int NOT NULL CHECK (dlq_partition >= 0),
    dlq_offset         bigint NOT NULL CHECK (dlq_offset >= 0),
    original_topic     text NOT NULL,
    event_id           text,
    replayed_by        text NOT NULL,
    replayed_at        timestamptz NOT NULL DEFAULT now(),
    -- Where the replayed record landed, to follow it in the original topic.
    published_partition int NOT NULL,
    published_offset   bigint NOT NULL
);
CREATE INDEX dead_letter_replays_record ON dead_letter_replays (dlq_topic, dlq_partition, dlq_offset);
