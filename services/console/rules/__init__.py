"""Decisions the screens take without I/O (no HTTP, Kafka, database or clock
reads): what a dead letter says, a consumer's lag, a review's side-by-side rows,
where a sign-in may send the browser. Tested in tests/unit without a stack."""
