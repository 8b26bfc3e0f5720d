-- The agencies that read their own decisions topic (beneficiaries.decisions.<agency>):
-- those that sent a record on their own enrolments topic, which set-up creates together
-- with the decisions one. A review decided or a merge made later is told to each such
-- agency about its own records; an agency that only ever came through the shared intake
-- has no topic of its own to be told on.
CREATE TABLE agency_topics (
    agency        text PRIMARY KEY,
    first_seen_at timestamptz NOT NULL DEFAULT now()
);

-- The agencies already heard on their own topics: the inbox names the topic each record
-- came on.
INSERT INTO agency_topics (agency)
SELECT DISTINCT substr(topic, length('beneficiaries.enrolments.') + 1)
FROM inbox
WHERE topic LIKE 'beneficiaries.enrolments.%' AND topic NOT LIKE '%.dlq';
