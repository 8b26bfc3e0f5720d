"""Prometheus metrics beyond what FastStream's middleware counts. The alert rules
(deploy/prometheus/alerts.yml) read these names: rename one there too."""

import time
from collections.abc import Callable, Mapping

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
        self._add_watched_gauges()

    def _add_watched_gauges(self) -> None:
        """What the alert rules watch beyond the counts above."""
        self.relay_leading = Gauge(
            "outbox_relay_leading",
            "1 while this process's outbox relay holds its schema's lock and publishes.",
            ["service"],
            registry=self.registry,
        )
        self.consumer_lag = Gauge(
            "consumer_lag",
            "Records this process's consumers have yet to process, per partition they are "
            "assigned: the partition's end offset less the group's committed offset.",
            ["service", "topic", "partition"],
            registry=self.registry,
        )

    def expect_topic(self, topic: str) -> None:
        """Shows the topic's dead-letter count as 0 before the first one, so that an alert
        on its increase sees the first dead letter too."""
        self.consumed.labels(self._service, topic, "dead_lettered")

    def watch_relay(self, leading: Callable[[], bool]) -> None:
        self.relay_leading.labels(self._service).set_function(lambda: float(leading()))

    def set_lag(self, lags: Mapping[tuple[str, int], int]) -> None:
        """The lag of every partition assigned now; partitions handed to another process
        since the last reading stop being reported here."""
        self.consumer_lag.clear()
        for (topic, partition), lag in lags.items():
            self.consumer_lag.labels(self._service, topic, str(partition)).set(lag)

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
