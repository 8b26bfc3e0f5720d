"""Idempotent consumption: the inbox row is written in the same transaction
as the effects, keyed on the producer's event id."""

from uuid import UUID

import asyncpg


async def claim(
    conn: asyncpg.Connection, *, event_id: UUID, event_type: str, topic: str, partition: int, offset: int
) -> bool:
    """True when this event is new; False when it was already applied."""
    inserted = await conn.fetchval(
        "INSERT INTO inbox (event_id, event_type, topic, kafka_partition, kafka_offset) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING RETURNING true",
        event_id,
        event_type,
        topic,
        partition,
        offset,
    )
    return bool(inserted)
