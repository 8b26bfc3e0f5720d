"""Events of the grievances service. No event ever carries a reporter's identity."""

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .base import EventContract

# The channel reference of a case a kitchen's monitoring flag opened: this prefix, then the
# flag's id. The kitchens service reads it back from `grievances.case_closed`.
MONITORING_FLAG_REFERENCE = "kitchens.monitoring_flag:"

Kind = Literal["complaint", "request", "proposal", "non_conformity", "whistleblower_report"]
Category = Literal[
    "service_quality",
    "treatment",
    "hygiene",
    "food_quality",
    "misuse_of_subsidy",
    "corruption",
    "discrimination",
    "data_protection",
    "access_to_information",
    "other",
]
Channel = Literal["kitchen_tablet", "web", "phone", "in_person", "agency_system"]
AssigneeKind = Literal["agency", "kitchen_supervisor", "department"]
Action = Literal[
    "acknowledge",
    "assign",
    "start",
    "await_reporter",
    "resume",
    "resolve",
    "close",
    "reopen",
    "appeal",
    "reject",
]


class Subject(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["kitchen", "programme", "person", "none"]
    ref: str | None = Field(
        default=None,
        max_length=100,
        description="Kitchen code, programme/agency code or person id.",
    )


class GrievanceSubmittedV1(EventContract):
    """A grievance arriving from a channel. Named reporters are not accepted
    over Kafka: the channel keeps the identity and passes only a reference."""

    event_type = "grievances.grievance_submitted"
    event_version = 1

    channel: Channel
    channel_reference: str = Field(
        min_length=1, max_length=100, description="The channel's own id for this submission."
    )
    kind: Kind
    category: Category
    subject: Subject
    description: str = Field(min_length=1, max_length=10_000)
    anonymous: bool = True

    def partition_key(self) -> str:
        return f"{self.channel}:{self.channel_reference}"


class GrievanceReceivedV1(EventContract):
    event_type = "grievances.case_received"
    event_version = 1

    case_id: UUID
    case_number: str = Field(examples=["G-2026-000123"])
    channel: Channel
    channel_reference: str
    kind: Kind
    category: Category
    subject: Subject
    received_at: AwareDatetime

    def partition_key(self) -> str:
        return str(self.case_id)


Status = Literal[
    "received",
    "acknowledged",
    "assigned",
    "in_progress",
    "awaiting_reporter",
    "resolved",
    "closed",
    "rejected",
]


class Assignee(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: AssigneeKind
    ref: str = Field(
        min_length=1,
        max_length=100,
        description="Agency code, kitchen code (its supervisor) or department code.",
    )


class CaseTransitionedV1(EventContract):
    """A case moved through its lifecycle. Free text (answers, reasons) stays in
    the case file: it may name people."""

    event_type = "grievances.case_transitioned"
    event_version = 1

    case_id: UUID
    case_number: str = Field(examples=["G-2026-000123"])
    action: Action
    from_status: Status
    to_status: Status
    at: AwareDatetime
    by: str = Field(
        max_length=100,
        description="Officer id, `system`, or `reporter` (never the reporter's identity).",
    )
    assignee: Assignee | None = None

    def partition_key(self) -> str:
        return str(self.case_id)


class DeadlineBreachedV1(EventContract):
    """A case's acknowledgement or resolution deadline passed; the case was escalated one level."""

    event_type = "grievances.deadline_breached"
    event_version = 1

    case_id: UUID
    case_number: str = Field(examples=["G-2026-000123"])
    clock: Literal["acknowledge", "resolve"]
    due_on: date = Field(description="Last working day that was in time.")
    detected_on: date
    escalation_level: int = Field(
        ge=0, description="0 is the case officer; each breach moves one level up."
    )
    escalated_to: str = Field(examples=["department head"])

    def partition_key(self) -> str:
        return str(self.case_id)


class ReporterRepliedV1(EventContract):
    """The holder of a case's receipt added information. What was written stays in the case
    file: it may name people."""

    event_type = "grievances.reporter_replied"
    event_version = 1

    case_id: UUID
    case_number: str = Field(examples=["G-2026-000123"])
    at: AwareDatetime
    resumed: bool = Field(
        description="Whether the case was waiting for the reporter and went back to work."
    )

    def partition_key(self) -> str:
        return str(self.case_id)


class CaseEscalatedV1(EventContract):
    """A case moved to the next level's queue, because a deadline passed (`acknowledge`,
    `resolve`) or because it was still overdue when the level's own time ran out (`level`)."""

    event_type = "grievances.case_escalated"
    event_version = 1

    case_id: UUID
    case_number: str = Field(examples=["G-2026-000123"])
    from_level: int = Field(ge=0)
    to_level: int = Field(ge=1)
    level_name: str = Field(examples=["department head"])
    because: list[Literal["acknowledge", "resolve", "level"]] = Field(min_length=1)
    detected_on: date
    level_due_on: date = Field(
        description="If the case is still open after this day, it escalates again."
    )

    def partition_key(self) -> str:
        return str(self.case_id)


class GrievanceClosedV1(EventContract):
    """A case ended (closed, or rejected). It names the channel's reference, so the system that
    opened it (a kitchen's monitoring flag, `kitchens.monitoring_flag:<id>`) can close its own
    record. A case reopened or appealed later is announced by `grievances.case_transitioned`."""

    event_type = "grievances.case_closed"
    event_version = 1

    case_id: UUID
    case_number: str = Field(examples=["G-2026-000123"])
    channel: Channel
    channel_reference: str = Field(examples=["kitchens.monitoring_flag:6f1c…"])
    ended_as: Literal["closed", "rejected"]
    at: AwareDatetime

    def partition_key(self) -> str:
        return str(self.case_id)

    def monitoring_flag_id(self) -> UUID | None:
        """The flag that opened the case, when one did."""
        if not self.channel_reference.startswith(MONITORING_FLAG_REFERENCE):
            return None
        try:
            return UUID(self.channel_reference.removeprefix(MONITORING_FLAG_REFERENCE))
        except ValueError:
            return None
