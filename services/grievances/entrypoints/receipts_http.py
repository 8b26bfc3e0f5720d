"""An anonymous reporter follows a case and adds to it with the receipt alone.
The receipt travels in the body, never in a URL (URLs end up in access logs)."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from shared.runtime import database_from

from ..adapters.policy_file import load_policy
from ..service_layer.transitions import (
    CaseNotFound,
    add_information_with_receipt,
    follow_with_receipt,
)
from .bodies import JsonBody, documented, not_found, parse

router = APIRouter(prefix="/receipts", tags=["receipts"])
UNKNOWN_RECEIPT = ("receipt", "no case has this receipt")


class ReceiptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    receipt: str = Field(min_length=10, max_length=100)


class InformationIn(ReceiptIn):
    information: str = Field(min_length=1, max_length=10_000)


@router.post("/case", openapi_extra=documented(ReceiptIn))
async def follow(request: Request, body: JsonBody) -> dict[str, Any]:
    parsed = parse(ReceiptIn, body)
    async with database_from(request).pool.acquire() as conn:
        try:
            return await follow_with_receipt(conn, parsed.receipt)
        except CaseNotFound:
            raise not_found(*UNKNOWN_RECEIPT) from None


@router.post("/information", status_code=201, openapi_extra=documented(InformationIn))
async def add_information(request: Request, body: JsonBody) -> dict[str, str]:
    parsed = parse(InformationIn, body)
    async with database_from(request).pool.acquire() as conn:
        try:
            status = await add_information_with_receipt(
                conn, load_policy(), parsed.receipt, parsed.information, datetime.now(UTC)
            )
        except CaseNotFound:
            raise not_found(*UNKNOWN_RECEIPT) from None
    return {"status": status}
