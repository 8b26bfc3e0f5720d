"""Whether a kitchen's daily report (or its amendment) can be accepted."""

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from shared.contracts.kitchens import DailyReportAmendmentSubmittedV1, DailyReportSubmittedV1
from shared.errors import Rejected

from .calendar import non_operating_reason
from .committee import MINIMUM_COMMITTEE
from .errors import Conflict, NonOperatingDay, UnknownKitchen

Report = DailyReportSubmittedV1
"""A daily report, or its amendment (which extends it with a reason)."""


@dataclass(frozen=True)
class ReportContext:
    """What is recorded about the kitchen and the day, read under the kitchen's row lock."""

    kitchen_id: str
    daily_capacity: int
    opening_date: date
    status_on_day: str | None
    committee_size: int
    holiday: str | None
    current_report_id: UUID | None
    fee_centavos: int | None  # None: no recovery fee was in force that day
    month_credited: bool
    parameters: dict[str, float]
    recent_totals: list[int] = field(default_factory=list)


def rations_total(report: Report) -> int:
    return report.rations_dine_in + report.rations_take_away


def check_report(report: Report, kitchen: ReportContext | None, today: date) -> ReportContext:
    if kitchen is None:
        raise UnknownKitchen(report.kitchen_id)
    _check_kitchen_may_report_that_day(report, kitchen, today)
    _check_first_or_amendment(report, kitchen)
    _check_month_still_open(report, kitchen)
    if kitchen.fee_centavos is None:
        raise Rejected(
            "report_date",
            f"no recovery fee is in force on {report.report_date}",
            code="no_fee_in_force",
            params={"day": report.report_date},
        )
    check_fees(report, kitchen.fee_centavos, kitchen.parameters["fee_tolerance_percent"])
    return kitchen


def _check_kitchen_may_report_that_day(report: Report, kitchen: ReportContext, today: date) -> None:
    """The day is not in the future, the committee is complete, and the kitchen operated."""
    if report.report_date > today:
        raise Rejected(
            "report_date",
            f"{report.report_date} is in the future (today is {today})",
            code="date_in_future",
            params={"day": report.report_date},
        )
    if kitchen.committee_size < MINIMUM_COMMITTEE:
        raise Conflict(
            "kitchen_id",
            f"the committee has {kitchen.committee_size} active members; "
            f"a kitchen needs {MINIMUM_COMMITTEE} to report",
            code="committee_incomplete",
            params={"members": kitchen.committee_size, "minimum": MINIMUM_COMMITTEE},
        )
    not_operating = non_operating_reason(
        report.report_date,
        opening_date=kitchen.opening_date,
        holiday=kitchen.holiday,
        status_on_day=kitchen.status_on_day,
    )
    if not_operating:
        raise NonOperatingDay(
            "report_date",
            not_operating.reason,
            code=not_operating.code,
            params=not_operating.params,
        )


def _check_first_or_amendment(report: Report, kitchen: ReportContext) -> None:
    """A correction is an amendment, which needs a report to amend."""
    amending = isinstance(report, DailyReportAmendmentSubmittedV1)
    if not amending and kitchen.current_report_id is not None:
        raise Conflict(
            "report_date",
            f"kitchen {report.kitchen_id} already reported {report.report_date}; "
            "a correction must be sent as an amendment",
            code="day_already_reported",
            params={"day": report.report_date},
        )
    if amending and kitchen.current_report_id is None:
        raise Conflict(
            "report_date",
            f"kitchen {report.kitchen_id} has no report for {report.report_date} to amend",
            code="nothing_to_amend",
            params={"day": report.report_date},
        )


def _check_month_still_open(report: Report, kitchen: ReportContext) -> None:
    if kitchen.month_credited:
        raise Conflict(
            "report_date",
            f"the subsidy for {report.report_date:%Y-%m} was already credited; "
            "that month's reports can no longer change",
            code="month_already_credited",
            params={"month": f"{report.report_date:%Y-%m}"},
        )


def check_fees(report: Report, fee_centavos: int, tolerance_percent: float) -> None:
    expected = rations_total(report) * fee_centavos
    allowed = expected * tolerance_percent / 100
    if abs(report.fees_collected_centavos - expected) > allowed:
        raise Rejected(
            "fees_collected_centavos",
            f"{report.fees_collected_centavos} centavos for {rations_total(report)} rations; "
            f"at the fee of {fee_centavos} centavos expected {expected} "
            f"(± {tolerance_percent:g}%)",
            code="fees_do_not_match",
            params={
                "fees_collected_centavos": report.fees_collected_centavos,
                "rations": rations_total(report),
                "fee_centavos": fee_centavos,
                "expected_centavos": expected,
                "tolerance_percent": tolerance_percent,
            },
        )
