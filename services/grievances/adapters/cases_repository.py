"""SQL for grievance cases and their timeline."""

from typing import Any
from uuid import UUID

import asyncpg

from shared.contracts.grievances import GrievanceSubmittedV1

from ..domain.cases import NewCase


class CasesRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def next_sequence(self) -> int:
        return await self._conn.fetchval("SELECT nextval('case_number_seq')")

    async def case_for_channel_reference(self, channel: str, reference: str) -> str | None:
        return await self._conn.fetchval(
            "SELECT case_number FROM cases WHERE channel = $1 AND channel_reference = $2", channel, reference
        )

    async def add_case(self, case: NewCase, submission: GrievanceSubmittedV1, source_event_id: UUID, by_whom: str) -> None:
        await self._conn.execute(
            "INSERT INTO cases (case_id, case_number, channel, channel_reference, kind, category, subject_kind, "
            "subject_ref, description, anonymous, status, received_at, source_event_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            case.case_id, case.case_number, submission.channel, submission.channel_reference, submission.kind,
            submission.category, submission.subject.kind, submission.subject.ref, submission.description,
            submission.anonymous, case.status, case.received_at, source_event_id,
        )
        await self._conn.execute(
            "INSERT INTO case_transitions (case_id, status, at, by_whom) VALUES ($1, $2, $3, $4)",
            case.case_id, case.status, case.received_at, by_whom,
        )

    async def case_with_timeline(self, case_id: UUID) -> dict[str, Any] | None:
        case = await self._conn.fetchrow(
            "SELECT case_id, case_number, channel, kind, category, subject_kind, subject_ref, description, "
            "anonymous, status, received_at FROM cases WHERE case_id = $1",
            case_id,
        )
        if case is None:
            return None
        timeline = await self._conn.fetch(
            "SELECT status, at, by_whom FROM case_transitions WHERE case_id = $1 ORDER BY at", case_id
        )
        return {**dict(case), "timeline": [dict(t) for t in timeline]}
