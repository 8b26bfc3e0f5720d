"""Merging two persons and undoing a merge. Both keep the full history and
publish what they did; a merge can create support overlaps, an unmerge can clear them."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.beneficiaries import PersonsMergedV1, PersonsUnmergedV1
from shared.errors import Rejected

from ..adapters.merge_repository import MergeRepository
from ..adapters.registry_repository import RegistryRepository
from ..adapters.registry_rows import MatchDecisionRow
from .agency_notices import tell_records_moved
from .overlaps import refresh_overlaps
from .publishing import publish


@dataclass(frozen=True)
class Decision:
    decided_by: str
    reason: str


async def merge_persons(
    conn: asyncpg.Connection,
    survivor: UUID,
    absorbed: UUID,
    decision: Decision,
    review_task_id: UUID | None = None,
) -> UUID:
    merges = MergeRepository(conn)
    await _lock_unmerged(merges, survivor, absorbed)
    moved = await merges.move_enrolments(absorbed, survivor)
    await merges.set_merged_into(absorbed, survivor)
    merge_id = uuid4()
    await merges.record_merge(
        merge_id, survivor, absorbed, moved, decision.reason, decision.decided_by, review_task_id
    )
    await _record_decisions(
        conn,
        moved,
        survivor,
        "merged",
        decision,
        {"merge_id": str(merge_id), "absorbed_person_id": str(absorbed)},
    )
    await publish(
        conn,
        PersonsMergedV1(
            merge_id=merge_id,
            survivor_person_id=survivor,
            absorbed_person_id=absorbed,
            enrolment_ids=moved,
            decided_by=decision.decided_by,
            reason=decision.reason,
        ),
    )
    await tell_records_moved(conn, moved, survivor, absorbed, "merged", review_task_id)
    await refresh_overlaps(conn, survivor, cause=None)
    await refresh_overlaps(conn, absorbed, cause=None)
    return merge_id


async def _lock_unmerged(merges: MergeRepository, survivor: UUID, absorbed: UUID) -> None:
    """Both persons locked, and neither merged into anyone: only a current
    person can absorb or be absorbed."""
    if survivor == absorbed:
        raise Rejected(
            "absorbed_person_id", "is the same person as the survivor", code="merge_same_person"
        )
    state = await merges.lock_persons(survivor, absorbed)
    for field, person in (("survivor_person_id", survivor), ("absorbed_person_id", absorbed)):
        if person not in state:
            raise Rejected(field, "no such person", code="no_such_person")
        if state[person] is not None:
            raise Rejected(
                field, f"was already merged into {state[person]}", code="person_already_merged"
            )


async def _undoable_merge(merges: MergeRepository, merge_id: UUID) -> Any:
    merge = await merges.lock_merge(merge_id)
    if merge is None:
        raise Rejected("merge_id", "no such merge", code="no_such_merge")
    if merge["unmerged_at"] is not None:
        raise Rejected("merge_id", "this merge was already undone", code="merge_already_undone")
    return merge


async def unmerge(conn: asyncpg.Connection, merge_id: UUID, decision: Decision) -> list[UUID]:
    merges = MergeRepository(conn)
    merge = await _undoable_merge(merges, merge_id)
    survivor, absorbed = merge["survivor_id"], merge["absorbed_id"]
    state = await merges.lock_persons(survivor, absorbed)
    if state[survivor] is not None:
        raise Rejected(
            "merge_id",
            f"the survivor was later merged into {state[survivor]}; undo that merge first",
            code="survivor_merged_later",
        )
    await merges.set_merged_into(absorbed, None)
    moved = await merges.move_enrolments(survivor, absorbed, only=list(merge["enrolment_ids"]))
    await merges.record_unmerge(merge_id, decision.decided_by, decision.reason)
    await _record_decisions(
        conn,
        moved,
        absorbed,
        "unmerged",
        decision,
        {"merge_id": str(merge_id), "survivor_person_id": str(survivor)},
    )
    await publish(
        conn,
        PersonsUnmergedV1(
            merge_id=merge_id,
            survivor_person_id=survivor,
            restored_person_id=absorbed,
            enrolment_ids=moved,
            decided_by=decision.decided_by,
            reason=decision.reason,
        ),
    )
    await tell_records_moved(conn, moved, absorbed, survivor, "unmerged")
    await refresh_overlaps(conn, survivor, cause=None, clear_reason="a merge was undone")
    await refresh_overlaps(conn, absorbed, cause=None)
    return moved


async def _record_decisions(
    conn: asyncpg.Connection,
    enrolment_ids: list[UUID],
    person_id: UUID,
    outcome: str,
    decision: Decision,
    detail: dict[str, Any],
) -> None:
    await RegistryRepository(conn).add_decisions(
        [
            MatchDecisionRow(
                uuid4(),
                enrolment_id,
                person_id,
                outcome,
                decision.reason,
                {**detail, "decided_by": decision.decided_by},
                decision.decided_by,
                None,
            )
            for enrolment_id in enrolment_ids
        ]
    )
