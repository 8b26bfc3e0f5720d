"""Enrolment intake: check each record, decide its person, store, reply.

The decisions are domain/intake_decisions.py, taken in the batch's order.
This module feeds them the candidates stored before the batch, read chunk by
chunk one chunk ahead (shared/chunk_pipeline.py), writes each chunk's rows
and events (the last chunk's write also opens the batch's review tasks, adds
its name counts and reads what its overlap check needs), then checks its
overlaps."""

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
from shared.inbox import ClaimsInWrite
from shared.logging import get_logger
from shared.programme_clock import programme_today

from ..adapters.name_counts_repository import listed_name_counts, stage_name_counts
from ..adapters.overlap_repository import OverlapState, overlap_state, stage_state_read
from ..adapters.parsed_identities import ParsedIdentities
from ..adapters.registry_repository import RegistryRepository
from ..adapters.registry_rows import IntakeRows, identity_from_text
from ..adapters.review_repository import stage_review_tasks
from ..domain.blocking_caps import StoredCandidates
from ..domain.enrolment import KnownRecord, check_enrolment
from ..domain.identity import identity_of
from ..domain.intake_decisions import (
    AgencyRecord,
    Decided,
    IncomingRecord,
    IntakeDecisions,
    incoming_record,
)
from ..domain.match_model import MatchModel, load_model
from ..domain.name_counts import GIVEN, TOTAL, RegistryFrequencies, frequencies_of
from ..domain.overlaps import HeldEnrolment
from .intake_outcomes import BatchOutcome, ChunkOutcome
from .overlaps import refresh_overlaps_from
from .publishing import publish, stage_each

Batch = Sequence[tuple[EnrolmentSubmittedV1, Envelope[Any]]]
# Reads the stored candidates under a chunk's searched keys (with their caps).
Read = Callable[[dict[int, int]], Coroutine[Any, Any, StoredCandidates]]

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
        claims: ClaimsInWrite | None = None,
    ) -> None:
        """From Kafka, a batch: a rejection is answered on the decisions topic,
        in the same transaction as the inbox rows, which `claims` puts in the
        batch's last write. `beside`: where a batch of more than one chunk reads
        its candidates (see register_all)."""
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
        await self.register_all(conn, accepted, beside, claims)

    async def register(
        self, conn: asyncpg.Connection, enrolment: EnrolmentSubmittedV1, envelope: Envelope[Any]
    ) -> EnrolmentRegisteredV2:
        check_enrolment(enrolment, programme_today())
        [reply] = await self.register_all(conn, [(enrolment, envelope)])
        return reply

    async def register_all(
        self,
        conn: asyncpg.Connection,
        batch: Batch,
        beside: asyncpg.Pool | None = None,
        claims: ClaimsInWrite | None = None,
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
                return await self._register(conn, conn, batch, beside, claims)
            async with beside.acquire() as reader:
                return await self._register(conn, reader, batch, beside, claims)

    async def _register(
        self,
        conn: asyncpg.Connection,
        reader: asyncpg.Connection,
        batch: Batch,
        beside: asyncpg.Pool | None,
        claims: ClaimsInWrite | None,
    ) -> list[EnrolmentRegisteredV2]:
        """`reader`: where candidates are read, the transaction's `conn` or one beside it;
        `beside`, where the name counts are read again off the batch's path; `claims`,
        what the last chunk's write claims in the inbox."""
        cap = self.model.blocking_key_cap
        records = [
            incoming_record((e.agency, e.agency_record_id), identity_of(e.person), cap)
            for e, _ in batch
        ]
        repository = RegistryRepository(conn)
        known, read = await self._lock(repository, RegistryRepository(reader), records)
        model = await self._model(reader, beside)
        decisions = IntakeDecisions(model, records, known, new_id)
        outcome = BatchOutcome(model)
        await decide_in_chunks(
            decisions,
            records,
            self.chunk,
            read=read,
            on_decided=lambda i, decided: outcome.record(decided, records[i], *batch[i]),
            end_chunk=lambda last: partial(
                _save_chunk,
                repository,
                outcome.end_chunk(),
                (outcome, claims) if last else None,
            ),
            write_as_decided=reader is not conn,
        )
        if outcome.overlap_state is not None:
            await refresh_overlaps_from(conn, outcome.overlap_state, outcome.to_check_for_overlaps)
        self.names.added_records(outcome.names.counts[GIVEN, TOTAL])
        return outcome.replies

    async def _lock(
        self,
        repository: RegistryRepository,
        reads: RegistryRepository,
        records: list[IncomingRecord],
    ) -> tuple[dict[AgencyRecord, KnownRecord], Read]:
        """The batch's locks (RegistryRepository.lock): the records registered
        already, and how a chunk reads its candidates. Where they are read in the
        transaction, the first chunk's come with the locks, in the same round trip,
        unless some record is registered already (its keys are then not searched)."""
        agency_records = [r.agency_record for r in records]
        keys = sorted({k for r in records for k in r.key_caps})
        # What the first chunk searches when none of its records is registered yet.
        first = {key: cap for r in records[: self.chunk] for key, cap in r.key_caps.items()}
        if reads.connection is repository.connection:
            known, prefetched = await repository.lock_and_read(
                agency_records, keys, first, self.identities
            )
        else:
            known, prefetched = await repository.lock(agency_records, keys), None
        updated = [k.enrolment_id for k in known.values()]

        async def read(searched: dict[int, int]) -> StoredCandidates:
            nonlocal prefetched
            if prefetched is not None and searched == first:
                found, prefetched = prefetched, None
                return found
            return await reads.candidates(searched, self.identities, updated)

        return known, read

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
    read: Read,
    on_decided: Callable[[int, Decided], None],
    end_chunk: Callable[[bool], Callable[[], Coroutine[Any, Any, None]]],
    write_as_decided: bool,
) -> None:
    """Every record decided in order, `size` records a chunk: a chunk's stored
    candidates are read (`read` of the keys its records search) while the
    chunk before it is decided, and each chunk's write (`end_chunk` gives it,
    told whether the chunk is the batch's last) runs behind the one before."""
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
            pipeline.write(end_chunk(part is parts[-1]))
        await pipeline.finish()


