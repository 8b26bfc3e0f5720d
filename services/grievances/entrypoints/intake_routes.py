"""Intake over HTTP: the web console, and officers recording phone calls and visits."""

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from fastapi import APIRouter, Request, Response

from shared.contracts.grievances import GrievanceSubmittedV1
from shared.errors import Rejected
from shared.http_refusals import refused
from shared.roles import Role
from shared.runtime import database_from
from shared.service_auth import acting_from

from ..adapters.policy_file import load_policy
from ..domain.cases import check_anonymity, check_officer_intake
from ..domain.notices import check_notice_request, notice_address
from ..domain.reporters import Reporter
from ..domain.sealed_identities import SealedAddress, SealedIdentity, Sealer
from ..service_layer.intake import Intake, open_case
from .body_parsing import JsonBody, documented, parse
from .request_bodies import IntakeIn
from .roles_served import ROUTE_ROLES

router = APIRouter(prefix="/cases", tags=["intake"], dependencies=ROUTE_ROLES.dependencies)


def _intake(body: IntakeIn, now: datetime, sealer: Sealer) -> tuple[GrievanceSubmittedV1, Intake]:
    received_at = body.received_at or now
    if received_at > now:
        raise Rejected("received_at", "cannot be in the future", code="date_in_future")
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
    reporter, address = _sealed(body, sealer)
    by_whom = body.officer_id or f"channel:{body.channel}"
    # Every reporter gets a receipt, named or not: it is how the case is followed.
    return submission, Intake(
        received_at,
        by_whom,
        intake_officer=body.officer_id,
        reporter=reporter,
        notice_address=address,
        issue_receipt=True,
        earlier_receipt=body.earlier_receipt,
    )


def _sealed(body: IntakeIn, sealer: Sealer) -> tuple[SealedIdentity | None, SealedAddress | None]:
    """Sealed here, at the edge: nothing further in sees the name or the address."""
    reporter = (
        sealer.seal(Reporter(body.reporter.full_name, body.reporter.contact))
        if body.reporter
        else None
    )
    if body.notices is None:
        return reporter, None
    check_notice_request(body.kind, body.anonymous)
    address = notice_address(body.notices.medium, body.notices.address)
    return reporter, sealer.seal_address(address)


@router.post("", status_code=201, openapi_extra=documented(IntakeIn, "officer_id"))
async def submit(request: Request, response: Response, body: JsonBody) -> dict[str, Any]:
    """A receipt is returned once, to every reporter; only its hash is kept. The
    officer recording a call or visit is the grievance officer the console's assertion
    names; anyone else files as the public does."""
    acting = acting_from(request)
    officer = acting.user if acting.role is Role.GRIEVANCE_OFFICER else None
    parsed = parse(IntakeIn, body, officer_id=officer)
    try:
        submission, intake = _intake(parsed, datetime.now(UTC), request.app.state.reporter_sealer)
        async with database_from(request).pool.acquire() as conn, conn.transaction():
            opened = await open_case(conn, load_policy(), submission, intake)
    except Rejected as exc:
        raise refused(exc, 422) from None
    if opened.case_id is None:
        response.status_code = 200
        return {"case_number": opened.case_number, "already_open": True}
    # Nothing derived from a link to an earlier case: the reply would tell anyone who
    # guesses a name and contact whether that person reported the same subject.
    return {"case_id": opened.case_id, "case_number": opened.case_number, "receipt": opened.receipt}
