"""Turns a service definition into a running process: pool, broker,
subscribers, outbox relay and the HTTP app (health, metrics, AsyncAPI,
the service's own routes)."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from faststream.specification import AsyncAPI
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .acting_assertion import AssertionVerifier
from .api_docs import serve_docs_offline
from .consumer import BatchHandler, Handler, InvalidPayloadHandler, TransactionalConsumer
from .consumer_lag import report_lag_forever
from .contracts.base import EventContract
from .db import Database
from .garbage_collection import tune_garbage_collection
from .http_refusals import answer_refusals_in_one_shape
from .kafka import KafkaDeadLetters, OutboxProducer, create_broker, declare_publication, subscribe
from .logging import configure_logging, get_logger
from .metrics import ServiceMetrics
from .outbox import OutboxRelay
from .service_auth import (
    AccessPolicy,
    ServiceTokenMiddleware,
    check_routes_exist,
    parse_service_tokens,
)
from .settings import ServiceSettings
from .status_gauges import OUTBOX_GAUGES, StatusGauge, StatusGauges
from .topics import Topic

log = get_logger(__name__)


@dataclass(frozen=True)
class Subscription:
    topic: Topic
    handlers: dict[type[EventContract], Handler]
    on_invalid_payload: InvalidPayloadHandler | None = None
    # For another service's topic: skip the event types not handled here.
    ignore_other_types: bool = False
    # Types whose consecutive events are applied together, many per transaction.
    batch_handlers: dict[type[EventContract], BatchHandler] = field(default_factory=dict)


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    title: str
    migrations: Path
    subscriptions: Sequence[Subscription]
    publishes: Sequence[Topic]
    routers: Sequence[APIRouter] = field(default_factory=tuple)
    # Periodic jobs that run beside the consumers while the service is up.
    background_tasks: Sequence[Callable[[Database], Awaitable[None]]] = field(default_factory=tuple)
    # Who may call which route (shared/service_auth.py), each as `METHOD /path/{template}`:
    # routes the `ops` token may reach, and routes the console calls for the public. Every
    # other route acts for a signed-in person, proven by the console's assertion.
    operational_routes: frozenset[str] = frozenset()
    public_routes: frozenset[str] = frozenset()
    # What the service's state says that an alert watches (shared/status_gauges.py).
    status_gauges: Sequence[StatusGauge] = field(default_factory=tuple)


class Service:
    def __init__(self, definition: ServiceDefinition, settings: ServiceSettings) -> None:
        self.definition = definition
        self.settings = settings
        self.metrics = ServiceMetrics(definition.name)
        self.database = Database(
            settings.database_url,
            definition.name,
            max_size=settings.db_pool_max,
            on_statement=self.metrics.count_statement,
        )
        self.broker = create_broker(settings, definition.name, self.metrics.registry)
        # Subscribers wait for records inside their handler; this lets them
        # return for FastStream's graceful stop.
        self._stopping = asyncio.Event()
        for subscription in definition.subscriptions:
            self._subscribe(subscription)
        for topic in definition.publishes:
            declare_publication(self.broker, topic)
        self.relay_producer = OutboxProducer(
            settings.kafka_access(),
            client_id=f"{definition.name}-relay",
            idempotence=settings.kafka_idempotence,
        )
        self.relay = OutboxRelay(
            self.database.connect_dedicated,
            definition.name,
            self.relay_producer.publish,
            batch_size=settings.outbox_batch_size,
            on_backlog=self.metrics.set_backlog,
        )
        self.metrics.watch_relay(lambda: self.relay.is_leader)
        self.status = StatusGauges(
            definition.name, [*OUTBOX_GAUGES, *definition.status_gauges], self.metrics.registry
        )
        self._relay_task: asyncio.Task[None] | None = None
        self._background: list[asyncio.Future[None]] = []

    def _subscribe(self, subscription: Subscription) -> None:
        group_id = subscription.topic.group_for(self.definition.name)
        if not subscription.topic.per_agency:
            self.metrics.expect_topic(subscription.topic.name)
        consumer = TransactionalConsumer(
            self.database,
            subscription.topic,
            subscription.handlers,
            KafkaDeadLetters(self.broker, group_id),
            on_outcome=self.metrics.count_outcome,
            on_retry=self.metrics.count_retry,
            on_invalid_payload=subscription.on_invalid_payload,
            ignore_other_types=subscription.ignore_other_types,
            batch_handlers=subscription.batch_handlers,
        )
        subscribe(
            self.broker,
            subscription.topic,
            consumer,
            group_id=group_id,
            max_records=self.settings.consumer_batch_max,
            stopping=self._stopping,
            max_poll_interval_ms=self.settings.kafka_max_poll_interval_ms,
        )

    def _consumers(self) -> list[Any]:
        """The Kafka consumers of the subscribers started so far."""
        return [getattr(s, "consumer", None) for s in self.broker.subscribers]

    def asyncapi(self) -> AsyncAPI:
        return AsyncAPI(
            self.broker,
            title=self.definition.title,
            version="1",
            description=f"Kafka interface of the {self.definition.name} service. "
            "Every message is a JSON envelope; `type` and `version` select the payload schema.",
        )

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        await self.database.open()
        try:
            await self.broker.start()
            await self.relay_producer.start()
            self._relay_task = asyncio.create_task(
                self.relay.run_forever(), name=f"{self.definition.name}-outbox-relay"
            )
            self._background = [
                asyncio.ensure_future(task(self.database))
                for task in (*self.definition.background_tasks, self.status.refresh_forever)
            ]
            self._background.append(
                asyncio.ensure_future(report_lag_forever(self._consumers, self.metrics.set_lag))
            )
            tune_garbage_collection()
            log.info("service started", http_port=self.settings.http_port)
            try:
                yield
            finally:
                for task in (self._relay_task, *self._background):
                    task.cancel()
                await asyncio.gather(self._relay_task, *self._background, return_exceptions=True)
                await self.relay_producer.stop()
                self._stopping.set()
                await self.broker.stop()
        finally:
            await self.database.close()

    async def readiness(self) -> dict[str, bool]:
        return {
            "database": await self._database_ok(),
            "kafka": await self.broker.ping(timeout=2.0),
            "outbox_relay": self._relay_task is not None and not self._relay_task.done(),
        }

    async def _database_ok(self) -> bool:
        try:
            async with asyncio.timeout(2.0):
                await self.database.pool.fetchval("SELECT 1")
        except Exception:
            return False
        return True


def build_app(definition: ServiceDefinition, settings: ServiceSettings) -> FastAPI:
    configure_logging(definition.name, settings.log_level)
    service = Service(definition, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service.running():
            yield

    app = FastAPI(title=definition.title, lifespan=lifespan, docs_url=None, redoc_url=None)
    serve_docs_offline(app)
    app.state.service = service
    app.state.database = service.database
    answer_refusals_in_one_shape(app)
    app.include_router(_operations_router(service))
    for router in definition.routers:
        app.include_router(router)
    app.add_middleware(ServiceTokenMiddleware, policy=_access_policy(definition, settings, app))
    return app


def _access_policy(
    definition: ServiceDefinition, settings: ServiceSettings, app: FastAPI
) -> AccessPolicy:
    declared = definition.operational_routes | definition.public_routes
    check_routes_exist(declared, app.openapi()["paths"])
    return AccessPolicy(
        definition.name,
        parse_service_tokens(settings.service_tokens),
        AssertionVerifier(settings.acting_assertion_public_keys),
        definition.operational_routes,
        definition.public_routes,
    )


def _operations_router(service: Service) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "live"}

    @router.get("/health/ready")
    async def ready() -> JSONResponse:
        checks = await service.readiness()
        ok = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "not ready", "checks": checks},
            status_code=200 if ok else 503,
        )

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(service.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @router.get("/asyncapi.json")
    async def asyncapi() -> JSONResponse:
        return JSONResponse(service.asyncapi().to_specification().to_jsonable())

    return router


def database_from(request: Request) -> Database:
    return request.app.state.database
