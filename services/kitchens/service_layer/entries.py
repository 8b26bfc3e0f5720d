"""A committee's entry over HTTP, applied once by the id the tablet gave it."""

from collections.abc import Awaitable, Callable
from uuid import UUID

import asyncpg

from ..adapters.entries_repository import EntriesRepository
from ..domain.entries import Entry, first_result


async def apply_once(
    conn: asyncpg.Connection, entry: Entry | None, apply: Callable[[], Awaitable[UUID]]
) -> UUID:
    """Must run inside the caller's transaction, so that a refused entry leaves no claim
    behind and may be sent again. Without an id (a caller that names none) the entry is
    applied as sent."""
    if entry is None:
        return await apply()
    repository = EntriesRepository(conn)
    if not await repository.claim(entry):
        return first_result(entry, await repository.recorded(entry))
    result_id = await apply()
    await repository.record_result(entry, result_id)
    return result_id
