"""SQL for the console's case search: filters become a parameterised WHERE clause."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

LISTED_COLUMNS = (
    "case_id, case_number, channel, kind, category, subject_kind, subject_ref, anonymous, "
    "internal, status, received_at, ack_due_on, resolve_due_on, escalation_level, "
    "assignee_kind, assignee_ref, related_case_id, level_due_on"
)
EQUALITY_FILTERS = (
    "status",
    "kind",
    "category",
    "channel",
    "subject_kind",
    "subject_ref",
    "assignee_kind",
    "assignee_ref",
)
# The date the case is due next: acknowledgement until acknowledged, then resolution.
NEXT_DUE = "CASE WHEN status = 'received' THEN ack_due_on ELSE resolve_due_on END"
ORDERS = {
    "received": "received_at DESC, case_number",
    "deadline": f"{NEXT_DUE} NULLS LAST, received_at, case_number",
}
FINISHED = ("resolved", "closed", "rejected")


@dataclass(frozen=True)
class CaseFilter:
    equals: dict[str, str]
    received_from: datetime | None = None
    received_to: datetime | None = None
    min_escalation_level: int | None = None
    escalation_level: int | None = None
    text: str | None = None
    open_only: bool = False
    order: str = "received"
    limit: int = 50
    offset: int = 0


class CaseSearchRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def search(self, wanted: CaseFilter) -> dict[str, Any]:
        condition, values = _where(wanted)
        total = await self._conn.fetchval(f"SELECT count(*) FROM cases WHERE {condition}", *values)
        rows = await self._conn.fetch(
            f"SELECT {LISTED_COLUMNS}, {NEXT_DUE} AS next_due_on FROM cases WHERE {condition} "
            f"ORDER BY {ORDERS[wanted.order]} "
            f"LIMIT {int(wanted.limit)} OFFSET {int(wanted.offset)}",
            *values,
        )
        return {"total": total, "cases": [dict(r) for r in rows]}


def _where(wanted: CaseFilter) -> tuple[str, list[Any]]:
    """The filter's condition, with its values as numbered parameters."""
    clauses: list[str] = []
    values: list[Any] = []

    def where(sql: str, value: Any) -> None:
        values.append(value)
        clauses.append(sql.format(f"${len(values)}"))

    for column, value in wanted.equals.items():
        if column not in EQUALITY_FILTERS:
            raise ValueError(f"{column} is not a filter")
        where(f"{column} = {{}}", value)
    if wanted.received_from:
        where("received_at >= {}", wanted.received_from)
    if wanted.received_to:
        where("received_at < {}", wanted.received_to)
    if wanted.min_escalation_level is not None:
        where("escalation_level >= {}", wanted.min_escalation_level)
    if wanted.escalation_level is not None:
        where("escalation_level = {}", wanted.escalation_level)
    if wanted.open_only:
        where("NOT (status = ANY({}))", list(FINISHED))
    if wanted.text:
        where("(case_number = {0} OR description ILIKE '%' || {0} || '%')", wanted.text)
    return " AND ".join(clauses) or "true", values
