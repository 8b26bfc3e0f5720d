"""Opening a grievance case."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared.contracts.grievances import GrievanceSubmittedV1
from shared.errors import Rejected

RECEIVED = "received"


@dataclass(frozen=True)
class NewCase:
    case_id: UUID
    case_number: str
    received_at: datetime
    status: str = RECEIVED


def check_submission(submission: GrievanceSubmittedV1) -> None:
    subject = submission.subject
    if subject.kind == "none" and subject.ref is not None:
        raise Rejected("subject.ref", "must be empty when subject.kind is none")
    if subject.kind != "none" and not subject.ref:
        raise Rejected("subject.ref", f"is required when subject.kind is {subject.kind}")


def case_number(year: int, sequence: int) -> str:
    return f"G-{year}-{sequence:06d}"
