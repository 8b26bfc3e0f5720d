"""The words of identity resolution: the fields two records are compared on
and each field's agreement levels, as the registry's explanations carry them
(`MatchExplanation.comparison`, `ReviewCandidate.comparison`).

One vocabulary for every reader: the registry's comparison returns these
members, its match model file is checked against them when it loads, and the
console reads explanations with them. A level is added here, then to the
comparison that returns it and the model file that weighs it; a model file
that misses it, or names one not listed here, fails to load."""

from enum import StrEnum


class MatchField(StrEnum):
    CURP = "curp"
    GIVEN_NAMES = "given_names"
    SURNAMES = "surnames"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    PLACE = "place"
    PHONE = "phone"


class CurpLevel(StrEnum):
    # Equal, and each CURP agrees with its own record's names, date and sex.
    EXACT_TRUSTED = "exact_trusted"
    EXACT = "exact"
    ONE_OFF = "one_off"
    DIFFERENT = "different"
    MISSING = "missing"


class GivenNamesLevel(StrEnum):
    EXACT = "exact"
    # "Guadalupe" within "María Guadalupe": one name written shorter.
    SUBSET = "subset"
    SIMILAR = "similar"
    DIFFERENT = "different"


class SurnamesLevel(StrEnum):
    BOTH_EXACT = "both_exact"
    BOTH_SIMILAR = "both_similar"
    SWAPPED = "swapped"
    ONE_MISSING = "one_missing"
    ONE_DIFFERS = "one_differs"
    DIFFERENT = "different"


class BirthDateLevel(StrEnum):
    EXACT = "exact"
    DAY_MONTH_SWAPPED = "day_month_swapped"
    ONE_DIGIT = "one_digit"
    # One side's day and month are a placeholder (1 January); the years agree.
    YEAR_ONLY = "year_only"
    DIFFERENT = "different"
    # One side's date is 1900-01-01, a placeholder for the whole date.
    MISSING = "missing"


class SexLevel(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"


class PlaceLevel(StrEnum):
    MUNICIPALITY = "municipality"
    STATE_ONLY = "state_only"
    DIFFERENT = "different"
    MISSING = "missing"


class PhoneLevel(StrEnum):
    AGREE = "agree"
    DIFFERENT = "different"
    MISSING = "missing"


AgreementLevel = (
    CurpLevel
    | GivenNamesLevel
    | SurnamesLevel
    | BirthDateLevel
    | SexLevel
    | PlaceLevel
    | PhoneLevel
)

# Every field with its levels, in the order the registry compares them.
LEVELS: dict[MatchField, type[AgreementLevel]] = {
    MatchField.CURP: CurpLevel,
    MatchField.GIVEN_NAMES: GivenNamesLevel,
    MatchField.SURNAMES: SurnamesLevel,
    MatchField.BIRTH_DATE: BirthDateLevel,
    MatchField.SEX: SexLevel,
    MatchField.PLACE: PlaceLevel,
    MatchField.PHONE: PhoneLevel,
}


class Reading(StrEnum):
    """What a level tells a person reading the comparison."""

    AGREES = "agrees"
    DIFFERS = "differs"
    # One side did not say: neither for nor against.
    UNKNOWN = "unknown"


_DIFFERS: frozenset[AgreementLevel] = frozenset(
    {
        CurpLevel.DIFFERENT,
        GivenNamesLevel.DIFFERENT,
        SurnamesLevel.ONE_DIFFERS,
        SurnamesLevel.DIFFERENT,
        BirthDateLevel.DIFFERENT,
        SexLevel.DISAGREE,
        PlaceLevel.DIFFERENT,
        PhoneLevel.DIFFERENT,
    }
)
_UNKNOWN: frozenset[AgreementLevel] = frozenset(
    {
        CurpLevel.MISSING,
        SurnamesLevel.ONE_MISSING,
        BirthDateLevel.YEAR_ONLY,
        BirthDateLevel.MISSING,
        PlaceLevel.MISSING,
        PhoneLevel.MISSING,
    }
)


def level_of(field: MatchField, text: str) -> AgreementLevel:
    """`text`, a level as an explanation carries it, as a member of its field's
    levels; ValueError names the field and the levels it has."""
    levels = LEVELS[field]
    try:
        return levels(text)
    except ValueError:
        known = ", ".join(levels)
        raise ValueError(f"{field}: no level {text!r} (it has {known})") from None


def reading(level: AgreementLevel) -> Reading:
    if level in _UNKNOWN:
        return Reading.UNKNOWN
    return Reading.DIFFERS if level in _DIFFERS else Reading.AGREES
