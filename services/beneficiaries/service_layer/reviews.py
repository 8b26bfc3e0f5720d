"""A caseworker's decision on a review task: the record is the same person as
one of the candidates (merge), or a different person (kept apart, remembered)."""

from typing import Any, Literal
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.beneficiaries import ReviewTaskResolvedV1
from shared.errors import Rejected

from ..adapters.merge_repository import MergeRepository
from ..adapters.registry_repository import RegistryRepository
from ..adapters.registry_rows import MatchDecisionRow
from ..adapters.review_repository import ReviewRepository
from .agency_notices import tell_review_decided
from .merges import Decision, merge_persons
from .publishing import publish


async def decide_review(
    conn: asyncpg.Connection,
    task_id: UUID,
    verdict: Literal["same_person", "different_people"],
    decision: Decision,
    same_as: UUID | None = None,
) -> UUID:
    """Returns the person the record belongs to afterwards."""
    reviews = ReviewRepository(conn)
    task = await _open_task(reviews, task_id)
    holder = await MergeRepository(conn).current_person(task["person_id"])
    person_id = holder
    # Before any merge: the records held are those of the provisional person, not the survivor's.
    await reviews.confirm_held(holder)
    if verdict == "same_person":
        person_id = await _merge_into_candidate(conn, task, holder, same_as, decision)
    await reviews.close(task_id, verdict, decision.decided_by, decision.reason)
    await _record_decision(conn, task, person_id, verdict, decision, same_as)
    await publish(
        conn,
        ReviewTaskResolvedV1(
            review_task_id=task_id,
            decision=verdict,
            person_id=person_id,
            decided_by=decision.decided_by,
            note=decision.reason,
        ),
    )
    await tell_review_decided(conn, task, verdict, person_id)
    return person_id


async def _open_task(reviews: ReviewRepository, task_id: UUID) -> dict[str, Any]:
    """The task, locked: of two decisions sent at once, the second finds it decided."""
    task = await reviews.lock(task_id)
    if task is None:
        raise Rejected("review_task_id", "no such review task", code="no_such_review_task")
    if task["status"] != "open":
        raise Rejected(
            "review_task_id",
            f"was already decided ({task['status']})",
            code="review_already_decided",
            params={"review_status": task["status"]},
        )
    return task


async def _merge_into_candidate(
    conn: asyncpg.Connection,
    task: dict[str, Any],
    holder: UUID,
    same_as: UUID | None,
    decision: Decision,
) -> UUID:
    """The record's person now, `holder`, merged into the candidate `same_as`
    (or whoever that candidate has been merged into since): the survivor."""
    candidates = {UUID(c["person_id"]) for c in task["candidates"]}
    if same_as is None or same_as not in candidates:
        raise Rejected(
            "same_as_person_id", "must be one of the task's candidates", code="not_a_candidate"
        )
    survivor = await MergeRepository(conn).current_person(same_as)
    if survivor == holder:
        raise Rejected(
            "same_as_person_id",
            "the record already belongs to this person",
            code="record_already_belongs",
        )
    await merge_persons(conn, survivor, holder, decision, review_task_id=task["review_task_id"])
    return survivor


async def _record_decision(
    conn: asyncpg.Connection,
    task: dict[str, Any],
    person_id: UUID,
    verdict: str,
    decision: Decision,
    same_as: UUID | None,
) -> None:
    await RegistryRepository(conn).add_decisions(
        [
            MatchDecisionRow(
                uuid4(),
                task["enrolment_id"],
                person_id,
                verdict,
                decision.reason,
                {
                    "review_task_id": str(task["review_task_id"]),
                    "same_as_person_id": str(same_as) if same_as else None,
                },
                decision.decided_by,
                None,
            )
        ]
    )
