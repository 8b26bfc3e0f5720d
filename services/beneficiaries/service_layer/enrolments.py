"""Enrolment intake: check, resolve the person, store, reply."""

from dataclasses import dataclass
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
from shared.envelope import Envelope
from shared.errors import Rejected

from ..adapters.registry_repository import RegistryRepository
from ..domain.calendar import registry_today
from ..domain.enrolment import check_enrolment
from ..domain.identity import blocking_keys, identity_of
from ..domain.model import MatchModel, load_model
from ..domain.resolution import Resolution, resolve
from .explanations import explain, review_candidate
from .overlaps import refresh_overlaps
from .publishing import publish


@dataclass(frozen=True)
class EnrolmentIntake:
    model: MatchModel

    async def __call__(self, conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
        """From Kafka: a rejection is answered on the decisions topic, in the same transaction as the inbox row."""
        enrolment: EnrolmentSubmittedV1 = envelope.payload
        try:
            async with conn.transaction():
                await self.register(conn, enrolment, envelope)
        except Rejected as rejection:
            await _reply_rejected(conn, envelope, enrolment.agency, enrolment.agency_record_id, rejection)

    async def register(self, conn: asyncpg.Connection, enrolment: EnrolmentSubmittedV1, envelope: Envelope[Any]) -> EnrolmentRegisteredV2:
        check_enrolment(enrolment, registry_today())
        repository = RegistryRepository(conn)
        known = await repository.lock_agency_record(enrolment.agency, enrolment.agency_record_id)
        identity = identity_of(enrolment.person)
        keys = blocking_keys(identity)
        if known is not None:
            await repository.update_enrolment(known.enrolment_id, enrolment, envelope.event_id)
            await repository.save_match_record(known.enrolment_id, known.person_id, identity, keys)
            reply = EnrolmentRegisteredV2(
                person_id=known.person_id, enrolment_id=known.enrolment_id, agency=enrolment.agency,
                agency_record_id=enrolment.agency_record_id, decision="record_updated",
            )
            await publish(conn, cause=envelope, event=reply)
            await refresh_overlaps(conn, known.person_id, cause=envelope)
            return reply
        await repository.lock_keys(keys)
        resolution = resolve(self.model, identity, await repository.candidates(keys, self.model.blocking_key_cap))
        explanation = explain(resolution, self.model)
        enrolment_id = uuid4()
        person_id = resolution.person_id if resolution.outcome == "linked" else uuid4()
        if resolution.person_id is None:
            await repository.add_person(person_id, enrolment, identity.curp)
        await repository.add_enrolment(enrolment_id, person_id, enrolment, envelope.event_id)
        await repository.save_match_record(enrolment_id, person_id, identity, keys)
        await repository.add_decision(uuid4(), enrolment_id, person_id, resolution.outcome, resolution.reason,
                                      explanation.model_dump(mode="json"), explanation.decided_by, envelope.event_id)
        review_task_id = None
        if resolution.outcome == "pending_review":
            review_task_id = await _open_review(conn, envelope, enrolment_id, person_id, resolution)
        reply = EnrolmentRegisteredV2(
            person_id=person_id, enrolment_id=enrolment_id, agency=enrolment.agency,
            agency_record_id=enrolment.agency_record_id, decision=resolution.outcome,
            review_task_id=review_task_id, explanation=explanation,
        )
        await publish(conn, cause=envelope, event=reply)
        if resolution.outcome == "linked":  # a person just created holds one enrolment: nothing can overlap yet
            await refresh_overlaps(conn, person_id, cause=envelope)
        return reply


@cache
def default_intake() -> EnrolmentIntake:
    """Kafka and HTTP intake share one model, the one shipped in domain/data."""
    return EnrolmentIntake(load_model())


async def _open_review(conn: asyncpg.Connection, envelope: Envelope[Any], enrolment_id: UUID, person_id: UUID,
                       resolution: Resolution) -> UUID:
    task_id = uuid4()
    candidates = [review_candidate(c) for c in resolution.review_candidates]
    await RegistryRepository(conn).open_review_task(
        task_id, enrolment_id, person_id, resolution.reason, [c.model_dump(mode="json") for c in candidates]
    )
    await publish(conn, cause=envelope, event=ReviewTaskOpenedV1(
        review_task_id=task_id, enrolment_id=enrolment_id, person_id=person_id, reason=resolution.reason, candidates=candidates,
    ))
    return task_id



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
