"""Batch re-resolution: every record compared again, with the model in force,
against other persons' records. A link the model would now make becomes a
review task, never a silent merge. Intake keeps running: each chunk is its
own short transaction, and nothing already decided is rewritten."""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.beneficiaries import ReviewTaskOpenedV1

from ..adapters.re_resolution_repository import ReResolutionRepository
from ..domain.model import MatchModel
from ..domain.resolution import CandidateRecord, ScoredCandidate, resolve
from .explanations import review_candidate
from .publishing import publish

FIRST = UUID(int=0)


@dataclass(frozen=True)
class RunSummary:
    run_id: UUID
    records_checked: int
    tasks_opened: int


async def re_resolve(pool: asyncpg.Pool, model: MatchModel, chunk_size: int = 1_000,
                     progress: Callable[[int, int], None] = lambda *_: None) -> RunSummary:
    run_id = uuid4()
    async with pool.acquire() as conn:
        await ReResolutionRepository(conn).start_run(run_id, model.version)
    after, checked, opened = FIRST, 0, 0
    while True:
        async with pool.acquire() as conn, conn.transaction():
            repository = ReResolutionRepository(conn)
            records, candidates = await repository.chunk(after, chunk_size, model.blocking_key_cap)
            if not records:
                break
            opened += await _review_new_links(conn, repository, model, run_id, records, candidates)
        checked += len(records)
        after = records[-1].record_id
        progress(checked, opened)
    async with pool.acquire() as conn:
        await ReResolutionRepository(conn).finish_run(run_id, checked, opened)
    return RunSummary(run_id, checked, opened)


async def _review_new_links(conn: asyncpg.Connection, repository: ReResolutionRepository, model: MatchModel, run_id: UUID,
                            records: list[CandidateRecord], candidates: dict[UUID, list[CandidateRecord]]) -> int:
    """A record the model would now link to, or put beside, another person gets
    a review task naming those persons, unless a review already covered the pair."""
    suggestions: list[tuple[CandidateRecord, tuple[ScoredCandidate, ...], str]] = []
    for record in records:
        resolution = resolve(model, record.identity, candidates.get(record.record_id, []))
        if resolution.outcome == "linked" and resolution.best is not None:
            suggestions.append((record, (resolution.best,), "would link this record to another person"))
        elif resolution.outcome == "pending_review":
            suggestions.append((record, resolution.review_candidates, f"would hold this record for review ({resolution.reason})"))
    if not suggestions:
        return 0
    covered = await repository.reviewed_person_pairs(
        [p for record, found, _ in suggestions for p in (record.person_id, *(c.person_id for c in found))])
    opened = 0
    for record, found, why in suggestions:
        fresh = [c for c in found if frozenset((record.person_id, c.person_id)) not in covered]
        if not fresh:
            continue
        covered.update(frozenset((record.person_id, c.person_id)) for c in fresh)
        task_id, reason = uuid4(), f"re-resolution with model {model.version} {why}"
        listed = [review_candidate(c) for c in fresh]
        await repository.open_task(task_id, record.record_id, record.person_id, reason, [c.model_dump(mode="json") for c in listed], run_id)
        await publish(conn, ReviewTaskOpenedV1(review_task_id=task_id, enrolment_id=record.record_id, person_id=record.person_id,
                                               reason=reason, candidates=listed))
        opened += 1
    return opened
