"""SQL for the sealed store of named reporters' identities. Only intake writes
here and only the audited reveal reads the name; duplicate detection sees
fingerprints."""

from typing import Any
from uuid import UUID

import asyncpg

from ..domain.reporters import Reporter, fingerprint


class ReporterIdentitiesRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def seal(self, case_id: UUID, reporter: Reporter) -> None:
        await self._conn.execute(
            "INSERT INTO reporter_identities (case_id, full_name, contact, fingerprint) "
            "VALUES ($1, $2, $3, $4)",
            case_id,
            reporter.full_name,
            reporter.contact,
            fingerprint(reporter),
        )

    async def cases_of_same_reporter(self, reporter: Reporter) -> list[UUID]:
        rows = await self._conn.fetch(
            "SELECT case_id FROM reporter_identities WHERE fingerprint = $1", fingerprint(reporter)
        )
        return [r["case_id"] for r in rows]

    async def reveal(
        self, case_id: UUID, revealed_by: str, role: str, reason: str
    ) -> dict[str, Any] | None:
        """Reads the identity and leaves the audit record in the same transaction."""
        async with self._conn.transaction():
            row = await self._conn.fetchrow(
                "SELECT full_name, contact FROM reporter_identities WHERE case_id = $1", case_id
            )
            if row is None:
                return None
            await self._conn.execute(
                "INSERT INTO identity_reveals (case_id, revealed_by, role, reason) "
                "VALUES ($1, $2, $3, $4)",
                case_id,
                revealed_by,
                role,
                reason,
            )
        return dict(row)

    async def reveals_of(self, case_id: UUID) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            "SELECT revealed_by, role, reason, revealed_at FROM identity_reveals "
            "WHERE case_id = $1 ORDER BY id",
            case_id,
        )
        return [dict(r) for r in rows]
