"""A second synthetic registry, independent of synthetic_registry.py: its own
names and places (zipf_names.py), a Zipf-like skew chosen per seed, its own
corruption profile and dense hard negatives; for checking that the registry's
identity resolution holds on data it was never tuned on.

    .venv/bin/python -m tests.benchmarks.zipf_registry --people 60000 --seed 3 --stats

Skew: given names are drawn with weight 1/rank^s, s chosen per seed in
[0.7, 1.0]; surnames with weight 1/(rank + q)^s, q set so that the commonest
is the first surname of a share of persons chosen per seed in [4%, 14%]. The rank order of
the lists is jittered per seed, so the commonest names differ from seed to seed.

Each ordinary person has one to four records. The first is the person as she
is; every later one is a corrupted copy (the rates below). Phone and CURP go
missing on any record, the first included. Beside the ordinary persons come
the hard negatives, each record labelled with its kind and group: thousands
of persons with the commonest full name in the two largest municipalities of
a state, born on nearby dates (distinct within a municipality); twins (same
surnames, birth date, home and phone; other given names, hence other CURPs);
and mothers and daughters with the same names, home and phone. Distinct
persons of one group must never be merged. Deterministic for a seed."""

from __future__ import annotations

import argparse
import math
import re
from bisect import bisect
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from random import Random

from services.beneficiaries.domain.curp import build_curp, expected_parts
from shared.contracts.beneficiaries import EnrolmentSubmittedV1, PersonDetails
from tests.benchmarks import zipf_names as names
from tests.benchmarks.synthetic_registry import SyntheticRecord

EXPONENT_RANGE = (0.7, 1.0)
TOP_SURNAME_RANGE = (0.04, 0.14)
RECORDS_PER_PERSON = {1: 0.50, 2: 0.33, 3: 0.12, 4: 0.05}
FEMALE_SHARE = 0.85
MINOR_SHARE = 0.06
ONE_SURNAME_SHARE = 0.02
BORN_ELSEWHERE_SHARE = 0.2

# Hard negatives, persons per ordinary person.
DENSE_NAMESAKES = 0.05
TWINS = 0.02  # two persons a pair
MOTHERS_AND_DAUGHTERS = 0.02

# Corruptions of each later record of a person (conditional ones: where they can apply).
NAME_TYPO = 0.15  # of each name field
PHONETIC_SPELLING = 0.10
NICKNAME = 0.10  # of records whose given name has a nickname
ABBREVIATION = 0.08  # of records whose given names have a word with an abbreviation
SURNAMES_SWAPPED = 0.05  # of records with two surnames
MATERNAL_DROPPED = 0.05  # of records with two surnames
DAY_MONTH_SWAPPED = 0.05  # of dates whose day can be a month
FIRST_OF_JANUARY = 0.03  # an agency's placeholder for an unknown date
MUNICIPALITY_CHANGED = 0.20
CURP_TYPO = 0.05  # of records with a CURP
# Missing on any record.
PHONE_MISSING = 0.40
CURP_MISSING = 0.25

TODAY = date(2026, 1, 1)
LETTERS = "ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
# Spellings that sound alike in Mexican Spanish: (pattern, replacement).
SOUNDALIKES = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("V", "B"),
        ("B", "V"),
        ("Z", "S"),
        ("S", "Z"),
        ("C(?=[EI])", "S"),
        ("S(?=[EI])", "C"),
        ("LL", "Y"),
        ("Y(?=[AEIOU])", "LL"),
        (r"\bH", ""),
        ("X", "J"),
        ("J", "X"),
        ("QU(?=[EI])", "K"),
        ("G(?=[EI])", "J"),
    )
)
AGENCIES = (
    # agency, record id format, how it writes names, programmes (name, benefit type)
    (
        "sedeshu-gto",
        "SDS-{:08d}",
        str.upper,
        (("Impulso a la Economía Familiar", "cash_transfer"),),
    ),
    ("dif-bajio", "DB{:07d}", str.title, (("Despensa Segura", "food_basket"),)),
    (
        "bienestar-regional",
        "BR-{:d}",
        str.upper,
        (("Mujeres Emprendedoras", "productive_grant"), ("Vivienda Digna", "housing_improvement")),
    ),
)


