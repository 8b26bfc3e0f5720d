"""The skeleton's domain rules, without I/O."""

import re

import pytest

from services.beneficiaries.domain.curp import curp_format_problem
from services.grievances.domain.cases import case_number, check_submission
from shared.contracts.grievances import GrievanceSubmittedV1, Subject
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


def grievance(subject: Subject) -> GrievanceSubmittedV1:
    return GrievanceSubmittedV1(
        channel="web",
        channel_reference="W1",
        kind="complaint",
        category="hygiene",
        subject=subject,
        description="x",
    )


def test_a_subject_needs_its_reference():
    with pytest.raises(
        Rejected, match=re.escape("subject.ref: is required when subject.kind is kitchen")
    ):
        check_submission(grievance(Subject(kind="kitchen")))
    with pytest.raises(Rejected, match="must be empty"):
        check_submission(grievance(Subject(kind="none", ref="X")))
    check_submission(grievance(Subject(kind="kitchen", ref="CDMX-IZT-0042")))


def test_case_numbers_are_readable_and_sortable():
    assert case_number(2026, 123) == "G-2026-000123"
