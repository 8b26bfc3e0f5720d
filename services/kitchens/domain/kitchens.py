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
            "opening_date", f"{opening_date} is in the future; register a kitchen once it opens"
        )


def check_update(changes: dict[str, str | int]) -> None:
    if not changes:
        raise Rejected("body", "nothing to change")


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
    if wanted == current:
        raise Conflict("status", f"the kitchen is already {current}")
    if wanted not in ALLOWED_STATUS_CHANGES[current]:
        raise Conflict("status", f"a {current} kitchen cannot become {wanted}")
    if effective_on > today:
        raise Rejected("effective_on", f"{effective_on} is in the future (today is {today})")
    if last_report_day is not None and effective_on <= last_report_day:
        raise Conflict(
            "effective_on", f"{effective_on} is not after {last_report_day}, the last day reported"
        )
    if effective_on < last_decision_day:
        raise Conflict(
            "effective_on", f"{effective_on} is before the previous decision ({last_decision_day})"
        )
