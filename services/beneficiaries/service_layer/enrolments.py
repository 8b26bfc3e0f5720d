"""Enrolment intake: check, resolve the person, store, reply."""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from uuid import UUID

import asyncpg

from shared.bulk_write import BulkWrite
from shared.contracts.base import EventContract
from shared.contracts.beneficiaries import (
    EnrolmentRegisteredV2,
    EnrolmentRejectedV1,
    EnrolmentSubmittedV1,
    ReviewTaskOpenedV1,
)
from shared.envelope import Envelope
from shared.errors import Rejected
from shared.garbage_collection import collections_paused
from shared.ids import new_id
from shared.programme_clock import programme_today

from ..adapters.parsed_identities import ParsedIdentities
from ..adapters.registry_repository import (
    MatchDecisionRow,
    RegistryRepository,
    identity_from_text,
    stage_new_records,
)
from ..adapters.review_repository import ReviewTaskRow, open_review_tasks
from ..domain.blocking_caps import key_caps
from ..domain.candidate_pool import CandidatePool
from ..domain.enrolment import KnownRecord, check_enrolment
from ..domain.identity import Identity, identity_of
from ..domain.model import MatchModel, load_model
from ..domain.resolution import CandidateRecord, Resolution, resolve
from .explanations import explain, review_candidate
from .overlaps import refresh_overlaps_of
from .publishing import publish, stage_each


@dataclass(frozen=True)
class EnrolmentIntake:
    model: MatchModel
    # Records whose stored candidates are read together (see _CandidateReads).
    chunk: int = 50
    # Kept from batch to batch: the same popular candidates come back in many.
    identities: ParsedIdentities = field(
        default_factory=lambda: ParsedIdentities(identity_from_text)
    )

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
                await _reply_rejected(
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
        self,
        conn: asyncpg.Connection,
        batch: Sequence[tuple[EnrolmentSubmittedV1, Envelope[Any]]],
        beside: asyncpg.Pool | None = None,
    ) -> list[EnrolmentRegisteredV2]:
        """Checked enrolments, resolved in order as if one after the other, with
        a fixed number of statements for the whole batch, plus per chunk of
        records one candidate read and one write, and the overlap check of
        each person who gained a record.

        Given `beside`, a batch of more than one chunk reads its candidates on
        a connection of its own, outside the transaction, and writes each chunk
        as soon as it is resolved: PostgreSQL then reads the next chunk's
        candidates and writes the last one's while this process compares. The
        reads see what other transactions committed once the batch holds its
        key locks, as reads inside the transaction do, and none of the batch's
        own rows, which its candidate pool holds already. Without `beside`,
        reading and writing share the transaction's connection, and every
        chunk is written once all are resolved: a read after a write would see
        the batch's own rows."""
        if not batch:
            return []
        with collections_paused():
            if beside is None or len(batch) <= self.chunk:
                return await self._register(conn, conn, batch)
            async with beside.acquire() as reader:
                return await self._register(conn, reader, batch)

    async def _register(
        self,
        conn: asyncpg.Connection,
        reader: asyncpg.Connection,
        batch: Sequence[tuple[EnrolmentSubmittedV1, Envelope[Any]]],
    ) -> list[EnrolmentRegisteredV2]:
        """`reader`: where candidates are read, the transaction's `conn` or one beside it."""
        repository = RegistryRepository(conn)
        identities = [identity_of(e.person) for e, _ in batch]
        caps_of = [key_caps(identity, self.model.blocking_key_cap) for identity in identities]
        known = await repository.lock(
            [(e.agency, e.agency_record_id) for e, _ in batch],
            sorted({k for caps in caps_of for k in caps}),
        )
        # Only a record new to the registry is resolved, and only its keys are searched.
        searched = [
            {} if (e.agency, e.agency_record_id) in known else caps
            for (e, _), caps in zip(batch, caps_of, strict=True)
        ]
        pool = CandidatePool(
            self.model.blocking_key_cap, {k: cap for caps in caps_of for k, cap in caps.items()}
        )
        records = list(zip(batch, identities, [sorted(caps) for caps in caps_of], strict=True))
        starts = range(0, len(records), self.chunk)
        reads = _CandidateReads(
            RegistryRepository(reader),
            self.identities,
            pool,
            _keys_of_parts(searched, starts, self.chunk),
            [record.enrolment_id for record in known.values()],
        )
        writes = _Writes(_ChunkSaves(repository, at_once=reader is not conn))
        try:
            for part, start in enumerate(starts):
                await reads.wait_for(part)
                for done, ((enrolment, envelope), identity, record_keys) in enumerate(
                    records[start : start + self.chunk], 1
                ):
                    record = (enrolment.agency, enrolment.agency_record_id)
                    if record in known:
                        writes.update(known[record], enrolment, envelope, identity, record_keys)
                    else:
                        resolution = resolve(self.model, identity, pool.candidates(record_keys))
                        known[record] = writes.add(
                            self.model, resolution, enrolment, envelope, identity, record_keys
                        )
                    pool.add(
                        CandidateRecord(
                            known[record].person_id, known[record].enrolment_id, identity
                        ),
                        record_keys,
                    )
                    if done % _LET_READS_RUN_EVERY == 0:
                        await asyncio.sleep(0)
                writes.end_chunk()
            await writes.save(conn)
        finally:
            await reads.stop()
            await writes.saves.stop()
        return writes.replies


