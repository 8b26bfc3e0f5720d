"""Working-day deadlines: weekends, federal holidays, pauses, month and year ends."""

from datetime import date

import pytest

from services.grievances.adapters.policy_file import load_policy
from services.grievances.domain.deadlines import (
    add_working_days,
    extend_for_pause,
    is_working_day,
    working_days_between,
)

HOLIDAYS = load_policy().holidays


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 18), 1, date(2026, 11, 19)),  # Wednesday -> Thursday
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday -> Monday
        (
            date(2026, 11, 21),
            1,
            date(2026, 11, 23),
        ),  # received on a Saturday: Monday is the first day
        (date(2026, 11, 13), 1, date(2026, 11, 17)),  # Monday 16 Nov 2026 is Revolution Day
        (date(2026, 3, 13), 3, date(2026, 3, 19)),  # Monday 16 Mar 2026 is Benito Juárez's birthday
        (date(2026, 4, 29), 3, date(2026, 5, 5)),  # month end, with 1 May (Friday) a holiday
        (date(2026, 12, 23), 3, date(2026, 12, 29)),  # Christmas on a Friday
        (date(2026, 12, 30), 2, date(2027, 1, 4)),  # year end: 1 Jan 2027 is a holiday
        (date(2027, 1, 29), 1, date(2027, 2, 2)),  # Monday 1 Feb 2027 is Constitution Day
        (date(2026, 11, 18), 0, date(2026, 11, 18)),
    ],
)
def test_due_dates_count_working_days(start, days, due):
    assert add_working_days(start, days, HOLIDAYS) == due


def test_the_calendar_knows_the_federal_holidays():
    assert not is_working_day(date(2026, 9, 16), HOLIDAYS)
    assert not is_working_day(date(2024, 10, 1), HOLIDAYS)  # change of federal government
    assert is_working_day(date(2026, 9, 17), HOLIDAYS)
    assert not is_working_day(date(2026, 9, 19), HOLIDAYS)


def test_a_pause_moves_the_due_date_by_the_working_days_it_lasted():
    # 11 to 18 December 2026: five working days paused.
    assert working_days_between(date(2026, 12, 11), date(2026, 12, 18), HOLIDAYS) == 5
    assert extend_for_pause(
        date(2026, 12, 22), date(2026, 12, 11), date(2026, 12, 18), HOLIDAYS
    ) == date(2026, 12, 30)
    # Across the year end: 24 Dec 2026 to 5 Jan 2027 holds six working days
    # (Christmas and New Year are not).
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 5), HOLIDAYS) == 6
    assert extend_for_pause(
        date(2026, 12, 24), date(2026, 12, 24), date(2027, 1, 5), HOLIDAYS
    ) == date(2027, 1, 5)


def test_a_pause_on_one_day_or_over_a_weekend_costs_nothing():
    assert extend_for_pause(
        date(2026, 11, 25), date(2026, 11, 19), date(2026, 11, 19), HOLIDAYS
    ) == date(2026, 11, 25)
    assert working_days_between(date(2026, 11, 21), date(2026, 11, 23), HOLIDAYS) == 0


def test_deadlines_depend_on_kind_and_category():
    policy = load_policy()
    assert policy.deadlines_for("complaint", "hygiene").resolve_working_days == 5
    assert policy.deadlines_for("complaint", "treatment").resolve_working_days == 15
    assert policy.deadlines_for("request", "access_to_information").acknowledge_working_days == 1
    assert policy.deadlines_for("request", "other").resolve_working_days == 20
