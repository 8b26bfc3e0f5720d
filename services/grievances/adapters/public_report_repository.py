"""SQL for the public report: per-case figures of one quarter; no ids, no text."""

from datetime import datetime
from decimal import Decimal

import asyncpg

from ..domain.public_report import CaseFigures

SECONDS_PER_DAY = 86_400.0

# Every case received counts, linked or not: leaving linked cases out would let anyone
# test whether a guessed name and contact had reported a subject (the total would not move).
_FIGURES = """
SELECT kind, category, status,
       extract(epoch FROM acknowledged_at - received_at) AS ack_seconds,
       extract(epoch FROM first_resolved_at - received_at) AS resolve_seconds,
       EXISTS (
           SELECT 1 FROM deadline_breaches b
           WHERE b.case_id = c.case_id AND b.clock = 'acknowledge'
       ) AS ack_breached,
       EXISTS (
           SELECT 1 FROM deadline_breaches b
           WHERE b.case_id = c.case_id AND b.clock = 'resolve'
       ) AS resolve_breached,
       reopen_count > 0 AS reopened
FROM cases c
WHERE received_at >= $1 AND received_at < $2
"""


class PublicReportRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def figures_received_between(self, start: datetime, end: datetime) -> list[CaseFigures]:
        rows = await self._conn.fetch(_FIGURES, start, end)
        return [
            CaseFigures(
                kind=r["kind"],
                category=r["category"],
                status=r["status"],
                days_to_acknowledge=_days(r["ack_seconds"]),
                days_to_resolve=_days(r["resolve_seconds"]),
                acknowledge_breached=r["ack_breached"],
                resolve_breached=r["resolve_breached"],
                reopened=r["reopened"],
            )
            for r in rows
        ]


def _days(seconds: Decimal | None) -> float | None:
    return None if seconds is None else float(seconds) / SECONDS_PER_DAY
