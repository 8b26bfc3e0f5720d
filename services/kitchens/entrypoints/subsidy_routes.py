"""The monthly subsidy run, previewed and then started from the console by programme staff
(roles_served.py)."""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query, Request

from shared.runtime import database_from

from ..service_layer.purse import preview_monthly_subsidy, run_monthly_subsidy
from .refusal_statuses import answered_as_http
from .request_bodies import MONTH_PATTERN, SubsidyRun
from .roles_served import ROUTE_ROLES

router = APIRouter(tags=["console"], dependencies=ROUTE_ROLES.dependencies)


@router.post("/subsidy-runs")
async def post_subsidy_run(run: SubsidyRun, request: Request) -> dict[str, Any]:
    with answered_as_http():
        result = await run_monthly_subsidy(database_from(request).pool, run.month)
    return asdict(result)


@router.get("/subsidy-runs/preview")
async def get_subsidy_preview(
    request: Request,
    month: str = Query(pattern=MONTH_PATTERN, examples=["2026-10"]),
) -> dict[str, Any]:
    """What the run of the month would credit each kitchen, without crediting anything."""
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            return await preview_monthly_subsidy(conn, month)
