"""Prometheus metrics beyond what FastStream's middleware counts."""

from prometheus_client import CollectorRegistry, Counter, Gauge


class ServiceMetrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self._service = service
        self.outbox_backlog = Gauge(
            "outbox_backlog", "Outbox rows not yet published to Kafka.", ["service"], registry=self.registry
        )
        self.consumed = Counter(
            "events_consumed_total", "Consumed records by outcome.", ["service", "topic", "outcome"], registry=self.registry
        )
        self.statements = Counter(
            "db_statements_total", "SQL statements sent to PostgreSQL (an executemany counts once).", ["service"],
            registry=self.registry,
        )
        self.retries = Counter(
            "event_apply_retries_total", "Transient failures retried in place.", ["service", "topic"], registry=self.registry
        )

    def set_backlog(self, rows: int) -> None:
        self.outbox_backlog.labels(self._service).set(rows)

    def count_outcome(self, topic: str, outcome: object) -> None:
        self.consumed.labels(self._service, topic, getattr(outcome, "value", str(outcome))).inc()

    def count_retry(self, topic: str) -> None:
        self.retries.labels(self._service, topic).inc()

    def count_statement(self, _query: object = None) -> None:
        self.statements.labels(self._service).inc()
