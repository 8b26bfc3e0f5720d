"""Enrolment intake: check each record, decide its person, store, reply.

The decisions are domain/intake_decisions.py, taken in the batch's order.
This module feeds them the candidates stored before the batch, read chunk by
chunk one chunk ahead (shared/chunk_pipeline.py), writes each chunk's rows
and events, then opens the batch's review tasks and checks its overlaps."""

import asyncio
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

import asyncpg

from shared.bulk_write import BulkWrite
from shared.chunk_pipeline import ChunkPipeline
from shared.contracts.beneficiaries import (
    EnrolmentRegisteredV2,
    EnrolmentRejectedV2,
    EnrolmentSubmittedV1,
)
from shared.envelope import Envelope
from shared.errors import Rejected
from shared.garbage_collection import collections_paused
from shared.ids import new_id
from shared.logging import get_logger
from shared.programme_clock import programme_today

from ..adapters.name_counts_repository import add_name_counts, listed_name_counts
from ..adapters.parsed_identities import ParsedIdentities
from ..adapters.registry_repository import RegistryRepository
from ..adapters.registry_rows import identity_from_text
from ..adapters.review_repository import open_review_tasks
from ..domain.blocking_caps import StoredCandidates
from ..domain.enrolment import check_enrolment
from ..domain.identity import identity_of
from ..domain.intake_decisions import Decided, IncomingRecord, IntakeDecisions, incoming_record
from ..domain.match_model import MatchModel, load_model
from ..domain.name_counts import GIVEN, TOTAL, RegistryFrequencies, frequencies_of
from .intake_outcomes import BatchOutcome, ChunkOutcome
from .overlaps import refresh_overlaps_of
from .publishing import publish, stage_each

Batch = Sequence[tuple[EnrolmentSubmittedV1, Envelope[Any]]]

log = get_logger(__name__)


@dataclass
class NameCountRereads:
    """The registry's name counts read again beside the intake, not in a batch's path:
    at a million people the listed counts are a scan of some 900,000 rows (whole names
    included), 0.11 s, and 30,000 rows to fold, which every record of the batch waited
    for once a minute. Meanwhile the batches weigh names by the counts read before, as
    they did for the minute before."""

    running: asyncio.Task[None] | None = None

    def start(self, names: RegistryFrequencies, pool: asyncpg.Pool) -> None:
        if self.running is None or self.running.done():
            self.running = asyncio.create_task(self._reread(names, pool))

    @staticmethod
    async def _reread(names: RegistryFrequencies, pool: asyncpg.Pool) -> None:
        try:
            async with pool.acquire() as conn:
                counts = await listed_name_counts(conn)
            # Folding them is Python's work: in a thread, the intake's loop goes on.
            frequencies = await asyncio.to_thread(frequencies_of, counts)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            log.warning("name counts not read again; a later batch asks", error=type(exc).__name__)
            return
        names.take(frequencies, counts, time.monotonic())


