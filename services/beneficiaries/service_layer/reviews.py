"""A caseworker's decision on a review task: the record is the same person as
one of the candidates (merge), or a different person (kept apart, remembered)."""

from typing import Literal
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.beneficiaries import ReviewTaskResolvedV1
from shared.errors import Rejected

from ..adapters.merge_repository import MergeRepository
from ..adapters.registry_repository import RegistryRepository
from ..adapters.registry_rows import MatchDecisionRow
from ..adapters.review_repository import ReviewRepository
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
    task = await reviews.lock(task_id)
    if task is None:
        raise Rejected("review_task_id", "no such review task")
    if task["status"] != "open":
        raise Rejected("review_task_id", f"was already decided ({task['status']})")
    holder = await MergeRepository(conn).current_person(task["person_id"])
    person_id = holder
    if verdict == "same_person":
        candidates = {UUID(c["person_id"]) for c in task["candidates"]}
        if same_as is None or same_as not in candidates:
            raise Rejected("same_as_person_id", "must be one of the task's candidates")
        survivor = await MergeRepository(conn).current_person(same_as)
        if survivor == holder:
            raise Rejected("same_as_person_id", "the record already belongs to this person")
        await merge_persons(conn, survivor, holder, decision, review_task_id=task_id)
        person_id = survivor
    await reviews.close(task_id, verdict, decision.decided_by, decision.reason)
    await RegistryRepository(conn).add_decisions(
        [
            MatchDecisionRow(
                uuid4(),
                task["enrolment_id"],
                person_id,
                verdict,
                decision.reason,
                {
                    "review_task_id": str(task_id),
                    "same_as_person_id": str(same_as) if same_as else None,
                },
                decision.decided_by,
                None,
            )
        ]
    )
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
    return person_id
