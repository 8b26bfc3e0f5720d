"""SQL for the committee's entries sent over HTTP with the tablet's id for each."""

from uuid import UUID

import asyncpg

from ..domain.entries import Entry, RecordedEntry


class EntriesRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def claim(self, entry: Entry) -> bool:
        """True for the first claim of the entry. A second claim while the first
        transaction is open waits for it (the primary key), then finds it committed, or
        claims it itself when the first was refused and rolled back."""
        claimed = await self._conn.fetchval(
            """
            INSERT INTO submission_entries (kitchen_id, entry_id, kind, fingerprint)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (kitchen_id, entry_id) DO NOTHING
            RETURNING true
            """,
            entry.kitchen_id,
            entry.entry_id,
            entry.kind,
            entry.fingerprint,
        )
        return bool(claimed)

    async def recorded(self, entry: Entry) -> RecordedEntry:
        row = await self._conn.fetchrow(
            "SELECT kind, fingerprint, result_id FROM submission_entries "
            "WHERE kitchen_id = $1 AND entry_id = $2",
            entry.kitchen_id,
            entry.entry_id,
        )
        return RecordedEntry(row["kind"], row["fingerprint"], row["result_id"])

    async def record_result(self, entry: Entry, result_id: UUID) -> None:
        await self._conn.execute(
            "UPDATE submission_entries SET result_id = $3 WHERE kitchen_id = $1 AND entry_id = $2",
            entry.kitchen_id,
            entry.entry_id,
            result_id,
        )
