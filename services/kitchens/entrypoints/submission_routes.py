"""What the tablet sends over Kafka, also accepted from the console over HTTP.

Over Kafka a redelivered event is applied once by its event id (the inbox). Over HTTP the
console passes the tablet's id for the entry as `Idempotency-Key`: an entry sent again after
a lost answer is applied once and answered with the first result (service_layer/entries.py).
The scope check comes first, so an id names an entry within the caller's own kitchen only."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Header, Request

from shared.contracts.kitchens import (
    DailyReportAmendmentSubmittedV1,
    DailyReportSubmittedV1,
    PurchaseSubmittedV1,
    SurveySubmittedV1,
)
from shared.runtime import database_from

from ..domain.entries import entry_of
from ..service_layer.entries import apply_once
from ..service_layer.purse import record_purchase
from ..service_layer.reports import take_report
from ..service_layer.surveys import record_survey
from .kitchen_scope import ensure_in_scope
from .refusal_statuses import answered_as_http
from .roles_served import ROUTE_ROLES

router = APIRouter(tags=["console"], dependencies=ROUTE_ROLES.dependencies)
EntryId = Annotated[
    UUID | None,
    Header(
        alias="Idempotency-Key",
        description="The tablet's id for this entry: sent again, it is applied once and "
        "answered with the first result.",
    ),
]


async def _in_transaction(
    request: Request, kind: str, use_case: Any, submission: Any, entry_id: UUID | None
) -> UUID:
    ensure_in_scope(request, submission.kitchen_id)
    entry = entry_of(kind, submission, entry_id) if entry_id else None
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        with answered_as_http():
            return await apply_once(conn, entry, lambda: use_case(conn, submission, None))


@router.post("/daily-reports", status_code=201)
async def post_report(
    report: DailyReportSubmittedV1, request: Request, entry_id: EntryId = None
) -> dict[str, UUID]:
    return {"report_id": await _in_transaction(request, "report", take_report, report, entry_id)}


@router.post("/daily-report-amendments", status_code=201)
async def post_amendment(
    amendment: DailyReportAmendmentSubmittedV1, request: Request, entry_id: EntryId = None
) -> dict[str, UUID]:
    report_id = await _in_transaction(request, "amendment", take_report, amendment, entry_id)
    return {"report_id": report_id}


@router.post("/purchases", status_code=201)
async def post_purchase(
    purchase: PurchaseSubmittedV1, request: Request, entry_id: EntryId = None
) -> dict[str, UUID]:
    purchase_id = await _in_transaction(request, "purchase", record_purchase, purchase, entry_id)
    return {"purchase_id": purchase_id}


@router.post("/surveys", status_code=201)
async def post_survey(
    survey: SurveySubmittedV1, request: Request, entry_id: EntryId = None
) -> dict[str, UUID]:
    survey_id = await _in_transaction(request, "survey", record_survey, survey, entry_id)
    return {"survey_id": survey_id}
