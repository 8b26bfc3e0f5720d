"""The pairs of persons some review task (open or decided) already put side
by side: written wherever a task is opened, read before re-resolution opens one."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import asyncpg

from shared.bulk_write import BulkWrite

PAIR_COLUMNS = {"person_a": "uuid", "person_b": "uuid"}


def _columns(pairs: Iterable[tuple[UUID, UUID]]) -> tuple[list[UUID], list[UUID]]:
    firsts, seconds = [], []
    for a, b in pairs:
        firsts.append(a)
        seconds.append(b)
    return firsts, seconds


def stage_pairs_of_tasks(
    write: BulkWrite, tasks: Iterable[tuple[UUID, UUID, UUID, str, list[dict[str, Any]]]]
) -> None:
    """The pairs review tasks name, as (task id, enrolment id, person id,
    reason, candidates) each: the task's person with each candidate's. Stored
    as (least, greatest) and inserted in key order (uuids compare by their
    bytes here as in PostgreSQL), so two transactions adding overlapping pairs
    never wait on each other crosswise."""
    pairs = {
        (min(a, b), max(a, b))
        for _, _, a, _, candidates in tasks
        for b in (UUID(c["person_id"]) for c in candidates)
        if a != b
    }
    write.insert(
        "reviewed_pairs", PAIR_COLUMNS, sorted(pairs), on_conflict="ON CONFLICT DO NOTHING"
    )


async def reviewed_among(
    conn: asyncpg.Connection, pairs: Iterable[tuple[UUID, UUID]]
) -> set[frozenset[UUID]]:
    """Those of `pairs` (in either order) a review already covered."""
    firsts, seconds = _columns(pairs)
    if not firsts:
        return set()
    rows = await conn.fetch(
        "SELECT r.person_a, r.person_b FROM reviewed_pairs r "
        "JOIN (SELECT DISTINCT least(a, b) AS person_a, greatest(a, b) AS person_b "
        "FROM unnest($1::uuid[], $2::uuid[]) AS p(a, b)) q "
        "USING (person_a, person_b)",
        firsts,
        seconds,
    )
    return {frozenset((r["person_a"], r["person_b"])) for r in rows}
