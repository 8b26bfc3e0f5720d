"""Reading people's records on someone's behalf: scoped to the caseworker's
agency and to what other agencies shared by consent, and written to the access
log with the reason and the fields shown, in the same transaction as the read;
and whether she may change whose records are whose."""

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from shared.errors import Rejected
from shared.service_auth import Acting

from ..adapters.access_log_repository import AccessLog
from ..adapters.follow_up_repository import FollowUpRepository
from ..adapters.merge_repository import MergeRepository
from ..adapters.protection_repository import ProtectionRepository
from ..adapters.read_repository import RegistryReader
from ..adapters.review_repository import ReviewRepository
from ..domain.protection import PROTECTIVE_BENEFIT_TYPES, is_protected
from ..domain.visibility import (
    case_file_for,
    detail_level,
    fields_shown,
    identity_block,
    may_change_identities,
    may_read_review,
    may_see_details,
    may_see_person,
    protection_told,
    shown_candidate_record,
    shown_decision,
    shown_submitted,
)

SEARCH_PURPOSE = "search"
REVIEW_PURPOSE = "duplicate review"


class NotVisible(Exception):
    """No such record, or none the acting caseworker may know of: the caller cannot tell which."""


def require_reason(acting: Acting) -> str:
    if not acting.reason:
        raise Rejected(
            "X-Acting-Assertion.purpose",
            "reading a person's case file needs a reason (a few words: why now)",
            code="reading_reason_required",
        )
    return acting.reason


async def ensure_visible(conn: asyncpg.Connection, acting: Acting, *person_ids: UUID) -> None:
    log = AccessLog(conn)
    for person_id in person_ids:
        if not may_see_person(acting.agency, await log.enrolment_agencies(person_id)):
            raise NotVisible()


async def ensure_may_change(conn: asyncpg.Connection, acting: Acting, *person_ids: UUID) -> None:
    """Moving records between these persons needs every record of theirs visible
    to the caseworker's agency, one of them her agency's."""
    if acting.agency is None:
        return
    records = await AccessLog(conn).records_of([p for p in person_ids if p is not None])
    if not may_change_identities(acting.agency, records):
        raise NotVisible()


async def ensure_merge_visible(conn: asyncpg.Connection, acting: Acting, merge_id: UUID) -> None:
    """Undoing a merge is for whoever may see the person who holds the merged
    records now, and every record of both persons."""
    if acting.agency is None:
        return
    persons = await AccessLog(conn).merged_persons(merge_id)
    if persons is None:
        raise NotVisible()
    await ensure_visible(conn, acting, persons[0])
    await ensure_may_change(conn, acting, *persons)


async def protected_people(conn: asyncpg.Connection, person_ids: list[UUID]) -> dict[UUID, bool]:
    facts = await ProtectionRepository(conn).facts(person_ids, sorted(PROTECTIVE_BENEFIT_TYPES))
    return {person: is_protected(*found) for person, found in facts.items()}


async def protection_of(conn: asyncpg.Connection, person_id: UUID) -> tuple[bool, bool]:
    """Whether she is protected, and whether because a supervisor protected her."""
    facts = await ProtectionRepository(conn).facts([person_id], sorted(PROTECTIVE_BENEFIT_TYPES))
    arrivals, latest = facts[person_id]
    return is_protected(arrivals, latest), latest is not None and latest.protected


async def protection_shown(
    conn: asyncpg.Connection, acting: Acting, person_id: UUID, protected: bool
) -> dict[str, Any]:
    """The flag; who set or lifted it, when and why, for unscoped roles only."""
    if acting.agency is not None:
        return {"protected": protected}
    return {"protected": protected, "history": await ProtectionRepository(conn).history(person_id)}


async def read_case_file(
    conn: asyncpg.Connection, acting: Acting, person_id: UUID
) -> dict[str, Any]:
    reason = require_reason(acting)
    async with conn.transaction():
        found = await RegistryReader(conn).case_file(person_id)
        if found is None or not may_see_person(
            acting.agency, (e["agency"] for e in found["enrolments"])
        ):
            raise NotVisible()
        follow_up = await FollowUpRepository(conn).case_follow_up(person_id)
        protected, by_supervisor = await protection_of(conn, person_id)
        view = case_file_for(acting.agency, found, follow_up, protected)
        told = protection_told(acting.agency, found["enrolments"], protected, by_supervisor)
        view["protection"] = await protection_shown(conn, acting, person_id, told)
        await AccessLog(conn).record(
            acting,
            [person_id],
            "case_file",
            reason,
            detail=detail_level(acting.agency, found["enrolments"]),
            shown=[fields_shown(view)],
        )
    return view


