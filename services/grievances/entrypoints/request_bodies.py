"""Bodies of the HTTP commands. Routes take any JSON and check it with
`body_parsing.parse`, so that the officer (the verified acting person) joins the body first."""

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.grievances import Category, Kind, Subject

from ..domain.lifecycle import Action, AssigneeKind
from ..domain.notices import Medium
from ..domain.reveals import Decision

OFFICER_ID = r"^[A-Za-z0-9._@-]{1,80}$"
# A bound the database can compare against: beyond it a query fails instead of finding nothing.
MAX_OFFSET = 1_000_000


class ReporterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: str = Field(min_length=1, max_length=200)
    contact: str | None = Field(default=None, max_length=200)


class NoticesIn(BaseModel):
    """Where a named reporter wants to hear of the case's steps (never for a whistleblower
    report: its receipt is the only channel)."""

    model_config = ConfigDict(extra="forbid")

    medium: Medium
    address: str = Field(min_length=3, max_length=200, description="E-mail or phone number.")


class IntakeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Literal["web", "phone", "in_person"]
    channel_reference: str | None = Field(default=None, min_length=1, max_length=100)
    kind: Kind
    category: Category
    subject: Subject
    description: str = Field(min_length=1, max_length=10_000)
    anonymous: bool = True
    reporter: ReporterIn | None = None
    notices: NoticesIn | None = None
    received_at: AwareDatetime | None = Field(
        default=None, description="When the call or visit happened, if recorded later."
    )
    earlier_receipt: str | None = Field(
        default=None,
        max_length=100,
        description="An anonymous reporter's receipt of an earlier case.",
    )
    officer_id: str | None = Field(default=None, pattern=OFFICER_ID)


class AssigneeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: AssigneeKind
    ref: str = Field(min_length=1, max_length=100)


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Action
    assignee: AssigneeIn | None = None
    answer: str | None = Field(default=None, max_length=10_000)
    reason: str | None = Field(default=None, max_length=2_000)
    question: str | None = Field(
        default=None, max_length=2_000, description="What the reporter is asked (await_reporter)."
    )
    officer_id: str = Field(pattern=OFFICER_ID)


class CaseListShape(BaseModel):
    """Which cases a list keeps beyond its filters, in what order, and which page:
    the same for the search by filters (GET /cases) and by words (POST /cases/search)."""

    open_only: bool = Field(
        default=False, description="Only cases not yet resolved, closed or rejected."
    )
    order: Literal["received", "deadline"] = Field(
        default="received", description="Newest first, or the next due date first."
    )
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


class CaseSearchIn(CaseListShape):
    """The officers' search of the queue by words: the words may hold a name, so they travel
    in this body (never a URL or an access log); the rest is the list's shape."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1, max_length=200, description="A case number, or words of the description."
    )


class RevealRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2_000)


class RevealDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision


class ReceiptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    receipt: str = Field(min_length=10, max_length=100)


class InformationIn(ReceiptIn):
    information: str = Field(min_length=1, max_length=10_000)


class AppealIn(ReceiptIn):
    reason: str = Field(min_length=1, max_length=2_000, description="Why the decision is wrong.")
