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


# A kitchen's accepted rations, day by day (the amended figure where a day was corrected).
_DAILY_RATIONS = """
SELECT report_date AS day, rations_dine_in + rations_take_away AS rations
FROM daily_reports
WHERE kitchen_id = $1 AND report_date BETWEEN $2 AND $3 AND NOT superseded
ORDER BY report_date
"""

# The purse's balance at the end of each day it moved, up to the period's last day; the
# days before the period give the balance it opened with.
_PURSE_BY_DAY = """
WITH moved AS (
    SELECT t.booked_on AS day, sum(e.amount_centavos) AS amount
    FROM ledger_entries e JOIN ledger_transactions t USING (txn_id)
    WHERE e.account = 'purse:' || $1 AND t.booked_on <= $3
    GROUP BY t.booked_on
), running AS (
    SELECT day, (sum(amount) OVER (ORDER BY day))::bigint AS balance_centavos FROM moved
)
SELECT day, balance_centavos, day < $2 AS before_period FROM running ORDER BY day
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

    async def daily_capacity(self, kitchen_id: str) -> int | None:
        capacity: int | None = await self._conn.fetchval(
            "SELECT daily_capacity FROM kitchens WHERE kitchen_id = $1", kitchen_id
        )
        return capacity

    async def daily_rations(self, kitchen_id: str, start: date, end: date) -> list[dict[str, Any]]:
        return [dict(r) for r in await self._conn.fetch(_DAILY_RATIONS, kitchen_id, start, end)]

    async def purse_by_day(
        self, kitchen_id: str, start: date, end: date
    ) -> tuple[int, list[dict[str, Any]]]:
        """The balance the period opened with, and the balance at the end of each day of
        the period the purse moved."""
        rows = await self._conn.fetch(_PURSE_BY_DAY, kitchen_id, start, end)
        before = [r["balance_centavos"] for r in rows if r["before_period"]]
        days = [
            {"day": r["day"], "balance_centavos": r["balance_centavos"]}
            for r in rows
            if not r["before_period"]
        ]
        return (before[-1] if before else 0), days
