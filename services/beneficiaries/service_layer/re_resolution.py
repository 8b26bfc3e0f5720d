"""Batch re-resolution: every record compared again, with the model in force,
against other persons' records. A link the model would now make becomes a
review task, never a silent merge. Intake keeps running: the run reads the
registry page by page and each chunk's tasks are written in their own short
transaction, and nothing already decided is rewritten.

The run holds every record's identity in memory (about 1.1 KB a record), so
each is read and parsed once, not once for every record it is a candidate
of; and it scores each pair once (domain/pair_sweep.py). Records enrolled after
the read are left to intake, which resolved them against the registry of their day."""

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.chunk_pipeline import ChunkPipeline
from shared.contracts.base import EventContract
from shared.contracts.beneficiaries import ReviewTaskOpenedV1
from shared.envelope import Envelope

from ..adapters.name_counts_repository import listed_name_counts
from ..adapters.re_resolution_repository import ReResolutionRepository
from ..adapters.review_repository import ReviewTaskRow, open_review_tasks
from ..adapters.reviewed_pairs_repository import reviewed_among
from ..domain.match_model import MatchModel
from ..domain.name_counts import frequencies_of
from ..domain.pair_sweep import PairSweep
from ..domain.resolution import CandidateRecord, ScoredCandidate
from .explanations import review_candidate
from .publishing import publish_each

Suggestion = tuple[CandidateRecord, tuple[ScoredCandidate, ...], str]


@dataclass
class RunSummary:
    run_id: UUID
    records_checked: int = 0
    tasks_opened: int = 0
    # Where the run's time went: reading every record first; then reading each
    # chunk's candidates (from sending the query to the rows decoded, which
    # overlaps the comparing and writing of the chunk before), comparing in
    # Python, writing tasks.
    seconds: dict[str, float] = field(
        default_factory=lambda: {"loading": 0.0, "query": 0.0, "python": 0.0, "writes": 0.0}
    )


async def re_resolve(
    pool: asyncpg.Pool,
    model: MatchModel,
    chunk_size: int = 1_000,
    progress: Callable[[int, int], None] = lambda *_: None,
) -> RunSummary:
    summary = RunSummary(uuid4())
    async with pool.acquire() as conn:
        await ReResolutionRepository(conn).start_run(summary.run_id, model.version)
        # Names weighed by the registry's counts as the run starts, as the intake weighs them.
        model = model.with_frequencies(frequencies_of(await listed_name_counts(conn)))
    async with pool.acquire() as reader:
        repository = ReResolutionRepository(reader)
        registry = await _read_registry(repository, summary)
        await _sweep(pool, repository, model, registry, chunk_size, summary, progress)
    async with pool.acquire() as conn:
        await ReResolutionRepository(conn).finish_run(
            summary.run_id, summary.records_checked, summary.tasks_opened
        )
    return summary


async def _read_registry(
    repository: ReResolutionRepository, summary: RunSummary
) -> dict[UUID, CandidateRecord]:
    started = time.perf_counter()
    registry: dict[UUID, CandidateRecord] = {}
    async for page in repository.pages():
        registry.update((record.record_id, record) for record in page)
        # Out of the collector's sight: it would otherwise walk every record
        # read so far, all of which live until the run ends, on each full collection.
        gc.freeze()
    summary.seconds["loading"] = time.perf_counter() - started
    return registry


async def _sweep(
    pool: asyncpg.Pool,
    repository: ReResolutionRepository,
    model: MatchModel,
    registry: dict[UUID, CandidateRecord],
    chunk_size: int,
    summary: RunSummary,
    progress: Callable[[int, int], None],
) -> None:
    """Chunk by chunk: PostgreSQL reads the next chunk's candidates while this
    one is compared (the reads do not depend on what is written), and each
    chunk's tasks are written while the next is compared. Comparing in a worker
    thread instead cost a fifth more CPU per record in switching the GIL, for no gain."""
    records = list(registry.values())
    chunks = [records[i : i + chunk_size] for i in range(0, len(records), chunk_size)]
    sweep = PairSweep(model)

    async def read(chunk: list[CandidateRecord]) -> dict[UUID, list[UUID]]:
        started = time.perf_counter()
        later = await repository.later_candidates(chunk, model.blocking_key_cap)
        summary.seconds["query"] += time.perf_counter() - started
        return later

    async def write(suggestions: list[Suggestion]) -> None:
        started = time.perf_counter()
        summary.tasks_opened += await _open_tasks(pool, model, summary.run_id, suggestions)
        summary.seconds["writes"] += time.perf_counter() - started

    async with ChunkPipeline(chunks, read, write_as_decided=True) as pipeline:
        async for chunk, later in pipeline.chunks():
            suggestions = await _compare(sweep, chunk, later or {}, registry, summary)
            pipeline.write(partial(write, suggestions))
            summary.records_checked += len(chunk)
            progress(summary.records_checked, summary.tasks_opened)
        await pipeline.finish()


