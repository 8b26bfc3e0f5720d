"""Deciding which person a record belongs to, from its scored candidates.

Precision comes first: a wrong merge can cost a woman her support. So besides
the thresholds, a link is held back for review whenever the evidence that
usually separates relatives and namesakes disagrees, whatever the score."""

from dataclasses import dataclass, field
from typing import Literal, NamedTuple
from uuid import UUID

from shared.contracts.match_vocabulary import AgreementLevel, MatchField

from .comparison import (
    BIRTH_DATE,
    BIRTH_DIFFERENT,
    CURP,
    CURP_DIFFERENT,
    CURP_EXACT,
    CURP_EXACT_TRUSTED,
    CURP_ONE_OFF,
    FIELDS,
    GIVEN_DIFFERENT,
    GIVEN_NAMES,
    PHONE,
    PHONE_AGREE,
    PLACE,
    PLACE_MUNICIPALITY,
    SEX,
    SEX_DISAGREE,
    SURNAMES,
    Levels,
    compare_levels,
)
from .identity import Identity
from .match_model import MatchModel

MAX_REVIEW_CANDIDATES = 3


# Tuples: one of each is built for every candidate of every record.
class CandidateRecord(NamedTuple):
    person_id: UUID
    record_id: UUID
    identity: Identity


class ScoredCandidate(NamedTuple):
    """`levels` and `field_weights` follow FIELDS; the dicts an explanation
    shows are built from them only for the few candidates it names."""

    person_id: UUID
    record_id: UUID
    levels: Levels
    field_weights: tuple[float, ...]
    score: float
    held_back_by: tuple[str, ...]

    @property
    def comparison(self) -> dict[MatchField, AgreementLevel]:
        return dict(zip(FIELDS, self.levels, strict=True))

    @property
    def weights(self) -> dict[MatchField, float]:
        return dict(zip(FIELDS, self.field_weights, strict=True))

    @property
    def agreed(self) -> list[MatchField]:
        return [f for f, w in zip(FIELDS, self.field_weights, strict=True) if w > 0]

    @property
    def disagreed(self) -> list[MatchField]:
        return [f for f, w in zip(FIELDS, self.field_weights, strict=True) if w < 0]


@dataclass(frozen=True)
class Resolution:
    outcome: Literal["new_person", "linked", "pending_review"]
    reason: str
    person_id: UUID | None = None
    best: ScoredCandidate | None = None
    review_candidates: tuple[ScoredCandidate, ...] = field(default=())
    candidates_considered: int = 0


def hold_backs(
    model: MatchModel, levels: Levels, weights: tuple[float, ...], a: Identity, b: Identity
) -> tuple[str, ...]:
    """Why a high score must still not link on its own. Twins differ only in
    given names, a mother and daughter only in birth dates, namesakes born the
    same day only in where they live and how to reach them, which is evidence
    enough only when their name is rare."""
    curp = levels[CURP]
    if curp is CURP_EXACT_TRUSTED:
        return ()
    reasons = []
    if levels[GIVEN_NAMES] is GIVEN_DIFFERENT:
        reasons.append("given_names_differ")
    if levels[BIRTH_DATE] is BIRTH_DIFFERENT:
        reasons.append("birth_dates_differ")
    if levels[SEX] is SEX_DISAGREE:
        reasons.append("sex_differs")
    if curp is CURP_DIFFERENT and a.curp_trusted and b.curp_trusted:
        reasons.append("distinct_valid_curps")
    if (
        curp not in (CURP_EXACT, CURP_ONE_OFF)
        and levels[PHONE] is not PHONE_AGREE
        and levels[PLACE] is not PLACE_MUNICIPALITY
        and not _rare_name(model, weights)
    ):
        reasons.append("nothing_beyond_name_and_birth_date")
    return tuple(reasons)


def _rare_name(model: MatchModel, weights: tuple[float, ...]) -> bool:
    needed = model.name_weight_to_link_alone
    return needed is not None and weights[GIVEN_NAMES] + weights[SURNAMES] >= needed


def score_candidate(
    model: MatchModel, incoming: Identity, candidate: CandidateRecord
) -> ScoredCandidate:
    levels = compare_levels(incoming, candidate.identity)
    weights = model.weights(levels, incoming)
    return ScoredCandidate(
        candidate.person_id,
        candidate.record_id,
        levels,
        weights,
        round(sum(weights), 3),
        hold_backs(model, levels, weights, incoming, candidate.identity),
    )


def best_per_person(scored: list[ScoredCandidate]) -> list[ScoredCandidate]:
    best: dict[UUID, ScoredCandidate] = {}
    for s in scored:
        current = best.get(s.person_id)
        if current is None or (not s.held_back_by, s.score) > (
            not current.held_back_by,
            current.score,
        ):
            best[s.person_id] = s
    return sorted(best.values(), key=lambda s: s.score, reverse=True)


def resolve(model: MatchModel, incoming: Identity, candidates: list[CandidateRecord]) -> Resolution:
    return decide(model, [score_candidate(model, incoming, c) for c in candidates])


def decide(model: MatchModel, scored: list[ScoredCandidate]) -> Resolution:
    """The outcome for a record from its candidates' scores, each candidate once."""
    persons = best_per_person(scored)
    linkable = [p for p in persons if p.score >= model.upper_threshold and not p.held_back_by]
    if len(linkable) == 1:
        return _linked(linkable[0], len(persons))
    if linkable:
        return _for_review("the record matches more than one person", linkable, len(persons))
    reviewable = [p for p in persons if p.score >= model.lower_threshold]
    if reviewable:
        return _for_review(_why_review(model, reviewable[0]), reviewable, len(persons))
    return _new_person(persons)


def _linked(person: ScoredCandidate, considered: int) -> Resolution:
    reason = "score at or above the upper threshold"
    return Resolution("linked", reason, person.person_id, person, (), considered)


def _for_review(reason: str, ranked: list[ScoredCandidate], considered: int) -> Resolution:
    """`ranked`: the persons to review, best first; the task lists the first few."""
    shown = tuple(ranked[:MAX_REVIEW_CANDIDATES])
    return Resolution("pending_review", reason, None, ranked[0], shown, considered)


def _why_review(model: MatchModel, top: ScoredCandidate) -> str:
    if top.score >= model.upper_threshold:
        return "held back: " + ", ".join(top.held_back_by)
    return "score between the thresholds"


def _new_person(persons: list[ScoredCandidate]) -> Resolution:
    reason = "no candidate reached the lower threshold"
    closest = persons[0] if persons else None
    return Resolution("new_person", reason, None, closest, (), len(persons))
