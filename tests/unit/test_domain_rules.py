"""The skeleton's domain rules, without I/O."""

from datetime import date

import pytest

from services.beneficiaries.domain.curp import curp_format_problem
from services.grievances.domain.cases import case_number, check_submission
from services.kitchens.domain.reports import KitchenState, check_report
from shared.contracts.grievances import GrievanceSubmittedV1, Subject
from shared.contracts.kitchens import DailyReportSubmittedV1
from shared.errors import Rejected


@pytest.mark.parametrize("curp", ["HEGG560427MVZRRL04", "HECG840307MJCRRD02", "GOXP910614XDFMXB00"])
def test_well_formed_curps_pass(curp):
    assert curp_format_problem(curp) is None


@pytest.mark.parametrize(
    ("curp", "reason"),
    [
        ("HECG840307MJCRRD0", "has 17"),
        ("HECG841307MJCRRD02", "CURP format"),
        ("HECG840307QJCRRD02", "CURP format"),
        ("HECG840307MQQRRD02", "state code"),
        ("HECG840307MJCRRD03", "check digit"),
    ],
)
def test_malformed_curps_say_why(curp, reason):
    assert reason in curp_format_problem(curp)


def report(day: date) -> DailyReportSubmittedV1:
    return DailyReportSubmittedV1(kitchen_id="CDMX-IZT-0042", report_date=day, rations_dine_in=100,
                                  rations_take_away=20, fees_collected_centavos=120_000)


ACTIVE = KitchenState("CDMX-IZT-0042", "active", 250, already_reported=False)
FRIDAY = date(2026, 11, 20)


def test_a_report_for_an_operating_day_is_accepted():
    check_report(report(FRIDAY), ACTIVE, today=FRIDAY)


@pytest.mark.parametrize(
    ("kitchen", "day", "field", "words"),
    [
        (None, FRIDAY, "kitchen_id", "no kitchen"),
        (KitchenState("CDMX-IZT-0042", "suspended", 250, False), FRIDAY, "kitchen_id", "suspended"),
        (ACTIVE, date(2026, 11, 23), "report_date", "in the future"),
        (ACTIVE, date(2026, 11, 15), "report_date", "Sunday"),
        (KitchenState("CDMX-IZT-0042", "active", 250, True), FRIDAY, "report_date", "amendment"),
    ],
)
def test_a_report_is_refused_with_its_reason(kitchen, day, field, words):
    with pytest.raises(Rejected) as caught:
        check_report(report(day), kitchen, today=FRIDAY)
    assert caught.value.field == field
    assert words in caught.value.reason


def grievance(subject: Subject) -> GrievanceSubmittedV1:
    return GrievanceSubmittedV1(channel="web", channel_reference="W1", kind="complaint", category="hygiene",
                                subject=subject, description="x")


def test_a_subject_needs_its_reference():
    with pytest.raises(Rejected, match="subject.ref: is required when subject.kind is kitchen"):
        check_submission(grievance(Subject(kind="kitchen")))
    with pytest.raises(Rejected, match="must be empty"):
        check_submission(grievance(Subject(kind="none", ref="X")))
    check_submission(grievance(Subject(kind="kitchen", ref="CDMX-IZT-0042")))


def test_case_numbers_are_readable_and_sortable():
    assert case_number(2026, 123) == "G-2026-000123"
