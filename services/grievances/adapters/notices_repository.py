"""SQL for notices: the sealed addresses named reporters gave, the notices waiting to be
sent, and their sending. A reporter's notice is queued only when the case has an address
and is not a whistleblower report (the database refuses one for a whistleblower report
too: migration 004's triggers)."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from ..domain.notices import WHISTLEBLOWER
from ..domain.sealed_identities import SealedAddress


@dataclass(frozen=True)
class PendingNotice:
    notice_id: int
    case_number: str
    audience: str
    about: str
    escalation_level: int | None
    level_due_on: date | None
    address: SealedAddress | None


_CLAIM = """
SELECT n.notice_id, c.case_number, n.audience, n.about, n.escalation_level, c.level_due_on,
       a.medium, a.sealed, a.key_id
FROM notices n
JOIN cases c USING (case_id)
LEFT JOIN reporter_notice_addresses a ON a.case_id = n.case_id AND n.audience = 'reporter'
WHERE n.sent_at IS NULL AND n.attempts < $2
  AND (n.audience = 'escalation' OR c.kind <> $3)
ORDER BY n.notice_id
LIMIT $1
FOR UPDATE OF n SKIP LOCKED
"""


class NoticesRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def store_address(self, case_id: UUID, sealed: SealedAddress) -> None:
        await self._conn.execute(
            "INSERT INTO reporter_notice_addresses (case_id, medium, sealed, key_id) "
            "VALUES ($1, $2, $3, $4)",
            case_id,
            sealed.medium,
            sealed.box,
            sealed.key_id,
        )

    async def queue_for_reporter(self, case_id: UUID, about: str, at: datetime) -> bool:
        """Queues a notice when the reporter gave an address; whether one was queued."""
        queued = await self._conn.fetchval(
            """
            INSERT INTO notices (case_id, audience, about, created_at)
            SELECT a.case_id, 'reporter', $2, $3
            FROM reporter_notice_addresses a JOIN cases c USING (case_id)
            WHERE a.case_id = $1 AND c.kind <> $4
            RETURNING notice_id
            """,
            case_id,
            about,
            at,
            WHISTLEBLOWER,
        )
        return queued is not None

    async def queue_escalations(self, escalated: list[tuple[UUID, int]], at: datetime) -> None:
        """One notice per case for the officers of the level it reached."""
        await self._conn.executemany(
            "INSERT INTO notices (case_id, audience, about, escalation_level, created_at) "
            "VALUES ($1, 'escalation', 'escalated', $2, $3)",
            [(case_id, level, at) for case_id, level in escalated],
        )

    async def claim_unsent(self, limit: int, max_attempts: int) -> list[PendingNotice]:
        """Notices to send, locked until the transaction ends (other senders skip them)."""
        rows = await self._conn.fetch(_CLAIM, limit, max_attempts, WHISTLEBLOWER)
        return [
            PendingNotice(
                r["notice_id"],
                r["case_number"],
                r["audience"],
                r["about"],
                r["escalation_level"],
                r["level_due_on"],
                SealedAddress(r["medium"], r["sealed"], r["key_id"]) if r["sealed"] else None,
            )
            for r in rows
        ]

    async def mark_sent(self, notice_id: int, at: datetime, note: str | None = None) -> None:
        await self._conn.execute(
            "UPDATE notices SET sent_at = $2, attempts = attempts + 1, last_error = $3 "
            "WHERE notice_id = $1",
            notice_id,
            at,
            note,
        )

    async def mark_failed(self, notice_id: int, error: str) -> None:
        await self._conn.execute(
            "UPDATE notices SET attempts = attempts + 1, last_error = $2 WHERE notice_id = $1",
            notice_id,
            error,
        )

    async def lock_addresses_not_under(self, key_id: bytes) -> list[tuple[UUID, SealedAddress]]:
        rows = await self._conn.fetch(
            "SELECT case_id, medium, sealed, key_id FROM reporter_notice_addresses "
            "WHERE key_id <> $1 ORDER BY case_id FOR UPDATE",
            key_id,
        )
        return [(r["case_id"], SealedAddress(r["medium"], r["sealed"], r["key_id"])) for r in rows]

    async def replace_address(self, case_id: UUID, sealed: SealedAddress) -> None:
        await self._conn.execute(
            "UPDATE reporter_notice_addresses SET sealed = $2, key_id = $3 WHERE case_id = $1",
            case_id,
            sealed.box,
            sealed.key_id,
        )
