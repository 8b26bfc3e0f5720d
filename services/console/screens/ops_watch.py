"""The ops screen's part that Prometheus knows: throughput, consumer lag and decision
latency over the last hours as charts, and the alerts firing now, each named in Spanish
(`ops.alert.<name>`, labels/ops.py). Without PROMETHEUS_URL, or when Prometheus does not
answer, the screen gets a state that says which, and shows the rest."""

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from shared.logging import get_logger

from .. import labels
from ..clients import prometheus
from ..clients.prometheus import FiringAlert, PrometheusUnavailable, Series
from ..rules.charts import Chart, line_chart

log = get_logger(__name__)

HOURS = 3
STEP_SECONDS = 60
# (name, title's label key, PromQL, scale): the same names the alert rules read
# (deploy/prometheus/alerts.yml). Latency is charted in milliseconds.
CHARTS = (
    (
        "throughput",
        "ops.chart_throughput",
        'sum by (service) (rate(events_consumed_total{outcome="applied"}[5m]))',
        1.0,
    ),
    ("lag", "ops.chart_lag", "sum by (service) (consumer_lag)", 1.0),
    (
        "latency",
        "ops.chart_latency",
        "histogram_quantile(0.99, "
        "sum by (service, le) (rate(event_decision_latency_seconds_bucket[5m])))",
        1000.0,
    ),
)
SEVERITIES = ("critical", "warning")


@dataclass(frozen=True)
class AlertShown:
    name: str
    label: str  # the label key of its Spanish sentence
    severity: str
    place: str  # the service (or scrape job) and the topic it concerns, where it names them
    clock: str | None  # the label key of a grievance clock
    since: datetime | None


def shown(alert: FiringAlert) -> AlertShown:
    named = alert.labels
    key = f"ops.alert.{alert.name}"
    severity = named.get("severity", "")
    clock = f"ops.clock.{named.get('clock')}"
    return AlertShown(
        name=alert.name,
        label=key if labels.known(key) else "ops.alert.unknown",
        severity=severity if severity in SEVERITIES else "warning",
        place=" · ".join(named[k] for k in ("service", "topic") if k in named)
        or named.get("job", ""),
        clock=clock if labels.known(clock) else None,
        since=alert.since,
    )


def _by_service(series: list[Series]) -> list[tuple[str, list[tuple[float, float]]]]:
    return [(s.labels.get("service", "—"), s.points) for s in series]


async def _read(url: str, start: float, end: float) -> tuple[list[FiringAlert], list[Chart]]:
    """The alerts and every chart's range at once: a Prometheus that hangs costs the page one
    timeout, not one per question."""
    async with httpx.AsyncClient(base_url=url) as client:
        ranges = [
            prometheus.query_range(client, query, start, end, STEP_SECONDS)
            for _, _, query, _ in CHARTS
        ]
        alerts, series_per_chart = await asyncio.gather(
            prometheus.firing_alerts(client), asyncio.gather(*ranges)
        )
    charts = [
        line_chart(name, title, _by_service(series), start, end, scale)
        for (name, title, _, scale), series in zip(CHARTS, series_per_chart, strict=True)
    ]
    return alerts, charts


async def watch(url: str, now: float | None = None) -> dict[str, Any]:
    """`state`: "off" (no Prometheus configured), "down" (it did not answer) or "on"."""
    if not url:
        return {"state": "off"}
    end = time.time() if now is None else now
    start = end - HOURS * 3600
    try:
        alerts, charts = await _read(url.rstrip("/"), start, end)
    except PrometheusUnavailable as exc:
        log.warning("prometheus unreachable for the ops screen", error=str(exc))
        return {"state": "down"}
    return {
        "state": "on",
        "alerts": sorted((shown(a) for a in alerts), key=lambda a: (a.severity, a.name)),
        "charts": charts,
        "hours": HOURS,
        "start": datetime.fromtimestamp(start, UTC),
        "end": datetime.fromtimestamp(end, UTC),
    }
