"""The ops screen's PostgreSQL edge: each service's outbox backlog (the rows its
relay has yet to publish), read from the console's `outbox_backlogs` view, and
the console's own record of dead-letter replays."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg


@dataclass(frozen=True)
class OutboxBacklog:
    service: str
    unpublished: int
    oldest: datetime | None


async def outbox_backlogs(conn: asyncpg.Connection, services: Sequence[str]) -> list[OutboxBacklog]:
    """In the order of `services`; the console's role reads the view of its own
    schema (migration 004), never the services' schemas."""
    rows = await conn.fetch(
        "SELECT service, unpublished, oldest FROM outbox_backlogs WHERE service = ANY($1)",
        list(services),
    )
    found = {r["service"]: OutboxBacklog(r["service"], r["unpublished"], r["oldest"]) for r in rows}
    return [found[service] for service in services]


@dataclass(frozen=True)
class Replay:
    dlq_topic: str
    dlq_partition: int
    dlq_offset: int
    original_topic: str
    event_id: str | None
    replayed_by: str
    replayed_at: datetime
    published_partition: int
    published_offset: int


_REPLAY_COLUMNS = (
    "dlq_topic, dlq_partition, dlq_offset, original_topic, event_id, replayed_by, replayed_at, "
    "published_partition, published_offset"
)


async def record_replay(
    conn: asyncpg.Connection,
    replay_source: tuple[str, int, int],
    original_topic: str,
    event_id: str | None,
    replayed_by: str,
    published: tuple[int, int],
) -> None:
    await conn.execute(
        """
        INSERT INTO dead_letter_replays (
            dlq_topic, dlq_partition, dlq_offset, original_topic, event_id, replayed_by,
            published_partition, published_offset
        ) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """,
        *replay_source,
        original_topic,
        event_id,
        replayed_by,
        *published,
    )


async def replays(conn: asyncpg.Connection, limit: int = 200) -> list[Replay]:
    rows = await conn.fetch(
        f"SELECT {_REPLAY_COLUMNS} FROM dead_letter_replays ORDER BY replay_id DESC LIMIT $1",
        limit,
    )
    return [Replay(**dict(r)) for r in rows]


async def replays_of(conn: asyncpg.Connection, ref: tuple[str, int, int]) -> list[Replay]:
    rows = await conn.fetch(
        f"""
        SELECT {_REPLAY_COLUMNS} FROM dead_letter_replays
        WHERE dlq_topic = $1 AND dlq_partition = $2 AND dlq_offset = $3
        ORDER BY replay_id
        """,
        *ref,
    )
    return [Replay(**dict(r)) for r in rows]
