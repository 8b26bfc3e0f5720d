"""Daily report rules: operating days, duplicates, amendments, fees,
and the monitoring they feed."""

import uuid
from dataclasses import replace
from datetime import date

import pytest
from pydantic import ValidationError

from services.kitchens.domain.errors import Conflict, NonOperatingDay, UnknownKitchen
from services.kitchens.domain.monitoring import report_flags
from services.kitchens.domain.reports import ReportContext, check_report
from shared.contracts.kitchens import DailyReportAmendmentSubmittedV1, DailyReportSubmittedV1
from shared.errors import Rejected

FRIDAY = date(2026, 11, 20)
PARAMETERS = {
    "fee_tolerance_percent": 10,
    "repeated_count_days": 5,
    "jump_window_reports": 20,
    "jump_min_history": 5,
    "jump_factor": 1.5,
}
OPEN = ReportContext(
    "CDMX-IZT-0042",
    daily_capacity=250,
    opening_date=date(2026, 1, 5),
    status_on_day="active",
    committee_size=3,
    holiday=None,
    current_report_id=None,
    fee_centavos=1000,
    month_credited=False,
    parameters=PARAMETERS,
)


def report(
    day: date = FRIDAY, dine_in: int = 100, take_away: int = 20, fees: int | None = None
) -> DailyReportSubmittedV1:
    return DailyReportSubmittedV1(
        kitchen_id="CDMX-IZT-0042",
        report_date=day,
        rations_dine_in=dine_in,
        rations_take_away=take_away,
        fees_collected_centavos=(dine_in + take_away) * 1000 if fees is None else fees,
    )


def amendment(day: date = FRIDAY) -> DailyReportAmendmentSubmittedV1:
    return DailyReportAmendmentSubmittedV1(
        **report(day).model_dump(), reason="take-away was counted twice"
    )


def test_a_report_for_an_operating_day_is_accepted():
    assert check_report(report(), OPEN, today=FRIDAY) is OPEN


def test_fees_within_the_tolerance_are_accepted():
    check_report(report(fees=120 * 1000 - 11_000), OPEN, today=FRIDAY)


def test_a_day_before_any_recovery_fee_was_in_force_is_refused_not_a_crash():
    with pytest.raises(Rejected) as refusal:
        check_report(report(day=date(2026, 1, 5)), replace(OPEN, fee_centavos=None), today=FRIDAY)
    assert refusal.value.field == "report_date"


@pytest.mark.parametrize(
    ("submitted", "kitchen", "refusal", "field", "words"),
    [
        (report(), None, UnknownKitchen, "kitchen_id", "no kitchen CDMX-IZT-0042"),
        (
            report(date(2026, 11, 23)),
            OPEN,
            None,
            "report_date",
            "2026-11-23 is in the future (today is 2026-11-20)",
        ),
        (
            report(date(2026, 11, 15)),
            OPEN,
            NonOperatingDay,
            "report_date",
            "is a Sunday; kitchens operate Monday to Friday",
        ),
        (
            report(date(2026, 11, 16)),
            replace(OPEN, holiday="Día de la Revolución"),
            NonOperatingDay,
            "report_date",
            "declared holiday (Día de la Revolución)",
        ),
        (
            report(),
            replace(OPEN, status_on_day="suspended"),
            NonOperatingDay,
            "report_date",
            "the kitchen was suspended on 2026-11-20",
        ),
        (
            report(),
            replace(OPEN, status_on_day="closed"),
            NonOperatingDay,
            "report_date",
            "was closed",
        ),
        (
            report(date(2026, 1, 2)),
            OPEN,
            NonOperatingDay,
            "report_date",
            "before the kitchen opened (2026-01-05)",
        ),
        (
            report(),
            replace(OPEN, committee_size=2),
            Conflict,
            "kitchen_id",
            "committee has 2 active members",
        ),
        (
            report(),
            replace(OPEN, current_report_id=uuid.uuid4()),
            Conflict,
            "report_date",
            "must be sent as an amendment",
        ),
        (amendment(), OPEN, Conflict, "report_date", "has no report for 2026-11-20 to amend"),
        (
            report(),
            replace(OPEN, month_credited=True),
            Conflict,
            "report_date",
            "the subsidy for 2026-11 was already credited",
        ),
        (
            report(fees=50_000),
            OPEN,
            None,
            "fees_collected_centavos",
            "50000 centavos for 120 rations",
        ),
        (report(fees=140_000), OPEN, None, "fees_collected_centavos", "expected 120000 (± 10%)"),
    ],
)
def test_a_report_is_refused_with_its_reason(submitted, kitchen, refusal, field, words):
    with pytest.raises(refusal or Exception) as caught:
        check_report(submitted, kitchen, today=FRIDAY)
    assert caught.value.field == field
    assert words in caught.value.reason


def test_an_amendment_needs_the_original():
    check_report(amendment(), replace(OPEN, current_report_id=uuid.uuid4()), today=FRIDAY)


@pytest.mark.parametrize(
    "field", ["rations_dine_in", "rations_take_away", "fees_collected_centavos"]
)
def test_negative_numbers_are_refused_by_the_contract(field):
    with pytest.raises(
        ValidationError, match=f"{field}\n  Input should be greater than or equal to 0"
    ):
        DailyReportSubmittedV1(**{**report().model_dump(), field: -1})


def rules_fired(total: int, recent: list[int], capacity: int = 250) -> list[str]:
    return [f.rule for f in report_flags(FRIDAY, total, capacity, recent, PARAMETERS)]


def test_rations_above_capacity_are_flagged_with_the_evidence():
    [flag] = report_flags(FRIDAY, 260, 250, [], PARAMETERS)
    assert flag.rule == "rations_above_capacity"
    assert flag.evidence == {"rations": 260, "daily_capacity": 250}
    assert rules_fired(250, []) == []


def test_the_same_count_many_days_in_a_row_is_flagged():
    assert rules_fired(180, [180, 180, 180, 180]) == ["repeated_count"]
    assert rules_fired(180, [180, 180, 181, 180]) == []
    assert rules_fired(180, [180, 180, 180]) == []


def test_a_sudden_jump_against_the_kitchens_own_average_is_flagged():
    assert rules_fired(240, [150, 140, 160, 150, 150]) == ["sudden_jump"]
    assert rules_fired(220, [150, 140, 160, 150, 150]) == []
    assert rules_fired(240, [150, 140, 160, 150]) == [], "too little history to judge"
