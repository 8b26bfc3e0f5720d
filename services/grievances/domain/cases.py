"""Opening a grievance case: checks, numbering and the deadlines it starts with."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from shared.contracts.grievances import GrievanceSubmittedV1
from shared.errors import Rejected

from .deadlines import add_working_days
from .lifecycle import RECEIVED
from .policy import Policy


@dataclass(frozen=True)
class NewCase:
    case_id: UUID
    case_number: str
    received_at: datetime
    ack_due_on: date
    resolve_due_on: date
    status: str = RECEIVED


def check_submission(submission: GrievanceSubmittedV1) -> None:
    subject = submission.subject
    if subject.kind == "none" and subject.ref is not None:
        raise Rejected(
            "subject.ref", "must be empty when subject.kind is none", code="subject_not_expected"
        )
    if subject.kind != "none" and not subject.ref:
        raise Rejected(
            "subject.ref",
            f"is required when subject.kind is {subject.kind}",
            code="subject_required",
            params={"subject_kind": subject.kind},
        )


def case_number(year: int, sequence: int) -> str:
    return f"G-{year}-{sequence:06d}"


def new_case(
    case_id: UUID,
    submission: GrievanceSubmittedV1,
    received_at: datetime,
    received_on: date,
    sequence: int,
    policy: Policy,
) -> NewCase:
    """`received_on` is the receipt's day in the programme's time zone; clocks count from it."""
    deadlines = policy.deadlines_for(submission.kind, submission.category)
    return NewCase(
        case_id=case_id,
        case_number=case_number(received_on.year, sequence),
        received_at=received_at,
        ack_due_on=add_working_days(
            received_on, deadlines.acknowledge_working_days, policy.holidays
        ),
        resolve_due_on=add_working_days(
            received_on, deadlines.resolve_working_days, policy.holidays
        ),
    )


OFFICER_CHANNELS = ("phone", "in_person")


def check_anonymity(anonymous: bool, has_reporter: bool) -> None:
    if anonymous and has_reporter:
        raise Rejected(
            "reporter", "must be empty for an anonymous report", code="reporter_when_anonymous"
        )
    if not anonymous and not has_reporter:
        raise Rejected(
            "reporter", "is required unless the report is anonymous", code="reporter_required"
        )


def check_officer_intake(channel: str, officer: str | None, backdated: bool) -> None:
    """Phone calls and visits are recorded by an officer, who may record them after the fact."""
    if channel in OFFICER_CHANNELS and not officer:
        raise Rejected(
            "X-Acting-Assertion",
            f"a {channel} grievance is recorded by a signed-in grievance officer",
            code="officer_records_this_channel",
            params={"channel": channel},
        )
    if backdated and channel not in OFFICER_CHANNELS:
        raise Rejected(
            "received_at",
            "only an officer recording a phone call or visit may set it",
            code="backdating_not_allowed",
        )
