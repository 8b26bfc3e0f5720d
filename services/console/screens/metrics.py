"""The console's /metrics, for Prometheus alone: it answers only with
`Authorization: Bearer <METRICS_TOKEN>` (unset: no /metrics at all), as the services'
operational routes want their `ops` token. What it counts: every answer by method, route
template (never a path with an id or a receipt in it) and status, and how long each took.
Who is refused sign-in, and how often, is not for anyone on the network to read."""

import hmac
import time

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

router = APIRouter(include_in_schema=False)
SCREEN = None
# Pages render in milliseconds; calls through to the services take longer.
SECONDS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


class ConsoleMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "console_requests_total",
            "Answers by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.seconds = Histogram(
            "console_request_seconds",
            "Time to answer, by method and route template.",
            ["method", "route"],
            registry=self.registry,
            buckets=SECONDS_BUCKETS,
        )


class RequestMetrics:
    """Counts every HTTP answer; the route is the template FastAPI matched, or
    `unmatched` (a 404 names no route, and its path may be anything)."""

    def __init__(self, app: ASGIApp, metrics: ConsoleMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.seconds.labels(method, route).observe(time.perf_counter() - started)


def _bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    expected = request.app.state.settings.metrics_token
    if not expected:
        return PlainTextResponse("no /metrics: METRICS_TOKEN is not set\n", status_code=404)
    if not hmac.compare_digest(_bearer(request).encode(), expected.encode()):
        return PlainTextResponse(
            "send Authorization: Bearer <METRICS_TOKEN>\n",
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    return Response(
        generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
