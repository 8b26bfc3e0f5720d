"""SQL for the overlap rule table and the overlaps raised."""

from uuid import UUID

import asyncpg

from ..domain.overlaps import HeldEnrolment, OverlapRule, Pair


class OverlapRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def rules(self) -> list[OverlapRule]:
        rows = await self._conn.fetch("SELECT name, benefit_a, benefit_b FROM overlap_rules ORDER BY name")
        return [OverlapRule(r["name"], r["benefit_a"], r["benefit_b"]) for r in rows]

    async def held_by(self, person_id: UUID) -> list[HeldEnrolment]:
        rows = await self._conn.fetch(
            "SELECT enrolment_id, agency, programme, benefit_type, started_on, ended_on FROM enrolments WHERE person_id = $1",
            person_id,
        )
        return [HeldEnrolment(**dict(r)) for r in rows]

    async def open_for(self, person_id: UUID, enrolment_ids: list[UUID]) -> dict[Pair, UUID]:
        rows = await self._conn.fetch(
            "SELECT overlap_id, enrolment_a, enrolment_b FROM support_overlaps WHERE cleared_at IS NULL "
            "AND (person_id = $1 OR enrolment_a = ANY($2::uuid[]) OR enrolment_b = ANY($2::uuid[])) FOR UPDATE",
            person_id, enrolment_ids,
        )
        return {(r["enrolment_a"], r["enrolment_b"]): r["overlap_id"] for r in rows}

    async def raise_overlap(self, overlap_id: UUID, person_id: UUID, pair: Pair, rule: str) -> None:
        await self._conn.execute(
            "INSERT INTO support_overlaps (overlap_id, person_id, enrolment_a, enrolment_b, rule) VALUES ($1, $2, $3, $4, $5)",
            overlap_id, person_id, pair[0], pair[1], rule,
        )

    async def clear(self, overlap_id: UUID, reason: str) -> UUID:
        return await self._conn.fetchval(
            "UPDATE support_overlaps SET cleared_at = now(), clear_reason = $2 WHERE overlap_id = $1 RETURNING person_id",
            overlap_id, reason,
        )

    async def reassign_open(self, person_id: UUID, enrolment_ids: list[UUID]) -> None:
        await self._conn.execute(
            "UPDATE support_overlaps SET person_id = $1 WHERE cleared_at IS NULL AND enrolment_a = ANY($2::uuid[]) "
            "AND enrolment_b = ANY($2::uuid[])",
            person_id, enrolment_ids,
        )
