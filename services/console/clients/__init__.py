"""What the console talks to: the services' HTTP APIs (as the signed-in person),
Kafka (the ops screen's offsets, dead letters and replays) and PostgreSQL
beyond the accounts (outbox backlogs and the record of replays)."""
