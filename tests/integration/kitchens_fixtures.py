"""A fresh kitchens schema per test module, and helpers to drive its use cases
the way the consumer does: one transaction per message."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

from services import MIGRATIONS
from services.kitchens.domain.commands import NewMember, RegisterKitchen
from services.kitchens.service_layer import registry
from shared.contracts.base import EventContract
from shared.db import Database
from shared.envelope import Envelope
from shared.migrate import migrate

OPENED = date(2026, 1, 5)
COMMITTEE = [
    NewMember(full_name="Lucía Ramos", role="president"),
    NewMember(full_name="Irma Soto", role="treasurer"),
    NewMember(full_name="Pedro Gil"),
]


@asynccontextmanager
async def kitchens_schema(database_url: str) -> AsyncIterator[Database]:
    """Each test module takes its own schema:
    the monthly run and the configuration are programme-wide."""
    schema = f"k_{uuid.uuid4().hex[:10]}"
    await migrate(database_url, schema, MIGRATIONS["kitchens"])
    database = Database(database_url, schema, max_size=12)
    await database.open()
    try:
        yield database
    finally:
        await database.close()


async def new_kitchen(database: Database, capacity: int = 200, **overrides: Any) -> str:
    kitchen_id = f"T-{uuid.uuid4().hex[:8].upper()}"
    command = RegisterKitchen(
        kitchen_id=kitchen_id,
        name="Comedor de prueba",
        alcaldia="Tlalpan",
        colonia="Centro",
        daily_capacity=capacity,
        opening_date=OPENED,
        committee=COMMITTEE,
        **overrides,
    )
    async with database.pool.acquire() as conn:
        await registry.register_kitchen(conn, command)
    return kitchen_id


def envelope(payload: EventContract) -> Envelope[Any]:
    return Envelope[Any](
        event_id=uuid.uuid4(),
        type=payload.event_type,
        version=payload.event_version,
        occurred_at=datetime.now(UTC),
        producer="tablet-test",
        key=payload.partition_key(),
        payload=payload,
    )


async def handle(database: Database, handler: Any, payload: EventContract) -> Envelope[Any]:
    message = envelope(payload)
    async with database.pool.acquire() as conn, conn.transaction():
        await handler(conn, message)
    return message


async def events_caused_by(database: Database, message: Envelope[Any]) -> list[dict[str, Any]]:
    rows = await database.pool.fetch(
        "SELECT envelope FROM outbox WHERE envelope->>'causation_id' = $1 ORDER BY id",
        str(message.event_id),
    )
    return [r["envelope"] for r in rows]


async def events_of(database: Database, kitchen_id: str, event_type: str) -> list[dict[str, Any]]:
    rows = await database.pool.fetch(
        "SELECT envelope FROM outbox WHERE message_key = $1 AND envelope->>'type' = $2 ORDER BY id",
        kitchen_id,
        event_type,
    )
    return [r["envelope"]["payload"] for r in rows]
