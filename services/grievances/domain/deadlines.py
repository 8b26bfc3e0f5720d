"""Working-day arithmetic for the acknowledgement and resolution clocks.

A clock started on day D is due on the Nth working day after D (D itself
never counts, so a case received late on a Friday still gets N full days).
Working days are Monday to Friday, minus the holiday calendar. Days spent
waiting for the reporter push the due date out by as many working days."""

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def is_working_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset[date]) -> date:
    day = start
    remaining = days
    while remaining > 0:
        day += ONE_DAY
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(first: date, last: date, holidays: frozenset[date]) -> int:
    """Working days d with first <= d < last."""
    count = 0
    day = first
    while day < last:
        count += is_working_day(day, holidays)
        day += ONE_DAY
    return count


def extend_for_pause(
    due: date, paused_on: date, resumed_on: date, holidays: frozenset[date]
) -> date:
    return add_working_days(due, working_days_between(paused_on, resumed_on, holidays), holidays)
