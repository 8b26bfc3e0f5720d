"""What a benchmark reads from a running service process's `/metrics`, as a
Prometheus scraper would: counters (SQL statements, consumed records) and the
decision-latency histogram, so that a phase's figures are the difference
between two readings. Each process counts only its own work, so a service's
total is the sum over its replicas."""

from __future__ import annotations

import math
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families


def _samples(base_url: str, sample: str, labels: dict[str, str]) -> list:
    with urllib.request.urlopen(f"{base_url}/metrics", timeout=10) as response:
        text = response.read().decode()
    return [
        s
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == sample and labels.items() <= s.labels.items()
    ]


def counter_value(base_url: str, sample: str, **labels: str) -> float:
    """The sum of `sample` over every series whose labels include `labels`
    (0 when there is none yet)."""
    return sum(s.value for s in _samples(base_url, sample, labels))


def statements_so_far(base_url: str, service: str) -> float:
    return counter_value(base_url, "db_statements_total", service=service)


def statements_of(base_urls: Iterable[str], service: str) -> float:
    return sum(statements_so_far(url, service) for url in base_urls)


def consumed_so_far(base_url: str, service: str, topic: str) -> float:
    """Records of `topic` this process consumed, whatever their outcome."""
    return counter_value(base_url, "events_consumed_total", service=service, topic=topic)


@dataclass(frozen=True)
class LatencyHistogram:
    """Cumulative counts per upper bound (seconds), as Prometheus keeps them."""

    buckets: tuple[tuple[float, float], ...]

    def __add__(self, other: LatencyHistogram) -> LatencyHistogram:
        """Two processes' histograms as one (the same bucket bounds, or none yet)."""
        theirs = dict(other.buckets)
        bounds = sorted({le for le, _ in self.buckets} | theirs.keys())
        mine = dict(self.buckets)
        return LatencyHistogram(
            tuple((le, mine.get(le, 0.0) + theirs.get(le, 0.0)) for le in bounds)
        )

    def __sub__(self, earlier: LatencyHistogram) -> LatencyHistogram:
        before = dict(earlier.buckets)
        return LatencyHistogram(
            tuple((le, count - before.get(le, 0.0)) for le, count in self.buckets)
        )

    @property
    def count(self) -> float:
        return self.buckets[-1][1] if self.buckets else 0.0

    def share_within(self, seconds: float) -> float:
        """The share of observations at or below a bucket bound."""
        return dict(self.buckets)[seconds] / self.count if self.count else math.nan

    def quantile(self, q: float) -> float:
        """Linear within the bucket that holds the q-th observation, as
        Prometheus' histogram_quantile does; the answer is within that bucket."""
        if not self.count:
            return math.nan
        rank, lower, below = q * self.count, 0.0, 0.0
        for le, cumulative in self.buckets:
            if cumulative >= rank:
                if math.isinf(le):
                    return lower
                return (
                    lower + (le - lower) * (rank - below) / (cumulative - below)
                    if cumulative > below
                    else le
                )
            lower, below = le, cumulative
        return lower


def decision_latency(base_url: str, service: str, topic: str) -> LatencyHistogram:
    """The service's event_decision_latency_seconds for `topic`: Kafka timestamp to commit."""
    buckets = sorted(
        (float(s.labels["le"]), s.value)
        for s in _samples(
            base_url, "event_decision_latency_seconds_bucket", {"service": service, "topic": topic}
        )
    )
    return LatencyHistogram(tuple(buckets))


def decision_latency_of(base_urls: Iterable[str], service: str, topic: str) -> LatencyHistogram:
    return sum((decision_latency(url, service, topic) for url in base_urls), LatencyHistogram(()))
