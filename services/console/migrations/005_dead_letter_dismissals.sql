-- A dead letter an operator decided not to send back (a record no fix will make valid,
-- one its agency has since sent again corrected), with why. The record stays in its
-- `.dlq` topic; the ops screen lists it apart from those still waiting for someone.
-- Who and when are the audit. A dead letter is dismissed once.
CREATE TABLE dead_letter_dismissals (
    dlq_topic     text NOT NULL CHECK (dlq_topic LIKE '%.dlq'),
    dlq_partition int NOT NULL CHECK (dlq_partition >= 0),
    dlq_offset    bigint NOT NULL CHECK (dlq_offset >= 0),
    event_id      text,
    reason        text NOT NULL CHECK (length(btrim(reason)) BETWEEN 3 AND 500),
    dismissed_by  text NOT NULL,
    dismissed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);
