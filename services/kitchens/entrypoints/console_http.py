"""What the tablet sends over Kafka, also accepted from the console over HTTP,
plus the monthly subsidy run."""

from dataclasses import asdict
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from shared.contracts.kitchens import (
    DailyReportAmendmentSubmittedV1,
    DailyReportSubmittedV1,
    PurchaseSubmittedV1,
    SurveySubmittedV1,
)
from shared.runtime import database_from

from ..service_layer.purse import record_purchase, run_monthly_subsidy
from ..service_layer.reports import take_report
from ..service_layer.surveys import record_survey
from .refusals import answered_as_http

router = APIRouter(tags=["console"])


async def _in_transaction(request: Request, use_case: Any, submission: Any) -> UUID:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        with answered_as_http():
            return await use_case(conn, submission, None)


@router.post("/daily-reports", status_code=201)
async def post_report(report: DailyReportSubmittedV1, request: Request) -> dict[str, UUID]:
    return {"report_id": await _in_transaction(request, take_report, report)}


@router.post("/daily-report-amendments", status_code=201)
async def post_amendment(
    amendment: DailyReportAmendmentSubmittedV1, request: Request
) -> dict[str, UUID]:
    return {"report_id": await _in_transaction(request, take_report, amendment)}


@router.post("/purchases", status_code=201)
async def post_purchase(purchase: PurchaseSubmittedV1, request: Request) -> dict[str, UUID]:
    return {"purchase_id": await _in_transaction(request, record_purchase, purchase)}


@router.post("/surveys", status_code=201)
async def post_survey(survey: SurveySubmittedV1, request: Request) -> dict[str, UUID]:
    return {"survey_id": await _in_transaction(request, record_survey, survey)}


class SubsidyRun(BaseModel):
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-10"])


@router.post("/subsidy-runs")
async def post_subsidy_run(run: SubsidyRun, request: Request) -> dict[str, Any]:
    with answered_as_http():
        result = await run_monthly_subsidy(database_from(request).pool, run.month)
    return asdict(result)
