"""Keeps a person's support overlaps in step with their enrolments."""

from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.beneficiaries import OverlappingEnrolment, SupportOverlapClearedV1, SupportOverlapRaisedV1
from shared.envelope import Envelope

from ..adapters.overlap_repository import OverlapRepository
from ..domain.calendar import registry_today
from ..domain.overlaps import current_overlaps, overlap_changes
from .publishing import publish


async def refresh_overlaps(conn: asyncpg.Connection, person_id: UUID, *, cause: Envelope[Any] | None,
                           clear_reason: str = "an enrolment ended or moved to another person") -> None:
    repository = OverlapRepository(conn)
    held = await repository.held_by(person_id)
    by_id = {e.enrolment_id: e for e in held}
    current = current_overlaps(held, await repository.rules(), registry_today())
    open_overlaps = await repository.open_for(person_id, list(by_id))
    await repository.reassign_open(person_id, list(by_id))
    changes = overlap_changes(current, open_overlaps)
    for overlap_id in changes.to_clear:
        owner = await repository.clear(overlap_id, clear_reason)
        await publish(conn, cause=cause, event=SupportOverlapClearedV1(overlap_id=overlap_id, person_id=owner, reason=clear_reason))
    for pair, rule in changes.to_raise.items():
        overlap_id = uuid4()
        await repository.raise_overlap(overlap_id, person_id, pair, rule)
        enrolments = [by_id[e] for e in pair]
        await publish(conn, cause=cause, event=SupportOverlapRaisedV1(
            overlap_id=overlap_id, person_id=person_id, rule=rule,
            enrolments=[OverlappingEnrolment(enrolment_id=e.enrolment_id, agency=e.agency, programme=e.programme,
                                             benefit_type=e.benefit_type) for e in enrolments],
        ))

