"""SQL for the period aggregates behind the indicators."""

from datetime import date
from typing import Any

import asyncpg

_PER_KITCHEN = """
WITH k AS (
    SELECT kitchen_id, daily_capacity, opening_date FROM kitchens
    WHERE $3::text IS NULL OR kitchen_id = $3
),
r AS (
    SELECT kitchen_id, count(*) AS days_reported,
           sum(rations_dine_in + rations_take_away) AS rations
    FROM daily_reports WHERE report_date BETWEEN $1 AND $2 AND NOT superseded
    GROUP BY kitchen_id
),
b AS (
    SELECT kitchen_id, count(DISTINCT person) AS reached
    FROM daily_reports, unnest(beneficiary_person_ids) AS person
    WHERE report_date BETWEEN $1 AND $2 AND NOT superseded
    GROUP BY kitchen_id
),
p AS (
    SELECT kitchen_id, sum(amount_centavos)::bigint AS spent
    FROM purchases WHERE purchased_on BETWEEN $1 AND $2
    GROUP BY kitchen_id
),
f AS (
    SELECT kitchen_id, count(*) AS open_flags FROM monitoring_flags WHERE status <> 'closed'
    GROUP BY kitchen_id
)
SELECT k.kitchen_id, k.daily_capacity, k.opening_date,
       coalesce(r.days_reported, 0) AS days_reported, coalesce(r.rations, 0) AS rations,
       coalesce(b.reached, 0) AS beneficiaries_reached, coalesce(p.spent, 0) AS spent_centavos,
       coalesce(f.open_flags, 0) AS open_flags
FROM k
LEFT JOIN r USING (kitchen_id)
LEFT JOIN b USING (kitchen_id)
LEFT JOIN p USING (kitchen_id)
LEFT JOIN f USING (kitchen_id)
ORDER BY k.kitchen_id
"""

_ASPECTS = """
SELECT kitchen_id, aspect, sum(score::int) AS total, count(*) AS surveys
FROM surveys, jsonb_each_text(scores) AS s(aspect, score)
WHERE surveyed_on BETWEEN $1 AND $2 AND ($3::text IS NULL OR kitchen_id = $3)
GROUP BY kitchen_id, aspect
"""

_REACHED = """
SELECT count(DISTINCT person) FROM daily_reports, unnest(beneficiary_person_ids) AS person
WHERE report_date BETWEEN $1 AND $2 AND NOT superseded
"""


class IndicatorsRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def kitchen_rows(
        self, start: date, end: date, kitchen_id: str | None
    ) -> list[dict[str, Any]]:
        return [dict(r) for r in await self._conn.fetch(_PER_KITCHEN, start, end, kitchen_id)]

    async def aspect_totals(
        self, start: date, end: date, kitchen_id: str | None
    ) -> dict[str, dict[str, list[int]]]:
        """Kitchen id → aspect → [sum of scores, surveys]."""
        out: dict[str, dict[str, list[int]]] = {}
        for r in await self._conn.fetch(_ASPECTS, start, end, kitchen_id):
            out.setdefault(r["kitchen_id"], {})[r["aspect"]] = [r["total"], r["surveys"]]
        return out

    async def programme_reached(self, start: date, end: date) -> int:
        return await self._conn.fetchval(_REACHED, start, end)
