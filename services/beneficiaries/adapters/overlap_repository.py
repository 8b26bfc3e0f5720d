"""SQL for the overlap rule table and the overlaps raised."""

from datetime import date
from uuid import UUID

import asyncpg

from ..domain.overlaps import HeldEnrolment, OpenOverlap, OverlapRule, Pair


class OverlapRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def rules(self) -> list[OverlapRule]:
        rows = await self._conn.fetch("SELECT name, benefit_a, benefit_b FROM overlap_rules ORDER BY name")
        return [OverlapRule(r["name"], r["benefit_a"], r["benefit_b"]) for r in rows]

    async def held_by(self, person_ids: list[UUID]) -> dict[UUID, list[HeldEnrolment]]:
        rows = await self._conn.fetch(
            "SELECT person_id, enrolment_id, agency, programme, benefit_type, started_on, ended_on FROM enrolments "
            "WHERE person_id = ANY($1::uuid[])",
            person_ids,
        )
        held: dict[UUID, list[HeldEnrolment]] = {person_id: [] for person_id in person_ids}
        for r in rows:
            held[r["person_id"]].append(HeldEnrolment(**{k: v for k, v in r.items() if k != "person_id"}))
        return held

    async def open_touching(self, person_ids: list[UUID], enrolment_ids: list[UUID]) -> list[OpenOverlap]:
        """Open overlaps owned by these persons or naming one of these enrolments, locked."""
        rows = await self._conn.fetch(
            "SELECT overlap_id, person_id, enrolment_a, enrolment_b FROM support_overlaps WHERE cleared_at IS NULL "
            "AND (person_id = ANY($1::uuid[]) OR enrolment_a = ANY($2::uuid[]) OR enrolment_b = ANY($2::uuid[])) "
            "ORDER BY overlap_id FOR UPDATE",
            person_ids, enrolment_ids,
        )
        return [OpenOverlap(r["overlap_id"], r["person_id"], (r["enrolment_a"], r["enrolment_b"])) for r in rows]

    async def raise_overlaps(self, overlaps: list[tuple[UUID, UUID, Pair, str]]) -> None:
        """(overlap id, person id, pair, rule) each."""
        await self._conn.executemany(
            "INSERT INTO support_overlaps (overlap_id, person_id, enrolment_a, enrolment_b, rule) VALUES ($1, $2, $3, $4, $5)",
            [(overlap_id, person_id, a, b, rule) for overlap_id, person_id, (a, b), rule in overlaps],
        )

    async def clear(self, overlap_ids: list[UUID], reason: str) -> None:
        await self._conn.execute(
            "UPDATE support_overlaps SET cleared_at = now(), clear_reason = $2 WHERE overlap_id = ANY($1::uuid[])",
            overlap_ids, reason,
        )

    async def reassign(self, owners: list[tuple[UUID, UUID]]) -> None:
        """(overlap id, new owner) each: both enrolments of the overlap now belong to that person."""
        await self._conn.executemany("UPDATE support_overlaps SET person_id = $2 WHERE overlap_id = $1", owners)

    async def persons_with_lapsed_overlaps(self, today: date) -> list[UUID]:
        """Owners of open overlaps one of whose enrolments ended before `today`."""
        return [r["person_id"] for r in await self._conn.fetch(
            "SELECT DISTINCT o.person_id FROM support_overlaps AS o "
            "JOIN enrolments AS a ON a.enrolment_id = o.enrolment_a JOIN enrolments AS b ON b.enrolment_id = o.enrolment_b "
            "WHERE o.cleared_at IS NULL AND (a.ended_on < $1 OR b.ended_on < $1) ORDER BY o.person_id",
            today,
        )]
