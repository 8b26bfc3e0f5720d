"""SQL for grievance cases and their timeline. Nothing here reads reporter identities."""

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from shared.contracts.grievances import GrievanceSubmittedV1

from ..domain.case_state import CaseState
from ..domain.cases import NewCase
from ..domain.lifecycle import Assignee

CASE_COLUMNS = (
    "case_id, case_number, channel, kind, category, subject_kind, subject_ref, description, "
    "anonymous, internal, status, received_at, intake_officer, ack_due_on, resolve_due_on, "
    "paused_on, escalation_level, assignee_kind, assignee_ref, answer, rejection_reason, "
    "acknowledged_at, first_resolved_at, reopen_count, related_case_id, decided_on, level_due_on"
)


class CasesRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def next_number(self, year: int) -> int:
        return await self._conn.fetchval(
            """
            INSERT INTO case_number_counters (year, last_value) VALUES ($1, 1)
            ON CONFLICT (year) DO UPDATE SET last_value = case_number_counters.last_value + 1
            RETURNING last_value
            """,
            year,
        )

    async def case_for_channel_reference(self, channel: str, reference: str) -> str | None:
        return await self._conn.fetchval(
            "SELECT case_number FROM cases WHERE channel = $1 AND channel_reference = $2",
            channel,
            reference,
        )

    async def add_case(
        self, case: NewCase, submission: GrievanceSubmittedV1, details: dict[str, Any]
    ) -> None:
        """`details`: source_event_id, intake_officer, internal, receipt_hash, related_case_id."""
        await self._conn.execute(
            """
            INSERT INTO cases (
                case_id, case_number, channel, channel_reference, kind, category, subject_kind,
                subject_ref, description, anonymous, status, received_at, source_event_id,
                intake_officer, internal, receipt_hash, related_case_id, ack_due_on, resolve_due_on
            ) VALUES (
                $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19
            )
            """,
            case.case_id,
            case.case_number,
            submission.channel,
            submission.channel_reference,
            submission.kind,
            submission.category,
            submission.subject.kind,
            submission.subject.ref,
            submission.description,
            submission.anonymous,
            case.status,
            case.received_at,
            details.get("source_event_id"),
            details.get("intake_officer"),
            details.get("internal", False),
            details.get("receipt_hash"),
            details.get("related_case_id"),
            case.ack_due_on,
            case.resolve_due_on,
        )

    async def add_transition(
        self,
        case_id: UUID,
        action: str,
        from_status: str | None,
        status: str,
        at: datetime,
        by_whom: str,
        detail: dict[str, Any],
    ) -> None:
        await self._conn.execute(
            "INSERT INTO case_transitions "
            "(case_id, action, from_status, status, at, by_whom, detail) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            case_id,
            action,
            from_status,
            status,
            at,
            by_whom,
            detail,
        )

    async def lock_state(self, case_id: UUID) -> CaseState | None:
        row = await self._conn.fetchrow(
            """
            SELECT case_id, case_number, kind, category, status, resolve_due_on, paused_on,
                   assignee_kind, assignee_ref, answer, rejection_reason, acknowledged_at,
                   first_resolved_at, decided_on, reopen_count, level_due_on
            FROM cases WHERE case_id = $1 FOR UPDATE
            """,
            case_id,
        )
        if row is None:
            return None
        values = dict(row)
        kind, ref = values.pop("assignee_kind"), values.pop("assignee_ref")
        return CaseState(**values, assignee=Assignee(kind, ref) if kind else None)

    async def save_state(self, state: CaseState) -> None:
        await self._conn.execute(
            """
            UPDATE cases SET status = $2, resolve_due_on = $3, paused_on = $4, assignee_kind = $5,
                   assignee_ref = $6, answer = $7, rejection_reason = $8, acknowledged_at = $9,
                   first_resolved_at = $10, decided_on = $11, reopen_count = $12,
                   level_due_on = $13
            WHERE case_id = $1
            """,
            state.case_id,
            state.status,
            state.resolve_due_on,
            state.paused_on,
            state.assignee.kind if state.assignee else None,
            state.assignee.ref if state.assignee else None,
            state.answer,
            state.rejection_reason,
            state.acknowledged_at,
            state.first_resolved_at,
            state.decided_on,
            state.reopen_count,
            state.level_due_on,
        )

    async def channel_of(self, case_id: UUID) -> tuple[str, str]:
        row = await self._conn.fetchrow(
            "SELECT channel, channel_reference FROM cases WHERE case_id = $1", case_id
        )
        return row["channel"], row["channel_reference"]

    async def case_id_for_receipt(self, receipt_hash: bytes) -> UUID | None:
        return await self._conn.fetchval(
            "SELECT case_id FROM cases WHERE receipt_hash = $1", receipt_hash
        )

    async def add_reporter_addition(self, case_id: UUID, at: datetime, via: str, text: str) -> None:
        await self._conn.execute(
            "INSERT INTO reporter_additions (case_id, added_at, via, text) VALUES ($1, $2, $3, $4)",
            case_id,
            at,
            via,
            text,
        )

    async def earlier_case_about(
        self, case_ids: list[UUID], subject_kind: str, subject_ref: str | None, since: datetime
    ) -> UUID | None:
        """The first of `case_ids` about the same subject, received since `since`."""
        return await self._conn.fetchval(
            """
            SELECT case_id FROM cases
            WHERE case_id = ANY($1::uuid[]) AND subject_kind = $2
              AND subject_ref IS NOT DISTINCT FROM $3 AND received_at >= $4
            ORDER BY received_at LIMIT 1
            """,
            case_ids,
            subject_kind,
            subject_ref,
            since,
        )

    async def case_with_timeline(self, case_id: UUID) -> dict[str, Any] | None:
        case = await self._conn.fetchrow(
            f"SELECT {CASE_COLUMNS} FROM cases WHERE case_id = $1", case_id
        )
        if case is None:
            return None
        timeline = await self._conn.fetch(
            "SELECT action, from_status, status, at, by_whom, detail FROM case_transitions "
            "WHERE case_id = $1 ORDER BY seq",
            case_id,
        )
        additions = await self._conn.fetch(
            "SELECT added_at, via, text FROM reporter_additions WHERE case_id = $1 ORDER BY id",
            case_id,
        )
        breaches = await self._conn.fetch(
            "SELECT clock, due_on, detected_on, escalation_level FROM deadline_breaches "
            "WHERE case_id = $1 ORDER BY detected_on, clock",
            case_id,
        )
        return {
            **dict(case),
            "timeline": [dict(t) for t in timeline],
            "reporter_additions": [dict(a) for a in additions],
            "breaches": [dict(b) for b in breaches],
        }