async def _compare(
    sweep: PairSweep,
    chunk: list[CandidateRecord],
    later: dict[UUID, list[UUID]],
    registry: dict[UUID, CandidateRecord],
    summary: RunSummary,
) -> list[Suggestion]:
    """The chunk's suggestions, the loop given a turn every few records for
    the next chunk's read under way."""
    started = time.perf_counter()
    suggestions = [
        suggestion
        async for record in ChunkPipeline.cooperatively(chunk)
        if (suggestion := _suggestion(sweep, record, later, registry)) is not None
    ]
    summary.seconds["python"] += time.perf_counter() - started
    return suggestions


def _suggestion(
    sweep: PairSweep,
    record: CandidateRecord,
    later: dict[UUID, list[UUID]],
    registry: dict[UUID, CandidateRecord],
) -> Suggestion | None:
    """Whether the model would now link `record` to, or put it beside, another
    person. A candidate enrolled after the registry was read is not in
    `registry`: intake compared it."""
    candidates = [
        c
        for c in map(registry.get, later.get(record.record_id, ()))
        if c is not None and c.person_id != record.person_id
    ]
    resolution = sweep.resolve(record, candidates)
    if resolution.outcome == "linked" and resolution.best is not None:
        # A link proposing a merge names every person the record links to.
        linked = (resolution.best, *resolution.review_candidates)
        return record, linked, "would link this record to another person"
    if resolution.outcome == "pending_review":
        why = f"would hold this record for review ({resolution.reason})"
        return record, resolution.review_candidates, why
    return None


async def _open_tasks(
    pool: asyncpg.Pool, model: MatchModel, run_id: UUID, suggestions: list[Suggestion]
) -> int:
    """A review task for each suggestion naming the persons no review covered
    yet, all in one transaction: tasks, their pairs and their events."""
    if not suggestions:
        return 0
    async with pool.acquire() as conn, conn.transaction():
        covered = await reviewed_among(
            conn,
            [(record.person_id, c.person_id) for record, found, _ in suggestions for c in found],
        )
        tasks, events = _new_tasks(model, suggestions, covered)
        if tasks:
            await open_review_tasks(conn, tasks, run_id)
            await publish_each(conn, events)
        return len(tasks)


def _new_tasks(
    model: MatchModel, suggestions: list[Suggestion], covered: set[frozenset[UUID]]
) -> tuple[list[ReviewTaskRow], list[tuple[EventContract, Envelope[Any] | None]]]:
    """The tasks and their events. `covered` takes in the pairs of each task,
    so that no later suggestion of the chunk names them again."""
    tasks: list[ReviewTaskRow] = []
    events: list[tuple[EventContract, Envelope[Any] | None]] = []
    for record, found, why in suggestions:
        fresh = [c for c in found if frozenset((record.person_id, c.person_id)) not in covered]
        if not fresh:
            continue
        covered.update(frozenset((record.person_id, c.person_id)) for c in fresh)
        task, event = _task(record, fresh, f"re-resolution with model {model.version} {why}")
        tasks.append(task)
        events.append((event, None))
    return tasks, events


def _task(
    record: CandidateRecord, candidates: list[ScoredCandidate], reason: str
) -> tuple[ReviewTaskRow, ReviewTaskOpenedV1]:
    task_id = uuid4()
    listed = [review_candidate(c) for c in candidates]
    row = (
        task_id,
        record.record_id,
        record.person_id,
        reason,
        [c.model_dump(mode="json") for c in listed],
    )
    event = ReviewTaskOpenedV1(
        review_task_id=task_id,
        enrolment_id=record.record_id,
        person_id=record.person_id,
        reason=reason,
        candidates=listed,
    )
    return row, event
