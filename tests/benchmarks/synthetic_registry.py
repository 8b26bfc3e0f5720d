"""Synthetic beneficiaries of three Jalisco agencies, with ground truth, for
benchmarking the registry's de-duplication.

    .venv/bin/python -m tests.benchmarks.synthetic_registry --people 150000 --seed 7 --stats

Names, places and programmes are drawn from skewed frequency tables in
`registry_data/` (uniform name lists make matching far too easy). Each true
person gets one to three agency records, each an independently corrupted copy
the way agencies type them. A few true persons are look-alikes of another
(twins, mother and daughter with the same names, unrelated namesakes): the
hard negatives. Deterministic for a seed.

Birth states (in the CURP) are about 70% Jalisco and then its neighbours; the
record's state and municipality are where the person lives, mostly Jalisco."""

from __future__ import annotations

import argparse
import csv
import itertools
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from random import Random

from services.beneficiaries.domain.curp import CurpParts, build_curp, expected_parts
from shared.contracts.beneficiaries import EnrolmentSubmittedV1, PersonDetails

DATA = Path(__file__).parent / "registry_data"

RECORDS_PER_PERSON = {1: 0.60, 2: 0.30, 3: 0.10}
SEX_SHARES = {"M": 0.92, "H": 0.07, "X": 0.01}
MINOR_SHARE = 0.05
SINGLE_SURNAME_SHARE = 0.01
NO_PHONE_SHARE = 0.08
CONSENT_SHARE = 0.96
ENDED_SHARE = 0.2

# Share of persons belonging to each kind of look-alike pair (the hard negatives).
TWINS_SHARE = 0.015
MOTHER_DAUGHTER_SHARE = 0.015
NAMESAKES_SHARE = 0.015

# Corruption rates, per record (the conditional ones apply only where they can).
CURP_MISSING = 0.25
OTHER_ID_WHEN_NO_CURP = 0.2  # an INE voter key given instead
CURP_WRONG = 0.015  # half a day-tens change (check digit stays valid), half a relative's CURP
NICKNAME = 0.03  # of records whose name in use has one
ABBREVIATION = 0.15  # of records with a name like María, José, Francisco: "Ma.", "J.", "Fco."
GIVEN_NAME_DROPPED = 0.05  # of compound given names
PARTICLE_DROPPED = 0.4  # of surnames like "de la Cruz"
SURNAMES_SWAPPED = 0.01
SURNAME_DROPPED = 0.03
PHONETIC_SPELLING = 0.04
NAME_TYPO = 0.05
ACCENTS_LOST = {
    "dif-jalisco": 0.8,
    "sisemh-jalisco": 0.15,
    "ssas-jalisco": 0.4,
}  # upper case without accents, by agency style
LOWER_CASE = 0.02
DAY_MONTH_SWAPPED = 0.015  # of dates whose day could be a month
BIRTH_DATE_TYPO = 0.02
PHONE_MISSING = 0.15
PHONE_CHANGED = 0.08
MUNICIPALITY_CHANGED = 0.05

RECORD_ID_FORMATS = {
    "dif-jalisco": "DIF-{:07d}",
    "sisemh-jalisco": "FM-2024-{:06d}",
    "ssas-jalisco": "{:d}",
}
PARTICLES = frozenset({"de", "del", "la", "las", "los", "y"})
COMMON_FIRST_NAMES = frozenset({"María", "José"})  # people go by the second name
TODAY = date(2026, 1, 1)

# Spelling variants that sound alike in Mexican Spanish (pattern, replacement).
SOUNDALIKES = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        ("z", "s"),
        ("s(?=[aeiouáéíóú])", "z"),
        ("c(?=[eiéí])", "s"),
        ("v", "b"),
        ("b", "v"),
        ("ll", "y"),
        ("y(?=[aeiou])", "ll"),
        (r"\bh", ""),
        ("x", "j"),
        ("j", "x"),
        ("gu(?=[eé])", "g"),
    )
)
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjklñ", "zxcvbnm")


@dataclass(frozen=True)
class SyntheticRecord:
    truth: int  # index of the true person
    enrolment: EnrolmentSubmittedV1
    corruptions: tuple[str, ...]
    lookalike: tuple[str, int] | None = (
        None  # (kind, group): distinct persons of one group look alike
    )


@dataclass(frozen=True)
class Place:
    state: str
    municipality: str
    area_code: str


