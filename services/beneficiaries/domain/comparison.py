"""Field-by-field comparison of two identities into discrete agreement levels,
the input of the Fellegi–Sunter score."""

from datetime import date
from functools import cache

from rapidfuzz.distance import Hamming, JaroWinkler

from .identity import Identity
from .names import phonetic

SIMILAR_NAME = 0.92


def _similar(a: str, b: str) -> bool:
    return JaroWinkler.similarity(a, b) >= SIMILAR_NAME or phonetic(a) == phonetic(b)


def compare_curp(a: Identity, b: Identity) -> str:
    if not a.curp or not b.curp:
        return "missing"
    if a.curp == b.curp:
        return "exact_trusted" if a.curp_trusted and b.curp_trusted else "exact"
    # One character apart passes the check digit only where the digit is blind
    # to it (the tens of the birth day and others, see curp.py); more than that is another CURP.
    return (
        "one_off"
        if len(a.curp) == len(b.curp) and Hamming.distance(a.curp, b.curp) == 1
        else "different"
    )


def compare_given(a: Identity, b: Identity) -> str:
    """'Guadalupe' and 'María Guadalupe' are one name written shorter (subset);
    'Rosa Elena' and 'Rosa Isela' are two names, as twins' often are."""
    if not a.given or not b.given:
        return "different"
    if a.given == b.given:
        return "exact"
    if set(a.given) <= set(b.given) or set(b.given) <= set(a.given):
        return "subset"
    if len(a.given) == len(b.given) and all(
        _similar(x, y) for x, y in zip(a.given, b.given, strict=True)
    ):
        return "similar"
    if (
        a.given_in_use != b.given_in_use
        and _similar(a.given_in_use, b.given_in_use)
        and min(len(a.given), len(b.given)) == 1
    ):
        return "similar"
    return "different"


def _same_surname(x: str, y: str) -> str | None:
    if not x or not y:
        return None
    if x == y:
        return "exact"
    return "similar" if _similar(x, y) else None


def compare_surnames(a: Identity, b: Identity) -> str:
    """Both surnames together, so a swap or a dropped surname is recognised
    rather than counted as two disagreements."""
    pat, mat = _same_surname(a.paternal, b.paternal), _same_surname(a.maternal, b.maternal)
    if pat and mat:
        return "both_exact" if pat == mat == "exact" else "both_similar"
    if _same_surname(a.paternal, b.maternal) and _same_surname(a.maternal, b.paternal):
        return "swapped"
    a_names, b_names = a.surnames, b.surnames
    if len(a_names) != len(b_names) and min(len(a_names), len(b_names)) >= 1:
        shorter, longer = (a_names, b_names) if len(a_names) < len(b_names) else (b_names, a_names)
        if all(any(_same_surname(s, t) for t in longer) for s in shorter):
            return "one_missing"
    if pat or mat:
        return "one_differs"
    return "different"


@cache
def _digits(d: date) -> str:
    """Birth dates repeat across a registry; formatting both for every pair
    compared made birth dates the second costliest field in re-resolution."""
    return d.strftime("%Y%m%d")


def compare_birth_date(a: date, b: date) -> str:
    if a == b:
        return "exact"
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return "day_month_swapped"
    # A typo in one digit, but not in the decade of the year: a mother and a
    # daughter born 1965 and 1995 are one digit apart too.
    if abs(a.year - b.year) < 10 and Hamming.distance(_digits(a), _digits(b)) == 1:
        return "one_digit"
    return "different"


def compare_sex(a: Identity, b: Identity) -> str:
    return "agree" if a.sex == b.sex else "disagree"


def compare_place(a: Identity, b: Identity) -> str:
    if not a.municipality or not b.municipality:
        return "missing"
    if a.municipality == b.municipality:
        return "municipality"
    if a.state and a.state == b.state:
        return "state_only"
    return "different"


def compare_phone(a: Identity, b: Identity) -> str:
    if not a.phone or not b.phone:
        return "missing"
    return "agree" if a.phone == b.phone else "different"


FIELDS = ("curp", "given_names", "surnames", "birth_date", "sex", "place", "phone")
CURP, GIVEN_NAMES, SURNAMES, BIRTH_DATE, SEX, PLACE, PHONE = range(len(FIELDS))


def compare_levels(a: Identity, b: Identity) -> tuple[str, ...]:
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


def compare(a: Identity, b: Identity) -> dict[str, str]:
    return dict(zip(FIELDS, compare_levels(a, b), strict=True))