@dataclass(frozen=True)
class EnrolmentIntake:
    model: MatchModel
    # Records whose stored candidates are read together.
    chunk: int = 50
    # Kept from batch to batch: the same popular candidates come back in many.
    identities: ParsedIdentities = field(
        default_factory=lambda: ParsedIdentities(identity_from_text)
    )
    # The registry's name frequencies the model weighs names by, read now and then.
    names: RegistryFrequencies = field(default_factory=RegistryFrequencies)
    rereads: NameCountRereads = field(default_factory=NameCountRereads)

    async def __call__(
        self,
        conn: asyncpg.Connection,
        envelopes: Sequence[Envelope[Any]],
        beside: asyncpg.Pool | None = None,
    ) -> None:
        """From Kafka, a batch: a rejection is answered on the decisions topic,
        in the same transaction as the inbox rows. `beside`: where a batch of
        more than one chunk reads its candidates (see register_all)."""
        today = programme_today()
        accepted = []
        for envelope in envelopes:
            enrolment: EnrolmentSubmittedV1 = envelope.payload
            try:
                check_enrolment(enrolment, today)
            except Rejected as rejection:
                await reply_rejected(
                    conn, envelope, enrolment.agency, enrolment.agency_record_id, rejection
                )
            else:
                accepted.append((enrolment, envelope))
        await self.register_all(conn, accepted, beside)

    async def register(
        self, conn: asyncpg.Connection, enrolment: EnrolmentSubmittedV1, envelope: Envelope[Any]
    ) -> EnrolmentRegisteredV2:
        check_enrolment(enrolment, programme_today())
        [reply] = await self.register_all(conn, [(enrolment, envelope)])
        return reply

    async def register_all(
        self, conn: asyncpg.Connection, batch: Batch, beside: asyncpg.Pool | None = None
    ) -> list[EnrolmentRegisteredV2]:
        """Checked enrolments, decided in order as if one after the other, with
        a fixed number of statements for the whole batch, plus per chunk one
        candidate read and one write, and the overlap check of each person who
        gained a record.

        Given `beside`, a batch of more than one chunk reads its candidates on
        a connection of its own, outside the transaction, and writes each chunk
        as soon as it is decided. Those reads see what other transactions
        committed once the batch holds its key locks, as reads inside the
        transaction do, and none of the batch's own rows, which the decisions
        hold already. Without `beside`, every chunk is written once all are
        decided: a read after a write would see the batch's own rows."""
        if not batch:
            return []
        with collections_paused():
            if beside is None or len(batch) <= self.chunk:
                return await self._register(conn, conn, batch, beside)
            async with beside.acquire() as reader:
                return await self._register(conn, reader, batch, beside)

    async def _register(
        self,
        conn: asyncpg.Connection,
        reader: asyncpg.Connection,
        batch: Batch,
        beside: asyncpg.Pool | None,
    ) -> list[EnrolmentRegisteredV2]:
        """`reader`: where candidates are read, the transaction's `conn` or one beside it;
        `beside`, where the name counts are read again off the batch's path."""
        cap = self.model.blocking_key_cap
        records = [
            incoming_record((e.agency, e.agency_record_id), identity_of(e.person), cap)
            for e, _ in batch
        ]
        repository = RegistryRepository(conn)
        known = await repository.lock(
            [r.agency_record for r in records], sorted({k for r in records for k in r.key_caps})
        )
        model = await self._model(reader, beside)
        decisions = IntakeDecisions(model, records, known, new_id)
        reads = RegistryRepository(reader)
        updated = [k.enrolment_id for k in known.values()]
        outcome = BatchOutcome(model)
        await decide_in_chunks(
            decisions,
            records,
            self.chunk,
            read=lambda keys: reads.candidates(keys, self.identities, updated),
            on_decided=lambda i, decided: outcome.record(decided, records[i], *batch[i]),
            end_chunk=lambda: partial(_save_chunk, repository, outcome.end_chunk()),
            write_as_decided=reader is not conn,
        )
        # After every chunk: review tasks point at the enrolments the chunks insert.
        await open_review_tasks(conn, outcome.review_tasks)
        if outcome.to_check_for_overlaps:
            await refresh_overlaps_of(conn, outcome.to_check_for_overlaps)
        # Last: the counts of common names stay locked only until the commit.
        await add_name_counts(conn, outcome.names.counts)
        self.names.added_records(outcome.names.counts[GIVEN, TOTAL])
        return outcome.replies

    async def _model(self, reader: asyncpg.Connection, beside: asyncpg.Pool | None) -> MatchModel:
        """The model weighing names by the registry's counts, as last read. The first read
        waits; later ones go on beside the batches when there is a pool to read from."""
        now = time.monotonic()
        if self.names.stale(now):
            if beside is not None and self.names.read_at is not None:
                self.rereads.start(self.names, beside)
            else:
                self.names.read(await listed_name_counts(reader), now)
        return self.names.model(self.model)


async def decide_in_chunks(
    decisions: IntakeDecisions,
    records: Sequence[IncomingRecord],
    size: int,
    *,
    read: Callable[[dict[int, int]], Coroutine[Any, Any, StoredCandidates]],
    on_decided: Callable[[int, Decided], None],
    end_chunk: Callable[[], Callable[[], Coroutine[Any, Any, None]]],
    write_as_decided: bool,
) -> None:
    """Every record decided in order, `size` records a chunk: a chunk's stored
    candidates are read (`read` of the keys its records search) while the
    chunk before it is decided, and each chunk's write (`end_chunk` gives it)
    runs behind the one before."""
    parts = [range(s, min(s + size, len(records))) for s in range(0, len(records), size)]
    # Fixed before any record is decided: a chunk reads the keys of its records new to the registry.
    searched = {part: decisions.searched_keys(records[i] for i in part) for part in parts}
    async with ChunkPipeline(
        parts,
        lambda part: read(searched[part]) if searched[part] else None,
        write_as_decided=write_as_decided,
    ) as pipeline:
        async for part, found in pipeline.chunks():
            if found is not None:
                decisions.take_stored(found)
            async for i in pipeline.cooperatively(part):
                on_decided(i, decisions.decide(records[i]))
            pipeline.write(end_chunk())
        await pipeline.finish()


async def _save_chunk(repository: RegistryRepository, chunk: ChunkOutcome) -> None:
    write = BulkWrite()
    stage_each(write, chunk.events)
    await repository.save_chunk(chunk.rows, write)


@cache
def default_intake() -> EnrolmentIntake:
    """Kafka and HTTP intake share one model, the one shipped in domain/data."""
    return EnrolmentIntake(load_model())


async def reply_rejected(
    conn: asyncpg.Connection, cause: Envelope[Any], agency: str, record_id: str, rejection: Rejected
) -> None:
    await publish(
        conn,
        cause=cause,
        event=EnrolmentRejectedV2(
            agency=agency,
            agency_record_id=record_id,
            field=rejection.field,
            reason=rejection.reason,
            code=rejection.code,
            params=rejection.params,
        ),
    )
