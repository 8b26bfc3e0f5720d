"""Rules of the kitchen registry: attribute changes and status decisions."""

from datetime import date

from shared.errors import Rejected

from .errors import Conflict

ALLOWED_STATUS_CHANGES = {
    "active": {"suspended", "closed"},
    "suspended": {"active", "closed"},
    "closed": set(),
}


def check_opening(opening_date: date, today: date) -> None:
    if opening_date > today:
        raise Rejected(
            "opening_date",
            f"{opening_date} is in the future; register a kitchen once it opens",
            code="date_in_future",
            params={"day": opening_date},
        )


def check_update(changes: dict[str, str | int]) -> None:
    if not changes:
        raise Rejected("body", "nothing to change", code="nothing_to_change")


def check_status_change(
    current: str,
    wanted: str,
    effective_on: date,
    *,
    today: date,
    last_report_day: date | None,
    last_decision_day: date,
) -> None:
    """A decision cannot rewrite days already reported, nor go back before the previous decision."""
    _check_transition(current, wanted)
    if effective_on > today:
        raise Rejected(
            "effective_on",
            f"{effective_on} is in the future (today is {today})",
            code="date_in_future",
            params={"day": effective_on},
        )
    if last_report_day is not None and effective_on <= last_report_day:
        raise Conflict(
            "effective_on",
            f"{effective_on} is not after {last_report_day}, the last day reported",
            code="not_after_last_report",
            params={"day": effective_on, "last_report_day": last_report_day},
        )
    if effective_on < last_decision_day:
        raise Conflict(
            "effective_on",
            f"{effective_on} is before the previous decision ({last_decision_day})",
            code="before_previous_decision",
            params={"day": effective_on, "last_decision_day": last_decision_day},
        )


def _check_transition(current: str, wanted: str) -> None:
    if wanted == current:
        raise Conflict(
            "status",
            f"the kitchen is already {current}",
            code="already_in_status",
            params={"kitchen_status": current},
        )
    if wanted not in ALLOWED_STATUS_CHANGES[current]:
        raise Conflict(
            "status",
            f"a {current} kitchen cannot become {wanted}",
            code="status_change_not_allowed",
            params={"kitchen_status": current, "wanted_status": wanted},
        )
