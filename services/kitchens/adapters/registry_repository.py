"""SQL for the kitchen registry: kitchens, their status history and change log."""

import json
from datetime import date
from typing import Any

import asyncpg

from ..domain.commands import RegisterKitchen

_LOCK_KITCHEN = """
SELECT k.*,
       (SELECT max(report_date) FROM daily_reports r
        WHERE r.kitchen_id = k.kitchen_id) AS last_report_day,
       (SELECT max(effective_on) FROM kitchen_status_periods s
        WHERE s.kitchen_id = k.kitchen_id) AS last_decision_day
FROM kitchens k WHERE kitchen_id = $1 FOR UPDATE
"""

# The sections of a kitchen's page, each read with the kitchen id as $1.
_VIEW_SECTIONS = {
    "committee": """
        SELECT member_id, full_name, role, person_id, joined_on, left_on, leave_reason
        FROM committee_members WHERE kitchen_id = $1 ORDER BY joined_on, full_name
        """,
    "status_history": """
        SELECT status, effective_on, reason, decided_by FROM kitchen_status_periods
        WHERE kitchen_id = $1 ORDER BY recorded_at
        """,
    "history": """
        SELECT change, details, decided_by, recorded_at FROM kitchen_history
        WHERE kitchen_id = $1 ORDER BY change_id
        """,
    "reports": """
        SELECT report_id, report_date, rations_dine_in, rations_take_away,
               fees_collected_centavos, amends_report_id, superseded
        FROM daily_reports WHERE kitchen_id = $1
        ORDER BY report_date DESC, superseded LIMIT 60
        """,
    "open_flags": """
        SELECT flag_id, rule, observed_on, summary, evidence, status, review_reason, reviewed_by
        FROM monitoring_flags
        WHERE kitchen_id = $1 AND status <> 'closed' ORDER BY observed_on DESC
        """,
    "closed_flags": """
        SELECT flag_id, rule, observed_on, evidence, review_reason, reviewed_by, reviewed_at
        FROM monitoring_flags
        WHERE kitchen_id = $1 AND status = 'closed'
        ORDER BY reviewed_at DESC NULLS LAST, observed_on DESC LIMIT 30
        """,
    "purse_ledger": """
        SELECT t.booked_on, t.kind, t.reference, e.amount_centavos
        FROM ledger_entries e JOIN ledger_transactions t USING (txn_id)
        WHERE e.account = 'purse:' || $1
        ORDER BY t.booked_on DESC, e.entry_id DESC LIMIT 60
        """,
    "surveys": """
        SELECT survey_id, surveyed_on, scores, average_score, comment FROM surveys
        WHERE kitchen_id = $1 ORDER BY surveyed_on DESC, survey_id LIMIT 30
        """,
}


class RegistryRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def add_kitchen(self, command: RegisterKitchen) -> bool:
        inserted = await self._conn.fetchval(
            """
            INSERT INTO kitchens (
                kitchen_id, name, alcaldia, colonia, marginalisation, daily_capacity, opening_date
            ) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (kitchen_id) DO NOTHING RETURNING true
            """,
            command.kitchen_id,
            command.name,
            command.alcaldia,
            command.colonia,
            command.marginalisation,
            command.daily_capacity,
            command.opening_date,
        )
        return bool(inserted)

    async def lock_kitchen(self, kitchen_id: str) -> dict[str, Any] | None:
        row = await self._conn.fetchrow(_LOCK_KITCHEN, kitchen_id)
        return dict(row) if row else None

    async def update_kitchen(self, kitchen_id: str, changes: dict[str, str | int]) -> None:
        # Column names come from the command model's fields, never from the request's keys.
        assignments = ", ".join(f"{column} = ${n}" for n, column in enumerate(changes, start=2))
        await self._conn.execute(
            f"UPDATE kitchens SET {assignments} WHERE kitchen_id = $1",
            kitchen_id,
            *changes.values(),
        )

    async def set_status(
        self, kitchen_id: str, status: str, effective_on: date, reason: str, decided_by: str
    ) -> None:
        await self._conn.execute(
            "UPDATE kitchens SET status = $2 WHERE kitchen_id = $1", kitchen_id, status
        )
        await self._conn.execute(
            "INSERT INTO kitchen_status_periods "
            "(kitchen_id, status, effective_on, reason, decided_by) VALUES ($1, $2, $3, $4, $5)",
            kitchen_id,
            status,
            effective_on,
            reason,
            decided_by,
        )

    async def log_change(
        self, kitchen_id: str, change: str, details: dict[str, Any], decided_by: str
    ) -> None:
        await self._conn.execute(
            "INSERT INTO kitchen_history (kitchen_id, change, details, decided_by) "
            "VALUES ($1, $2, $3, $4)",
            kitchen_id,
            change,
            json.loads(json.dumps(details, default=str)),
            decided_by,
        )

    async def kitchen_view(self, kitchen_id: str) -> dict[str, Any] | None:
        kitchen = await self._conn.fetchrow(
            "SELECT * FROM kitchens WHERE kitchen_id = $1", kitchen_id
        )
        if kitchen is None:
            return None
        view = dict(kitchen)
        for name, query in _VIEW_SECTIONS.items():
            view[name] = [dict(r) for r in await self._conn.fetch(query, kitchen_id)]
        view["purse_balance_centavos"] = await self._conn.fetchval(
            "SELECT coalesce(sum(amount_centavos), 0)::bigint FROM ledger_entries "
            "WHERE account = 'purse:' || $1",
            kitchen_id,
        )
        return view
