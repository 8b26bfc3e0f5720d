"""SQL for monitoring flags."""

from uuid import UUID, uuid4

import asyncpg

from ..domain.monitoring import Flag


class MonitoringRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def add_flag(self, kitchen_id: str, flag: Flag) -> UUID | None:
        """The flag's id when it is new; None when the rule already fired for that
        kitchen and day."""
        return await self._conn.fetchval(
            """
            INSERT INTO monitoring_flags (flag_id, kitchen_id, rule, observed_on, summary, evidence)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (kitchen_id, rule, observed_on) DO NOTHING RETURNING flag_id
            """,
            uuid4(),
            kitchen_id,
            flag.rule,
            flag.observed_on,
            flag.summary,
            flag.evidence,
        )

    async def close_flag(self, flag_id: UUID) -> bool:
        """Closes a flag not closed yet (open or acknowledged); whether it was not
        (a redelivery finds it closed)."""
        closed = await self._conn.fetchval(
            "UPDATE monitoring_flags SET status = 'closed' "
            "WHERE flag_id = $1 AND status <> 'closed' RETURNING flag_id",
            flag_id,
        )
        return closed is not None

    async def lock_flag(self, kitchen_id: str, flag_id: UUID) -> dict[str, str] | None:
        row = await self._conn.fetchrow(
            "SELECT rule, status FROM monitoring_flags "
            "WHERE kitchen_id = $1 AND flag_id = $2 FOR UPDATE",
            kitchen_id,
            flag_id,
        )
        return dict(row) if row else None

    async def review(self, flag_id: UUID, status: str, reason: str, decided_by: str) -> None:
        await self._conn.execute(
            "UPDATE monitoring_flags SET status = $2, review_reason = $3, reviewed_by = $4, "
            "reviewed_at = now() WHERE flag_id = $1",
            flag_id,
            status,
            reason,
            decided_by,
        )
