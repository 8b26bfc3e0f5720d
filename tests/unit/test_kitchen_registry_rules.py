"""Registry rules: committees of at least three, status decisions, surveys, indicators."""

import uuid
from datetime import date

import pytest

from services.kitchens.domain.calendar import operating_days
from services.kitchens.domain.committee import (
    Member,
    check_founding_committee,
    check_joining,
    check_leaving,
)
from services.kitchens.domain.errors import Conflict
from services.kitchens.domain.indicators import Figures, indicators
from services.kitchens.domain.kitchens import check_opening, check_status_change, check_update
from services.kitchens.domain.surveys import check_complete, judge
from shared.errors import Rejected

TODAY = date(2026, 11, 20)
THREE = [
    Member(uuid.uuid4(), role, date(2026, 1, 5)) for role in ("president", "treasurer", "member")
]


def test_a_founding_committee_needs_three_members_and_one_president():
    check_founding_committee(["president", "treasurer", "member"])
    with pytest.raises(Conflict, match="2 members given; a committee needs at least 3"):
        check_founding_committee(["president", "member"])
    with pytest.raises(Conflict, match="a committee has one president; 2 given") as caught:
        check_founding_committee(["president", "president", "member"])
    assert caught.value.field == "role"


def test_a_second_treasurer_or_a_future_member_cannot_join():
    check_joining(THREE, "member", TODAY, TODAY)
    with pytest.raises(Conflict, match="one treasurer"):
        check_joining(THREE, "treasurer", TODAY, TODAY)
    with pytest.raises(Rejected, match="2026-11-23 is in the future") as caught:
        check_joining(THREE, "member", date(2026, 11, 23), TODAY)
    assert caught.value.field == "joined_on"


def test_a_voluntary_departure_cannot_leave_fewer_than_three():
    with pytest.raises(
        Conflict, match="would have 2 active members; at least 3 are required"
    ) as caught:
        check_leaving(THREE, THREE[0].member_id, TODAY, unavoidable=False, today=TODAY)
    assert caught.value.field == "member_id"
    four = [*THREE, Member(uuid.uuid4(), "member", date(2026, 6, 1))]
    assert check_leaving(four, THREE[0].member_id, TODAY, unavoidable=False, today=TODAY) == 3


def test_an_unavoidable_departure_is_recorded_below_the_minimum():
    assert check_leaving(THREE, THREE[1].member_id, TODAY, unavoidable=True, today=TODAY) == 2


@pytest.mark.parametrize(
    ("member_id", "left_on", "field", "words"),
    [
        (uuid.uuid4(), TODAY, "member_id", "is not an active member"),
        (THREE[0].member_id, date(2025, 1, 1), "left_on", "before the member joined"),
        (THREE[0].member_id, date(2026, 11, 21), "left_on", "is in the future"),
    ],
)
def test_a_departure_is_refused_with_its_reason(member_id, left_on, field, words):
    with pytest.raises(Rejected) as caught:
        check_leaving(THREE, member_id, left_on, unavoidable=True, today=TODAY)
    assert caught.value.field == field and words in caught.value.reason


def test_status_decisions():
    check_status_change(
        "active",
        "suspended",
        TODAY,
        today=TODAY,
        last_report_day=date(2026, 11, 19),
        last_decision_day=date(2026, 1, 5),
    )
    check_status_change(
        "suspended", "active", TODAY, today=TODAY, last_report_day=None, last_decision_day=TODAY
    )


@pytest.mark.parametrize(
    ("current", "wanted", "effective_on", "last_report", "field", "words"),
    [
        ("active", "active", TODAY, None, "status", "already active"),
        ("closed", "active", TODAY, None, "status", "a closed kitchen cannot become active"),
        ("active", "suspended", date(2026, 11, 23), None, "effective_on", "in the future"),
        (
            "active",
            "suspended",
            date(2026, 11, 19),
            date(2026, 11, 19),
            "effective_on",
            "not after 2026-11-19, the last day reported",
        ),
        (
            "active",
            "closed",
            date(2025, 12, 1),
            None,
            "effective_on",
            "before the previous decision (2026-01-05)",
        ),
    ],
)
def test_a_status_decision_is_refused_with_its_reason(
    current, wanted, effective_on, last_report, field, words
):
    with pytest.raises(Rejected) as caught:
        check_status_change(
            current,
            wanted,
            effective_on,
            today=TODAY,
            last_report_day=last_report,
            last_decision_day=date(2026, 1, 5),
        )
    assert caught.value.field == field and words in caught.value.reason


def test_registry_inputs_are_checked():
    with pytest.raises(Rejected, match="in the future"):
        check_opening(date(2026, 12, 1), TODAY)
    with pytest.raises(Rejected, match="nothing to change"):
        check_update({})


SCORES = {
    "service_quality": 4,
    "treatment": 4,
    "hygiene_and_upkeep": 4,
    "food_quality": 4,
    "use_of_subsidy": 4,
    "attention_to_requests": 4,
}


def test_a_survey_below_the_average_or_on_one_aspect_is_low():
    assert judge(SCORES, 3, 2).below_threshold is False
    low_average = judge({k: 2 for k in SCORES}, 3, 2)
    assert (low_average.below_threshold, low_average.aspects_below, low_average.average) == (
        True,
        [],
        2.0,
    )
    one_aspect = judge({**SCORES, "hygiene_and_upkeep": 1}, 3, 2)
    assert (one_aspect.below_threshold, one_aspect.aspects_below) == (True, ["hygiene_and_upkeep"])


def test_a_survey_must_score_every_aspect():
    with pytest.raises(Rejected, match="missing: use_of_subsidy") as caught:
        check_complete({k: v for k, v in SCORES.items() if k != "use_of_subsidy"})
    assert caught.value.field == "scores.use_of_subsidy"


def test_operating_days_skip_weekends_and_holidays():
    assert operating_days(date(2026, 11, 16), date(2026, 11, 22), {date(2026, 11, 16)}) == 4


def test_indicators_divide_safely():
    figures = Figures(
        operating_days=20,
        days_reported=19,
        rations=3800,
        capacity_rations=5000,
        beneficiaries_reached=40,
        spent_centavos=4_180_000,
        open_flags=1,
        aspect_totals={"treatment": [9, 2]},
    )
    shown = indicators(figures)
    assert shown["rations_per_operating_day"] == 190.0
    assert shown["capacity_use"] == 0.76
    assert shown["cost_per_ration_centavos"] == 1100.0
    assert shown["satisfaction_by_aspect"] == {"treatment": 4.5}
    assert indicators(Figures())["cost_per_ration_centavos"] is None
