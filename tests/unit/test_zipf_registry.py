"""The second synthetic generator (tests/benchmarks/zipf_registry.py) delivers
the skew, corruption rates and hard negatives it promises, within sampling
tolerance, in records that honour the intake contract."""

import math
from collections import Counter
from functools import cache

import pytest

from services.beneficiaries.domain.curp import curp_format_problem
from services.beneficiaries.domain.identity import identity_of
from tests.benchmarks import zipf_registry as z
from tests.benchmarks.synthetic_registry import SyntheticRecord

PEOPLE, SEED = 8_000, 3


@cache
def sample() -> tuple[list[SyntheticRecord], list[z.Person]]:
    return z.generate(PEOPLE, SEED), z.people_of(PEOPLE, SEED)


def later() -> list[SyntheticRecord]:
    return [r for r in sample()[0] if "later_copy" in r.corruptions]


def assert_rate(hits: int, n: int, rate: float) -> None:
    """Within four standard deviations of a binomial draw."""
    tolerance = 4 * math.sqrt(rate * (1 - rate) / n)
    assert abs(hits / n - rate) <= tolerance, f"{hits}/{n} = {hits / n:.4f}, expected {rate}"


@pytest.mark.parametrize(
    ("label", "rate"),
    [
        ("typo_given", z.NAME_TYPO),
        ("typo_paternal", z.NAME_TYPO),
        ("phonetic_spelling", z.PHONETIC_SPELLING),
        ("surnames_swapped", z.SURNAMES_SWAPPED),
        ("municipality_changed", z.MUNICIPALITY_CHANGED),
        ("phone_missing", z.PHONE_MISSING),
        ("curp_missing", z.CURP_MISSING),
    ],
)
def test_each_later_record_is_corrupted_at_its_rate(label: str, rate: float) -> None:
    records = later()
    # The phonetic respelling needs a letter it can respell; nearly every name has one.
    expected = rate * (0.97 if label == "phonetic_spelling" else 1)
    assert_rate(sum(label in r.corruptions for r in records), len(records), expected)


def test_conditional_corruptions_apply_at_their_rate_where_they_can() -> None:
    records, persons = sample()
    copies = later()
    with_nickname = [
        r
        for r in copies
        if persons[r.truth].given.split()[z.in_use(persons[r.truth].given)] in z.names.NICKNAMES
    ]
    assert_rate(sum("nickname" in r.corruptions for r in with_nickname), len(with_nickname), 0.10)
    swappable = [
        r
        for r in copies
        if persons[r.truth].born.day <= 12
        and persons[r.truth].born.day != persons[r.truth].born.month
    ]
    swapped = sum("day_month_swapped" in r.corruptions for r in swappable)
    assert_rate(swapped, len(swappable), z.DAY_MONTH_SWAPPED)
    with_curp = [r for r in copies if "curp_missing" not in r.corruptions]
    assert_rate(sum("curp_typo" in r.corruptions for r in with_curp), len(with_curp), z.CURP_TYPO)
    assert_rate(sum("first_of_january" in r.corruptions for r in copies), len(copies), 0.03)
    assert not [r for r in records if "later_copy" not in r.corruptions and len(r.corruptions) > 2]


def test_corruptions_do_what_their_labels_say() -> None:
    _, persons = sample()
    for r in later():
        p, got = persons[r.truth], r.enrolment.person
        if "surnames_swapped" in r.corruptions and not {"typo_paternal", "phonetic_spelling"} & set(
            r.corruptions
        ):
            assert got.paternal_surname.upper() == p.maternal
        if "maternal_dropped" in r.corruptions:
            assert got.maternal_surname is None
        if "first_of_january" in r.corruptions:
            assert (got.birth_date.month, got.birth_date.day) == (1, 1)
        if "municipality_changed" in r.corruptions:
            assert got.municipality.upper() != p.municipality
        if "phone_missing" in r.corruptions:
            assert got.phone is None


def test_first_records_carry_their_persons_valid_trusted_curp() -> None:
    records, persons = sample()
    curps = z.curps_of(persons)
    firsts = [r for r in records if not r.corruptions]
    assert len(firsts) > PEOPLE / 3
    for r in firsts:
        assert r.enrolment.person.national_id == curps[r.truth]
        assert curp_format_problem(curps[r.truth]) is None
        assert identity_of(r.enrolment.person).curp_trusted
    assert len(set(curps)) == len(curps), "every person has her own CURP"


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_the_skew_is_zipf_like_within_the_promised_ranges(seed: int) -> None:
    skew = z.skew_of(seed)
    assert z.EXPONENT_RANGE[0] <= skew.exponent <= z.EXPONENT_RANGE[1]
    assert z.TOP_SURNAME_RANGE[0] <= skew.top_surname_share <= z.TOP_SURNAME_RANGE[1]
    persons = z.people_of(20_000, seed)[:20_000]
    firsts = Counter(p.paternal for p in persons)
    assert_rate(firsts.most_common(1)[0][1], len(persons), skew.top_surname_share)
    # The slope of log frequency over log rank, fitted on the commonest given names.
    counts = [c for _, c in Counter(p.given for p in persons if p.sex == "M").most_common(25)]
    xs, ys = [math.log(k) for k in range(1, 26)], [math.log(c) for c in counts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    assert abs(-slope - skew.exponent) < 0.15, (slope, skew.exponent)


def test_skews_differ_from_seed_to_seed() -> None:
    assert len({z.skew_of(seed).exponent for seed in range(10)}) == 10
    assert len({z.tables(seed).surnames.values[1] for seed in range(10)}) > 1


def test_hard_negatives_are_distinct_persons_that_look_alike() -> None:
    _, persons = sample()
    curps = z.curps_of(persons)
    groups: dict[tuple[str, int], list[int]] = {}
    for i, p in enumerate(persons):
        if p.lookalike:
            groups.setdefault(p.lookalike, []).append(i)
    kinds = Counter(kind for kind, _ in groups)
    assert kinds["namesakes"] == 1
    assert kinds["twins"] == round(PEOPLE * z.TWINS / 2)
    assert kinds["mother_daughter"] == round(PEOPLE * z.MOTHERS_AND_DAUGHTERS / 2)
    for (kind, _), members in groups.items():
        alike = [persons[i] for i in members]
        assert len({curps[i] for i in members}) == len(members)
        if kind == "namesakes":
            assert len(members) == round(PEOPLE * z.DENSE_NAMESAKES)
            assert len({(p.given, p.paternal, p.maternal) for p in alike}) == 1
            assert len({p.municipality for p in alike}) == 2
            assert len({(p.municipality, p.born) for p in alike}) == len(members)
        elif kind == "twins":
            assert alike[0].born == alike[1].born and alike[0].phone == alike[1].phone
            assert alike[0].given != alike[1].given
        else:
            assert alike[0].given == alike[1].given and alike[0].paternal == alike[1].paternal
            assert alike[1].born.year - alike[0].born.year >= 17


def test_the_same_seed_gives_the_same_records() -> None:
    first = [(r.truth, r.enrolment.person) for r in z.generate(500, 9)]
    assert first == [(r.truth, r.enrolment.person) for r in z.generate(500, 9)]
