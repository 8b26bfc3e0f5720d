"""HTTP for people: caseworkers search, read a case file and its access log,
merge two persons and undo a merge.

Reads of people's records go through service_layer.record_access: scoped to the
acting caseworker's agency (from the console's verified assertion) and written to the access log. A
record the caseworker may not know of is 404, exactly as one that does not exist."""

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from shared.errors import Rejected
from shared.http_refusals import refusal, refused
from shared.runtime import database_from

from ..adapters.access_log_repository import AccessLog
from ..domain.names import given_name_tokens
from ..service_layer import record_access
from ..service_layer.merges import Decision, merge_persons, unmerge
from .acting import acting, not_found, refused_read
from .request_bodies import MergeRequest, Reasoned

persons = APIRouter(prefix="/persons", tags=["persons"])
merges = APIRouter(prefix="/merges", tags=["merges"])


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
    """The case file; needs the assertion's purpose (why it is read), which the access log
    keeps."""
    async with database_from(request).pool.acquire() as conn:
        try:
            return await record_access.read_case_file(conn, acting(request), person_id)
        except record_access.NotVisible:
            raise not_found("person_id", person_id) from None
        except Rejected as exc:
            raise refused_read(exc) from None


@persons.get("/{person_id}/access-log")
async def access_log(
    person_id: UUID, request: Request, limit: int = Query(default=100, ge=1, le=1000)
) -> list[dict[str, Any]]:
    """Who read this person's records, when and why, newest first. Not for
    agency-scoped caseworkers."""
    if acting(request).agency is not None:
        raise not_found("person_id", person_id)
    async with database_from(request).pool.acquire() as conn:
        return await AccessLog(conn).of_person(person_id, limit)


@persons.post("/{person_id}/merges", status_code=201)
async def merge(person_id: UUID, body: MergeRequest, request: Request) -> dict[str, UUID]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        try:
            await record_access.ensure_visible(
                conn, acting(request), person_id, body.absorbed_person_id
            )
        except record_access.NotVisible:
            raise not_found("person_id", person_id) from None
        try:
            merge_id = await merge_persons(
                conn, person_id, body.absorbed_person_id, Decision(acting(request).who, body.reason)
            )
        except Rejected as exc:
            raise refused(exc, 409) from None
    return {"merge_id": merge_id}


@merges.post("/{merge_id}/unmerge")
async def undo_merge(merge_id: UUID, body: Reasoned, request: Request) -> dict[str, list[UUID]]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        try:
            await record_access.ensure_merge_visible(conn, acting(request), merge_id)
        except record_access.NotVisible:
            raise not_found("merge_id", merge_id) from None
        try:
            moved = await unmerge(conn, merge_id, Decision(acting(request).who, body.reason))
        except Rejected as exc:
            raise refused(exc, 409) from None
    return {"enrolment_ids": moved}
