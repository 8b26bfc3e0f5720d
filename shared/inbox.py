"""Idempotent consumption: the inbox row is written in the same transaction
as the effects, keyed on the producer's event id."""

from collections.abc import Sequence
from typing import NamedTuple
from uuid import UUID

import asyncpg

from .bulk_write import BulkWrite

# In the order of Claim's fields: claim_all and ClaimsInWrite both send a Claim as a row.
INBOX_COLUMNS = {
    "event_id": "uuid",
    "event_type": "text",
    "topic": "text",
    "kafka_partition": "int",
    "kafka_offset": "bigint",
}


class Claim(NamedTuple):
    event_id: UUID
    event_type: str
    topic: str
    partition: int
    offset: int


_CLAIM_ALL = (
    f"INSERT INTO inbox ({', '.join(INBOX_COLUMNS)}) SELECT * FROM unnest("
    + ", ".join(f"${i}::{type_}[]" for i, type_ in enumerate(INBOX_COLUMNS.values(), 1))
    + ") ON CONFLICT (event_id) DO NOTHING RETURNING event_id"
)


async def claim_all(conn: asyncpg.Connection, claims: Sequence[Claim]) -> set[UUID]:
    """Claims events in one statement; returns the ids that are new (not
    applied before). An id that appears twice in `claims` is new at most once."""
    rows = await conn.fetch(_CLAIM_ALL, *(list(column) for column in zip(*claims, strict=True)))
    return {row["event_id"] for row in rows}


class ClaimsInWrite:
    """A batch's claims, written by the batch handler's last write instead of a
    statement of their own before it: at 250 enrolments a second a batch is a
    record or two, and that statement was one of its five round trips to
    PostgreSQL. Nothing tells the handler which events are new, so it applies
    them all; an event applied before (a redelivery) makes the insert fail
    (`claimed_before`) and the transaction with it, and the consumer applies the
    batch again with `claim_all` first. A handler that writes nothing leaves the
    claims to `write_unless_staged`."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self._claims = claims
        self.staged = False

    def stage(self, write: BulkWrite) -> None:
        write.insert("inbox", INBOX_COLUMNS, self._claims)
        self.staged = True

    async def write_unless_staged(self, conn: asyncpg.Connection) -> None:
        if not self.staged:
            write = BulkWrite()
            self.stage(write)
            await write.execute(conn)


def claimed_before(exc: BaseException) -> bool:
    """Whether a transaction failed on an event the inbox holds already."""
    return isinstance(exc, asyncpg.UniqueViolationError) and exc.constraint_name == "inbox_pkey"
