"""SQL for moving agency records between persons, with the history of each move."""

from typing import Any
from uuid import UUID

import asyncpg


class MergeRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def lock_persons(self, *person_ids: UUID) -> dict[UUID, UUID | None]:
        """Each person's merged_into, locked in id order so concurrent merges
        cannot deadlock."""
        rows = await self._conn.fetch(
            "SELECT person_id, merged_into FROM persons WHERE person_id = ANY($1::uuid[]) "
            "ORDER BY person_id FOR UPDATE",
            list(person_ids),
        )
        return {r["person_id"]: r["merged_into"] for r in rows}

    async def current_person(self, person_id: UUID) -> UUID:
        """Where a person's records live now, following merges."""
        return await self._conn.fetchval(
            """
            WITH RECURSIVE chain(person_id, merged_into) AS (
                SELECT person_id, merged_into FROM persons WHERE person_id = $1
                UNION ALL
                SELECT p.person_id, p.merged_into
                FROM persons p JOIN chain c ON p.person_id = c.merged_into
            )
            SELECT person_id FROM chain WHERE merged_into IS NULL
            """,
            person_id,
        )

    async def move_enrolments(
        self, from_person: UUID, to_person: UUID, only: list[UUID] | None = None
    ) -> list[UUID]:
        moved = await self._conn.fetch(
            "UPDATE enrolments SET person_id = $2, updated_at = now() WHERE person_id = $1 "
            "AND ($3::uuid[] IS NULL OR enrolment_id = ANY($3::uuid[])) RETURNING enrolment_id",
            from_person,
            to_person,
            only,
        )
        ids = [r["enrolment_id"] for r in moved]
        await self._conn.execute(
            "UPDATE match_records SET person_id = $2 WHERE enrolment_id = ANY($1::uuid[])",
            ids,
            to_person,
        )
        return ids

    async def set_merged_into(self, person_id: UUID, into: UUID | None) -> None:
        await self._conn.execute(
            "UPDATE persons SET merged_into = $2, updated_at = now() WHERE person_id = $1",
            person_id,
            into,
        )

    async def record_merge(
        self,
        merge_id: UUID,
        survivor: UUID,
        absorbed: UUID,
        enrolment_ids: list[UUID],
        reason: str,
        decided_by: str,
        review_task_id: UUID | None,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO person_merges (merge_id, survivor_id, absorbed_id, enrolment_ids, reason, "
            "decided_by, review_task_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            merge_id,
            survivor,
            absorbed,
            enrolment_ids,
            reason,
            decided_by,
            review_task_id,
        )

    async def lock_merge(self, merge_id: UUID) -> dict[str, Any] | None:
        row = await self._conn.fetchrow(
            "SELECT * FROM person_merges WHERE merge_id = $1 FOR UPDATE", merge_id
        )
        return dict(row) if row else None

    async def record_unmerge(self, merge_id: UUID, decided_by: str, reason: str) -> None:
        await self._conn.execute(
            "UPDATE person_merges SET unmerged_at = now(), unmerged_by = $2, unmerge_reason = $3 "
            "WHERE merge_id = $1",
            merge_id,
            decided_by,
            reason,
        )
