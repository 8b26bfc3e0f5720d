"""Prometheus metrics beyond what FastStream's middleware counts."""

import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from .logging import get_logger
from .records import IncomingRecord

log = get_logger(__name__)

# Above this a statement is worth a line in the log: the intake's whole batch
# transaction is meant to take about this long.
SLOW_STATEMENT_SECONDS = 0.05

# Fine below 50 ms, where the registry's targets are (p50 10 ms, p99 50 ms).
DECISION_LATENCY_BUCKETS = (
    0.002,
    0.005,
    0.0075,
    0.01,
    0.015,
    0.02,
    0.03,
    0.05,
    0.075,
    0.1,
    0.2,
    0.5,
    1,
    2,
    5,
    10,
    30,
    60,
)


class ServiceMetrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self._service = service
        self.outbox_backlog = Gauge(
            "outbox_backlog",
            "Outbox rows not yet published to Kafka.",
            ["service"],
            registry=self.registry,
        )
        self.consumed = Counter(
            "events_consumed_total",
            "Consumed records by outcome.",
            ["service", "topic", "outcome"],
            registry=self.registry,
        )
        self.statements = Counter(
            "db_statements_total",
            "SQL statements sent to PostgreSQL (an executemany counts once).",
            ["service"],
            registry=self.registry,
        )
        self.decision_latency = Histogram(
            "event_decision_latency_seconds",
            "From a consumed record's Kafka timestamp (its producer's send) "
            "to the commit of the transaction that applied it.",
            ["service", "topic"],
            registry=self.registry,
            buckets=DECISION_LATENCY_BUCKETS,
        )
        self.retries = Counter(
            "event_apply_retries_total",
            "Transient failures retried in place.",
            ["service", "topic"],
            registry=self.registry,
        )

    def set_backlog(self, rows: int) -> None:
        self.outbox_backlog.labels(self._service).set(rows)

    def count_outcome(self, record: IncomingRecord, outcome: object) -> None:
        name = getattr(outcome, "value", str(outcome))
        self.consumed.labels(self._service, record.topic, name).inc()
        if name == "applied" and record.timestamp_ms is not None:
            self.decision_latency.labels(self._service, record.topic).observe(
                max(0.0, time.time() - record.timestamp_ms / 1000)
            )

    def count_retry(self, topic: str) -> None:
        self.retries.labels(self._service, topic).inc()

    def count_statement(self, query: object = None) -> None:
        """asyncpg's query logger: `query` is its LoggedQuery (statement text
        and elapsed seconds)."""
        self.statements.labels(self._service).inc()
        elapsed = getattr(query, "elapsed", 0.0)
        if elapsed >= SLOW_STATEMENT_SECONDS:
            log.warning(
                "slow statement",
                elapsed_ms=round(elapsed * 1000, 1),
                statement=" ".join(str(getattr(query, "query", "")).split())[:160],
            )
