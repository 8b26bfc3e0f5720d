"""The ops screen's PostgreSQL edge: each service's outbox backlog (the rows its
relay has yet to publish), read from the console's `outbox_backlogs` view, and
the console's own record of dead-letter replays and dismissals."""

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


@dataclass(frozen=True)
class Dismissal:
    reason: str
    dismissed_by: str
    dismissed_at: datetime


async def record_dismissal(
    conn: asyncpg.Connection,
    ref: tuple[str, int, int],
    event_id: str | None,
    reason: str,
    dismissed_by: str,
) -> bool:
    """False when someone dismissed it first: the first reason stands."""
    dismissed = await conn.fetchval(
        """
        INSERT INTO dead_letter_dismissals
            (dlq_topic, dlq_partition, dlq_offset, event_id, reason, dismissed_by)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT DO NOTHING
        RETURNING true
        """,
        *ref,
        event_id,
        reason,
        dismissed_by,
    )
    return bool(dismissed)


async def dismissals(
    conn: asyncpg.Connection, refs: Sequence[tuple[str, int, int]]
) -> dict[tuple[str, int, int], Dismissal]:
    if not refs:
        return {}
    topics, partitions, offsets = (list(column) for column in zip(*refs, strict=True))
    rows = await conn.fetch(
        """
        SELECT d.dlq_topic, d.dlq_partition, d.dlq_offset, d.reason, d.dismissed_by,
               d.dismissed_at
        FROM dead_letter_dismissals AS d
        JOIN unnest($1::text[], $2::int[], $3::bigint[]) AS r(topic, part, pos)
          ON (d.dlq_topic, d.dlq_partition, d.dlq_offset) = (r.topic, r.part, r.pos)
        """,
        topics,
        partitions,
        offsets,
    )
    return {
        (r["dlq_topic"], r["dlq_partition"], r["dlq_offset"]): Dismissal(
            r["reason"], r["dismissed_by"], r["dismissed_at"]
        )
        for r in rows
    }
