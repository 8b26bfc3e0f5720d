"""The quarterly public report, as JSON or CSV."""

from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse

from shared.runtime import database_from

from ..adapters.policy_file import load_policy
from ..domain.public_report import report_as_csv
from ..service_layer.public_report import quarterly_public_report
from .roles_served import ROUTE_ROLES

router = APIRouter(prefix="/reports", tags=["public report"], dependencies=ROUTE_ROLES.dependencies)


@router.get(
    "/quarterly",
    response_model=None,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def quarterly(
    request: Request,
    year: int = Query(ge=2000, le=2100),
    quarter: int = Query(ge=1, le=4),
    format: Literal["json", "csv"] = "json",
) -> dict[str, Any] | PlainTextResponse:
    async with database_from(request).pool.acquire() as conn:
        report = await quarterly_public_report(conn, load_policy(), year, quarter)
    if format == "csv":
        return PlainTextResponse(report_as_csv(report), media_type="text/csv")
    return report
