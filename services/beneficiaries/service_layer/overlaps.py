"""Keeps a person's support overlaps in step with their enrolments."""

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.beneficiaries import (
    OverlappingEnrolment,
    SupportOverlapClearedV1,
    SupportOverlapRaisedV1,
)
from shared.envelope import Envelope
from shared.programme_clock import programme_today

from ..adapters.overlap_repository import OverlapRepository
from ..domain.overlaps import current_overlaps, overlap_changes
from .publishing import publish_each

ENDED_OR_MOVED = "an enrolment ended or moved to another person"


async def refresh_overlaps(
    conn: asyncpg.Connection,
    person_id: UUID,
    *,
    cause: Envelope[Any] | None,
    clear_reason: str = ENDED_OR_MOVED,
) -> None:
    await refresh_overlaps_of(conn, {person_id: cause}, clear_reason=clear_reason)


async def refresh_overlaps_of(
    conn: asyncpg.Connection,
    causes: dict[UUID, Envelope[Any] | None],
    *,
    clear_reason: str = ENDED_OR_MOVED,
    today: date | None = None,
) -> int:
    """For each person, in order: clear the open overlaps that no longer hold,
    raise the ones that newly do; a fixed number of statements for them all.
    Returns how many were cleared."""
    repository = OverlapRepository(conn)
    persons = list(causes)
    held, open_overlaps, rules = await repository.state_of(persons)
    owner_of = {e.enrolment_id: person for person, enrolments in held.items() for e in enrolments}
    today = today or programme_today()
    cleared: set[UUID] = set()
    reassigned, raised, events = [], [], []
    for person in persons:
        mine = [
            o
            for o in open_overlaps
            if o.overlap_id not in cleared
            and (
                o.person_id == person
                or owner_of.get(o.pair[0]) == person
                or owner_of.get(o.pair[1]) == person
            )
        ]
        owners = {o.overlap_id: o.person_id for o in mine}
        for o in mine:
            if (
                o.person_id != person
                and owner_of.get(o.pair[0]) == owner_of.get(o.pair[1]) == person
            ):
                reassigned.append((o.overlap_id, person))
                owners[o.overlap_id] = person
        by_id = {e.enrolment_id: e for e in held[person]}
        changes = overlap_changes(
            current_overlaps(held[person], rules, today), {o.pair: o.overlap_id for o in mine}
        )
        for overlap_id in changes.to_clear:
            cleared.add(overlap_id)
            events.append(
                (
                    SupportOverlapClearedV1(
                        overlap_id=overlap_id, person_id=owners[overlap_id], reason=clear_reason
                    ),
                    causes[person],
                )
            )
        for pair, rule in changes.to_raise.items():
            overlap_id = uuid4()
            raised.append((overlap_id, person, pair, rule))
            events.append(
                (
                    SupportOverlapRaisedV1(
                        overlap_id=overlap_id,
                        person_id=person,
                        rule=rule,
                        enrolments=[
                            OverlappingEnrolment(
                                enrolment_id=e.enrolment_id,
                                agency=e.agency,
                                programme=e.programme,
                                benefit_type=e.benefit_type,
                            )
                            for e in (by_id[pair[0]], by_id[pair[1]])
                        ],
                    ),
                    causes[person],
                )
            )
    if reassigned:
        await repository.reassign(reassigned)
    if cleared:
        await repository.clear(sorted(cleared), clear_reason)
    if raised:
        await repository.raise_overlaps(raised)
    await publish_each(conn, events)
    return len(cleared)
