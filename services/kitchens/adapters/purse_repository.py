"""SQL for purchases, the purse ledger and monthly subsidy credits."""

from datetime import date
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.kitchens import PurchaseSubmittedV1

from ..domain.ledger import Posting, purse
from ..domain.purchases import PurchaseContext
from ..domain.subsidy import KitchenMonth
from .kitchen_subqueries import STATUS_ON_DAY

# The kitchen row lock serialises a kitchen's purse movements.
_PURCHASE_CONTEXT = f"""
SELECT k.opening_date, {STATUS_ON_DAY} AS status_on_day,
       EXISTS (
           SELECT 1 FROM purchases p
           WHERE p.kitchen_id = k.kitchen_id AND p.receipt_reference = $3
       ) AS receipt_already_recorded
FROM kitchens k WHERE k.kitchen_id = $1 FOR UPDATE OF k
"""

_MONTH_RATIONS = """
SELECT report_date, rations_dine_in + rations_take_away AS rations,
       EXISTS (
           SELECT 1 FROM subsidy_credits c WHERE c.kitchen_id = $1 AND c.month = $2
       ) AS credited
FROM daily_reports
WHERE kitchen_id = $1 AND report_date >= $2 AND report_date < $3 AND NOT superseded
"""

_SPENDING_PER_RATION = """
SELECT r.kitchen_id, coalesce(p.spent, 0)::float / r.rations AS per_ration
FROM (
    SELECT kitchen_id, sum(rations_dine_in + rations_take_away) AS rations
    FROM daily_reports
    WHERE report_date >= $1 AND report_date < $2 AND NOT superseded
    GROUP BY kitchen_id
) r
LEFT JOIN (
    SELECT kitchen_id, sum(amount_centavos) AS spent
    FROM purchases
    WHERE purchased_on >= $1 AND purchased_on < $2
    GROUP BY kitchen_id
) p USING (kitchen_id)
WHERE r.rations > 0
"""

# Every kitchen's accepted rations per day of a month (the subsidy preview), and whether
# the month was already credited to it.
_MONTH_RATIONS_ALL = """
SELECT r.kitchen_id, k.name, r.report_date, r.rations_dine_in + r.rations_take_away AS rations,
       EXISTS (
           SELECT 1 FROM subsidy_credits c WHERE c.kitchen_id = r.kitchen_id AND c.month = $1
       ) AS credited
FROM daily_reports r JOIN kitchens k USING (kitchen_id)
WHERE r.report_date >= $1 AND r.report_date < $2 AND NOT r.superseded
ORDER BY k.name, r.kitchen_id, r.report_date
"""


class PurseRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def lock_for_purchase(self, purchase: PurchaseSubmittedV1) -> PurchaseContext | None:
        row = await self._conn.fetchrow(
            _PURCHASE_CONTEXT,
            purchase.kitchen_id,
            purchase.purchased_on,
            purchase.receipt_reference,
        )
        return PurchaseContext(**dict(row)) if row else None

    async def add_purchase(
        self, purchase_id: UUID, purchase: PurchaseSubmittedV1, source_event_id: UUID | None
    ) -> None:
        await self._conn.execute(
            """
            INSERT INTO purchases (
                purchase_id, kitchen_id, purchased_on, supplier, category, amount_centavos,
                receipt_reference, source_event_id
            ) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            purchase_id,
            purchase.kitchen_id,
            purchase.purchased_on,
            purchase.supplier,
            purchase.category,
            purchase.amount_centavos,
            purchase.receipt_reference,
            source_event_id,
        )

    async def post(
        self,
        kind: str,
        kitchen_id: str,
        booked_on: date,
        reference: str,
        postings: tuple[Posting, ...],
    ) -> UUID:
        txn_id = uuid4()
        await self._conn.execute(
            "INSERT INTO ledger_transactions (txn_id, kind, kitchen_id, booked_on, reference) "
            "VALUES ($1, $2, $3, $4, $5)",
            txn_id,
            kind,
            kitchen_id,
            booked_on,
            reference,
        )
        await self._conn.execute(
            "INSERT INTO ledger_entries (txn_id, account, amount_centavos) "
            "SELECT $1, a, n FROM unnest($2::text[], $3::bigint[]) AS e(a, n)",
            txn_id,
            [p.account for p in postings],
            [p.amount_centavos for p in postings],
        )
        return txn_id

    async def balance(self, kitchen_id: str) -> int:
        return await self._conn.fetchval(
            "SELECT coalesce(sum(amount_centavos), 0)::bigint FROM ledger_entries "
            "WHERE account = $1",
            purse(kitchen_id),
        )

    async def kitchens_to_credit(self, start: date, end: date) -> list[str]:
        """Kitchens with accepted rations in [start, end)."""
        rows = await self._conn.fetch(
            """
            SELECT kitchen_id FROM daily_reports
            WHERE report_date >= $1 AND report_date < $2 AND NOT superseded
            GROUP BY kitchen_id HAVING sum(rations_dine_in + rations_take_away) > 0
            ORDER BY kitchen_id
            """,
            start,
            end,
        )
        return [r["kitchen_id"] for r in rows]

    async def lock_uncredited_month(
        self, kitchen_id: str, start: date, end: date
    ) -> dict[date, int] | None:
        """The kitchen's rations per day of the month, read under its row lock so no
        report slips in between reading and crediting; None when already credited."""
        await self._conn.execute(
            "SELECT 1 FROM kitchens WHERE kitchen_id = $1 FOR UPDATE", kitchen_id
        )
        rows = await self._conn.fetch(_MONTH_RATIONS, kitchen_id, start, end)
        if not rows or rows[0]["credited"]:
            return None
        return {r["report_date"]: r["rations"] for r in rows}

    async def record_credit(
        self, kitchen_id: str, month: date, rations: int, amount: int, txn_id: UUID
    ) -> None:
        await self._conn.execute(
            "INSERT INTO subsidy_credits (kitchen_id, month, rations, amount_centavos, txn_id) "
            "VALUES ($1, $2, $3, $4, $5)",
            kitchen_id,
            month,
            rations,
            amount,
            txn_id,
        )

    async def spending_per_ration(self, start: date, end: date) -> dict[str, float]:
        rows = await self._conn.fetch(_SPENDING_PER_RATION, start, end)
        return {r["kitchen_id"]: r["per_ration"] for r in rows}

    async def month_of_every_kitchen(self, start: date, end: date) -> list[KitchenMonth]:
        months: dict[str, KitchenMonth] = {}
        for r in await self._conn.fetch(_MONTH_RATIONS_ALL, start, end):
            month = months.setdefault(
                r["kitchen_id"], KitchenMonth(r["kitchen_id"], r["name"], {}, r["credited"])
            )
            month.rations_by_day[r["report_date"]] = r["rations"]
        return list(months.values())
