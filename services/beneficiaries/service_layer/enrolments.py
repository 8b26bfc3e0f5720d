"""Enrolment intake: check, resolve the person, store, reply."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.beneficiaries import (
    EnrolmentRegisteredV2,
    EnrolmentRejectedV1,
    EnrolmentSubmittedV1,
    ReviewTaskOpenedV1,
)
from shared.contracts.base import EventContract
from shared.envelope import Envelope
from shared.errors import Rejected

from ..adapters.parsed_identities import ParsedIdentities
from ..adapters.registry_repository import MatchDecisionRow, RegistryRepository, identity_from_text
from ..domain.blocking_caps import key_caps
from ..domain.calendar import registry_today
from ..domain.candidate_pool import CandidatePool
from ..domain.enrolment import KnownRecord, check_enrolment
from ..domain.identity import Identity, identity_of
from ..domain.model import MatchModel, load_model
from ..domain.resolution import CandidateRecord, Resolution, resolve
from .explanations import explain, review_candidate
from .overlaps import refresh_overlaps_of
from .publishing import publish, publish_each


@dataclass(frozen=True)
class EnrolmentIntake:
    model: MatchModel
    # Kept from batch to batch: the same popular candidates come back in many.
    identities: ParsedIdentities = field(default_factory=lambda: ParsedIdentities(identity_from_text))

    async def __call__(self, conn: asyncpg.Connection, envelopes: Sequence[Envelope[Any]]) -> None:
        """From Kafka, a batch: a rejection is answered on the decisions topic,
        in the same transaction as the inbox rows."""
        today = registry_today()
        accepted = []
        for envelope in envelopes:
            enrolment: EnrolmentSubmittedV1 = envelope.payload
            try:
                check_enrolment(enrolment, today)
            except Rejected as rejection:
                await _reply_rejected(conn, envelope, enrolment.agency, enrolment.agency_record_id, rejection)
            else:
                accepted.append((enrolment, envelope))
        await self.register_all(conn, accepted)

    async def register(self, conn: asyncpg.Connection, enrolment: EnrolmentSubmittedV1, envelope: Envelope[Any]) -> EnrolmentRegisteredV2:
        check_enrolment(enrolment, registry_today())
        [reply] = await self.register_all(conn, [(enrolment, envelope)])
        return reply

    async def register_all(
        self, conn: asyncpg.Connection, batch: Sequence[tuple[EnrolmentSubmittedV1, Envelope[Any]]]
    ) -> list[EnrolmentRegisteredV2]:
        """Checked enrolments, resolved in order as if one after the other, with
        a fixed number of statements for the whole batch (plus the overlap
        check of each person who gained a record)."""
        if not batch:
            return []
        repository = RegistryRepository(conn)
        known = await repository.lock_agency_records([(e.agency, e.agency_record_id) for e, _ in batch])
        identities = [identity_of(e.person) for e, _ in batch]
        caps_of = [key_caps(identity, self.model.blocking_key_cap) for identity in identities]
        keys = [sorted(caps) for caps in caps_of]
        new_keys = {k: cap for (e, _), caps in zip(batch, caps_of, strict=True) if (e.agency, e.agency_record_id) not in known
                    for k, cap in caps.items()}
        await repository.lock_keys(sorted(new_keys))
        pool = CandidatePool(self.model.blocking_key_cap, {k: cap for caps in caps_of for k, cap in caps.items()})
        found, too_common = await repository.candidates(new_keys, self.identities)
        pool.saturate(too_common)
        for candidate, candidate_keys in found:
            pool.add(candidate, candidate_keys)
        writes = _Writes()
        for (enrolment, envelope), identity, record_keys in zip(batch, identities, keys, strict=True):
            record = (enrolment.agency, enrolment.agency_record_id)
            if record in known:
                writes.update(known[record], enrolment, envelope, identity, record_keys)
            else:
                resolution = resolve(self.model, identity, pool.candidates(record_keys))
                known[record] = writes.add(self.model, resolution, enrolment, envelope, identity, record_keys)
            pool.add(CandidateRecord(known[record].person_id, known[record].enrolment_id, identity), record_keys)
        await writes.save(conn, repository)
        return writes.replies


@dataclass
class _Writes:
    """What a batch of enrolments changes, gathered so each table is written once."""

    persons: list[tuple[UUID, EnrolmentSubmittedV1, str | None]] = field(default_factory=list)
    enrolments: list[tuple[UUID, UUID, EnrolmentSubmittedV1, UUID]] = field(default_factory=list)
    updated: list[tuple[UUID, EnrolmentSubmittedV1, UUID]] = field(default_factory=list)
    match_records: dict[UUID, tuple[UUID, UUID, Identity, list[int]]] = field(default_factory=dict)
    decisions: list[MatchDecisionRow] = field(default_factory=list)
    review_tasks: list[tuple[UUID, UUID, UUID, str, list[dict[str, Any]]]] = field(default_factory=list)
    events: list[tuple[EventContract, Envelope[Any]]] = field(default_factory=list)
    replies: list[EnrolmentRegisteredV2] = field(default_factory=list)
    # Persons who gained or changed a record, with the event that did it last.
    to_check_for_overlaps: dict[UUID, Envelope[Any] | None] = field(default_factory=dict)

    def update(self, known: KnownRecord, enrolment: EnrolmentSubmittedV1, envelope: Envelope[Any], identity: Identity,
               keys: list[int]) -> None:
        self.updated.append((known.enrolment_id, enrolment, envelope.event_id))
        self.match_records[known.enrolment_id] = (known.enrolment_id, known.person_id, identity, keys)
        self._reply(envelope, EnrolmentRegisteredV2(
            person_id=known.person_id, enrolment_id=known.enrolment_id, agency=enrolment.agency,
            agency_record_id=enrolment.agency_record_id, decision="record_updated",
        ))
        self.to_check_for_overlaps[known.person_id] = envelope

    def add(self, model: MatchModel, resolution: Resolution, enrolment: EnrolmentSubmittedV1, envelope: Envelope[Any],
            identity: Identity, keys: list[int]) -> KnownRecord:
        explanation = explain(resolution, model)
        enrolment_id = uuid4()
        person_id = resolution.person_id if resolution.outcome == "linked" else uuid4()
        if resolution.person_id is None:
            self.persons.append((person_id, enrolment, identity.curp))
        self.enrolments.append((enrolment_id, person_id, enrolment, envelope.event_id))
        self.match_records[enrolment_id] = (enrolment_id, person_id, identity, keys)
        self.decisions.append(MatchDecisionRow(uuid4(), enrolment_id, person_id, resolution.outcome, resolution.reason,
                                       explanation.model_dump(mode="json"), explanation.decided_by, envelope.event_id))
        review_task_id = None
        if resolution.outcome == "pending_review":
            review_task_id = uuid4()
            candidates = [review_candidate(c) for c in resolution.review_candidates]
            self.review_tasks.append((review_task_id, enrolment_id, person_id, resolution.reason,
                                      [c.model_dump(mode="json") for c in candidates]))
            self.events.append((ReviewTaskOpenedV1(review_task_id=review_task_id, enrolment_id=enrolment_id, person_id=person_id,
                                                   reason=resolution.reason, candidates=candidates), envelope))
        self._reply(envelope, EnrolmentRegisteredV2(
            person_id=person_id, enrolment_id=enrolment_id, agency=enrolment.agency,
            agency_record_id=enrolment.agency_record_id, decision=resolution.outcome,
            review_task_id=review_task_id, explanation=explanation,
        ))
        if resolution.outcome == "linked":  # a person just created holds one enrolment: nothing can overlap yet
            self.to_check_for_overlaps[person_id] = envelope
        return KnownRecord(enrolment_id, person_id)

    def _reply(self, envelope: Envelope[Any], reply: EnrolmentRegisteredV2) -> None:
        self.replies.append(reply)
        self.events.append((reply, envelope))

    async def save(self, conn: asyncpg.Connection, repository: RegistryRepository) -> None:
        # Persons before the enrolments that point at them; enrolments before their match records.
        if self.persons:
            await repository.add_persons(self.persons)
        if self.enrolments:
            await repository.add_enrolments(self.enrolments)
        if self.updated:
            await repository.update_enrolments(self.updated)
        await repository.save_match_records(list(self.match_records.values()), [enrolment_id for enrolment_id, _, _ in self.updated])
        if self.decisions:
            await repository.add_decisions(self.decisions)
        if self.review_tasks:
            await repository.open_review_tasks(self.review_tasks)
        await publish_each(conn, self.events)
        if self.to_check_for_overlaps:
            await refresh_overlaps_of(conn, self.to_check_for_overlaps)


@cache
def default_intake() -> EnrolmentIntake:
    """Kafka and HTTP intake share one model, the one shipped in domain/data."""
    return EnrolmentIntake(load_model())


async def _reply_rejected(conn: asyncpg.Connection, cause: Envelope[Any], agency: str, record_id: str, rejection: Rejected) -> None:
    await publish(conn, cause=cause, event=EnrolmentRejectedV1(agency=agency, agency_record_id=record_id, field=rejection.field, reason=rejection.reason))


def _readable_id(payload: dict[str, Any], field: str, max_length: int) -> str | None:
    value = payload.get(field)
    return value if isinstance(value, str) and 0 < len(value) <= max_length else None


async def answer_invalid_enrolment(conn: asyncpg.Connection, envelope: Envelope[dict[str, Any]], rejection: Rejected) -> bool:
    """A payload that breaks the contract is answered like any rejection, as
    long as it names the agency record it is about; otherwise the agency could
    not correlate the answer and only the dead-letter topic can hold it."""
    agency = _readable_id(envelope.payload, "agency", 60)
    record_id = _readable_id(envelope.payload, "agency_record_id", 100)
    if agency is None or record_id is None:
        return False
    await _reply_rejected(conn, envelope, agency, record_id, rejection)
    return True
