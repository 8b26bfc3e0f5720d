"""Which days a kitchen operates: Monday to Friday, not on declared holidays,
from its opening date, and only while its status is active."""

from datetime import date, timedelta


def non_operating_reason(
    day: date, *, opening_date: date, holiday: str | None, status_on_day: str | None
) -> str | None:
    if day < opening_date:
        return f"{day} is before the kitchen opened ({opening_date})"
    if day.isoweekday() > 5:
        return f"{day} is a {day:%A}; kitchens operate Monday to Friday"
    if holiday:
        return f"{day} is a declared holiday ({holiday})"
    if status_on_day != "active":
        return f"the kitchen was {status_on_day or 'not registered'} on {day}"
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