# A chunk's candidates are read while the chunk before it is resolved (and,
# read beside the transaction, the chunk before that is written), so PostgreSQL
# works on the other core while this one compares. Between two chunks the
# comparing yields to the event loop now and then, for the driver to take in
# the rows as they come (PostgreSQL stalls when the socket is full) and to send
# the next statement.
_LET_READS_RUN_EVERY = 8


def _keys_of_parts(
    searched: Sequence[dict[int, int]], starts: range, chunk: int
) -> list[dict[int, int]]:
    """For each chunk of records, the keys (with their caps) its records search. A key searched by an earlier
    chunk too is read again: whether a stored record can be a candidate depends on all the keys a chunk shares with it."""
    return [
        {k: cap for caps in searched[start : start + chunk] for k, cap in caps.items()}
        for start in starts
    ]


class _CandidateReads:
    """The stored candidates of a batch, read chunk by chunk, one chunk ahead."""

    def __init__(
        self,
        repository: RegistryRepository,
        identities: ParsedIdentities,
        pool: CandidatePool,
        keys_of_parts: list[dict[int, int]],
        updated: list[UUID],
    ) -> None:
        """`updated`: the stored records the batch updates."""
        self._repository = repository
        self._identities = identities
        self._pool = pool
        self._parts = keys_of_parts
        self._updated = updated
        self._reading: dict[
            int,
            asyncio.Task[tuple[list[tuple[UUID, list[int], CandidateRecord | None]], list[int]]],
        ] = {}

    async def wait_for(self, part: int) -> None:
        """Part `part`'s candidates in the pool, and the next part's on the way."""
        self._start(part)
        if part in self._reading:
            found, too_common = await self._reading.pop(part)
            self._pool.saturate(too_common)
            for record_id, keys, candidate in found:
                self._pool.found(record_id, keys, candidate)
        if self._start(part + 1):
            await asyncio.sleep(0)  # lets the task send its query before the comparing starts

    def _start(self, part: int) -> bool:
        """False when there is nothing to read: no such part, or no key it searches."""
        if part in self._reading:
            return True
        if part >= len(self._parts) or not self._parts[part]:
            return False
        self._reading[part] = asyncio.create_task(
            self._repository.candidates(self._parts[part], self._identities, self._updated)
        )
        return True

    async def stop(self) -> None:
        """A batch that failed half way must not leave a read running on its connection."""
        for task in self._reading.values():
            task.cancel()
        await asyncio.gather(*self._reading.values(), return_exceptions=True)
        self._reading.clear()


