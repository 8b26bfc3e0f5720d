"""What the tablet sends over Kafka, also accepted from the console over HTTP."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request

from shared.contracts.kitchens import (
    DailyReportAmendmentSubmittedV1,
    DailyReportSubmittedV1,
    PurchaseSubmittedV1,
    SurveySubmittedV1,
)
from shared.runtime import database_from

from ..service_layer.purse import record_purchase
from ..service_layer.reports import take_report
from ..service_layer.surveys import record_survey
from .kitchen_scope import ensure_in_scope
from .refusal_statuses import answered_as_http

router = APIRouter(tags=["console"])


async def _in_transaction(request: Request, use_case: Any, submission: Any) -> UUID:
    ensure_in_scope(request, submission.kitchen_id)
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
