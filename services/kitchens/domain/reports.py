"""Whether a kitchen's daily report can be accepted."""

from dataclasses import dataclass
from datetime import date

from shared.contracts.kitchens import DailyReportSubmittedV1
from shared.errors import Rejected


@dataclass(frozen=True)
class KitchenState:
    kitchen_id: str
    status: str
    daily_capacity: int
    already_reported: bool


def check_report(report: DailyReportSubmittedV1, kitchen: KitchenState | None, today: date) -> None:
    if kitchen is None:
        raise Rejected("kitchen_id", f"no kitchen {report.kitchen_id} is registered")
    if kitchen.status != "active":
        raise Rejected("kitchen_id", f"kitchen {report.kitchen_id} is {kitchen.status} and cannot report")
    if report.report_date > today:
        raise Rejected("report_date", f"{report.report_date} is in the future (today is {today})")
    if report.report_date.isoweekday() > 5:
        raise Rejected("report_date", f"{report.report_date} is a {report.report_date:%A}; kitchens operate Monday to Friday")
    if kitchen.already_reported:
        raise Rejected("report_date", f"kitchen {report.kitchen_id} already reported {report.report_date}; a correction must be sent as an amendment")