@dataclass
class _ChunkWrites:
    """What one chunk of a batch's records writes: one statement, after one
    more that updates the records sent again, if any."""

    persons: list[tuple[UUID, EnrolmentSubmittedV1, str | None]] = field(default_factory=list)
    # By enrolment id: a record the chunk created and then got again is inserted as last sent.
    enrolments: dict[UUID, tuple[UUID, UUID, EnrolmentSubmittedV1, UUID]] = field(
        default_factory=dict
    )
    updated: list[tuple[UUID, EnrolmentSubmittedV1, UUID]] = field(default_factory=list)
    match_records: dict[UUID, tuple[UUID, UUID, Identity, list[int]]] = field(default_factory=dict)
    decisions: list[MatchDecisionRow] = field(default_factory=list)
    events: list[tuple[EventContract, Envelope[Any]]] = field(default_factory=list)

    async def save(self, repository: RegistryRepository) -> None:
        if (
            self.updated
        ):  # a resent record's old keys go before the write below gives it its new ones
            await repository.update_enrolments(self.updated)
        write = BulkWrite()
        stage_new_records(
            write,
            self.persons,
            list(self.enrolments.values()),
            list(self.match_records.values()),
            self.decisions,
        )
        stage_each(write, self.events)
        await repository.execute(write)


class _ChunkSaves:
    """The chunks' writes on the batch's connection, one after the other in
    the order the chunks were resolved: at once (the candidates being read on
    another connection), or all once the batch is resolved."""

    def __init__(self, repository: RegistryRepository, *, at_once: bool) -> None:
        self._repository = repository
        self._at_once = at_once
        self._waiting: list[_ChunkWrites] = []
        self._started: list[asyncio.Task[None]] = []

    def add(self, chunk: _ChunkWrites) -> None:
        self._waiting.append(chunk)
        if self._at_once:
            self._start_waiting()

    async def finish(self) -> None:
        """Every chunk saved; a chunk's failure raised."""
        self._start_waiting()
        if self._started:
            await self._started[-1]

    async def stop(self) -> None:
        """A batch that failed half way must not leave a write running on its connection."""
        for task in self._started:
            task.cancel()
        await asyncio.gather(*self._started, return_exceptions=True)
        self._started.clear()

    def _start_waiting(self) -> None:
        for chunk in self._waiting:
            self._started.append(
                asyncio.create_task(
                    self._after(self._started[-1] if self._started else None, chunk)
                )
            )
        self._waiting.clear()

    async def _after(self, before: asyncio.Task[None] | None, chunk: _ChunkWrites) -> None:
        if before is not None:
            await before
        await chunk.save(self._repository)


