"""HTTP for people: caseworkers enrol, search, read a case file, work the review
queue, merge and unmerge. Agency systems use Kafka.

Reads of people's records go through service_layer.record_access: scoped to the
acting caseworker's agency (X-Acting-Agency) and written to the access log. A
record the caseworker may not know of is 404, exactly as one that does not exist."""

from datetime import date
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from shared.contracts.beneficiaries import EnrolmentRegisteredV2, EnrolmentSubmittedV1
from shared.envelope import new_envelope
from shared.errors import Rejected
from shared.http_refusals import refusal, refused
from shared.runtime import database_from

from ..adapters.access_log_repository import AccessLog
from ..domain.names import given_name_tokens
from ..service_layer import record_access
from ..service_layer.enrolments import default_intake
from ..service_layer.merges import Decision, merge_persons, unmerge
from ..service_layer.publishing import SERVICE
from ..service_layer.reviews import decide_review
from .acting import acting, refused_read
from .follow_up import router as follow_up_router

persons = APIRouter(prefix="/persons", tags=["persons"])
enrolments = APIRouter(prefix="/enrolments", tags=["enrolments"])
reviews = APIRouter(prefix="/review-tasks", tags=["review"])
merges = APIRouter(prefix="/merges", tags=["merges"])
# PostgreSQL takes an OFFSET up to 2^63; a page deeper than this is a mistake, not a query.
MAX_OFFSET = 1_000_000


def _not_found(field: str, value: UUID) -> HTTPException:
    return refusal(404, field, f"no such record {value}")


class Attributed(BaseModel):
    decided_by: str = Field(
        min_length=1, max_length=100, description="Who decides (caseworker id)."
    )
    reason: str = Field(min_length=1, max_length=2_000)


@enrolments.post("", status_code=201)
async def enrol(enrolment: EnrolmentSubmittedV1, request: Request) -> EnrolmentRegisteredV2:
    """The console's enrolment: the same rules and resolution as the Kafka intake."""
    intake = default_intake()
    cause = new_envelope(
        event_type=enrolment.event_type,
        version=enrolment.event_version,
        producer=f"{SERVICE}.http",
        key=enrolment.partition_key(),
        payload=enrolment.model_dump(mode="json"),
    )
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        try:
            return await intake.register(conn, enrolment, cause)
        except Rejected as exc:
            raise refused(exc, 422) from None


@enrolments.get("/{enrolment_id}/decisions")
async def enrolment_decisions(enrolment_id: UUID, request: Request) -> list[dict[str, Any]]:
    """Every decision taken about one agency record, oldest first, with its explanation (a read of the person's record)."""
    async with database_from(request).pool.acquire() as conn:
        try:
            found = await record_access.record_decisions(conn, acting(request), enrolment_id)
        except record_access.NotVisible:
            raise _not_found("enrolment_id", enrolment_id) from None
        except Rejected as exc:
            raise refused_read(exc) from None
    if not found:
        raise _not_found("enrolment_id", enrolment_id)
    return found


@persons.get("")
async def search_persons(
    request: Request,
    name: str | None = Query(
        default=None,
        max_length=200,
        description="Any of the names; accents and typos are tolerated.",
    ),
    curp: str | None = Query(default=None, max_length=18),
    birth_date: date | None = None,
    limit: int = Query(default=20, ge=1, le=100),
) -> list[dict[str, Any]]:
    folded = " ".join(given_name_tokens(name)) if name else None
    if not folded and not curp and not birth_date:
        raise refusal(422, "query.name", "give a name, a CURP or a birth date")
    async with database_from(request).pool.acquire() as conn:
        return await record_access.search(
            conn,
            acting(request),
            folded or None,
            curp.strip().upper() if curp else None,
            birth_date,
            limit,
        )


@persons.get("/{person_id}")
async def case_file(person_id: UUID, request: Request) -> dict[str, Any]:
    """The case file; needs X-Access-Reason (why it is read), which the access log keeps."""
    async with database_from(request).pool.acquire() as conn:
        try:
            return await record_access.read_case_file(conn, acting(request), person_id)
        except record_access.NotVisible:
            raise _not_found("person_id", person_id) from None
        except Rejected as exc:
            raise refused_read(exc) from None


@persons.get("/{person_id}/access-log")
async def access_log(
    person_id: UUID, request: Request, limit: int = Query(default=100, ge=1, le=1000)
) -> list[dict[str, Any]]:
    """Who read this person's records, when and why, newest first. Not for agency-scoped caseworkers."""
    if acting(request).agency is not None:
        raise _not_found("person_id", person_id)
    async with database_from(request).pool.acquire() as conn:
        return await AccessLog(conn).of_person(person_id, limit)


class MergeRequest(Attributed):
    absorbed_person_id: UUID


@persons.post("/{person_id}/merges", status_code=201)
async def merge(person_id: UUID, body: MergeRequest, request: Request) -> dict[str, UUID]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        try:
            await record_access.ensure_visible(
                conn, acting(request), person_id, body.absorbed_person_id
            )
        except record_access.NotVisible:
            raise _not_found("person_id", person_id) from None
        try:
            merge_id = await merge_persons(
                conn, person_id, body.absorbed_person_id, Decision(body.decided_by, body.reason)
            )
        except Rejected as exc:
            raise refused(exc, 409) from None
    return {"merge_id": merge_id}


@merges.post("/{merge_id}/unmerge")
async def undo_merge(merge_id: UUID, body: Attributed, request: Request) -> dict[str, list[UUID]]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        try:
            await record_access.ensure_merge_visible(conn, acting(request), merge_id)
        except record_access.NotVisible:
            raise _not_found("merge_id", merge_id) from None
        try:
            moved = await unmerge(conn, merge_id, Decision(body.decided_by, body.reason))
        except Rejected as exc:
            raise refused(exc, 409) from None
    return {"enrolment_ids": moved}


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
            raise _not_found("review_task_id", task_id) from None


class ReviewDecision(Attributed):
    verdict: Literal["same_person", "different_people"]
    same_as_person_id: UUID | None = Field(
        default=None, description="For same_person: which candidate."
    )


@reviews.post("/{task_id}/decision")
async def decide(task_id: UUID, body: ReviewDecision, request: Request) -> dict[str, UUID]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        try:
            await record_access.ensure_review_related(conn, acting(request), task_id)
        except record_access.NotVisible:
            raise _not_found("review_task_id", task_id) from None
        try:
            person_id = await decide_review(
                conn,
                task_id,
                body.verdict,
                Decision(body.decided_by, body.reason),
                body.same_as_person_id,
            )
        except Rejected as exc:
            raise refused(exc, 409) from None
    return {"person_id": person_id}


routers = [enrolments, persons, reviews, merges, follow_up_router]
