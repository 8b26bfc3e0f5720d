"""The synthetic beneficiary generator and the pairwise metrics the
de-duplication benchmarks rely on."""

import statistics
from collections import Counter, defaultdict
from functools import cache

import pytest

from services.beneficiaries.domain.curp import curp_format_problem
from shared.contracts.beneficiaries import EnrolmentSubmittedV1
from tests.benchmarks.pairwise import pair_scores
from tests.benchmarks.synthetic_registry import CURP_MISSING, generate


@cache
def sample():
    return generate(people=2000, seed=11)


def test_the_same_seed_gives_the_same_records_and_another_seed_does_not():
    again = generate(people=2000, seed=11)
    assert [(r.truth, r.enrolment, r.corruptions) for r in again] == [
        (r.truth, r.enrolment, r.corruptions) for r in sample()
    ]
    assert [r.enrolment for r in generate(people=2000, seed=12)] != [r.enrolment for r in sample()]


def test_every_record_is_a_valid_enrolment_with_a_unique_agency_id():
    records = sample()
    for record in records:
        EnrolmentSubmittedV1.model_validate(record.enrolment.model_dump())
    assert len({r.enrolment.partition_key() for r in records}) == len(records)
    assert len({r.truth for r in records}) == 2000


def test_records_of_a_person_are_shuffled_rather_than_adjacent():
    truths = [r.truth for r in sample()]
    assert truths != sorted(truths)


def test_every_curp_given_is_well_formed_and_about_a_quarter_of_records_have_none():
    persons = [r.enrolment.person for r in sample()]
    curps = [p.national_id for p in persons if p.national_id_type == "CURP"]
    assert all(curp_format_problem(c) is None for c in curps)
    assert 1 - len(curps) / len(persons) == pytest.approx(CURP_MISSING, abs=0.03)


def test_surnames_are_skewed_like_real_ones():
    counts = Counter(
        r.enrolment.person.paternal_surname.upper()
        for r in sample()
        if r.enrolment.person.paternal_surname
    )
    shares = [n / counts.total() for n in counts.values()]
    assert max(shares) > 10 * statistics.median(shares)
    assert len(counts) > 150


def test_hard_negatives_are_distinct_persons_who_look_alike():
    groups = defaultdict(dict)
    for r in sample():
        if r.lookalike:
            groups[r.lookalike].setdefault(r.truth, r.enrolment.person)
    kinds = Counter(kind for kind, _ in groups)
    assert set(kinds) == {"twins", "mother_daughter", "namesakes"}
    twins = [list(g.values()) for (kind, _), g in groups.items() if kind == "twins" and len(g) == 2]
    # Corruptions blur single records, so compare the pairs on the whole.
    same_birth = sum(a.birth_date == b.birth_date for a, b in twins)
    same_given = sum(a.given_names == b.given_names for a, b in twins)
    assert same_birth > 0.8 * len(twins) and same_given < 0.2 * len(twins)


def test_pairwise_scores_count_pairs_from_cluster_sizes():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y", "f": "z"}
    scores = pair_scores(truth, predicted)
    # True pairs ab ac bc de (4); predicted ab cd ce de (4); both ab de (2).
    assert (scores.true_pairs, scores.predicted_pairs, scores.correct_pairs) == (4, 4, 2)
    assert scores.precision == scores.recall == scores.f1 == 0.5


def test_pairwise_scores_of_a_perfect_a_merged_and_a_split_clustering():
    truth = {i: i // 2 for i in range(6)}  # three pairs
    assert pair_scores(truth, truth).f1 == 1.0
    merged = pair_scores(truth, {i: 0 for i in range(6)})  # 15 predicted pairs
    assert (merged.precision, merged.recall) == (3 / 15, 1.0)
    assert merged.f1 == pytest.approx(2 * 0.2 / 1.2)
    split = pair_scores(truth, {i: i for i in range(6)})
    assert (split.precision, split.recall, split.f1) == (1.0, 0.0, 0.0)


def test_pairwise_scores_refuse_different_records():
    with pytest.raises(ValueError):
        pair_scores({"a": 1}, {"b": 1})
