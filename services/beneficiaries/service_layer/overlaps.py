"""Keeps a person's support overlaps in step with their enrolments."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.base import EventContract
from shared.contracts.beneficiaries import (
    OverlappingEnrolment,
    SupportOverlapClearedV1,
    SupportOverlapRaisedV1,
)
from shared.envelope import Envelope
from shared.programme_clock import programme_today

from ..adapters.overlap_repository import OverlapRepository, OverlapState
from ..domain.overlaps import (
    HeldEnrolment,
    OpenOverlap,
    OverlapRule,
    Pair,
    current_overlaps,
    overlap_changes,
)
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
    state = await OverlapRepository(conn).state_of(list(causes))
    return await refresh_overlaps_from(conn, state, causes, clear_reason=clear_reason, today=today)


async def refresh_overlaps_from(
    conn: asyncpg.Connection,
    state: OverlapState,
    causes: dict[UUID, Envelope[Any] | None],
    *,
    clear_reason: str = ENDED_OR_MOVED,
    today: date | None = None,
) -> int:
    """refresh_overlaps_of from the persons' state read already, by
    OverlapRepository.state_of or a write that read it (stage_state_read);
    statements only for what changes."""
    repository = OverlapRepository(conn)
    held, open_overlaps, rules = state
    refresh = _Refresh(held, open_overlaps, rules, today or programme_today(), clear_reason)
    for person, cause in causes.items():
        refresh.of(person, cause)
    if refresh.reassigned:
        await repository.reassign(refresh.reassigned)
    if refresh.cleared:
        await repository.clear(sorted(refresh.cleared), clear_reason)
    if refresh.raised:
        await repository.raise_overlaps(refresh.raised)
    await publish_each(conn, refresh.events)
    return len(refresh.cleared)


@dataclass
class _Refresh:
    """What refreshing the overlaps of a batch's persons changes, person after person."""

    held: dict[UUID, list[HeldEnrolment]]
    open_overlaps: list[OpenOverlap]
    rules: list[OverlapRule]
    today: date
    clear_reason: str
    cleared: set[UUID] = field(default_factory=set)
    reassigned: list[tuple[UUID, UUID]] = field(default_factory=list)
    raised: list[tuple[UUID, UUID, Pair, str]] = field(default_factory=list)
    events: list[tuple[EventContract, Envelope[Any] | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._owner_of = {
            e.enrolment_id: person for person, enrolments in self.held.items() for e in enrolments
        }

    def of(self, person: UUID, cause: Envelope[Any] | None) -> None:
        mine = self._open_touching(person)
        owners = self._owners_after_merges(person, mine)
        changes = overlap_changes(
            current_overlaps(self.held[person], self.rules, self.today),
            {o.pair: o.overlap_id for o in mine},
        )
        for overlap_id in changes.to_clear:
            self.cleared.add(overlap_id)
            cleared = SupportOverlapClearedV1(
                overlap_id=overlap_id, person_id=owners[overlap_id], reason=self.clear_reason
            )
            self.events.append((cleared, cause))
        by_id = {e.enrolment_id: e for e in self.held[person]}
        for pair, rule in changes.to_raise.items():
            overlap_id = uuid4()
            self.raised.append((overlap_id, person, pair, rule))
            raised = SupportOverlapRaisedV1(
                overlap_id=overlap_id,
                person_id=person,
                rule=rule,
                enrolments=[_overlapping(by_id[pair[0]]), _overlapping(by_id[pair[1]])],
            )
            self.events.append((raised, cause))

    def _open_touching(self, person: UUID) -> list[OpenOverlap]:
        """The open overlaps held by `person` or over one of her enrolments."""
        return [
            o
            for o in self.open_overlaps
            if o.overlap_id not in self.cleared
            and person
            in (o.person_id, self._owner_of.get(o.pair[0]), self._owner_of.get(o.pair[1]))
        ]

    def _owners_after_merges(self, person: UUID, mine: list[OpenOverlap]) -> dict[UUID, UUID]:
        """Each overlap's person; one whose enrolments are now both hers moves to her."""
        owners = {o.overlap_id: o.person_id for o in mine}
        for o in mine:
            both_hers = self._owner_of.get(o.pair[0]) == self._owner_of.get(o.pair[1]) == person
            if o.person_id != person and both_hers:
                self.reassigned.append((o.overlap_id, person))
                owners[o.overlap_id] = person
        return owners


def _overlapping(e: HeldEnrolment) -> OverlappingEnrolment:
    return OverlappingEnrolment(
        enrolment_id=e.enrolment_id,
        agency=e.agency,
        programme=e.programme,
        benefit_type=e.benefit_type,
    )
