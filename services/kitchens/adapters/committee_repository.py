"""SQL for committee members."""

from datetime import date
from uuid import UUID

import asyncpg

from ..domain.committee import Member


class CommitteeRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def add(
        self,
        kitchen_id: str,
        member_id: UUID,
        full_name: str,
        role: str,
        person_id: UUID | None,
        joined_on: date,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO committee_members "
            "(member_id, kitchen_id, full_name, role, person_id, joined_on) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            member_id,
            kitchen_id,
            full_name,
            role,
            person_id,
            joined_on,
        )

    async def active(self, kitchen_id: str) -> list[Member]:
        rows = await self._conn.fetch(
            "SELECT member_id, role, joined_on FROM committee_members "
            "WHERE kitchen_id = $1 AND left_on IS NULL",
            kitchen_id,
        )
        return [Member(**dict(r)) for r in rows]

    async def leave(self, member_id: UUID, left_on: date, reason: str) -> None:
        await self._conn.execute(
            "UPDATE committee_members SET left_on = $2, leave_reason = $3 WHERE member_id = $1",
            member_id,
            left_on,
            reason,
        )
