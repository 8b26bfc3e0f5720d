"""Which days a kitchen operates: Monday to Friday, not on declared holidays,
from its opening date, and only while its status is active."""

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class NotOperating:
    """Why a kitchen did not operate on a day: the refusal's code, its English
    sentence and what a sentence in another language needs."""

    code: str
    reason: str
    params: dict[str, str] = field(default_factory=dict)


def non_operating_reason(
    day: date, *, opening_date: date, holiday: str | None, status_on_day: str | None
) -> NotOperating | None:
    on = {"day": day.isoformat()}
    if day < opening_date:
        return NotOperating(
            code="before_opening",
            reason=f"{day} is before the kitchen opened ({opening_date})",
            params={**on, "opening_date": opening_date.isoformat()},
        )
    if day.isoweekday() > 5:
        return NotOperating(
            code="not_an_operating_day",
            reason=f"{day} is a {day:%A}; kitchens operate Monday to Friday",
            params=on,
        )
    if holiday:
        return NotOperating(
            code="declared_holiday",
            reason=f"{day} is a declared holiday ({holiday})",
            params={**on, "holiday": holiday},
        )
    if status_on_day is None:
        return NotOperating(
            code="kitchen_not_registered_that_day",
            reason=f"the kitchen was not registered on {day}",
            params=on,
        )
    if status_on_day != "active":
        return NotOperating(
            code="kitchen_not_active_that_day",
            reason=f"the kitchen was {status_on_day} on {day}",
            params={**on, "kitchen_status": status_on_day},
        )
    return None


def operating_days(start: date, end: date, holidays: set[date]) -> int:
    """Weekdays in [start, end] that are not holidays."""
    count, day = 0, start
    while day <= end:
        if day.isoweekday() <= 5 and day not in holidays:
            count += 1
        day += timedelta(days=1)
    return count


# Holidays never run this long in a row, so the previous working day lies within it.
WORKING_DAY_SEARCH_DAYS = 14


def previous_working_day(today: date, holidays: set[date]) -> date:
    """The last weekday before `today` that is not a declared holiday: the day whose
    reports every active kitchen should have sent by now."""
    day = today - timedelta(days=1)
    while day.isoweekday() > 5 or day in holidays:
        day -= timedelta(days=1)
    return day
