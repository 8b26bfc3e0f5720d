"""Estimating the match model from the registry's own records, with no ground
truth (Fellegi–Sunter as Splink does it):

- u, the chance of each agreement level between two different people, from
  random pairs of records: two records drawn at random are almost never the
  same person; from the same pairs, the chance that two people were born in the
  same year (MatchModel.same_birth_year);
- m, the chance of each level between records of one person, by
  expectation–maximisation, u held fixed, starting from the model in force.
  Over all the pairs the intake compares, EM settles on "related" rather than
  "same person" (most such pairs are relatives and namesakes), so it runs
  twice on pairs where one person is common: pairs born the same day teach
  every field but the birth date, and pairs with the same names teach the
  birth date. A field a pass selects on says nothing in that pass.

Caseworkers' verdicts that two records are one person (migration 013's
review_labels) are pairs known to match: they teach m beside EM, each label
one observation against LABEL_PRIOR pairs' worth of what EM learned. Their
"different people" verdicts are relatives and namesakes, not the random pairs
u describes, so they teach no u.

How often each name occurs is not estimated here: the registry counts it as
records arrive (domain/name_counts.py), and the model never carries it.

Thresholds, hold-back settings and the blocking cap are decisions, not
estimates: they are carried over from the model in force."""

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from random import Random

from shared.contracts.match_vocabulary import AgreementLevel, MatchField

from .comparison import compare
from .identity import UNKNOWN_YEAR, Identity
from .match_model import Level, MatchModel
from .names import phonetic

# Per field, each level's probability (m or u).
Shares = dict[MatchField, dict[AgreementLevel, float]]

# Below these, probabilities are noise in a sample; they bound every estimate.
LEAST_PROBABILITY = 1e-6


def random_pairs(count: int, population: int, rng: Random) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    while len(pairs) < count:
        a, b = rng.randrange(population), rng.randrange(population)
        if a != b:
            pairs.append((a, b))
    return pairs


def born_same_day(identity: Identity) -> Hashable:
    return identity.birth_date


def same_names(identity: Identity) -> Hashable:
    return phonetic(identity.given_in_use), tuple(sorted(phonetic(s) for s in identity.surnames))


def pairs_sharing(
    identities: Sequence[Identity],
    key: Callable[[Identity], Hashable],
    cap: int,
    limit: int,
    rng: Random,
) -> list[tuple[int, int]]:
    """Pairs with the same `key`, from groups of at most `cap` records (a
    group of the commonest names is mostly namesakes and would teach little)."""
    groups: dict[Hashable, list[int]] = {}
    for index, identity in enumerate(identities):
        groups.setdefault(key(identity), []).append(index)
    pairs = sorted(
        pair
        for members in groups.values()
        if 1 < len(members) <= cap
        for pair in combinations(members, 2)
    )
    return pairs if len(pairs) <= limit else rng.sample(pairs, limit)


def level_shares(
    patterns: Counter[tuple[AgreementLevel, ...]],
    fields: Sequence[MatchField],
    levels: dict[MatchField, Sequence[AgreementLevel]],
) -> Shares:
    total = sum(patterns.values())
    shares = {f: dict.fromkeys(levels[f], 0.0) for f in fields}
    for pattern, count in patterns.items():
        for f, level in zip(fields, pattern, strict=True):
            shares[f][level] += count / total
    return shares


def _bounded(shares: dict[AgreementLevel, float]) -> dict[AgreementLevel, float]:
    bounded = {level: max(p, LEAST_PROBABILITY) for level, p in shares.items()}
    total = sum(bounded.values())
    return {level: p / total for level, p in bounded.items()}


def expectation_maximisation(
    patterns: Counter[tuple[AgreementLevel, ...]],
    fields: Sequence[MatchField],
    m: Shares,
    u: Shares,
    match_share: float,
    iterations: int,
) -> tuple[Shares, float]:
    """m and the share of same-person pairs among `patterns`, u held fixed. No pairs
    teach nothing: m comes back as it went in."""
    total = sum(patterns.values())
    if total == 0:
        return m, match_share
    for _ in range(iterations):
        expected = {f: dict.fromkeys(m[f], 0.0) for f in fields}
        matches = 0.0
        for pattern, count in patterns.items():
            p_match, p_other = match_share, 1.0 - match_share
            for f, level in zip(fields, pattern, strict=True):
                p_match *= m[f][level]
                p_other *= u[f][level]
            posterior = count * p_match / (p_match + p_other)
            matches += posterior
            for f, level in zip(fields, pattern, strict=True):
                expected[f][level] += posterior
        m = {f: _bounded({level: n / matches for level, n in expected[f].items()}) for f in fields}
        match_share = min(max(matches / total, LEAST_PROBABILITY), 1 - LEAST_PROBABILITY)
    return m, match_share


