"""Reading people's records on someone's behalf: scoped to the caseworker's
agency, and written to the access log with the reason, in the same
transaction as the read."""

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from shared.errors import Rejected
from shared.service_auth import Acting

from ..adapters.access_log_repository import AccessLog
from ..adapters.follow_up_repository import FollowUpRepository
from ..adapters.read_repository import RegistryReader
from ..adapters.review_repository import ReviewRepository
from ..domain.visibility import (
    detail_level,
    may_see_details,
    may_see_person,
    review_is_related,
    shown_enrolment,
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
        )
    return acting.reason


async def ensure_visible(conn: asyncpg.Connection, acting: Acting, *person_ids: UUID) -> None:
    log = AccessLog(conn)
    for person_id in person_ids:
        if not may_see_person(acting.agency, await log.enrolment_agencies(person_id)):
            raise NotVisible()


async def ensure_merge_visible(conn: asyncpg.Connection, acting: Acting, merge_id: UUID) -> None:
    """Undoing a merge is for whoever may see the person who holds the merged records now."""
    if acting.agency is None:
        return
    persons = await AccessLog(conn).merged_persons(merge_id)
    if persons is None:
        raise NotVisible()
    await ensure_visible(conn, acting, persons[0])


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
        level = detail_level(acting.agency, found["enrolments"])
        await AccessLog(conn).record(acting, [person_id], "case_file", reason, detail=level)
        follow_up = await FollowUpRepository(conn).case_follow_up(person_id)
    shown = [shown_enrolment(acting.agency, e) for e in found["enrolments"]]
    return {**found, "enrolments": shown, **follow_up}


async def search(
    conn: asyncpg.Connection,
    acting: Acting,
    folded_name: str | None,
    curp: str | None,
    birth_date: date | None,
    limit: int,
) -> list[dict[str, Any]]:
    async with conn.transaction():
        found = await RegistryReader(conn).search(
            folded_name, curp, birth_date, limit, acting.agency
        )
        await AccessLog(conn).record(
            acting,
            [p["person_id"] for p in found],
            "search_result",
            acting.reason or SEARCH_PURPOSE,
        )
    return found


def _shown_record(acting: Acting, record: dict[str, Any] | None) -> dict[str, Any] | None:
    if record is None or may_see_details(acting.agency, record):
        return record
    return {k: record[k] for k in ("enrolment_id", "person_id", "agency", "consent_to_share")}


async def review_queue(
    conn: asyncpg.Connection, acting: Acting, status: str, limit: int, offset: int
) -> list[dict[str, Any]]:
    async with conn.transaction():
        tasks = await ReviewRepository(conn).queue(status, limit, offset, acting.agency)
        shown = [t for t in tasks if may_see_details(acting.agency, t)]
        await AccessLog(conn).record(
            acting, [t["person_id"] for t in shown], "review_task", acting.reason or REVIEW_PURPOSE
        )
    return [
        t
        if may_see_details(acting.agency, t)
        else {k: v for k, v in t.items() if k not in ("submitted_person", "agency_record_id")}
        for t in tasks
    ]


async def review_task(conn: asyncpg.Connection, acting: Acting, task_id: UUID) -> dict[str, Any]:
    async with conn.transaction():
        task = await ReviewRepository(conn).task_with_records(task_id)
        if task is None or not review_is_related(acting.agency, related_agencies(task)):
            raise NotVisible()
        records = [task, *(c["record"] for c in task["candidates"] if c["record"])]
        people = [r["person_id"] for r in records if may_see_details(acting.agency, r)]
        level = "full" if len(people) == len(records) else "limited"
        await AccessLog(conn).record(
            acting,
            people,
            "review_task",
            acting.reason or REVIEW_PURPOSE,
            record_id=task_id,
            detail=level,
        )
    under_review = (
        task
        if may_see_details(acting.agency, task)
        else {k: v for k, v in task.items() if k not in ("submitted_person", "agency_record_id")}
    )
    return {
        **under_review,
        "candidates": [
            {**c, "record": _shown_record(acting, c["record"])} for c in task["candidates"]
        ],
    }


def related_agencies(task: dict[str, Any]) -> list[str]:
    return [task["agency"], *(c["record"]["agency"] for c in task["candidates"] if c["record"])]


async def ensure_review_related(conn: asyncpg.Connection, acting: Acting, task_id: UUID) -> None:
    if acting.agency is None:
        return
    task = await ReviewRepository(conn).task_with_records(task_id)
    if task is None or not review_is_related(acting.agency, related_agencies(task)):
        raise NotVisible()


async def record_decisions(
    conn: asyncpg.Connection, acting: Acting, enrolment_id: UUID
) -> list[dict[str, Any]]:
    reason = require_reason(acting)
    async with conn.transaction():
        enrolment = await AccessLog(conn).enrolment(enrolment_id)
        if enrolment is None or not may_see_details(acting.agency, enrolment):
            raise NotVisible()
        await ensure_visible(conn, acting, enrolment["person_id"])
        found = await RegistryReader(conn).decisions(enrolment_id)
        await AccessLog(conn).record(
            acting, [enrolment["person_id"]], "match_explanation", reason, record_id=enrolment_id
        )
    return found
