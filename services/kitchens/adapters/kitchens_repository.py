"""SQL for kitchens and their daily reports."""

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from shared.contracts.kitchens import DailyReportSubmittedV1, KitchenRegisteredV1

from ..domain.reports import KitchenState


class KitchensRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def lock_for_report(self, kitchen_id: str, report_date: date) -> KitchenState | None:
        # Locking the kitchen row serialises its reports, so the duplicate-day check holds.
        row = await self._conn.fetchrow(
            "SELECT kitchen_id, status, daily_capacity, EXISTS (SELECT 1 FROM daily_reports r "
            "WHERE r.kitchen_id = k.kitchen_id AND r.report_date = $2) AS already_reported "
            "FROM kitchens k WHERE kitchen_id = $1 FOR UPDATE",
            kitchen_id,
            report_date,
        )
        return KitchenState(**dict(row)) if row else None

    async def add_report(self, report_id: UUID, report: DailyReportSubmittedV1, source_event_id: UUID) -> None:
        await self._conn.execute(
            "INSERT INTO daily_reports (report_id, kitchen_id, report_date, rations_dine_in, rations_take_away, "
            "fees_collected_centavos, beneficiary_person_ids, source_event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            report_id, report.kitchen_id, report.report_date, report.rations_dine_in, report.rations_take_away,
            report.fees_collected_centavos, report.beneficiary_person_ids, source_event_id,
        )

    async def add_kitchen(self, kitchen: KitchenRegisteredV1) -> bool:
        inserted = await self._conn.fetchval(
            "INSERT INTO kitchens (kitchen_id, name, alcaldia, colonia, daily_capacity) VALUES ($1, $2, $3, $4, $5) "
            "ON CONFLICT (kitchen_id) DO NOTHING RETURNING true",
            kitchen.kitchen_id, kitchen.name, kitchen.alcaldia, kitchen.colonia, kitchen.daily_capacity,
        )
        return bool(inserted)

    async def kitchen_with_reports(self, kitchen_id: str) -> dict[str, Any] | None:
        kitchen = await self._conn.fetchrow("SELECT * FROM kitchens WHERE kitchen_id = $1", kitchen_id)
        if kitchen is None:
            return None
        reports = await self._conn.fetch(
            "SELECT report_id, report_date, rations_dine_in, rations_take_away, fees_collected_centavos "
            "FROM daily_reports WHERE kitchen_id = $1 ORDER BY report_date DESC LIMIT 60",
            kitchen_id,
        )
        return {**dict(kitchen), "reports": [dict(r) for r in reports]}
