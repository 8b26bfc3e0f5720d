"""SQL of the deadline scan. The primary key of deadline_breaches is what
keeps one breach from being raised twice, whoever scans and how often."""

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from ..domain.lifecycle import RESOLUTION_CLOCK_RUNNING

_RECORD_NEW_BREACHES = """
WITH due AS (
    SELECT case_id, case_number, escalation_level, 'acknowledge' AS clock, ack_due_on AS due_on
    FROM cases WHERE status = 'received' AND ack_due_on < $1
    UNION ALL
    SELECT case_id, case_number, escalation_level, 'resolve', resolve_due_on
    FROM cases WHERE status = ANY($2::text[]) AND resolve_due_on < $1
    UNION ALL
    SELECT case_id, case_number, escalation_level, 'level', level_due_on
    FROM cases
    WHERE status = ANY($2::text[]) AND level_due_on < $1 AND escalation_level < $3
), raised AS (
    INSERT INTO deadline_breaches (case_id, clock, due_on, detected_on, escalation_level)
    SELECT case_id, clock, due_on, $1, LEAST(escalation_level + 1, $3) FROM due
    ON CONFLICT DO NOTHING RETURNING case_id, clock, due_on, escalation_level
) SELECT raised.*, due.case_number, due.escalation_level AS from_level
FROM raised JOIN due USING (case_id, clock)
"""


_OVERDUE = """
SELECT count(*) FILTER (WHERE status = 'received' AND ack_due_on < $1) AS acknowledge,
       count(*) FILTER (WHERE status = ANY($2::text[]) AND resolve_due_on < $1) AS resolve
FROM cases
"""


class BreachesRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def wait_for_other_scans(self) -> None:
        """Scanners (one per replica) take turns, so that two never block each
        other row by row; the primary key, not this lock, is what forbids doubles."""
        await self._conn.execute(
            "SELECT pg_advisory_xact_lock(hashtext('grievances:deadline-scan'))"
        )

    async def record_new_breaches(self, today: date, top_level: int) -> list[dict[str, Any]]:
        """Inserts every breach not raised yet, at one escalation level above the
        case's current one, and returns those with their case number and former level.
        A `level` breach is a case still open when its level's own time ran out."""
        rows = await self._conn.fetch(
            _RECORD_NEW_BREACHES,
            today,
            list(RESOLUTION_CLOCK_RUNNING),
            top_level,
        )
        return [dict(r) for r in rows]

    async def escalate(self, case_ids: list[UUID], top_level: int, level_due_on: date) -> None:
        """One level up per case, once even when two of its clocks broke; the level has
        until `level_due_on`, after which a case still open goes up again."""
        await self._conn.execute(
            "UPDATE cases SET escalation_level = LEAST(escalation_level + 1, $2), "
            "level_due_on = $3 WHERE case_id = ANY($1::uuid[]) AND escalation_level < $2",
            case_ids,
            top_level,
            level_due_on,
        )

    async def overdue(self, today: date) -> dict[str, int]:
        """Open cases past a clock's due date today, per clock, whether or not the scan has
        raised their breach yet."""
        row = await self._conn.fetchrow(_OVERDUE, today, list(RESOLUTION_CLOCK_RUNNING))
        return {"acknowledge": row["acknowledge"], "resolve": row["resolve"]}
