"""Batch re-resolution's sweep scores each pair of records once, from the
earlier record's side. That is sound only while a pair scores the same from
either side, and it must decide what resolving each record against all of
its candidates decides."""

import dataclasses
from collections import defaultdict
from uuid import UUID

import pytest

from services.beneficiaries.domain.identity import blocking_keys, identity_of
from services.beneficiaries.domain.match_model import MatchModel, load_model
from services.beneficiaries.domain.pair_sweep import PairSweep
from services.beneficiaries.domain.resolution import (
    KNOWN_NAMESAKES,
    CandidateRecord,
    Resolution,
    resolve,
    score_candidate,
)
from tests.benchmarks.synthetic_registry import generate
from tests.unit.test_identity_evidence import RARE, namesakes_told_apart, person

SHIPPED = load_model()
# Low enough that many namesakes land between the thresholds or above them.
LOOSER = dataclasses.replace(
    SHIPPED, version="test-looser", upper_threshold=5.0, lower_threshold=2.0
)


def registry() -> list[CandidateRecord]:
    """Synthetic records in id order. Half the true persons hold all their
    records as one person, as after intake linked them; the other half's
    records are persons of their own, as if never linked."""
    records = []
    for number, synthetic in enumerate(generate(3_000, seed=13)):
        person = UUID(int=synthetic.truth) if synthetic.truth % 2 else UUID(int=10**9 + number)
        records.append(
            CandidateRecord(person, UUID(int=number), identity_of(synthetic.enrolment.person))
        )
    return records


def candidates_of(records: list[CandidateRecord]) -> dict[UUID, list[CandidateRecord]]:
    """Every record of another person sharing a blocking key, in id order."""
    holders: dict[int, list[CandidateRecord]] = defaultdict(list)
    for record in records:
        for key in blocking_keys(record.identity):
            holders[key].append(record)
    found: dict[UUID, dict[UUID, CandidateRecord]] = defaultdict(dict)
    for held in holders.values():
        for a in held:
            found[a.record_id].update((b.record_id, b) for b in held if b.person_id != a.person_id)
    return {
        record_id: sorted(by_id.values(), key=lambda c: c.record_id)
        for record_id, by_id in found.items()
    }


def outcome(resolution: Resolution) -> tuple[object, ...]:
    best = (
        resolution.best.person_id
        if resolution.outcome == "linked" and resolution.best is not None
        else None
    )
    return (
        resolution.outcome,
        resolution.reason,
        best,
        [(c.person_id, c.record_id, c.score, c.held_back_by) for c in resolution.review_candidates],
    )


RECORDS = registry()
CANDIDATES = candidates_of(RECORDS)


@pytest.mark.parametrize("model", [SHIPPED, LOOSER], ids=lambda m: m.version)
def test_a_pair_scores_the_same_from_either_side(model: MatchModel):
    by_id = {r.record_id: r for r in RECORDS}
    pairs = [(by_id[a], b) for a, found in CANDIDATES.items() for b in found if a < b.record_id]
    assert len(pairs) > 1_000
    for a, b in pairs:
        forward, backward = (
            score_candidate(model, a.identity, b),
            score_candidate(model, b.identity, a),
        )
        assert (forward.comparison, forward.weights, forward.score, forward.held_back_by) == (
            backward.comparison,
            backward.weights,
            backward.score,
            backward.held_back_by,
        ), (a.identity, b.identity)


@pytest.mark.parametrize("model", [SHIPPED, LOOSER], ids=lambda m: m.version)
def test_the_sweep_decides_as_resolving_each_record_against_all_its_candidates(model: MatchModel):
    sweep = PairSweep(model)
    swept, resolved = [], []
    for record in RECORDS:
        found = CANDIDATES.get(record.record_id, [])
        swept.append(
            outcome(sweep.resolve(record, [c for c in found if c.record_id > record.record_id]))
        )
        resolved.append(outcome(resolve(model, record.identity, found)))

    assert swept == resolved
    decided = {decision[0] for decision in resolved}
    assert decided == {"new_person", "linked", "pending_review"}, "the set must reach every outcome"


def test_a_persons_record_below_the_lower_threshold_still_counts_when_it_is_not_held_back():
    """A person counts by her best record, and one not held back is better
    than a held-back one whatever the scores: such a record must reach the
    later record of its pair even when it scores low."""
    incoming = RECORDS[0].identity._replace(curp=None, curp_trusted=False, phone="3312345678")
    held_back = incoming._replace(
        birth_date=incoming.birth_date.replace(year=incoming.birth_date.year - 20)
    )
    low = incoming._replace(paternal="ZZYZX", maternal="QWXZ")
    person = UUID(int=1)
    earlier = [
        CandidateRecord(person, UUID(int=2), held_back),
        CandidateRecord(person, UUID(int=3), low),
    ]
    record = CandidateRecord(UUID(int=4), UUID(int=5), incoming)
    high_score, low_score = (score_candidate(SHIPPED, incoming, c) for c in earlier)
    assert (
        high_score.held_back_by
        and not low_score.held_back_by
        and low_score.score < high_score.score
    )
    # The held-back record alone would send the incoming one to review;
    # the person's other record keeps her out of it.
    model = dataclasses.replace(
        SHIPPED,
        lower_threshold=(high_score.score + low_score.score) / 2,
        upper_threshold=high_score.score + 1,
    )

    sweep = PairSweep(model)
    for candidate in earlier:
        sweep.resolve(candidate, [record])
    swept = sweep.resolve(record, [])

    assert outcome(swept) == outcome(resolve(model, incoming, earlier))
    assert swept.outcome == "new_person"


def test_the_sweep_sees_two_namesakes_told_apart_as_resolving_does():
    """Each person's trusted CURPs reach the later record with her scores, so the
    sweep reviews a record as close to two namesakes as the intake does."""
    here, there = namesakes_told_apart(municipality="Tonalá")
    record = CandidateRecord(UUID(int=7), UUID(int=9), identity_of(person(**RARE)))
    earlier = [here._replace(record_id=UUID(int=1)), there._replace(record_id=UUID(int=2))]
    sweep = PairSweep(SHIPPED)
    for i, candidate in enumerate(earlier):
        sweep.resolve(candidate, [*earlier[i + 1 :], record])
    swept = sweep.resolve(record, [])
    assert outcome(swept) == outcome(resolve(SHIPPED, record.identity, earlier))
    assert swept.reason == KNOWN_NAMESAKES