async def search(
    conn: asyncpg.Connection,
    acting: Acting,
    folded_name: str | None,
    curp: str | None,
    birth_date: date | None,
    limit: int,
) -> list[dict[str, Any]]:
    async with conn.transaction():
        reader = RegistryReader(conn)
        found = await reader.search(folded_name, curp, birth_date, limit, acting.agency)
        if acting.agency is not None:
            found = await _as_the_agency_knows_them(conn, acting.agency, found)
        await AccessLog(conn).record(
            acting,
            [p["person_id"] for p in found],
            "search_result",
            acting.reason or SEARCH_PURPOSE,
            shown=[fields_shown(p) for p in found],
        )
    return found


async def _as_the_agency_knows_them(
    conn: asyncpg.Connection, agency: str, found: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Search results whose names, birth date and place are what the agency
    recorded or was shared, as in the case file's identity block."""
    people = [p["person_id"] for p in found]
    enrolments = await RegistryReader(conn).enrolments_of(people)
    protected = await protected_people(conn, people)
    shown = []
    for row in found:
        block = identity_block(
            agency, row, enrolments.get(row["person_id"], []), protected[row["person_id"]]
        )
        shown.append({k: block.get(k, v) for k, v in row.items()})
    return shown


def _shown_task(
    acting: Acting, task: dict[str, Any], protected: dict[UUID, bool]
) -> dict[str, Any]:
    return shown_submitted(acting.agency, task, protected[task["person_id"]])


async def review_queue(
    conn: asyncpg.Connection, acting: Acting, status: str, limit: int, offset: int
) -> list[dict[str, Any]]:
    async with conn.transaction():
        tasks = await ReviewRepository(conn).queue(status, limit, offset, acting.agency)
        protected = await protected_people(conn, [t["person_id"] for t in tasks])
        shown = [_shown_task(acting, t, protected) for t in tasks]
        await AccessLog(conn).record(
            acting,
            [t["person_id"] for t in shown],
            "review_task",
            acting.reason or REVIEW_PURPOSE,
            shown=[fields_shown(t) for t in shown],
        )
    return shown


async def review_task(conn: asyncpg.Connection, acting: Acting, task_id: UUID) -> dict[str, Any]:
    async with conn.transaction():
        task = await ReviewRepository(conn).task_with_records(task_id)
        if task is None or not may_read_review(acting.agency, task, candidate_agencies(task)):
            raise NotVisible()
        records = [task, *(c["record"] for c in task["candidates"] if c["record"])]
        protected = await protected_people(conn, list({r["person_id"] for r in records}))
        view = {
            **_shown_task(acting, task, protected),
            "candidates": [
                {**c, "record": _candidate_record(acting, c["record"], protected)}
                for c in task["candidates"]
            ],
        }
        people = [r["person_id"] for r in records if may_see_details(acting.agency, r)]
        await AccessLog(conn).record(
            acting,
            people,
            "review_task",
            acting.reason or REVIEW_PURPOSE,
            record_id=task_id,
            detail="full" if len(people) == len(records) else "limited",
            shown=[fields_shown(view)],
        )
    return view


def candidate_agencies(task: dict[str, Any]) -> list[str]:
    return [c["record"]["agency"] for c in task["candidates"] if c["record"]]


def _candidate_record(
    acting: Acting, record: dict[str, Any] | None, protected: dict[UUID, bool]
) -> dict[str, Any] | None:
    return shown_candidate_record(
        acting.agency, record, record is not None and protected[record["person_id"]]
    )


async def ensure_review_decidable(
    conn: asyncpg.Connection, acting: Acting, task_id: UUID, same_as: UUID | None
) -> None:
    """A caseworker decides a task of her agency's only when she sees every
    record of the people it would join or keep apart: the record's person and
    the chosen candidate (same person) or every candidate (different people)."""
    if acting.agency is None:
        return
    task = await ReviewRepository(conn).task_with_records(task_id)
    if task is None or not may_read_review(acting.agency, task, candidate_agencies(task)):
        raise NotVisible()
    candidates = {UUID(c["person_id"]) for c in task["candidates"]}
    involved = [task["person_id"], *(candidates if same_as is None else candidates & {same_as})]
    merges = MergeRepository(conn)
    await ensure_may_change(conn, acting, *[await merges.current_person(p) for p in involved])


async def record_decisions(
    conn: asyncpg.Connection, acting: Acting, enrolment_id: UUID
) -> list[dict[str, Any]]:
    reason = require_reason(acting)
    async with conn.transaction():
        enrolment = await AccessLog(conn).enrolment(enrolment_id)
        if enrolment is None or not may_see_details(acting.agency, enrolment):
            raise NotVisible()
        await ensure_visible(conn, acting, enrolment["person_id"])
        reader = RegistryReader(conn)
        hers = (await reader.enrolments_of([enrolment["person_id"]]))[enrolment["person_id"]]
        seen = {e["enrolment_id"] for e in hers if may_see_details(acting.agency, e)}
        found = [
            shown_decision(acting.agency, d, seen) for d in await reader.decisions(enrolment_id)
        ]
        await AccessLog(conn).record(
            acting,
            [enrolment["person_id"]],
            "match_explanation",
            reason,
            record_id=enrolment_id,
            shown=[fields_shown({"decisions": found})],
        )
    return found
