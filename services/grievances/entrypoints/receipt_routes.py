"""An anonymous reporter follows a case and adds to it with the receipt alone.
The receipt travels in the body, never in a URL (URLs end up in access logs)."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request

from shared.http_refusals import refusal
from shared.runtime import database_from

from ..adapters.policy_file import load_policy
from ..service_layer.receipts import add_information_with_receipt, follow_with_receipt
from ..service_layer.transitions import CaseNotFound
from .body_parsing import JsonBody, documented, parse
from .request_bodies import InformationIn, ReceiptIn

router = APIRouter(prefix="/receipts", tags=["receipts"])
UNKNOWN_RECEIPT = ("receipt", "no case has this receipt")


@router.post("/case", openapi_extra=documented(ReceiptIn))
async def follow(request: Request, body: JsonBody) -> dict[str, Any]:
    parsed = parse(ReceiptIn, body)
    async with database_from(request).pool.acquire() as conn:
        try:
            return await follow_with_receipt(conn, parsed.receipt)
        except CaseNotFound:
            raise refusal(404, *UNKNOWN_RECEIPT) from None


@router.post("/information", status_code=201, openapi_extra=documented(InformationIn))
async def add_information(request: Request, body: JsonBody) -> dict[str, str]:
    parsed = parse(InformationIn, body)
    async with database_from(request).pool.acquire() as conn:
        try:
            status = await add_information_with_receipt(
                conn, load_policy(), parsed.receipt, parsed.information, datetime.now(UTC)
            )
        except CaseNotFound:
            raise refusal(404, *UNKNOWN_RECEIPT) from None
    return {"status": status}
