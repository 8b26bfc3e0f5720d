"""Batch re-resolution: every record compared again, with the model in force,
against other persons' records. A link the model would now make becomes a
review task, never a silent merge. Intake keeps running: each chunk's tasks
are written in their own short transaction, and nothing already decided is
rewritten."""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.base import EventContract
from shared.contracts.beneficiaries import ReviewTaskOpenedV1
from shared.envelope import Envelope

from ..adapters.re_resolution_repository import ReResolutionRepository
from ..adapters.reviewed_pairs import reviewed_among
from ..domain.model import MatchModel
from ..domain.resolution import CandidateRecord, ScoredCandidate, resolve
from .explanations import review_candidate
from .publishing import publish_each

FIRST = UUID(int=0)

Chunk = tuple[list[CandidateRecord], dict[UUID, list[CandidateRecord]]]
Suggestion = tuple[CandidateRecord, tuple[ScoredCandidate, ...], str]


@dataclass
class RunSummary:
    run_id: UUID
    records_checked: int = 0
    tasks_opened: int = 0
    # Where the run's time went: reading chunks with their candidates (from
    # sending the query to the records built, which overlaps the comparing and
    # writing of the chunk before), comparing in Python, writing tasks.
    seconds: dict[str, float] = field(default_factory=lambda: {"query": 0.0, "python": 0.0, "writes": 0.0})


async def re_resolve(pool: asyncpg.Pool, model: MatchModel, chunk_size: int = 1_000,
                     progress: Callable[[int, int], None] = lambda *_: None) -> RunSummary:
    summary = RunSummary(uuid4())
    async with pool.acquire() as conn:
        await ReResolutionRepository(conn).start_run(summary.run_id, model.version)
    async with pool.acquire() as reader:
        repository = ReResolutionRepository(reader)

        async def read(after: UUID) -> Chunk:
            started = time.perf_counter()
            chunk = await repository.chunk(after, chunk_size, model.blocking_key_cap)
            summary.seconds["query"] += time.perf_counter() - started
            return chunk

        upcoming = asyncio.create_task(read(FIRST))
        try:
            while True:
                records, candidates = await upcoming
                if not records:
                    break
                # PostgreSQL reads the next chunk on the other core while this one
                # is compared: the read does not depend on what is written. One
                # yield sends the query; comparing in a worker thread instead cost
                # a fifth more CPU per record in switching the GIL, for no gain.
                upcoming = asyncio.create_task(read(records[-1].record_id))
                await asyncio.sleep(0)
                started = time.perf_counter()
                suggestions = _suggestions(model, records, candidates)
                summary.seconds["python"] += time.perf_counter() - started
                started = time.perf_counter()
                summary.tasks_opened += await _open_tasks(pool, model, summary.run_id, suggestions)
                summary.seconds["writes"] += time.perf_counter() - started
                summary.records_checked += len(records)
                progress(summary.records_checked, summary.tasks_opened)
        finally:
            upcoming.cancel()
            await asyncio.gather(upcoming, return_exceptions=True)
    async with pool.acquire() as conn:
        await ReResolutionRepository(conn).finish_run(summary.run_id, summary.records_checked, summary.tasks_opened)
    return summary


def _suggestions(model: MatchModel, records: list[CandidateRecord], candidates: dict[UUID, list[CandidateRecord]]) -> list[Suggestion]:
    """The records the model would now link to, or put beside, another person."""
    suggestions: list[Suggestion] = []
    for record in records:
        resolution = resolve(model, record.identity, candidates.get(record.record_id, []))
        if resolution.outcome == "linked" and resolution.best is not None:
            suggestions.append((record, (resolution.best,), "would link this record to another person"))
        elif resolution.outcome == "pending_review":
            suggestions.append((record, resolution.review_candidates, f"would hold this record for review ({resolution.reason})"))
    return suggestions


async def _open_tasks(pool: asyncpg.Pool, model: MatchModel, run_id: UUID, suggestions: list[Suggestion]) -> int:
    """A review task for each suggestion naming the persons no review covered
    yet, all in one transaction: tasks, their pairs and their events."""
    if not suggestions:
        return 0
    async with pool.acquire() as conn, conn.transaction():
        covered = await reviewed_among(conn, [(record.person_id, c.person_id) for record, found, _ in suggestions for c in found])
        tasks: list[tuple[UUID, UUID, UUID, str, list[dict[str, Any]]]] = []
        events: list[tuple[EventContract, Envelope[Any] | None]] = []
        for record, found, why in suggestions:
            fresh = [c for c in found if frozenset((record.person_id, c.person_id)) not in covered]
            if not fresh:
                continue
            covered.update(frozenset((record.person_id, c.person_id)) for c in fresh)
            task_id, reason = uuid4(), f"re-resolution with model {model.version} {why}"
            listed = [review_candidate(c) for c in fresh]
            tasks.append((task_id, record.record_id, record.person_id, reason, [c.model_dump(mode="json") for c in listed]))
            events.append((ReviewTaskOpenedV1(review_task_id=task_id, enrolment_id=record.record_id, person_id=record.person_id,
                                              reason=reason, candidates=listed), None))
        if tasks:
            await ReResolutionRepository(conn).open_tasks(tasks, run_id)
            await publish_each(conn, events)
        return len(tasks)
