"""SQL for batch re-resolution: records in chunks with their candidates from
other persons, and the pairs of persons a review already covers."""

from typing import Any
from uuid import UUID

import asyncpg

from ..domain.resolution import CandidateRecord
from .registry_repository import identity_from_json


class ReResolutionRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def start_run(self, run_id: UUID, model_version: str) -> None:
        await self._conn.execute("INSERT INTO re_resolution_runs (run_id, model_version) VALUES ($1, $2)", run_id, model_version)

    async def finish_run(self, run_id: UUID, checked: int, opened: int) -> None:
        await self._conn.execute(
            "UPDATE re_resolution_runs SET finished_at = now(), records_checked = $2, tasks_opened = $3 WHERE run_id = $1",
            run_id, checked, opened,
        )

    async def chunk(self, after: UUID, size: int, cap: int) -> tuple[list[CandidateRecord], dict[UUID, list[CandidateRecord]]]:
        """The next `size` records after `after`, and for each the records of
        other persons sharing a blocking key that is not over-common."""
        rows = await self._conn.fetch(
            """
            WITH chunk AS (
                SELECT enrolment_id, person_id, identity FROM match_records WHERE enrolment_id > $1 ORDER BY enrolment_id LIMIT $2
            ), chunk_keys AS (
                SELECT c.enrolment_id AS source, b.key FROM chunk c JOIN blocking_keys b USING (enrolment_id)
            ), usable AS (
                SELECT k.key FROM (SELECT DISTINCT key FROM chunk_keys) k
                WHERE (SELECT count(*) FROM (SELECT 1 FROM blocking_keys b WHERE b.key = k.key LIMIT $3 + 1) s) <= $3
            ), pairs AS (
                SELECT DISTINCT ck.source, b.enrolment_id AS other
                FROM chunk_keys ck JOIN usable USING (key) JOIN blocking_keys b ON b.key = ck.key AND b.enrolment_id <> ck.source
            )
            SELECT c.enrolment_id, c.person_id, c.identity, NULL::uuid[] AS sources FROM chunk c
            UNION ALL
            -- Each candidate once, with every chunk record it is a candidate of: a
            -- record is parsed once per chunk, not once per record that finds it.
            SELECT m.enrolment_id, m.person_id, m.identity, array_agg(p.source)
            FROM pairs p JOIN match_records m ON m.enrolment_id = p.other JOIN chunk c ON c.enrolment_id = p.source
            WHERE m.person_id <> c.person_id
            GROUP BY m.enrolment_id
            """,
            after, size, cap,
        )
        records, candidates = [], {}
        for r in rows:
            record = CandidateRecord(r["person_id"], r["enrolment_id"], identity_from_json(r["identity"]))
            if r["sources"] is None:
                records.append(record)
            else:
                for source in r["sources"]:
                    candidates.setdefault(source, []).append(record)
        records.sort(key=lambda c: c.record_id)
        return records, candidates

    async def reviewed_person_pairs(self, person_ids: list[UUID]) -> set[frozenset[UUID]]:
        """Pairs of persons some review task (open or decided) already put side by side."""
        rows = await self._conn.fetch(
            "SELECT t.person_id, (c ->> 'person_id')::uuid AS candidate FROM review_tasks t, jsonb_array_elements(t.candidates) c "
            "WHERE t.person_id = ANY($1::uuid[]) OR (c ->> 'person_id')::uuid = ANY($1::uuid[])",
            person_ids,
        )
        return {frozenset((r["person_id"], r["candidate"])) for r in rows}

    async def open_task(self, task_id: UUID, enrolment_id: UUID, person_id: UUID, reason: str, candidates: list[dict[str, Any]],
                        run_id: UUID) -> None:
        await self._conn.execute(
            "INSERT INTO review_tasks (review_task_id, enrolment_id, person_id, reason, candidates, run_id) VALUES ($1, $2, $3, $4, $5, $6)",
            task_id, enrolment_id, person_id, reason, candidates, run_id,
        )
