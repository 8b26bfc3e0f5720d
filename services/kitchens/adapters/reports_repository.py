"""SQL for daily reports and their amendments."""

from uuid import UUID

import asyncpg

from ..domain.reports import Report, ReportContext
from .kitchen_subqueries import ACTIVE_MEMBERS, STATUS_ON_DAY

# One round trip gathers everything the rules need; the kitchen row lock
# serialises a kitchen's reports so the one-report-per-day check holds.
_CONTEXT = f"""
SELECT k.kitchen_id, k.daily_capacity, k.opening_date,
       {STATUS_ON_DAY} AS status_on_day,
       {ACTIVE_MEMBERS} AS committee_size,
       (SELECT h.name FROM holidays h WHERE h.day = $2) AS holiday,
       (SELECT r.report_id FROM daily_reports r
        WHERE r.kitchen_id = k.kitchen_id AND r.report_date = $2 AND NOT r.superseded
       ) AS current_report_id,
       (SELECT f.centavos FROM rates f
        WHERE f.kind = 'recovery_fee' AND f.valid_from <= $2
          AND (f.valid_until IS NULL OR f.valid_until >= $2)
        ORDER BY f.valid_from DESC LIMIT 1) AS fee_centavos,
       EXISTS (SELECT 1 FROM subsidy_credits c WHERE c.kitchen_id = k.kitchen_id
               AND c.month = date_trunc('month', $2::date)::date) AS month_credited,
       (SELECT jsonb_object_agg(p.name, p.value) FROM parameters p) AS parameters,
       ARRAY(SELECT r.rations_dine_in + r.rations_take_away FROM daily_reports r
             WHERE r.kitchen_id = k.kitchen_id AND r.report_date < $2 AND NOT r.superseded
             ORDER BY r.report_date DESC
             LIMIT (SELECT greatest(p.value, q.value)::int FROM parameters p, parameters q
                    WHERE p.name = 'jump_window_reports' AND q.name = 'repeated_count_days')
       ) AS recent_totals
FROM kitchens k WHERE k.kitchen_id = $1 FOR UPDATE OF k
"""


class ReportsRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def lock_context(self, report: Report) -> ReportContext | None:
        row = await self._conn.fetchrow(_CONTEXT, report.kitchen_id, report.report_date)
        if row is None:
            return None
        values = dict(row)
        values["parameters"] = {k: float(v) for k, v in values["parameters"].items()}
        values["recent_totals"] = list(values["recent_totals"])
        return ReportContext(**values)

    async def add(
        self,
        report_id: UUID,
        report: Report,
        source_event_id: UUID | None,
        amends: UUID | None = None,
    ) -> None:
        if amends is not None:
            await self._conn.execute(
                "UPDATE daily_reports SET superseded = true WHERE report_id = $1", amends
            )
        await self._conn.execute(
            """
            INSERT INTO daily_reports (
                report_id, kitchen_id, report_date, rations_dine_in, rations_take_away,
                fees_collected_centavos, beneficiary_person_ids, source_event_id,
                amends_report_id, amendment_reason
            ) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            report_id,
            report.kitchen_id,
            report.report_date,
            report.rations_dine_in,
            report.rations_take_away,
            report.fees_collected_centavos,
            report.beneficiary_person_ids,
            source_event_id,
            amends,
            getattr(report, "reason", None),
        )
