"""Field-by-field comparison of two identities into discrete agreement levels,
the input of the Fellegi–Sunter score."""

from datetime import date
from functools import cache

from rapidfuzz.distance import Hamming, JaroWinkler

from shared.contracts.match_vocabulary import (
    LEVELS,
    AgreementLevel,
    BirthDateLevel,
    CurpLevel,
    GivenNamesLevel,
    MatchField,
    PhoneLevel,
    PlaceLevel,
    SexLevel,
    SurnamesLevel,
)

from .identity import Identity
from .names import phonetic

SIMILAR_NAME = 0.92


def _similar(a: str, b: str) -> bool:
    return JaroWinkler.similarity(a, b) >= SIMILAR_NAME or phonetic(a) == phonetic(b)


def compare_curp(a: Identity, b: Identity) -> CurpLevel:
    if not a.curp or not b.curp:
        return CurpLevel.MISSING
    if a.curp == b.curp:
        trusted = a.curp_trusted and b.curp_trusted
        return CurpLevel.EXACT_TRUSTED if trusted else CurpLevel.EXACT
    # One character apart passes the check digit only where the digit is blind
    # to it (the tens of the birth day and others, see curp.py); more than that is another CURP.
    if len(a.curp) == len(b.curp) and Hamming.distance(a.curp, b.curp) == 1:
        return CurpLevel.ONE_OFF
    return CurpLevel.DIFFERENT


def compare_given(a: Identity, b: Identity) -> GivenNamesLevel:
    """'Guadalupe' and 'María Guadalupe' are one name written shorter (subset);
    'Rosa Elena' and 'Rosa Isela' are two names, as twins' often are."""
    if not a.given or not b.given:
        return GivenNamesLevel.DIFFERENT
    if a.given == b.given:
        return GivenNamesLevel.EXACT
    if set(a.given) <= set(b.given) or set(b.given) <= set(a.given):
        return GivenNamesLevel.SUBSET
    if len(a.given) == len(b.given) and all(
        _similar(x, y) for x, y in zip(a.given, b.given, strict=True)
    ):
        return GivenNamesLevel.SIMILAR
    if (
        a.given_in_use != b.given_in_use
        and _similar(a.given_in_use, b.given_in_use)
        and min(len(a.given), len(b.given)) == 1
    ):
        return GivenNamesLevel.SIMILAR
    return GivenNamesLevel.DIFFERENT


def _same_surname(x: str, y: str) -> str | None:
    if not x or not y:
        return None
    if x == y:
        return "exact"
    return "similar" if _similar(x, y) else None


def compare_surnames(a: Identity, b: Identity) -> SurnamesLevel:
    """Both surnames together, so a swap or a dropped surname is recognised
    rather than counted as two disagreements."""
    pat, mat = _same_surname(a.paternal, b.paternal), _same_surname(a.maternal, b.maternal)
    if pat and mat:
        return SurnamesLevel.BOTH_EXACT if pat == mat == "exact" else SurnamesLevel.BOTH_SIMILAR
    if _same_surname(a.paternal, b.maternal) and _same_surname(a.maternal, b.paternal):
        return SurnamesLevel.SWAPPED
    a_names, b_names = a.surnames, b.surnames
    if len(a_names) != len(b_names) and min(len(a_names), len(b_names)) >= 1:
        shorter, longer = (a_names, b_names) if len(a_names) < len(b_names) else (b_names, a_names)
        if all(any(_same_surname(s, t) for t in longer) for s in shorter):
            return SurnamesLevel.ONE_MISSING
    if pat or mat:
        return SurnamesLevel.ONE_DIFFERS
    return SurnamesLevel.DIFFERENT


@cache
def _digits(d: date) -> str:
    """Birth dates repeat across a registry; formatting both for every pair
    compared made birth dates the second costliest field in re-resolution."""
    return d.strftime("%Y%m%d")


def compare_birth_date(a: date, b: date) -> BirthDateLevel:
    if a == b:
        return BirthDateLevel.EXACT
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return BirthDateLevel.DAY_MONTH_SWAPPED
    # A typo in one digit, but not in the decade of the year: a mother and a
    # daughter born 1965 and 1995 are one digit apart too.
    if abs(a.year - b.year) < 10 and Hamming.distance(_digits(a), _digits(b)) == 1:
        return BirthDateLevel.ONE_DIGIT
    return BirthDateLevel.DIFFERENT


def compare_sex(a: Identity, b: Identity) -> SexLevel:
    return SexLevel.AGREE if a.sex == b.sex else SexLevel.DISAGREE


def compare_place(a: Identity, b: Identity) -> PlaceLevel:
    if not a.municipality or not b.municipality:
        return PlaceLevel.MISSING
    if a.municipality == b.municipality:
        return PlaceLevel.MUNICIPALITY
    if a.state and a.state == b.state:
        return PlaceLevel.STATE_ONLY
    return PlaceLevel.DIFFERENT


def compare_phone(a: Identity, b: Identity) -> PhoneLevel:
    if not a.phone or not b.phone:
        return PhoneLevel.MISSING
    return PhoneLevel.AGREE if a.phone == b.phone else PhoneLevel.DIFFERENT


FIELDS = tuple(LEVELS)
CURP, GIVEN_NAMES, SURNAMES, BIRTH_DATE, SEX, PLACE, PHONE = range(len(FIELDS))
# Each field's level, in the order of FIELDS.
Levels = tuple[
    CurpLevel, GivenNamesLevel, SurnamesLevel, BirthDateLevel, SexLevel, PlaceLevel, PhoneLevel
]


def compare_levels(a: Identity, b: Identity) -> Levels:
    """Each field's agreement level, in the order of FIELDS. A tuple: every
    candidate of every record is compared, and few comparisons are ever shown."""
    return (
        compare_curp(a, b),
        compare_given(a, b),
        compare_surnames(a, b),
        compare_birth_date(a.birth_date, b.birth_date),
        compare_sex(a, b),
        compare_place(a, b),
        compare_phone(a, b),
    )


def compare(a: Identity, b: Identity) -> dict[MatchField, AgreementLevel]:
    return dict(zip(FIELDS, compare_levels(a, b), strict=True))