@dataclass(frozen=True)
class Person:
    given_names: str
    paternal: str
    maternal: str | None
    sex: str
    birth_date: date
    birth_state: str  # the CURP's state; the record's state is where the person lives
    place: Place
    phone: str | None  # 10 digits
    lookalike: tuple[str, int] | None = None
    relative: int | None = None  # a household member whose CURP may end up on this person's records


class Weighted:
    def __init__(self, rows) -> None:
        self.values = [value for value, _ in rows]
        self._cumulative = list(itertools.accumulate(float(weight) for _, weight in rows))

    def pick(self, rng: Random):
        return rng.choices(self.values, cum_weights=self._cumulative)[0]


@dataclass(frozen=True)
class Tables:
    surnames: Weighted
    given: dict[str, Weighted]  # by sex, M or H
    birth_states: Weighted
    home_states: Weighted
    places: dict[str, Weighted]  # by state
    variants: dict[str, tuple[str, ...]]  # nicknames and abbreviations of a given name
    programmes: Weighted  # (agency, programme, benefit type)


_SEXES = Weighted(SEX_SHARES.items())
_RECORD_COUNTS = Weighted(RECORDS_PER_PERSON.items())


def _rows(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8") as lines:
        return [
            row for row in csv.reader(line for line in lines if not line.startswith("#")) if row
        ]


@cache
def tables() -> Tables:
    places: dict[str, list] = {}
    for state, municipality, population, area in _rows("places.csv"):
        places.setdefault(state, []).append((Place(state, municipality, area), population))
    variants: dict[str, tuple[str, ...]] = {}
    for name, variant in _rows("nicknames.csv"):
        variants[name] = (*variants.get(name, ()), variant)
    states = _rows("states.csv")
    return Tables(
        surnames=Weighted(_rows("surnames.csv")),
        given={
            sex: Weighted([(n, w) for s, n, w in _rows("given_names.csv") if s == sex])
            for sex in "MH"
        },
        birth_states=Weighted([(s, born) for s, born, _ in states]),
        home_states=Weighted([(s, home) for s, _, home in states]),
        places={state: Weighted(rows) for state, rows in places.items()},
        variants=variants,
        programmes=Weighted([((a, p, b), w) for a, p, b, w in _rows("programmes.csv")]),
    )


def _given(rng: Random, t: Tables, sex: str) -> str:
    return t.given[sex if sex != "X" else rng.choice("MH")].pick(rng)


def _phone(rng: Random, area: str) -> str:
    local = 10 - len(area)
    return area + str(rng.randrange(2 * 10 ** (local - 1), 10**local))


def _birth(rng: Random, first: int, last: int) -> date:
    year = rng.randint(first, last)
    return date(year, 1, 1) + timedelta(days=rng.randrange(date(year, 12, 31).timetuple().tm_yday))


def _person(rng: Random, t: Tables, sex: str | None = None) -> Person:
    sex = sex or _SEXES.pick(rng)
    place = t.places[t.home_states.pick(rng)].pick(rng)
    year = (
        rng.randint(2007, 2019)
        if rng.random() < MINOR_SHARE
        else round(rng.triangular(1950, 2006, 1985))
    )
    return Person(
        given_names=_given(rng, t, sex),
        paternal=t.surnames.pick(rng),
        maternal=None if rng.random() < SINGLE_SURNAME_SHARE else t.surnames.pick(rng),
        sex=sex,
        birth_date=_birth(rng, year, year),
        birth_state=t.birth_states.pick(rng),
        place=place,
        phone=None if rng.random() < NO_PHONE_SHARE else _phone(rng, place.area_code),
    )


def _twins(rng: Random, t: Tables) -> tuple[Person, Person]:
    """Same surnames, birth date, birth place, home and phone; different given names."""
    first = _person(rng, t)
    sex = rng.choice((first.sex, "M", "H"))
    given = _given(rng, t, sex)
    while given == first.given_names:
        given = _given(rng, t, sex)
    return first, replace(first, given_names=given, sex=sex)


def _mother_and_daughter(rng: Random, t: Tables) -> tuple[Person, Person]:
    """Same full names, home and phone; born 16 to 35 years apart."""
    mother = replace(_person(rng, t, "M"), birth_date=_birth(rng, 1950, 1985))
    daughter_born = _birth(rng, mother.birth_date.year + 16, min(mother.birth_date.year + 35, 2019))
    return mother, replace(mother, birth_date=daughter_born)


def _namesakes(rng: Random, t: Tables) -> tuple[Person, Person]:
    """Unrelated people with common names born the same day, in other municipalities."""
    first = replace(
        _person(rng, t, "M"),
        given_names=rng.choice(t.given["M"].values[:5]),
        paternal=rng.choice(t.surnames.values[:10]),
        maternal=rng.choice(t.surnames.values[:10]),
    )
    place = first.place
    while place == first.place:
        place = t.places["Jalisco"].pick(rng)
    return first, replace(first, place=place, phone=_phone(rng, place.area_code))


LOOKALIKES = (
    ("twins", TWINS_SHARE, _twins),
    ("mother_daughter", MOTHER_DAUGHTER_SHARE, _mother_and_daughter),
    ("namesakes", NAMESAKES_SHARE, _namesakes),
)


def _people(count: int, rng: Random, t: Tables) -> list[Person]:
    people: list[Person] = []
    while len(people) < count:
        draw = rng.random()
        for kind, share, make in LOOKALIKES:
            # A pair holds two persons, so half the share of draws makes the share of persons.
            if draw < share / 2 and len(people) + 2 <= count:
                group = len(people)
                related = kind != "namesakes"
                first, second = make(rng, t)
                people += [
                    replace(
                        first, lookalike=(kind, group), relative=group + 1 if related else None
                    ),
                    replace(second, lookalike=(kind, group), relative=group if related else None),
                ]
                break
            draw -= share / 2
        else:
            people.append(_person(rng, t))
    return people


def _curp_parts(p: Person) -> CurpParts:
    return expected_parts(p.given_names, p.paternal, p.maternal, p.sex, p.birth_date, p.birth_state)


def _curps(people: list[Person]) -> list[str]:
    """RENAPO tells homonyms apart by the differentiator: digits before 2000, letters after."""
    seen: Counter[str] = Counter()
    curps = []
    for p in people:
        parts = _curp_parts(p)
        body = build_curp(parts, "0")[:16]
        alphabet = "0123456789" if p.birth_date.year < 2000 else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        curps.append(build_curp(parts, alphabet[seen[body]]))
        seen[body] += 1
    return curps


def _case_kept(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def _soundalike(rng: Random, text: str) -> str | None:
    spots = [(m, r) for pattern, r in SOUNDALIKES for m in pattern.finditer(text)]
    if not spots:
        return None
    match, replacement = rng.choice(spots)
    return text[: match.start()] + _case_kept(match.group(), replacement) + text[match.end() :]


def _typo(rng: Random, text: str) -> str:
    i = rng.choice([k for k, c in enumerate(text) if c.isalpha()])
    op = rng.choice(("substitution", "deletion", "transposition", "insertion"))
    if op == "deletion" and len(text) > 2:
        return text[:i] + text[i + 1 :]
    if (
        op == "transposition"
        and i + 1 < len(text)
        and text[i + 1].isalpha()
        and text[i + 1] != text[i]
    ):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == "insertion":
        return text[:i] + text[i] + text[i:]
    row = next((r for r in KEYBOARD_ROWS if text[i].lower() in r), "aeiou")
    j = row.find(text[i].lower())
    neighbour = row[j + rng.choice((-1, 1))] if 0 < j < len(row) - 1 else rng.choice(row)
    return text[:i] + _case_kept(text[i], neighbour) + text[i + 1 :]


def _unaccented_upper(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.upper()) if not unicodedata.combining(c)
    )


def _given_variant(rng: Random, t: Tables, given: str, applied: list[str]) -> str:
    words = given.split()
    content = [i for i, w in enumerate(words) if w not in PARTICLES]
    in_use = words[content[1]] if len(content) > 1 and words[0] in COMMON_FIRST_NAMES else words[0]
    nicknames = [v for v in t.variants.get(in_use, ()) if not v.endswith(".")]
    if nicknames and rng.random() < NICKNAME:
        applied.append("nickname")
        return rng.choice(nicknames)
    abbreviations = [
        (i, v) for i, w in enumerate(words) for v in t.variants.get(w, ()) if v.endswith(".")
    ]
    if abbreviations and rng.random() < ABBREVIATION:
        applied.append("abbreviation")
        i, short = rng.choice(abbreviations)
        return " ".join([*words[:i], short if rng.random() < 0.7 else short[:-1], *words[i + 1 :]])
    if len(content) > 1 and rng.random() < GIVEN_NAME_DROPPED:
        applied.append("given_name_dropped")
        # "María Guadalupe" mostly loses the María; other compounds mostly keep the first name.
        keep_second = rng.random() < (0.7 if words[0] in COMMON_FIRST_NAMES else 0.3)
        return " ".join(words[content[1] :]) if keep_second else words[0]
    return given


def _names(rng: Random, t: Tables, p: Person, applied: list[str]) -> list[str | None]:
    given, paternal, maternal = (
        _given_variant(rng, t, p.given_names, applied),
        p.paternal,
        p.maternal,
    )
    if any(" " in (s or "") for s in (paternal, maternal)) and rng.random() < PARTICLE_DROPPED:
        applied.append("particle_dropped")
        paternal, maternal = (
            s and " ".join(w for w in s.split() if w not in PARTICLES) for s in (paternal, maternal)
        )
    if maternal and rng.random() < SURNAMES_SWAPPED:
        applied.append("surnames_swapped")
        paternal, maternal = maternal, paternal
    if maternal and rng.random() < SURNAME_DROPPED:
        applied.append("surname_dropped")
        paternal, maternal = (paternal, None) if rng.random() < 0.75 else (None, maternal)
    names = [given, paternal, maternal]
    filled = [i for i, n in enumerate(names) if n]
    if rng.random() < PHONETIC_SPELLING:
        i = rng.choice(filled)
        soundalike = _soundalike(rng, names[i])
        if soundalike:
            names[i] = soundalike
            applied.append("phonetic_spelling")
    if rng.random() < NAME_TYPO:
        i = rng.choice(filled)
        names[i] = _typo(rng, names[i])
        applied.append("name_typo")
    return names


def _birth_date(rng: Random, born: date, applied: list[str]) -> date:
    if born.day <= 12 and born.day != born.month and rng.random() < DAY_MONTH_SWAPPED:
        applied.append("day_month_swapped")
        born = date(born.year, born.day, born.month)
    if rng.random() < BIRTH_DATE_TYPO:
        digits = born.strftime("%Y%m%d")
        while True:
            i = rng.choice((2, 3, 5, 6, 7))  # year tens and units, month units, day
            text = digits[:i] + rng.choice("0123456789") + digits[i + 1 :]
            try:
                typo = date(int(text[:4]), int(text[4:6]), int(text[6:]))
            except ValueError:
                continue
            if typo != born and typo < TODAY:
                applied.append("birth_date_typo")
                return typo
    return born


def _national_id(
    rng: Random, t: Tables, p: Person, curp: str, relative_curp: str | None, applied: list[str]
):
    if rng.random() < CURP_MISSING:
        applied.append("curp_missing")
        if rng.random() < OTHER_ID_WHEN_NO_CURP:
            letters = "".join(rng.choices("BCDFGHJKLMNPQRSTVXZ", k=6))
            sex = "H" if p.sex == "H" else "M"
            return f"{letters}{p.birth_date:%y%m%d}14{sex}{rng.randrange(1000):03d}", "OTHER"
        return None, None
    if rng.random() < CURP_WRONG:
        if rng.random() < 0.5:
            applied.append("curp_day_tens")
            # The day's tens digit weighs 10 in the check digit sum, so the check digit stays valid.
            tens = [d for d in "0123" if d != curp[8] and 1 <= int(d + curp[9]) <= 31]
            return curp[:8] + rng.choice(tens) + curp[9:], "CURP"
        applied.append("curp_of_relative")
        if relative_curp is None:
            born = p.birth_date.year + rng.choice((-3, -2, 2, 3))
            sibling = replace(
                p, given_names=_given(rng, t, p.sex), birth_date=_birth(rng, born, born)
            )
            relative_curp = build_curp(
                _curp_parts(sibling), "0" if sibling.birth_date.year < 2000 else "A"
            )
        return relative_curp, "CURP"
    return curp, "CURP"


def _phone_text(rng: Random, digits: str) -> str:
    area = digits[:2] if digits[:2] in ("33", "55", "81") else digits[:3]
    head, tail = digits[len(area) : -4], digits[-4:]
    formats = (
        f"{area} {head} {tail}",
        digits,
        f"+52 1 {area} {head} {tail}",
        f"({area}){head}-{tail}",
        f"044 {digits}",
        f"52{digits}",
    )
    return rng.choices(formats, weights=(40, 30, 10, 10, 5, 5))[0]


def _contact(rng: Random, t: Tables, p: Person, applied: list[str]) -> tuple[str | None, Place]:
    phone, place = p.phone, p.place
    if phone and rng.random() < PHONE_MISSING:
        applied.append("phone_missing")
        phone = None
    elif phone and rng.random() < PHONE_CHANGED:
        applied.append("phone_changed")
        phone = _phone(rng, p.place.area_code)
    if rng.random() < MUNICIPALITY_CHANGED:
        moved = t.places[place.state].pick(rng)
        if moved != place:
            applied.append("municipality_changed")
            place = moved
    return (phone and _phone_text(rng, phone)), place


def _record(
    rng: Random,
    t: Tables,
    truth: int,
    p: Person,
    curp: str,
    relative_curp: str | None,
    record_ids: Counter,
) -> SyntheticRecord:
    agency, programme, benefit = t.programmes.pick(rng)
    record_ids[agency] += 1
    applied: list[str] = []
    given, paternal, maternal = _names(rng, t, p, applied)
    national_id, id_type = _national_id(rng, t, p, curp, relative_curp, applied)
    phone, place = _contact(rng, t, p, applied)
    texts = [given, paternal, maternal, place.state, place.municipality]
    if rng.random() < ACCENTS_LOST[agency]:
        applied.append("accents_lost")
        texts = [s and _unaccented_upper(s) for s in texts]
    elif rng.random() < LOWER_CASE:
        applied.append("lower_case")
        texts = [s and s.lower() for s in texts]
    person = PersonDetails(
        given_names=texts[0],
        paternal_surname=texts[1],
        maternal_surname=texts[2],
        sex=p.sex,
        birth_date=_birth_date(rng, p.birth_date, applied),
        national_id=national_id,
        national_id_type=id_type,
        state=texts[3],
        municipality=texts[4],
        phone=phone,
        consent_to_share=rng.random() < CONSENT_SHARE,
    )
    started = date(2019, 1, 1) + timedelta(days=rng.randrange(7 * 365))
    enrolment = EnrolmentSubmittedV1(
        agency=agency,
        agency_record_id=RECORD_ID_FORMATS[agency].format(record_ids[agency]),
        programme=programme,
        benefit_type=benefit,
        started_on=started,
        person=person,
        ended_on=started + timedelta(days=rng.randrange(180, 720))
        if rng.random() < ENDED_SHARE
        else None,
    )
    return SyntheticRecord(truth, enrolment, tuple(applied), p.lookalike)


def generate(people: int, seed: int) -> list[SyntheticRecord]:
    """Agency records of `people` true persons, shuffled; the same for the same seed."""
    rng, t = Random(seed), tables()
    persons = _people(people, rng, t)
    curps = _curps(persons)
    record_ids: Counter[str] = Counter()
    records = [
        _record(
            rng,
            t,
            truth,
            p,
            curps[truth],
            None if p.relative is None else curps[p.relative],
            record_ids,
        )
        for truth, p in enumerate(persons)
        for _ in range(_RECORD_COUNTS.pick(rng))
    ]
    rng.shuffle(records)
    return records


def print_stats(records: list[SyntheticRecord]) -> None:
    sizes = Counter(Counter(r.truth for r in records).values())
    groups = {r.lookalike for r in records if r.lookalike}
    with_curp = sum(r.enrolment.person.national_id_type == "CURP" for r in records)
    print(f"records       {len(records):>9,}")
    print(
        f"persons       {sum(sizes.values()):>9,}   records per person: "
        + ", ".join(f"{k}: {sizes[k]:,}" for k in sorted(sizes))
    )
    print(f"true pairs    {sum(n * k * (k - 1) // 2 for k, n in sizes.items()):>9,}")
    print(f"with CURP     {with_curp / len(records):>9.1%}")
    print(
        "agencies      "
        + ", ".join(
            f"{a}: {n:,}" for a, n in sorted(Counter(r.enrolment.agency for r in records).items())
        )
    )
    print(
        "look-alikes   "
        + ", ".join(
            f"{k}: {n:,} pairs" for k, n in sorted(Counter(kind for kind, _ in groups).items())
        )
    )
    print("corruptions (records with each):")
    for name, n in Counter(c for r in records for c in r.corruptions).most_common():
        print(f"  {name:<22}{n:>9,}  {n / len(records):6.2%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--stats", action="store_true", help="print counts of records, pairs and corruptions"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    records = generate(args.people, args.seed)
    print(f"generated {len(records):,} records in {time.perf_counter() - started:.1f} s")
    if args.stats:
        print_stats(records)


if __name__ == "__main__":
    main()
