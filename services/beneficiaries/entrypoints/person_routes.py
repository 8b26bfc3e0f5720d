"""HTTP for people: caseworkers search, read a case file and its access log,
merge two persons and undo a merge; supervisors protect a woman or lift it.

Reads of people's records go through service_layer.record_access: scoped to the
acting caseworker's agency (from the console's verified assertion) and written to the access log. A
record the caseworker may not know of is 404, exactly as one that does not exist."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from shared.acting_assertion import HEADER as ASSERTION
from shared.errors import Rejected
from shared.http_refusals import refusal, refused
from shared.runtime import database_from

from ..adapters.access_log_repository import AccessLog
from ..domain.names import given_name_tokens
from ..domain.protection import may_change_protection
from ..service_layer import record_access
from ..service_layer.merges import Decision, merge_persons, unmerge
from ..service_layer.protection import change_protection
from .acting import acting, not_found, refused_read
from .request_bodies import MergeRequest, PersonSearch, ProtectionDecision, Reasoned

persons = APIRouter(prefix="/persons", tags=["persons"])
merges = APIRouter(prefix="/merges", tags=["merges"])


@persons.post("/search")
async def search_persons(body: PersonSearch, request: Request) -> list[dict[str, Any]]:
    """A search by POST: names, CURPs and birth dates travel in the body, never in a URL that
    access logs, proxies and browser histories keep."""
    folded = " ".join(given_name_tokens(body.name)) if body.name else None
    curp = body.curp.strip().upper() if body.curp and body.curp.strip() else None
    if not folded and not curp and not body.birth_date:
        raise refusal(
            422, "body.name", "give a name, a CURP or a birth date", code="search_needs_a_clue"
        )
    async with database_from(request).pool.acquire() as conn:
        return await record_access.search(
            conn, acting(request), folded or None, curp, body.birth_date, body.limit
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
            who = acting(request)
            await record_access.ensure_visible(conn, who, person_id, body.absorbed_person_id)
            await record_access.ensure_may_change(conn, who, person_id, body.absorbed_person_id)
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


@persons.put("/{person_id}/protection")
async def protection(
    person_id: UUID, body: ProtectionDecision, request: Request
) -> dict[str, bool]:
    """Protect a woman (her locality and phone reach no other agency, consent or
    not) or lift it: supervisors only, with a reason, which is kept."""
    who = acting(request)
    if not may_change_protection(who.role):
        raise refusal(
            403,
            f"{ASSERTION}.role",
            "only a supervisor protects a woman or lifts it",
            code="supervisor_only",
        )
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        try:
            protected = await change_protection(conn, who, person_id, body.protected, body.reason)
        except Rejected:
            raise not_found("person_id", person_id) from None
    return {"protected": protected}