@dataclass(frozen=True)
class Skew:
    exponent: float
    top_surname_share: float  # of records, as their first surname


def skew_of(seed: int) -> Skew:
    rng = Random(f"zipf-skew-{seed}")
    return Skew(rng.uniform(*EXPONENT_RANGE), rng.uniform(*TOP_SURNAME_RANGE))


class Zipf:
    """Values drawn with weight 1/(rank + q)^exponent (Zipf-Mandelbrot); q is 0,
    or chosen so that the first value is `top_share` of the draws."""

    def __init__(self, values: list[str], exponent: float, top_share: float | None = None):
        offset = 0.0 if top_share is None else _offset_for(len(values), exponent, top_share)
        self.values = values
        self._cumulative = list(
            accumulate((rank + offset) ** -exponent for rank in range(1, len(values) + 1))
        )

    def pick(self, rng: Random) -> str:
        return self.values[bisect(self._cumulative, rng.random() * self._cumulative[-1])]

    def share(self, rank: int) -> float:
        """Share of draws of the value at `rank` (0 the commonest)."""
        below = self._cumulative[rank - 1] if rank else 0.0
        return (self._cumulative[rank] - below) / self._cumulative[-1]


def _offset_for(n: int, exponent: float, top_share: float) -> float:
    """The q that gives the first of n values `top_share` (it falls as q grows), by bisection."""
    low, high = -0.99, 1000.0
    for _ in range(100):
        q = (low + high) / 2
        weights = [(rank + q) ** -exponent for rank in range(1, n + 1)]
        low, high = (q, high) if weights[0] / sum(weights) > top_share else (low, q)
    return (low + high) / 2


def _jittered(values: list[str], rng: Random) -> list[str]:
    """Roughly the written order (commonest first), shuffled more the further down."""
    key = {v: math.log(i + 1) + rng.gauss(0, 0.4) for i, v in enumerate(dict.fromkeys(values))}
    return sorted(key, key=key.__getitem__)


@dataclass(frozen=True)
class Tables:
    skew: Skew
    surnames: Zipf
    given: dict[str, Zipf]  # by sex, M (mujer) or H (hombre)
    states: tuple[str, ...]
    state_weights: tuple[int, ...]


@cache
def tables(seed: int) -> Tables:
    rng, skew = Random(f"zipf-tables-{seed}"), skew_of(seed)
    states = tuple(names.PLACES)
    return Tables(
        skew=skew,
        surnames=Zipf(
            _jittered(names.words(names.SURNAMES), rng), skew.exponent, skew.top_surname_share
        ),
        given={
            "M": Zipf(_jittered(names.words(names.FEMALE_GIVEN), rng), skew.exponent),
            "H": Zipf(_jittered(names.words(names.MALE_GIVEN), rng), skew.exponent),
        },
        states=states,
        state_weights=tuple(sum(p for _, _, p in names.PLACES[s]) for s in states),
    )


@dataclass(frozen=True)
class Person:
    given: str
    paternal: str
    maternal: str | None
    sex: str
    born: date
    birth_state: str
    state: str
    municipality: str
    phone: str
    lookalike: tuple[str, int] | None = None


def _municipality(rng: Random, state: str, other_than: str | None = None) -> tuple[str, str]:
    places = [p for p in names.PLACES[state] if p[0] != other_than]
    name, area, _ = rng.choices(places, weights=[p[2] for p in places])[0]
    return name, area


def _phone(rng: Random, area: str) -> str:
    return area + str(rng.randrange(10 ** (9 - len(area)) * 2, 10 ** (10 - len(area))))


def _birth_date(rng: Random) -> date:
    if rng.random() < MINOR_SHARE:
        return date(2008, 1, 1) + timedelta(days=rng.randrange(12 * 365))
    year = round(rng.triangular(1938, 2007, 1982))
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _person(rng: Random, t: Tables, sex: str | None = None) -> Person:
    sex = sex or ("M" if rng.random() < FEMALE_SHARE else "H")
    state = rng.choices(t.states, weights=t.state_weights)[0]
    municipality, area = _municipality(rng, state)
    born_elsewhere = rng.random() < BORN_ELSEWHERE_SHARE
    return Person(
        given=t.given[sex].pick(rng),
        paternal=t.surnames.pick(rng),
        maternal=None if rng.random() < ONE_SURNAME_SHARE else t.surnames.pick(rng),
        sex=sex,
        born=_birth_date(rng),
        birth_state=rng.choice(names.OTHER_BIRTH_STATES) if born_elsewhere else state,
        state=state,
        municipality=municipality,
        phone=_phone(rng, area),
    )


