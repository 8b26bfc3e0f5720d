"""Deciding which person a record belongs to, from its scored candidates.

Precision comes first: a wrong merge can cost a woman her support. So besides
the thresholds, a link is held back for review whenever the evidence that
usually separates relatives and namesakes disagrees, whatever the score,
unless the strongest identifiers (the same CURP and phone) outweigh it.

A person held for review (the provisional person of a record a caseworker has
not decided yet) is not a link target: a record that would link to her goes to
review beside her. A record that links to more than one confirmed person shows
a split: it links to the best and proposes merging the others into her."""

from dataclasses import dataclass, field
from typing import Literal, NamedTuple
from uuid import UUID

from rapidfuzz.distance import Levenshtein

from shared.contracts.match_vocabulary import AgreementLevel, MatchField, Reading, reading

from .comparison import (
    BIRTH_DATE,
    BIRTH_DAY_MONTH_SWAPPED,
    BIRTH_DIFFERENT,
    BIRTH_MISSING,
    BIRTH_ONE_DIGIT,
    BIRTH_YEAR_ONLY,
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
    # The record is held for review: its person is provisional until a caseworker decides.
    pending: bool = False


class ScoredCandidate(NamedTuple):
    """`levels` and `field_weights` follow FIELDS; the dicts an explanation
    shows are built from them only for the few candidates it names."""

    person_id: UUID
    record_id: UUID
    levels: Levels
    field_weights: tuple[float, ...]
    score: float
    held_back_by: tuple[str, ...]
    pending: bool = False

    @property
    def comparison(self) -> dict[MatchField, AgreementLevel]:
        return dict(zip(FIELDS, self.levels, strict=True))

    @property
    def weights(self) -> dict[MatchField, float]:
        return dict(zip(FIELDS, self.field_weights, strict=True))

    # What the two records say, read from the levels, not the sign of a weight: a field
    # missing on either side weighs something (the model learnt how often it is missing
    # among matches), but it is neither an agreement nor a difference.
    @property
    def agreed(self) -> list[MatchField]:
        return self._fields_reading(Reading.AGREES)

    @property
    def disagreed(self) -> list[MatchField]:
        return self._fields_reading(Reading.DIFFERS)

    @property
    def missing(self) -> list[MatchField]:
        return self._fields_reading(Reading.UNKNOWN)

    def _fields_reading(self, wanted: Reading) -> list[MatchField]:
        return [f for f, level in self.comparison.items() if reading(level) is wanted]


@dataclass(frozen=True)
class Resolution:
    outcome: Literal["new_person", "linked", "pending_review"]
    reason: str
    person_id: UUID | None = None
    best: ScoredCandidate | None = None
    # Pending review: the persons to compare. Linked: the persons proposed for
    # merging into the one linked (a review task of the merge kind).
    review_candidates: tuple[ScoredCandidate, ...] = field(default=())
    candidates_considered: int = 0

    @property
    def proposes_merge(self) -> bool:
        return self.outcome == "linked" and bool(self.review_candidates)


GIVEN_NAMES_DIFFER, BIRTH_DATES_DIFFER, SEX_DIFFERS = RELATIVES_DIFFER = (
    "given_names_differ",
    "birth_dates_differ",
    "sex_differs",
)
# Levels of a birth date that only come near: a typo, a swap, or a placeholder
# day and month. Among thousands of namesakes born within a few years, some are
# born a digit or a swap apart.
NEAR_DATES = (BIRTH_DAY_MONTH_SWAPPED, BIRTH_ONE_DIGIT, BIRTH_YEAR_ONLY, BIRTH_MISSING)


def hold_backs(
    model: MatchModel, levels: Levels, weights: tuple[float, ...], a: Identity, b: Identity
) -> tuple[str, ...]:
    """Why a high score must still not link on its own. Twins differ only in
    given names, a mother and daughter only in birth dates, namesakes born the
    same day only in where they live and how to reach them, which is evidence
    enough only when their name is rare; namesakes born near the same day share
    a municipality too often for it to count."""
    curp = levels[CURP]
    if curp is CURP_EXACT_TRUSTED:
        return ()
    reasons = relatives_differ(levels)
    if reasons and curp is CURP_EXACT and identifiers_outweigh(model, levels, weights, a, b):
        reasons = [r for r in reasons if r in _never_outweighed(a, b)]
    if curp is CURP_DIFFERENT and a.curp_trusted and b.curp_trusted:
        reasons.append("distinct_valid_curps")
    if (
        curp not in (CURP_EXACT, CURP_ONE_OFF)
        and levels[PHONE] is not PHONE_AGREE
        and not _rare_name(model, weights)
    ):
        if levels[BIRTH_DATE] in NEAR_DATES:
            reasons.append("near_birth_date_without_identifier")
        elif levels[PLACE] is not PLACE_MUNICIPALITY:
            reasons.append("nothing_beyond_name_and_birth_date")
    return tuple(reasons)


def relatives_differ(levels: Levels) -> list[str]:
    """The differences that separate relatives (RELATIVES_DIFFER), in that order.
    Spelled out: every candidate pair asks."""
    reasons = []
    if levels[GIVEN_NAMES] is GIVEN_DIFFERENT:
        reasons.append(GIVEN_NAMES_DIFFER)
    if levels[BIRTH_DATE] is BIRTH_DIFFERENT:
        reasons.append(BIRTH_DATES_DIFFER)
    if levels[SEX] is SEX_DISAGREE:
        reasons.append(SEX_DIFFERS)
    return reasons


def _never_outweighed(a: Identity, b: Identity) -> tuple[str, ...]:
    """The differences no identifier outweighs: birth dates (a mother's CURP is
    written on her daughter's record), and given names more than one letter
    apart (a twin's CURP on the other twin's record)."""
    if Levenshtein.distance(" ".join(a.given), " ".join(b.given)) <= 1:
        return (BIRTH_DATES_DIFFER,)
    return (BIRTH_DATES_DIFFER, GIVEN_NAMES_DIFFER)


def identifiers_outweigh(
    model: MatchModel, levels: Levels, weights: tuple[float, ...], a: Identity, b: Identity
) -> bool:
    """Whether the same CURP, valid for at least one of the records, and the
    same phone weigh more than a small difference that usually separates
    relatives: a typo in a given name (ABEL / BEL) or in the sex also makes
    its own record's CURP look wrong (see _never_outweighed for the rest).
    Twins' CURPs differ, if only by a character, so a CURP one off never
    counts here; and the weights must reach the model's
    `identifiers_outweigh_relatives`, so a registry where families share
    phones (a lower phone weight) keeps its hold-backs."""
    needed = model.identifiers_outweigh_relatives
    return (
        levels[CURP] is CURP_EXACT
        and needed is not None
        and levels[PHONE] is PHONE_AGREE
        and (a.curp_trusted or b.curp_trusted)
        and weights[CURP] + weights[PHONE] >= needed
    )


def _rare_name(model: MatchModel, weights: tuple[float, ...]) -> bool:
    """Without the registry's frequencies a name's rarity is unknown: none counts as rare."""
    needed = model.name_weight_to_link_alone
    return (
        needed is not None
        and model.frequencies is not None
        and weights[GIVEN_NAMES] + weights[SURNAMES] >= needed
    )


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
        candidate.pending,
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
    confirmed = [p for p in linkable if not p.pending]
    if confirmed:
        return _linked(confirmed[0], confirmed[1:MAX_REVIEW_CANDIDATES], len(persons))
    reviewable = [p for p in persons if p.score >= model.lower_threshold]
    if linkable:
        if certain(linkable[0]):
            return _joins_review(linkable[0], len(persons))
        # The persons held for review first: the record would have linked to them.
        ranked = linkable + [p for p in reviewable if p not in linkable]
        return _for_review(HELD_PERSON, ranked, len(persons))
    if reviewable:
        return _for_review(_why_review(model, reviewable[0]), reviewable, len(persons))
    return _new_person(persons)


HELD_PERSON = "matches a person held for review: a caseworker decides both together"
JOINS = "the same CURP as a record held for review: joins her review, decided with it"


def certain(person: ScoredCandidate) -> bool:
    """The same valid CURP, or the same CURP and phone: evidence that the two
    records are one person whoever she turns out to be."""
    curp = person.levels[CURP]
    return curp is CURP_EXACT_TRUSTED or (
        curp is CURP_EXACT and person.levels[PHONE] is PHONE_AGREE
    )


def _joins_review(person: ScoredCandidate, considered: int) -> Resolution:
    """Held for review as the record it matches is: the same provisional person,
    whom the caseworker's decision on that record moves or confirms."""
    return Resolution("pending_review", JOINS, person.person_id, person, (), considered)


SPLIT = "links to more than one person: proposes merging them"


def _linked(person: ScoredCandidate, others: list[ScoredCandidate], considered: int) -> Resolution:
    """Linked to `person`; `others`, also linked strongly, are proposed for merging into her."""
    reason = SPLIT if others else "score at or above the upper threshold"
    outweighed = relatives_differ(person.levels) if person.levels[CURP] is CURP_EXACT else []
    if outweighed:
        reason += "; the same CURP and phone outweigh " + ", ".join(outweighed)
    return Resolution("linked", reason, person.person_id, person, tuple(others), considered)


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
