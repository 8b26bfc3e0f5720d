"""A reporter, named or anonymous, follows a case, replies and appeals with the receipt
alone. The receipt travels in the body, never in a URL (URLs end up in access logs)."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request

from shared.errors import Rejected
from shared.http_refusals import refusal, refused
from shared.runtime import database_from

from ..adapters.policy_file import load_policy
from ..service_layer.receipts import (
    add_information_with_receipt,
    appeal_with_receipt,
    follow_with_receipt,
)
from ..service_layer.transitions import CaseNotFound
from .body_parsing import JsonBody, documented, parse
from .request_bodies import AppealIn, InformationIn, ReceiptIn
from .roles_served import ROUTE_ROLES

router = APIRouter(prefix="/receipts", tags=["receipts"], dependencies=ROUTE_ROLES.dependencies)
UNKNOWN_RECEIPT = ("receipt", "no case has this receipt")


@router.post("/case", openapi_extra=documented(ReceiptIn))
async def follow(request: Request, body: JsonBody) -> dict[str, Any]:
    """The case's public status, the officer's questions, the answer or the rejection's
    reason, the reporter's own replies, and until when an appeal is possible."""
    parsed = parse(ReceiptIn, body)
    policy = load_policy()
    async with database_from(request).pool.acquire() as conn:
        try:
            return await follow_with_receipt(
                conn, policy, parsed.receipt, policy.local_date(datetime.now(UTC))
            )
        except CaseNotFound:
            raise refusal(404, *UNKNOWN_RECEIPT, code="unknown_receipt") from None


@router.post("/information", status_code=201, openapi_extra=documented(InformationIn))
async def add_information(request: Request, body: JsonBody) -> dict[str, str]:
    parsed = parse(InformationIn, body)
    async with database_from(request).pool.acquire() as conn:
        try:
            status = await add_information_with_receipt(
                conn, load_policy(), parsed.receipt, parsed.information, datetime.now(UTC)
            )
        except CaseNotFound:
            raise refusal(404, *UNKNOWN_RECEIPT, code="unknown_receipt") from None
    return {"status": status}


@router.post("/appeal", status_code=201, openapi_extra=documented(AppealIn))
async def appeal(request: Request, body: JsonBody) -> dict[str, Any]:
    """409 when the case has no decision to appeal or the window closed."""
    parsed = parse(AppealIn, body)
    async with database_from(request).pool.acquire() as conn:
        try:
            state = await appeal_with_receipt(
                conn, load_policy(), parsed.receipt, parsed.reason, datetime.now(UTC)
            )
        except CaseNotFound:
            raise refusal(404, *UNKNOWN_RECEIPT, code="unknown_receipt") from None
        except Rejected as exc:
            raise refused(exc, 409) from None
    return {"status": state.status, "resolve_due_on": state.resolve_due_on}