def _dense_namesakes(rng: Random, t: Tables, count: int, group: int) -> list[Person]:
    """`count` persons named with the commonest given name and the two commonest
    surnames, half in each of the two largest municipalities of the largest
    state, born on distinct nearby dates within a municipality."""
    state = t.states[t.state_weights.index(max(t.state_weights))]
    largest = sorted(names.PLACES[state], key=lambda p: -p[2])[:2]
    centre = date(1975, 1, 1) + timedelta(days=rng.randrange(20 * 365))
    people: list[Person] = []
    for i, (municipality, area, _) in enumerate(largest):
        here = count // 2 + (count % 2 if i == 0 else 0)
        window = max(here * 3 // 2, 30)
        people.extend(
            Person(
                given=t.given["M"].values[0],
                paternal=t.surnames.values[0],
                maternal=t.surnames.values[1],
                sex="M",
                born=centre + timedelta(days=offset - window // 2),
                birth_state=state,
                state=state,
                municipality=municipality,
                phone=_phone(rng, area),
                lookalike=("namesakes", group),
            )
            for offset in rng.sample(range(window), here)
        )
    return people


def _twins(rng: Random, t: Tables, group: int) -> list[Person]:
    first = replace(_person(rng, t), lookalike=("twins", group))
    sex = rng.choice((first.sex, first.sex, "M", "H"))
    given = first.given
    while given == first.given:
        given = t.given[sex].pick(rng)
    return [first, replace(first, given=given, sex=sex)]


def _mother_and_daughter(rng: Random, t: Tables, group: int) -> list[Person]:
    mother = replace(_person(rng, t, "M"), lookalike=("mother_daughter", group))
    mother = replace(
        mother, born=date(rng.randint(1940, 1985), 1, 1) + timedelta(rng.randrange(365))
    )
    year = rng.randint(mother.born.year + 17, min(mother.born.year + 40, 2019))
    return [mother, replace(mother, born=date(year, 1, 1) + timedelta(rng.randrange(365)))]


def people_of(people: int, seed: int) -> list[Person]:
    """`people` ordinary persons, then the hard negatives; a person's index is her truth."""
    rng, t = Random(f"zipf-people-{seed}"), tables(seed)
    persons = [_person(rng, t) for _ in range(people)]
    persons += _dense_namesakes(rng, t, max(round(people * DENSE_NAMESAKES), 4), len(persons))
    for _ in range(max(round(people * TWINS / 2), 1)):
        persons += _twins(rng, t, len(persons))
    for _ in range(max(round(people * MOTHERS_AND_DAUGHTERS / 2), 1)):
        persons += _mother_and_daughter(rng, t, len(persons))
    return persons


def curps_of(persons: list[Person]) -> list[str]:
    """Each person's CURP from her own data (the domain's layout and check digit);
    homonyms told apart by the differentiator, a digit before 2000, a letter after."""
    taken: Counter[str] = Counter()
    curps = []
    for p in persons:
        parts = expected_parts(p.given, p.paternal, p.maternal, p.sex, p.born, p.birth_state)
        body = build_curp(parts, "0")[:16]
        alphabet = "0123456789" if p.born.year < 2000 else "ABCDEFGHIJKLMNPQRSTUVWXYZ"
        curps.append(build_curp(parts, alphabet[taken[body] % len(alphabet)]))
        taken[body] += 1
    return curps


def typo(rng: Random, word: str) -> str:
    """One keying slip: a letter replaced, dropped, doubled, or two swapped."""
    spots = [i for i, c in enumerate(word) if c.isalpha()]
    i = rng.choice(spots)
    kind = rng.randrange(4)
    if kind == 1 and len(spots) > 2:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[: i + 1] + word[i:]
    if kind == 3 and i + 1 < len(word) and word[i + 1].isalpha() and word[i + 1] != word[i]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(LETTERS.replace(word[i], "")) + word[i + 1 :]


def soundalike(rng: Random, word: str) -> str | None:
    """The word respelt as it sounds (B for V, S for Z, Y for LL, H dropped ...), or None."""
    spots = [(m, r) for pattern, r in SOUNDALIKES for m in pattern.finditer(word)]
    if not spots:
        return None
    match, replacement = rng.choice(spots)
    return word[: match.start()] + replacement + word[match.end() :]


def in_use(given: str) -> int:
    """Index of the word a person goes by: the second after María, José, Juan, Ana."""
    words = given.split()
    content = [i for i, w in enumerate(words) if w not in ("DE", "DEL", "LA", "LOS", "LAS")]
    return content[1] if len(content) > 1 and words[0] in names.COMMON_FIRSTS else 0


def _given_variant(rng: Random, given: str, applied: list[str]) -> str:
    words = given.split()
    nicknames = names.NICKNAMES.get(words[in_use(given)], ())
    if nicknames and rng.random() < NICKNAME:
        applied.append("nickname")
        return rng.choice(nicknames)
    shortened = [i for i, w in enumerate(words) if w in names.ABBREVIATIONS]
    if shortened and rng.random() < ABBREVIATION:
        applied.append("abbreviation")
        i = rng.choice(shortened)
        short = names.ABBREVIATIONS[words[i]]
        words[i] = short if rng.random() < 0.7 else short.rstrip(".")
        return " ".join(words)
    return given


def _surnames(
    rng: Random, paternal: str, maternal: str | None, applied: list[str]
) -> tuple[str, str | None]:
    if maternal is None:
        return paternal, maternal
    if rng.random() < SURNAMES_SWAPPED:
        applied.append("surnames_swapped")
        paternal, maternal = maternal, paternal
    if rng.random() < MATERNAL_DROPPED:
        applied.append("maternal_dropped")
        maternal = None
    return paternal, maternal


def _names(rng: Random, p: Person, applied: list[str]) -> list[str | None]:
    fields: list[str | None] = [
        _given_variant(rng, p.given, applied),
        *_surnames(rng, p.paternal, p.maternal, applied),
    ]
    for i, field in enumerate(("given", "paternal", "maternal")):
        text = fields[i]
        if text and rng.random() < NAME_TYPO:
            applied.append(f"typo_{field}")
            fields[i] = typo(rng, text)
    if rng.random() < PHONETIC_SPELLING:
        respelt = [(i, s) for i, f in enumerate(fields) if f and (s := soundalike(rng, f))]
        if respelt:
            applied.append("phonetic_spelling")
            i, spelt = rng.choice(respelt)
            fields[i] = spelt
    return fields


def _date(rng: Random, born: date, applied: list[str]) -> date:
    if born.day <= 12 and born.day != born.month and rng.random() < DAY_MONTH_SWAPPED:
        applied.append("day_month_swapped")
        born = date(born.year, born.day, born.month)
    if (born.month, born.day) != (1, 1) and rng.random() < FIRST_OF_JANUARY:
        applied.append("first_of_january")
        born = date(born.year, 1, 1)
    return born


def curp_typo(rng: Random, curp: str) -> str:
    """One character mistyped for another of its kind (digit or letter); the
    check digit catches most, not all (services/beneficiaries/domain/curp.py)."""
    i = rng.randrange(len(curp))
    kind = "0123456789" if curp[i].isdigit() else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return curp[:i] + rng.choice(kind.replace(curp[i], "")) + curp[i + 1 :]


def _curp(rng: Random, curp: str, later: bool, applied: list[str]) -> str | None:
    if rng.random() < CURP_MISSING:
        applied.append("curp_missing")
        return None
    if later and rng.random() < CURP_TYPO:
        applied.append("curp_typo")
        return curp_typo(rng, curp)
    return curp


def _phone_text(rng: Random, p: Person, applied: list[str]) -> str | None:
    if rng.random() < PHONE_MISSING:
        applied.append("phone_missing")
        return None
    digits, cut = p.phone, 3 if p.phone[:2] not in ("33", "55", "81") else 2
    return rng.choice(
        (
            digits,
            f"{digits[:cut]} {digits[cut:6]} {digits[6:]}",
            f"({digits[:cut]}) {digits[cut:6]}-{digits[6:]}",
            f"+52 {digits}",
        )
    )


def _municipality_text(rng: Random, p: Person, later: bool, applied: list[str]) -> str:
    if later and rng.random() < MUNICIPALITY_CHANGED:
        applied.append("municipality_changed")
        return _municipality(rng, p.state, other_than=p.municipality)[0]
    return p.municipality


def _record(
    rng: Random, truth: int, p: Person, curp: str, later: bool, counters: Counter[str]
) -> SyntheticRecord:
    applied: list[str] = ["later_copy"] if later else []
    agency, id_format, write, programmes = rng.choice(AGENCIES)
    given, paternal, maternal = (
        _names(rng, p, applied) if later else (p.given, p.paternal, p.maternal)
    )
    national_id = _curp(rng, curp, later, applied)
    person = PersonDetails(
        given_names=write(given or p.given),
        paternal_surname=paternal and write(paternal),
        maternal_surname=maternal and write(maternal),
        sex=p.sex,
        birth_date=_date(rng, p.born, applied) if later else p.born,
        national_id=national_id,
        national_id_type="CURP" if national_id else None,
        state=rng.choice(names.STATE_SPELLINGS[p.state]),
        municipality=write(_municipality_text(rng, p, later, applied)),
        phone=_phone_text(rng, p, applied),
        consent_to_share=rng.random() < 0.95,
    )
    counters[agency] += 1
    programme, benefit = rng.choice(programmes)
    return SyntheticRecord(
        truth,
        EnrolmentSubmittedV1(
            agency=agency,
            agency_record_id=id_format.format(counters[agency]),
            programme=programme,
            benefit_type=benefit,
            started_on=date(2020, 1, 1) + timedelta(days=rng.randrange(6 * 365)),
            person=person,
        ),
        tuple(applied),
        p.lookalike,
    )


def generate(people: int, seed: int) -> list[SyntheticRecord]:
    """Records of `people` ordinary persons and of the hard negatives beside
    them (those records carry a `lookalike` label), shuffled."""
    rng = Random(f"zipf-records-{seed}")
    persons = people_of(people, seed)
    curps = curps_of(persons)
    counts, shares = list(RECORDS_PER_PERSON), list(RECORDS_PER_PERSON.values())
    counters: Counter[str] = Counter()
    records = [
        _record(rng, truth, p, curps[truth], copy > 0, counters)
        for truth, p in enumerate(persons)
        for copy in range(rng.choices(counts, weights=shares)[0])
    ]
    rng.shuffle(records)
    return records


def mean_records_per_person() -> float:
    """Records per ordinary person, hard negatives included: for sizing a run by records."""
    per_person = sum(k * share for k, share in RECORDS_PER_PERSON.items())
    return per_person * (1 + DENSE_NAMESAKES + TWINS + MOTHERS_AND_DAUGHTERS)


def print_stats(records: list[SyntheticRecord], seed: int) -> None:
    t, n = tables(seed), len(records)
    ordinary = [r for r in records if not r.lookalike]
    firsts = Counter((r.enrolment.person.paternal_surname or "").upper() for r in ordinary)
    print(
        f"records {n:,} ({len(ordinary):,} ordinary); skew exponent {t.skew.exponent:.2f}, "
        f"commonest surname drawn for {t.skew.top_surname_share:.1%} of persons"
    )
    print(
        "commonest first surnames of ordinary records: "
        + ", ".join(f"{s} {c / len(ordinary):.1%}" for s, c in firsts.most_common(5))
    )
    kinds = Counter(r.lookalike[0] for r in records if r.lookalike)
    print("hard-negative records: " + ", ".join(f"{k} {c:,}" for k, c in sorted(kinds.items())))
    for name, count in Counter(c for r in records for c in r.corruptions).most_common():
        print(f"  {name:<22}{count:>9,}  {count / n:6.2%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--stats", action="store_true", help="print the skew and corruptions")
    args = parser.parse_args()
    records = generate(args.people, args.seed)
    print(f"{len(records):,} records of {args.people:,} ordinary persons and the hard negatives")
    if args.stats:
        print_stats(records, args.seed)


if __name__ == "__main__":
    main()
