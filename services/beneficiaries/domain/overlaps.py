"""Support de-duplication: which of one person's active enrolments overlap,
by the rule table, and what changed since the overlaps last raised."""

from dataclasses import dataclass
from datetime import date
from itertools import combinations
from uuid import UUID


@dataclass(frozen=True)
class HeldEnrolment:
    enrolment_id: UUID
    agency: str
    programme: str
    benefit_type: str
    started_on: date
    ended_on: date | None

    def active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


@dataclass(frozen=True)
class OverlapRule:
    """Two benefit types (possibly the same one) that should not be held at
    once from different agencies."""

    name: str
    benefit_a: str
    benefit_b: str

    def covers(self, x: str, y: str) -> bool:
        return (
            {x, y} == {self.benefit_a, self.benefit_b}
            if x != y
            else self.benefit_a == self.benefit_b == x
        )


Pair = tuple[UUID, UUID]


def pair_of(a: UUID, b: UUID) -> Pair:
    return (a, b) if str(a) < str(b) else (b, a)


def current_overlaps(
    held: list[HeldEnrolment], rules: list[OverlapRule], today: date
) -> dict[Pair, str]:
    active = [e for e in held if e.active_on(today)]
    found: dict[Pair, str] = {}
    for x, y in combinations(active, 2):
        if x.agency == y.agency:
            continue
        rule = next((r for r in rules if r.covers(x.benefit_type, y.benefit_type)), None)
        if rule is not None:
            found[pair_of(x.enrolment_id, y.enrolment_id)] = rule.name
    return found


@dataclass(frozen=True)
class OpenOverlap:
    overlap_id: UUID
    person_id: UUID
    pair: Pair


@dataclass(frozen=True)
class OverlapChanges:
    to_raise: dict[Pair, str]
    to_clear: list[UUID]


def overlap_changes(current: dict[Pair, str], open_overlaps: dict[Pair, UUID]) -> OverlapChanges:
    """Raised once per pair while it holds; cleared when it stops holding."""
    return OverlapChanges(
        to_raise={pair: rule for pair, rule in current.items() if pair not in open_overlaps},
        to_clear=[overlap_id for pair, overlap_id in open_overlaps.items() if pair not in current],
    )
