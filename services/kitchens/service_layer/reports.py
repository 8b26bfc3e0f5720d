"""Daily reports and their amendments: check, store, monitor, announce."""

from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.kitchens import (
    DailyReportAcceptedV1,
    DailyReportAmendedV1,
    DailyReportAmendmentSubmittedV1,
)
from shared.envelope import Envelope

from ..adapters.reports_repository import ReportsRepository
from ..domain.monitoring import report_flags
from ..domain.reports import Report, check_report, rations_total
from .events import programme_today, publish, raise_flags


async def take_report(
    conn: asyncpg.Connection, report: Report, cause: Envelope[Any] | None
) -> UUID:
    """Must run inside the caller's transaction. Returns the new report's id."""
    repository = ReportsRepository(conn)
    kitchen = check_report(report, await repository.lock_context(report), programme_today())
    report_id, total = uuid4(), rations_total(report)
    amends = (
        kitchen.current_report_id if isinstance(report, DailyReportAmendmentSubmittedV1) else None
    )
    await repository.add(report_id, report, cause.event_id if cause else None, amends)
    if amends is None:
        await publish(
            conn,
            DailyReportAcceptedV1(
                report_id=report_id,
                kitchen_id=report.kitchen_id,
                report_date=report.report_date,
                rations_total=total,
                fees_collected_centavos=report.fees_collected_centavos,
                beneficiary_person_ids=report.beneficiary_person_ids,
            ),
            cause,
        )
    else:
        await publish(
            conn,
            DailyReportAmendedV1(
                report_id=report_id,
                amends_report_id=amends,
                kitchen_id=report.kitchen_id,
                report_date=report.report_date,
                rations_total=total,
                fees_collected_centavos=report.fees_collected_centavos,
                beneficiary_person_ids=report.beneficiary_person_ids,
                reason=report.reason,
            ),
            cause,
        )
    flags = report_flags(
        report.report_date, total, kitchen.daily_capacity, kitchen.recent_totals, kitchen.parameters
    )
    await raise_flags(conn, report.kitchen_id, flags, cause)
    return report_id
