"""SQL for the sealed store of named reporters' identities. Intake writes boxes and
keyed fingerprints; duplicate detection compares fingerprints; only the reveal path
opens a box, and only the key rotation rewrites them. Nothing here sees a name in
clear except the start-up sealing of what an older version stored in plain text."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from ..domain.reporters import Reporter
from ..domain.sealed_identities import SealedIdentity


@dataclass(frozen=True)
class StoredBox:
    case_id: UUID
    box: bytes
    key_id: bytes


@dataclass(frozen=True)
class PlaintextIdentity:
    case_id: UUID
    reporter: Reporter
    recorded_at: datetime


class ReporterIdentitiesRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def store(
        self, case_id: UUID, sealed: SealedIdentity, recorded_at: datetime | None = None
    ) -> None:
        await self._conn.execute(
            "INSERT INTO reporter_identities (case_id, sealed, key_id, fingerprint, recorded_at) "
            "VALUES ($1, $2, $3, $4, coalesce($5, now()))",
            case_id,
            sealed.box,
            sealed.key_id,
            sealed.fingerprint,
            recorded_at,
        )

    async def cases_with_fingerprint(self, fingerprint: bytes) -> list[UUID]:
        rows = await self._conn.fetch(
            "SELECT case_id FROM reporter_identities WHERE fingerprint = $1", fingerprint
        )
        return [r["case_id"] for r in rows]

    async def has_identity(self, case_id: UUID) -> bool:
        return bool(
            await self._conn.fetchval(
                "SELECT EXISTS (SELECT 1 FROM reporter_identities WHERE case_id = $1)", case_id
            )
        )

    async def box_of(self, case_id: UUID) -> StoredBox | None:
        row = await self._conn.fetchrow(
            "SELECT case_id, sealed, key_id FROM reporter_identities WHERE case_id = $1", case_id
        )
        return StoredBox(row["case_id"], row["sealed"], row["key_id"]) if row else None

    async def lock_boxes_not_under(self, key_id: bytes) -> list[StoredBox]:
        """Every box still to re-seal under `key_id`, locked until the transaction ends."""
        rows = await self._conn.fetch(
            "SELECT case_id, sealed, key_id FROM reporter_identities WHERE key_id <> $1 "
            "ORDER BY case_id FOR UPDATE",
            key_id,
        )
        return [StoredBox(r["case_id"], r["sealed"], r["key_id"]) for r in rows]

    async def replace(self, case_id: UUID, sealed: SealedIdentity) -> None:
        await self._conn.execute(
            "UPDATE reporter_identities SET sealed = $2, key_id = $3, fingerprint = $4 "
            "WHERE case_id = $1",
            case_id,
            sealed.box,
            sealed.key_id,
            sealed.fingerprint,
        )

    async def count_by_key(self) -> dict[bytes, int]:
        rows = await self._conn.fetch(
            "SELECT key_id, count(*) AS n FROM reporter_identities GROUP BY key_id"
        )
        return {r["key_id"]: r["n"] for r in rows}

    async def lock_plaintext(self) -> list[PlaintextIdentity]:
        """What migration 003 set aside from before sealing, locked until the transaction ends."""
        rows = await self._conn.fetch(
            "SELECT case_id, full_name, contact, recorded_at FROM plaintext_reporter_identities "
            "ORDER BY case_id FOR UPDATE"
        )
        return [
            PlaintextIdentity(
                r["case_id"], Reporter(r["full_name"], r["contact"]), r["recorded_at"]
            )
            for r in rows
        ]

    async def forget_plaintext(self) -> None:
        # TRUNCATE gives the table a new, empty file: the old one, with the names, is removed.
        await self._conn.execute("TRUNCATE plaintext_reporter_identities")