@dataclass
class _Writes:
    """What a batch of enrolments changes: each chunk's rows, saved as the
    chunk ends, then the review tasks and overlap checks of the whole batch."""

    saves: _ChunkSaves
    chunk: _ChunkWrites = field(default_factory=_ChunkWrites)
    review_tasks: list[ReviewTaskRow] = field(default_factory=list)
    replies: list[EnrolmentRegisteredV2] = field(default_factory=list)
    # Persons who gained or changed a record, with the event that did it last.
    to_check_for_overlaps: dict[UUID, Envelope[Any] | None] = field(default_factory=dict)

    def end_chunk(self) -> None:
        self.saves.add(self.chunk)
        self.chunk = _ChunkWrites()

    def update(
        self,
        known: KnownRecord,
        enrolment: EnrolmentSubmittedV1,
        envelope: Envelope[Any],
        identity: Identity,
        keys: list[int],
    ) -> None:
        """A record stored before, or by an earlier chunk of this batch, is updated; one this chunk created is
        inserted as last sent."""
        chunk = self.chunk
        if known.enrolment_id in chunk.enrolments:
            chunk.enrolments[known.enrolment_id] = (
                known.enrolment_id,
                known.person_id,
                enrolment,
                envelope.event_id,
            )
        else:
            chunk.updated.append((known.enrolment_id, enrolment, envelope.event_id))
        chunk.match_records[known.enrolment_id] = (
            known.enrolment_id,
            known.person_id,
            identity,
            keys,
        )
        self._reply(
            envelope,
            EnrolmentRegisteredV2(
                person_id=known.person_id,
                enrolment_id=known.enrolment_id,
                agency=enrolment.agency,
                agency_record_id=enrolment.agency_record_id,
                decision="record_updated",
            ),
        )
        self.to_check_for_overlaps[known.person_id] = envelope

    def add(
        self,
        model: MatchModel,
        resolution: Resolution,
        enrolment: EnrolmentSubmittedV1,
        envelope: Envelope[Any],
        identity: Identity,
        keys: list[int],
    ) -> KnownRecord:
        chunk = self.chunk
        explanation = explain(resolution, model)
        enrolment_id = new_id()
        person_id = resolution.person_id if resolution.outcome == "linked" else new_id()
        if resolution.person_id is None:
            chunk.persons.append((person_id, enrolment, identity.curp))
        chunk.enrolments[enrolment_id] = (enrolment_id, person_id, enrolment, envelope.event_id)
        chunk.match_records[enrolment_id] = (enrolment_id, person_id, identity, keys)
        chunk.decisions.append(
            MatchDecisionRow(
                new_id(),
                enrolment_id,
                person_id,
                resolution.outcome,
                resolution.reason,
                explanation.model_dump(mode="json"),
                explanation.decided_by,
                envelope.event_id,
            )
        )
        review_task_id = None
        if resolution.outcome == "pending_review":
            review_task_id = new_id()
            candidates = [review_candidate(c) for c in resolution.review_candidates]
            self.review_tasks.append(
                (
                    review_task_id,
                    enrolment_id,
                    person_id,
                    resolution.reason,
                    [c.model_dump(mode="json") for c in candidates],
                )
            )
            chunk.events.append(
                (
                    ReviewTaskOpenedV1(
                        review_task_id=review_task_id,
                        enrolment_id=enrolment_id,
                        person_id=person_id,
                        reason=resolution.reason,
                        candidates=candidates,
                    ),
                    envelope,
                )
            )
        self._reply(
            envelope,
            EnrolmentRegisteredV2(
                person_id=person_id,
                enrolment_id=enrolment_id,
                agency=enrolment.agency,
                agency_record_id=enrolment.agency_record_id,
                decision=resolution.outcome,
                review_task_id=review_task_id,
                explanation=explanation,
            ),
        )
        if (
            resolution.outcome == "linked"
        ):  # a person just created holds one enrolment: nothing can overlap yet
            self.to_check_for_overlaps[person_id] = envelope
        return KnownRecord(enrolment_id, person_id)

    def _reply(self, envelope: Envelope[Any], reply: EnrolmentRegisteredV2) -> None:
        self.replies.append(reply)
        self.chunk.events.append((reply, envelope))

    async def save(self, conn: asyncpg.Connection) -> None:
        """Once every chunk has ended: review tasks point at the enrolments the chunks insert."""
        await self.saves.finish()
        await open_review_tasks(conn, self.review_tasks)
        if self.to_check_for_overlaps:
            await refresh_overlaps_of(conn, self.to_check_for_overlaps)


@cache
def default_intake() -> EnrolmentIntake:
    """Kafka and HTTP intake share one model, the one shipped in domain/data."""
    return EnrolmentIntake(load_model())


async def _reply_rejected(
    conn: asyncpg.Connection, cause: Envelope[Any], agency: str, record_id: str, rejection: Rejected
) -> None:
    await publish(
        conn,
        cause=cause,
        event=EnrolmentRejectedV1(
            agency=agency,
            agency_record_id=record_id,
            field=rejection.field,
            reason=rejection.reason,
        ),
    )


def _readable_id(payload: dict[str, Any], field: str, max_length: int) -> str | None:
    value = payload.get(field)
    return value if isinstance(value, str) and 0 < len(value) <= max_length else None


async def answer_invalid_enrolment(
    conn: asyncpg.Connection, envelope: Envelope[dict[str, Any]], rejection: Rejected
) -> bool:
    """A payload that breaks the contract is answered like any rejection, as
    long as it names the agency record it is about; otherwise the agency could
    not correlate the answer and only the dead-letter topic can hold it."""
    agency = _readable_id(envelope.payload, "agency", 60)
    record_id = _readable_id(envelope.payload, "agency_record_id", 100)
    if agency is None or record_id is None:
        return False
    await _reply_rejected(conn, envelope, agency, record_id, rejection)
    return True
