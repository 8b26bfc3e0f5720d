"""Intake over HTTP: the web console, and officers recording phone calls and visits."""

from datetime import UTC, datetime
from typing import Any, Literal
from uuid import uuid4

from fastapi import APIRouter, Header, Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.contracts.grievances import Category, GrievanceSubmittedV1, Kind, Subject
from shared.errors import Rejected
from shared.http_refusals import refused
from shared.runtime import database_from

from ..adapters.policy_file import load_policy
from ..domain.cases import check_anonymity, check_officer_intake
from ..domain.reporters import Reporter
from ..service_layer.intake import Intake, open_case
from .bodies import OFFICER_ID, JsonBody, documented, parse

router = APIRouter(prefix="/cases", tags=["intake"])


class ReporterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: str = Field(min_length=1, max_length=200)
    contact: str | None = Field(default=None, max_length=200)


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
    received_at: AwareDatetime | None = Field(
        default=None, description="When the call or visit happened, if recorded later."
    )
    earlier_receipt: str | None = Field(
        default=None,
        max_length=100,
        description="An anonymous reporter's receipt of an earlier case.",
    )
    officer_id: str | None = Field(default=None, pattern=OFFICER_ID)


def _intake(body: IntakeIn, now: datetime) -> tuple[GrievanceSubmittedV1, Intake]:
    received_at = body.received_at or now
    if received_at > now:
        raise Rejected("received_at", "cannot be in the future")
    check_anonymity(body.anonymous, body.reporter is not None)
    check_officer_intake(body.channel, body.officer_id, body.received_at is not None)
    submission = GrievanceSubmittedV1(
        channel=body.channel,
        channel_reference=body.channel_reference or f"http:{uuid4()}",
        kind=body.kind,
        category=body.category,
        subject=body.subject,
        description=body.description,
        anonymous=body.anonymous,
    )
    reporter = Reporter(body.reporter.full_name, body.reporter.contact) if body.reporter else None
    by_whom = body.officer_id or f"channel:{body.channel}"
    return submission, Intake(
        received_at,
        by_whom,
        intake_officer=body.officer_id,
        reporter=reporter,
        issue_receipt=body.anonymous,
        earlier_receipt=body.earlier_receipt,
    )


@router.post("", status_code=201, openapi_extra=documented(IntakeIn, "officer_id"))
async def submit(
    request: Request,
    response: Response,
    body: JsonBody,
    x_officer_id: str | None = Header(default=None),
) -> dict[str, Any]:
    """A receipt is returned once, to an anonymous reporter; only its hash is kept."""
    parsed = parse(IntakeIn, body, officer_id=x_officer_id)
    try:
        submission, intake = _intake(parsed, datetime.now(UTC))
        async with database_from(request).pool.acquire() as conn, conn.transaction():
            opened = await open_case(conn, load_policy(), submission, intake)
    except Rejected as exc:
        raise refused(exc, 422) from None
    if opened.case_id is None:
        response.status_code = 200
        return {"case_number": opened.case_number, "already_open": True}
    return {
        "case_id": opened.case_id,
        "case_number": opened.case_number,
        "receipt": opened.receipt,
        "related_case_id": opened.related_case_id,
    }
