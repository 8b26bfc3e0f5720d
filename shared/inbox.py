"""Idempotent consumption: the inbox row is written in the same transaction
as the effects, keyed on the producer's event id."""

from collections.abc import Sequence
from typing import NamedTuple
from uuid import UUID

import asyncpg


class Claim(NamedTuple):
    event_id: UUID
    event_type: str
    topic: str
    partition: int
    offset: int


async def claim_all(conn: asyncpg.Connection, claims: Sequence[Claim]) -> set[UUID]:
    """Claims events in one statement; returns the ids that are new (not
    applied before). An id that appears twice in `claims` is new at most once."""
    rows = await conn.fetch(
        "INSERT INTO inbox (event_id, event_type, topic, kafka_partition, kafka_offset) "
        "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::bigint[]) "
        "ON CONFLICT (event_id) DO NOTHING RETURNING event_id",
        *(list(column) for column in zip(*claims, strict=True)),
    )
    return {row["event_id"] for row in rows}
