"""What a benchmark reads from a service's /metrics: the SQL statements it
sent, and its decision-latency histogram, so that a phase's figures are the
difference between two readings."""

from __future__ import annotations

import math
import urllib.request
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families


def _families(base_url: str) -> list:
    with urllib.request.urlopen(f"{base_url}/metrics", timeout=10) as response:
        return list(text_string_to_metric_families(response.read().decode()))


def _sample_value(base_url: str, sample_name: str, **labels: str) -> float:
    return sum(s.value for f in _families(base_url) for s in f.samples
               if s.name == sample_name and all(s.labels.get(k) == v for k, v in labels.items()))


def statements_so_far(base_url: str, service: str) -> float:
    return _sample_value(base_url, "db_statements_total", service=service)


@dataclass(frozen=True)
class LatencyHistogram:
    """Cumulative counts per upper bound (seconds), as Prometheus keeps them."""

    buckets: tuple[tuple[float, float], ...]

    def __sub__(self, earlier: LatencyHistogram) -> LatencyHistogram:
        before = dict(earlier.buckets)
        return LatencyHistogram(tuple((le, count - before.get(le, 0.0)) for le, count in self.buckets))

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
                return lower + (le - lower) * (rank - below) / (cumulative - below) if cumulative > below else le
            lower, below = le, cumulative
        return lower


def decision_latency(base_url: str, service: str, topic: str) -> LatencyHistogram:
    buckets = sorted(
        (float(s.labels["le"]), s.value)
        for f in _families(base_url) for s in f.samples
        if s.name == "event_decision_latency_seconds_bucket" and s.labels.get("service") == service and s.labels.get("topic") == topic
    )
    return LatencyHistogram(tuple(buckets))
