"""The monthly subsidy run, started from the console."""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request

from shared.runtime import database_from

from ..service_layer.purse import run_monthly_subsidy
from .refusal_statuses import answered_as_http
from .request_bodies import SubsidyRun

router = APIRouter(tags=["console"])


@router.post("/subsidy-runs")
async def post_subsidy_run(run: SubsidyRun, request: Request) -> dict[str, Any]:
    with answered_as_http():
        result = await run_monthly_subsidy(database_from(request).pool, run.month)
    return asdict(result)
