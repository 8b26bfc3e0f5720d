"""Prometheus's HTTP API, for the ops screen: a range of a query's values (the charts) and
the alerts firing now. Any failure (no answer, an error status, a body not in the API's
shape) is one PrometheusUnavailable: the screen says so and shows the rest."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

TIMEOUT_SECONDS = 3.0


class PrometheusUnavailable(Exception):
    pass


@dataclass(frozen=True)
class Series:
    labels: Mapping[str, str]
    points: list[tuple[float, float]]  # (Unix seconds, value), NaN and infinities left out


@dataclass(frozen=True)
class FiringAlert:
    name: str
    labels: Mapping[str, str]
    since: datetime | None


async def _data(client: httpx.AsyncClient, path: str, params: dict[str, Any]) -> Any:
    try:
        answer = await client.get(path, params=params, timeout=TIMEOUT_SECONDS)
        answer.raise_for_status()
        body = answer.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise PrometheusUnavailable(type(exc).__name__) from None
    if not isinstance(body, dict) or body.get("status") != "success":
        raise PrometheusUnavailable("an answer not in the API's shape")
    return body.get("data")


def _points(values: list[list[Any]]) -> list[tuple[float, float]]:
    points = [(float(at), float(value)) for at, value in values]
    return [(at, value) for at, value in points if math.isfinite(value)]


async def query_range(
    client: httpx.AsyncClient, query: str, start: float, end: float, step: float
) -> list[Series]:
    data = await _data(
        client, "/api/v1/query_range", {"query": query, "start": start, "end": end, "step": step}
    )
    try:
        return [Series(r["metric"], _points(r["values"])) for r in data["result"]]
    except (KeyError, TypeError, ValueError):
        raise PrometheusUnavailable("a range not in the API's shape") from None


def _since(active_at: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(active_at).replace("Z", "+00:00"))
    except ValueError:
        return None


async def firing_alerts(client: httpx.AsyncClient) -> list[FiringAlert]:
    """Only firing ones: a pending alert has not held for its `for` yet."""
    data = await _data(client, "/api/v1/alerts", {})
    try:
        return [
            FiringAlert(a["labels"].get("alertname", ""), a["labels"], _since(a.get("activeAt")))
            for a in data["alerts"]
            if a.get("state") == "firing"
        ]
    except (KeyError, TypeError, AttributeError):
        raise PrometheusUnavailable("alerts not in the API's shape") from None
