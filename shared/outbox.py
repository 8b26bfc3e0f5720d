"""Transactional outbox: events are written in the transaction that changes
state, and one relay per service publishes them to Kafka in order."""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg
import orjson

from . import faults
from .bulk_write import BulkWrite
from .contracts.base import EventContract
from .envelope import Envelope, new_envelope
from .logging import get_logger

log = get_logger(__name__)


def outbox_channel(schema: str) -> str:
    """Matches the pg_notify in stage_in_outbox, which uses current_schema()."""
    return f"{schema}_outbox"


async def add_to_outbox(
    conn: asyncpg.Connection,
    *,
    topic: str,
    event: EventContract,
    producer: str,
    cause: Envelope[Any] | None = None,
) -> Envelope[dict[str, Any]]:
    """Must run inside the caller's transaction: the row commits with the state change."""
    [envelope] = await add_all_to_outbox(
        conn, topic=topic, events=[event], producer=producer, cause=cause
    )
    return envelope


async def add_all_to_outbox(
    conn: asyncpg.Connection,
    *,
    topic: str,
    events: Sequence[EventContract],
    producer: str,
    cause: Envelope[Any] | None = None,
) -> list[Envelope[dict[str, Any]]]:
    """add_to_outbox for many events, in one statement."""
    return await add_each_to_outbox(
        conn, topic=topic, caused=[(event, cause) for event in events], producer=producer
    )


async def add_each_to_outbox(
    conn: asyncpg.Connection,
    *,
    topic: str,
    caused: Sequence[tuple[EventContract, Envelope[Any] | None]],
    producer: str,
) -> list[Envelope[dict[str, Any]]]:
    """add_all_to_outbox for events with causes of their own, as a batch of
    consumed events has."""
    write = BulkWrite()
    envelopes = stage_in_outbox(write, topic=topic, caused=caused, producer=producer)
    await write.execute(conn)
    return envelopes


OUTBOX_COLUMNS = {"event_id": "uuid", "topic": "text", "message_key": "text", "envelope": "jsonb"}


def stage_in_outbox(
    write: BulkWrite,
    *,
    topic: str,
    caused: Sequence[tuple[EventContract, Envelope[Any] | None]],
    producer: str,
) -> list[Envelope[dict[str, Any]]]:
    """Adds the events' outbox rows, and the relay's wake-up, to a write that
    commits with the state change (NOTIFY in a transaction is delivered at commit)."""
    envelopes = [
        new_envelope(
            event_type=event.event_type,
            version=event.event_version,
            producer=producer,
            key=event.partition_key(),
            payload=event.model_dump(mode="json"),
            correlation_id=cause.effective_correlation_id if cause else None,
            causation_id=cause.event_id if cause else None,
        )
        for event, cause in caused
    ]
    if envelopes:
        # The payload is already JSON-ready (dumped above); only the envelope's
        # own fields need dumping.
        write.insert(
            "outbox",
            OUTBOX_COLUMNS,
            [
                (
                    e.event_id,
                    topic,
                    e.key,
                    {**e.model_dump(mode="json", exclude={"payload"}), "payload": e.payload},
                )
                for e in envelopes
            ],
        )
        write.select("pg_notify(current_schema() || '_outbox', '')")
    return envelopes


@dataclass(frozen=True)
class OutboxRow:
    id: int
    topic: str
    key: str
    envelope: dict[str, Any]


# A reconnect attempt is cheap; a long cap would hold every event back that
# long after the database returns (the reliability suite measured 27 s of
# recovery after a 30 s outage with a 30 s cap and no reset after leading).
FIRST_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 5.0

Publish = Callable[[OutboxRow], Awaitable[Awaitable[Any]]]
"""Starts sending one row and returns an awaitable that resolves once the broker acknowledged it."""


class OutboxRelay:
    """Publishes unpublished rows in id order. Only one relay per schema works
    at a time (session advisory lock), since two would reorder a key's events;
    a second replica's relay waits as a hot standby."""

    def __init__(
        self,
        connect: Callable[[], Awaitable[asyncpg.Connection]],
        schema: str,
        publish: Publish,
        *,
        batch_size: int = 500,
        idle_poll_seconds: float = 2.0,
        on_backlog: Callable[[int], None] = lambda _: None,
    ) -> None:
        self._connect = connect
        self._schema = schema
        self._publish = publish
        self._batch_size = batch_size
        self._idle_poll_seconds = idle_poll_seconds
        self._on_backlog = on_backlog
        self._wake = asyncio.Event()
        self.is_leader = False
        self._retry_delay = FIRST_RETRY_DELAY

    async def run_forever(self) -> None:
        while True:
            try:
                await self._lead()
            except asyncio.CancelledError:
                raise
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning(
                    "outbox relay lost its database connection",
                    error=type(exc).__name__,
                    retry_in=self._retry_delay,
                )
            except Exception:
                log.exception("outbox relay failed", retry_in=self._retry_delay)
            self.is_leader = False
            await asyncio.sleep(self._retry_delay)
            self._retry_delay = min(self._retry_delay * 2, MAX_RETRY_DELAY)

    async def _lead(self) -> None:
        conn = await self._connect()
        try:
            await conn.execute(
                "SELECT pg_advisory_lock(hashtext($1))", f"outbox-relay:{self._schema}"
            )
            # A mark lost in a crash only means its rows are published again, which consumers'
            # inboxes absorb; waiting for its WAL flush took 1.7 ms a cycle, on the disk the
            # services' own commits wait for.
            await conn.execute("SET synchronous_commit = off")
            self.is_leader = True
            self._retry_delay = FIRST_RETRY_DELAY
            await conn.add_listener(outbox_channel(self._schema), lambda *_: self._wake.set())
            log.info("outbox relay is leading", schema=self._schema)
            while True:
                published = await self.publish_pending(conn)
                if published < self._batch_size:
                    await self._wait_for_work()
        finally:
            self.is_leader = False
            await conn.close(timeout=5)

    async def _wait_for_work(self) -> None:
        # The timeout is a safety net for a lost notification, not the normal path.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), self._idle_poll_seconds)
        self._wake.clear()

    async def publish_pending(self, conn: asyncpg.Connection) -> int:
        self._wake.clear()
        records = await conn.fetch(
            "SELECT id, topic, message_key, envelope FROM outbox "
            "WHERE published_at IS NULL ORDER BY id LIMIT $1",
            self._batch_size,
        )
        if not records:
            self._on_backlog(0)
            return 0
        rows = [OutboxRow(r["id"], r["topic"], r["message_key"], r["envelope"]) for r in records]
        # Start every send before awaiting any: the producer batches them and
        # keeps per-partition order.
        acks = [await self._publish(row) for row in rows]
        await asyncio.gather(*acks)
        await faults.point("relay.after_publish")
        await conn.execute(
            "UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])",
            [r.id for r in rows],
        )
        # Fewer rows than asked for were all the rows unpublished when read; the ones
        # committed since wake the relay again. Counting them would be a round trip per cycle.
        self._on_backlog(
            await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL")
            if len(rows) == self._batch_size
            else 0
        )
        log.debug("outbox rows published", count=len(rows))
        return len(rows)


def encode_envelope(envelope: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON. orjson: the relay encodes every event the service
    publishes, and the standard library's encoder was 3% of the registry's CPU under load."""
    return orjson.dumps(envelope)
