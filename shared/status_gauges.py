"""Gauges of a service's state that only its database knows (how many grievances are past
their deadline, which kitchens did not report), read on an interval by the service itself,
so that an alert rule compares one number with a threshold instead of re-deriving the
programme's rules in PromQL.

Every service also reports its outbox from the table (OUTBOX_GAUGES), independently of the
relay: a relay stuck on an unreachable broker stops updating what it reports itself."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

import asyncpg
from prometheus_client import CollectorRegistry, Gauge

from .db import Database
from .logging import get_logger

log = get_logger(__name__)

STATUS_INTERVAL_SECONDS = 15.0

# Label values (after `service`) -> the gauge's value; an empty tuple when it has no labels.
Reading = Mapping[tuple[str, ...], float]


@dataclass(frozen=True)
class StatusGauge:
    name: str
    documentation: str
    read: Callable[[asyncpg.Connection], Awaitable[Reading]]
    labels: tuple[str, ...] = ()


async def _outbox_unpublished(conn: asyncpg.Connection) -> Reading:
    return {(): await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL")}


async def _outbox_oldest(conn: asyncpg.Connection) -> Reading:
    # The lowest id is the oldest row, found through the relay's own partial index.
    age = await conn.fetchval(
        "SELECT extract(epoch FROM now() - created_at) FROM outbox "
        "WHERE published_at IS NULL ORDER BY id LIMIT 1"
    )
    return {(): float(age or 0.0)}


OUTBOX_GAUGES = (
    StatusGauge(
        "outbox_unpublished_rows",
        "Outbox rows not yet published, counted in the table.",
        _outbox_unpublished,
    ),
    StatusGauge(
        "outbox_oldest_unpublished_seconds",
        "Age of the oldest unpublished outbox row (0 when none waits).",
        _outbox_oldest,
    ),
)


class StatusGauges:
    def __init__(
        self, service: str, gauges: Sequence[StatusGauge], registry: CollectorRegistry
    ) -> None:
        self._service = service
        self._gauges = [
            (g, Gauge(g.name, g.documentation, ["service", *g.labels], registry=registry))
            for g in gauges
        ]

    async def refresh(self, conn: asyncpg.Connection) -> None:
        for definition, gauge in self._gauges:
            reading = await definition.read(conn)
            gauge.clear()
            for labels, value in reading.items():
                gauge.labels(self._service, *labels).set(value)

    async def refresh_forever(self, database: Database) -> None:
        """A failed reading keeps the previous figures and is tried again at the next interval."""
        while True:
            try:
                async with database.pool.acquire() as conn:
                    await self.refresh(conn)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("status gauges not read; next attempt at the next interval")
            await asyncio.sleep(STATUS_INTERVAL_SECONDS)