async def _save_chunk(
    repository: RegistryRepository,
    chunk: ChunkOutcome,
    last: tuple[BatchOutcome, ClaimsInWrite | None] | None,
) -> None:
    """A chunk's rows and events. The last chunk's write (`last` given) also
    opens the batch's review tasks, which point at the enrolments the chunks
    insert, adds its name counts, reads the overlap state of the persons who
    gained a record, and claims the batch's events in the inbox: a round trip
    each no longer."""
    write = BulkWrite()
    stage_each(write, chunk.events)
    if last is None:
        await repository.save_chunk(chunk.rows, write)
        return
    batch, claims = last
    if claims is not None:
        claims.stage(write)
    stage_review_tasks(write, batch.review_tasks)
    stage_name_counts(write, batch.names.counts)
    persons = list(batch.to_check_for_overlaps)
    if persons:
        stage_state_read(write, persons)
    row = await repository.save_chunk(chunk.rows, write)
    if row is not None:
        batch.overlap_state = _with_inserted(overlap_state(row, persons), chunk.rows)


def _with_inserted(state: OverlapState, rows: IntakeRows) -> OverlapState:
    """The state a write read, with the enrolments it inserted, which its own
    statement does not see; the ones it updated were updated before it."""
    for enrolment_id, person_id, enrolment, _ in rows.enrolments.values():
        if person_id in state.held:
            state.held[person_id].append(
                HeldEnrolment(
                    enrolment_id,
                    enrolment.agency,
                    enrolment.programme,
                    enrolment.benefit_type,
                    enrolment.started_on,
                    enrolment.ended_on,
                )
            )
    return state


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