def _random_pair_shares(
    identities: Sequence[Identity],
    pairs: Sequence[tuple[int, int]],
    fields: Sequence[MatchField],
    levels: dict[MatchField, Sequence[AgreementLevel]],
) -> Shares:
    """u: each level's share among random pairs, almost all of two people."""
    shares = level_shares(_patterns(identities, pairs, fields), fields, levels)
    return {f: _bounded(s) for f, s in shares.items()}


def same_birth_year_share(
    identities: Sequence[Identity], pairs: Sequence[tuple[int, int]]
) -> float | None:
    """The share of random pairs born in the same year, among those whose years are
    known; None without any."""
    years = [
        (identities[a].birth_date.year, identities[b].birth_date.year)
        for a, b in pairs
        if UNKNOWN_YEAR not in (identities[a].birth_date.year, identities[b].birth_date.year)
    ]
    if not years:
        return None
    return max(sum(a == b for a, b in years) / len(years), LEAST_PROBABILITY)


def _patterns(
    identities: Sequence[Identity], pairs: Sequence[tuple[int, int]], fields: Sequence[MatchField]
) -> Counter[tuple[AgreementLevel, ...]]:
    patterns: Counter[tuple[AgreementLevel, ...]] = Counter()
    for a, b in pairs:
        comparison = compare(identities[a], identities[b])
        patterns[tuple(comparison[f] for f in fields)] += 1
    return patterns


@dataclass(frozen=True)
class Pass:
    pairs_by: Callable[[Identity], Hashable]
    selected_on: tuple[MatchField, ...]  # left out of this pass's EM: they agree by construction
    teaches: tuple[MatchField, ...]


PASSES = (
    Pass(
        born_same_day,
        (MatchField.BIRTH_DATE,),
        tuple(f for f in MatchField if f is not MatchField.BIRTH_DATE),
    ),
    Pass(same_names, (MatchField.GIVEN_NAMES, MatchField.SURNAMES), (MatchField.BIRTH_DATE,)),
)
GROUP_CAP = 50
LABEL_PRIOR = 1_000


def with_labels(
    m: Shares, same: Sequence[tuple[Identity, Identity]], fields: Sequence[MatchField]
) -> Shares:
    """m moved toward the levels seen between pairs a caseworker found to be one person."""
    if not same:
        return m
    patterns: Counter[tuple[AgreementLevel, ...]] = Counter()
    for a, b in same:
        comparison = compare(a, b)
        patterns[tuple(comparison[f] for f in fields)] += 1
    seen = level_shares(patterns, fields, {f: list(m[f]) for f in fields})
    n = len(same)
    return {
        f: _bounded(
            {
                lvl: (LABEL_PRIOR * p + n * seen[f][lvl]) / (LABEL_PRIOR + n)
                for lvl, p in m[f].items()
            }
        )
        for f in fields
    }


def _learned_in_pass(
    p: Pass,
    identities: Sequence[Identity],
    fields: Sequence[MatchField],
    m: Shares,
    u: Shares,
    pair_limit: int,
    iterations: int,
    rng: Random,
) -> Shares:
    """The m of the fields pass `p` teaches, by EM over the pairs it selects."""
    used = [f for f in fields if f not in p.selected_on]
    patterns = _patterns(
        identities, pairs_sharing(identities, p.pairs_by, GROUP_CAP, pair_limit, rng), used
    )
    learned, _ = expectation_maximisation(
        patterns, used, {f: m[f] for f in used}, {f: u[f] for f in used}, 0.3, iterations
    )
    return {f: learned[f] for f in p.teaches}


def estimate(
    identities: Sequence[Identity],
    current: MatchModel,
    version: str,
    rng: Random,
    random_pair_count: int = 500_000,
    pass_pair_limit: int = 300_000,
    iterations: int = 30,
    same_person: Sequence[tuple[Identity, Identity]] = (),
) -> MatchModel:
    """`same_person`: pairs caseworkers found to be one person (with_labels). A pass
    that finds no pairs (a registry where nobody shares a birth date or a name) leaves
    the m it would teach as the model in force has it."""
    if len(identities) < 2:
        raise ValueError(
            f"the registry gave {len(identities)} record(s): estimating compares pairs of "
            "records, and needs at least two"
        )
    fields = list(current.fields)
    levels: dict[MatchField, Sequence[AgreementLevel]] = {
        f: list(current.fields[f]) for f in fields
    }
    pairs = random_pairs(random_pair_count, len(identities), rng)
    u = _random_pair_shares(identities, pairs, fields, levels)
    m = {f: {level: current.fields[f][level].m for level in levels[f]} for f in fields}
    for p in PASSES:
        m.update(_learned_in_pass(p, identities, fields, m, u, pass_pair_limit, iterations, rng))
    m = with_labels(m, same_person, fields)
    return replace(
        current,
        version=version,
        fields={f: {level: Level(m[f][level], u[f][level]) for level in levels[f]} for f in fields},
        frequencies=None,
        same_birth_year=same_birth_year_share(identities, pairs),
    )
