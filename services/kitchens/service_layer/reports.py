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
from shared.programme_clock import programme_today

from ..adapters.reports_repository import ReportsRepository
from ..domain.monitoring import report_flags
from ..domain.reports import Report, check_report, rations_total
from .monitoring_flags import raise_flags
from .publishing import publish


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
    await publish(conn, _announcement(report, report_id, amends), cause)
    flags = report_flags(
        report.report_date, total, kitchen.daily_capacity, kitchen.recent_totals, kitchen.parameters
    )
    await raise_flags(conn, report.kitchen_id, flags, cause)
    return report_id


def _announcement(
    report: Report, report_id: UUID, amends: UUID | None
) -> DailyReportAcceptedV1 | DailyReportAmendedV1:
    """An amendment announces what it replaces and why; a first report, that it was accepted."""
    figures: dict[str, Any] = {
        "report_id": report_id,
        "kitchen_id": report.kitchen_id,
        "report_date": report.report_date,
        "rations_total": rations_total(report),
        "fees_collected_centavos": report.fees_collected_centavos,
        "beneficiary_person_ids": report.beneficiary_person_ids,
    }
    if isinstance(report, DailyReportAmendmentSubmittedV1) and amends is not None:
        return DailyReportAmendedV1(**figures, amends_report_id=amends, reason=report.reason)
    return DailyReportAcceptedV1(**figures)
