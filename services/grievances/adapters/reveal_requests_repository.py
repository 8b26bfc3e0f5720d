"""SQL for the two-officer reveal: requests, their decisions, and the audit of each
identity shown (`identity_reveals`)."""

from typing import Any
from uuid import UUID

import asyncpg

from ..domain.reveals import RevealRequest

_REQUEST_COLUMNS = (
    "request_id, case_id, requested_by, reason, requested_at, decision, decided_by, "
    "decided_at, shown_at"
)


class RevealRequestsRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def add(self, request: RevealRequest) -> None:
        await self._conn.execute(
            "INSERT INTO reveal_requests (request_id, case_id, requested_by, reason, requested_at)"
            " VALUES ($1, $2, $3, $4, $5)",
            request.request_id,
            request.case_id,
            request.requested_by,
            request.reason,
            request.requested_at,
        )

    async def lock(self, case_id: UUID, request_id: UUID) -> RevealRequest | None:
        row = await self._conn.fetchrow(
            f"SELECT {_REQUEST_COLUMNS} FROM reveal_requests "
            "WHERE request_id = $1 AND case_id = $2 FOR UPDATE",
            request_id,
            case_id,
        )
        return RevealRequest(**dict(row)) if row else None

    async def save_decision(self, request: RevealRequest) -> None:
        await self._conn.execute(
            "UPDATE reveal_requests SET decision = $2, decided_by = $3, decided_at = $4, "
            "shown_at = $5 WHERE request_id = $1",
            request.request_id,
            request.decision,
            request.decided_by,
            request.decided_at,
            request.shown_at,
        )

    async def record_showing(self, request: RevealRequest, role: str) -> None:
        await self._conn.execute(
            "INSERT INTO identity_reveals "
            "(case_id, revealed_by, role, reason, approved_by, request_id, revealed_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            request.case_id,
            request.requested_by,
            role,
            request.reason,
            request.decided_by,
            request.request_id,
            request.shown_at,
        )

    async def of_case(self, case_id: UUID) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            f"SELECT {_REQUEST_COLUMNS} FROM reveal_requests WHERE case_id = $1 "
            "ORDER BY requested_at",
            case_id,
        )
        return [dict(r) for r in rows]

    async def pending(self) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            "SELECT r.request_id, r.case_id, c.case_number, r.requested_by, r.reason, "
            "r.requested_at FROM reveal_requests r JOIN cases c USING (case_id) "
            "WHERE r.decision IS NULL ORDER BY r.requested_at"
        )
        return [dict(r) for r in rows]

    async def reveals_of(self, case_id: UUID) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            "SELECT revealed_by, role, reason, approved_by, revealed_at FROM identity_reveals "
            "WHERE case_id = $1 ORDER BY id",
            case_id,
        )
        return [dict(r) for r in rows]
