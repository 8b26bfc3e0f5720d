"""SQL for the duplicate-review queue."""

from typing import Any
from uuid import UUID

import asyncpg
import orjson

from shared.bulk_write import BulkWrite

from .reviewed_pairs_repository import stage_pairs_of_tasks

ReviewTaskRow = tuple[UUID, UUID, UUID, str, list[dict[str, Any]]]

# The candidates, a JSON array, go as text (BulkWrite.insert).
REVIEW_TASK_COLUMNS = {
    "review_task_id": "uuid",
    "enrolment_id": "uuid",
    "person_id": "uuid",
    "reason": "text",
    "candidates": "text::jsonb",
    "run_id": "uuid",
}


async def open_review_tasks(
    conn: asyncpg.Connection, tasks: list[ReviewTaskRow], run_id: UUID | None = None
) -> None:
    """(task id, enrolment id, person id, reason, candidates) each, and the
    pairs they name, in one statement; `run_id` for the tasks a re-resolution
    run opens."""
    write = BulkWrite()
    stage_review_tasks(write, tasks, run_id)
    await write.execute(conn)


def stage_review_tasks(
    write: BulkWrite, tasks: list[ReviewTaskRow], run_id: UUID | None = None
) -> None:
    """open_review_tasks as part of a larger write: the intake's last chunk
    opens its batch's tasks in the statement that inserts their records."""
    write.insert(
        "review_tasks",
        REVIEW_TASK_COLUMNS,
        [
            (task_id, enrolment_id, person_id, reason, orjson.dumps(candidates).decode(), run_id)
            for task_id, enrolment_id, person_id, reason, candidates in tasks
        ],
    )
    stage_pairs_of_tasks(write, tasks)


class ReviewRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def lock(self, task_id: UUID) -> dict[str, Any] | None:
        row = await self._conn.fetchrow(
            "SELECT * FROM review_tasks WHERE review_task_id = $1 FOR UPDATE", task_id
        )
        return dict(row) if row else None

    async def confirm_held(self, person_id: UUID) -> None:
        """The person's records are held for review no longer: a caseworker has
        decided who she is (migration 013)."""
        await self._conn.execute(
            "UPDATE match_records SET held_for_review = false "
            "WHERE person_id = $1 AND held_for_review",
            person_id,
        )

    async def close(self, task_id: UUID, status: str, decided_by: str, note: str) -> None:
        await self._conn.execute(
            "UPDATE review_tasks SET status = $2, decided_by = $3, decided_at = now(), note = $4 "
            "WHERE review_task_id = $1",
            task_id,
            status,
            decided_by,
            note,
        )

    async def queue(
        self, status: str, limit: int, offset: int, agency: str | None = None
    ) -> list[dict[str, Any]]:
        """With `agency`, only the tasks that agency may read
        (domain.visibility.may_read_review): the record under review is the
        agency's, or shared by consent and a candidate's record is the agency's."""
        rows = await self._conn.fetch(
            "SELECT t.*, e.agency, e.agency_record_id, e.submitted_person, e.consent_to_share "
            "FROM review_tasks t "
            "JOIN enrolments e USING (enrolment_id) WHERE t.status = $1 "
            "AND ($4::text IS NULL OR e.agency = $4 OR e.consent_to_share AND EXISTS ("
            "SELECT 1 FROM jsonb_array_elements(t.candidates) c "
            "JOIN enrolments ce ON ce.enrolment_id = (c ->> 'enrolment_id')::uuid "
            "WHERE ce.agency = $4)) "
            "ORDER BY t.opened_at, t.review_task_id LIMIT $2 OFFSET $3",
            status,
            limit,
            offset,
            agency,
        )
        return [dict(r) for r in rows]

    async def task_with_records(self, task_id: UUID) -> dict[str, Any] | None:
        """The task, the record under review and each candidate's record, side by side."""
        task = await self._conn.fetchrow(
            "SELECT t.*, e.agency, e.agency_record_id, e.submitted_person, e.consent_to_share "
            "FROM review_tasks t "
            "JOIN enrolments e USING (enrolment_id) WHERE t.review_task_id = $1",
            task_id,
        )
        if task is None:
            return None
        ids = [UUID(c["enrolment_id"]) for c in task["candidates"]]
        rows = await self._conn.fetch(
            "SELECT enrolment_id, person_id, agency, agency_record_id, submitted_person, "
            "consent_to_share FROM enrolments "
            "WHERE enrolment_id = ANY($1::uuid[])",
            ids,
        )
        records = {r["enrolment_id"]: dict(r) for r in rows}
        candidates = [
            {**c, "record": records.get(UUID(c["enrolment_id"]))} for c in task["candidates"]
        ]
        return {**dict(task), "candidates": candidates}
