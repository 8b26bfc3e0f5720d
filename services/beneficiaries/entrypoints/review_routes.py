"""HTTP for the duplicate-review queue: list, read and decide a task."""

from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Request

from shared.errors import Rejected
from shared.http_refusals import refused
from shared.runtime import database_from

from ..service_layer import record_access
from ..service_layer.merges import Decision
from ..service_layer.reviews import decide_review
from .acting import acting, not_found
from .request_bodies import ReviewDecision

reviews = APIRouter(prefix="/review-tasks", tags=["review"])
# PostgreSQL takes an OFFSET up to 2^63; a page deeper than this is a mistake, not a query.
MAX_OFFSET = 1_000_000


@reviews.get("")
async def review_queue(
    request: Request,
    status: Literal["open", "same_person", "different_people"] = "open",
    limit: int = Query(default=50, ge=1, le=500),
    offset: int = Query(default=0, ge=0, le=MAX_OFFSET),
) -> list[dict[str, Any]]:
    async with database_from(request).pool.acquire() as conn:
        return await record_access.review_queue(conn, acting(request), status, limit, offset)


@reviews.get("/{task_id}")
async def review_task(task_id: UUID, request: Request) -> dict[str, Any]:
    async with database_from(request).pool.acquire() as conn:
        try:
            return await record_access.review_task(conn, acting(request), task_id)
        except record_access.NotVisible:
            raise not_found("review_task_id", task_id) from None


@reviews.post("/{task_id}/decision")
async def decide(task_id: UUID, body: ReviewDecision, request: Request) -> dict[str, UUID]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        try:
            await record_access.ensure_review_decidable(
                conn,
                acting(request),
                task_id,
                body.same_as_person_id if body.verdict == "same_person" else None,
            )
        except record_access.NotVisible:
            raise not_found("review_task_id", task_id) from None
        try:
            person_id = await decide_review(
                conn,
                task_id,
                body.verdict,
                Decision(acting(request).who, body.reason),
                body.same_as_person_id,
            )
        except Rejected as exc:
            raise refused(exc, 409) from None
    return {"person_id": person_id}
