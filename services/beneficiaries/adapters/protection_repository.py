"""SQL for a woman's protection: the facts it is decided from (her protective
enrolments and the latest supervisor's decision), and that decision's history."""

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from ..domain.protection import ProtectionChange
from .follow_up_repository import FAMILY


class ProtectionRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def facts(
        self, person_ids: list[UUID], protective_types: list[str]
    ) -> dict[UUID, tuple[list[datetime], ProtectionChange | None]]:
        """Per person: when each of her protective enrolments was last received,
        and the latest decision (protected, when) on her or anyone merged into her."""
        rows = await self._conn.fetch(
            """
            WITH RECURSIVE family(root_id, person_id) AS (
                SELECT p, p FROM unnest($1::uuid[]) AS p
                UNION SELECT f.root_id, p.person_id FROM persons p
                JOIN family f ON p.merged_into = f.person_id
            )
            SELECT r AS person_id,
                   (SELECT coalesce(array_agg(e.updated_at), '{}') FROM enrolments e
                    WHERE e.person_id = r AND e.benefit_type = ANY($2::text[])) AS arrivals,
                   latest.protected, latest.changed_at
            FROM unnest($1::uuid[]) AS r
            LEFT JOIN LATERAL (
                SELECT c.protected, c.changed_at FROM protection_changes c
                JOIN family f ON f.person_id = c.person_id
                WHERE f.root_id = r ORDER BY c.change_id DESC LIMIT 1
            ) AS latest ON true
            """,
            person_ids,
            protective_types,
        )
        return {
            r["person_id"]: (
                list(r["arrivals"]),
                ProtectionChange(r["protected"], r["changed_at"])
                if r["changed_at"] is not None
                else None,
            )
            for r in rows
        }

    async def history(self, person_id: UUID) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            FAMILY + "SELECT protected, changed_by, changed_role, reason, changed_at "
            "FROM protection_changes WHERE person_id IN (SELECT person_id FROM family) "
            "ORDER BY change_id",
            person_id,
        )
        return [dict(r) for r in rows]

    async def record(
        self, person_id: UUID, protected: bool, changed_by: str, role: str | None, reason: str
    ) -> None:
        await self._conn.execute(
            "INSERT INTO protection_changes (person_id, protected, changed_by, changed_role, "
            "reason) VALUES ($1, $2, $3, $4, $5)",
            person_id,
            protected,
            changed_by,
            role,
            reason,
        )

    async def exists(self, person_id: UUID) -> bool:
        return bool(
            await self._conn.fetchval(
                "SELECT true FROM persons WHERE person_id = $1 FOR UPDATE", person_id
            )
        )
