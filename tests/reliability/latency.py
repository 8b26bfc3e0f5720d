"""End-to-end latency (a record's send to its reply's arrival on the output
topic) before, during and after the fault, and the recovery time.

Recovery time: from the end of the fault until the last reply to a record
sent before that end arrived, i.e. until the backlog the fault built up is
cleared (0 when nothing was waiting)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from tests.reliability.driver import Traffic


@dataclass(frozen=True)
class Window:
    """When the fault started and ended, by the monotonic clock."""

    start: float
    end: float
    note: str = ""


@dataclass(frozen=True)
class Phase:
    name: str
    replies: int
    p50: float | None
    p95: float | None
    p99: float | None


def _percentiles(values: list[float]) -> tuple[float | None, float | None, float | None]:
    if not values:
        return None, None, None
    if len(values) == 1:
        return values[0], values[0], values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def phases(traffic: Traffic, window: Window | None) -> list[Phase]:
    buckets: dict[str, list[float]] = {"before": [], "during": [], "after": []}
    for m in traffic.messages:
        arrived = traffic.replies.get(m.event_id or "")
        if m.sent_at is None or arrived is None:
            continue
        if window is None or m.sent_at < window.start:
            name = "before"
        else:
            name = "during" if m.sent_at <= window.end else "after"
        buckets[name].append((arrived - m.sent_at) * 1000)
    names = ("before",) if window is None else ("before", "during", "after")
    return [Phase(n, len(buckets[n]), *_percentiles(sorted(buckets[n]))) for n in names]


def recovery_seconds(traffic: Traffic, window: Window | None) -> float | None:
    if window is None:
        return None
    waiting = [
        traffic.replies[m.event_id]
        for m in traffic.messages
        if m.sent_at is not None and m.sent_at <= window.end and m.event_id in traffic.replies
    ]
    return max(0.0, max(waiting, default=window.end) - window.end)
