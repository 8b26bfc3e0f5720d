"""Field-by-field comparison of two identities into discrete agreement levels,
the input of the Fellegi–Sunter score."""

from datetime import date
from functools import cache

from rapidfuzz.distance import OSA, Hamming, JaroWinkler

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

from .curp import encoded_birth_date, name_consonants, name_initials
from .identity import UNKNOWN_YEAR, Identity, own_curp, placeholder_date
from .names import may_stand_for, nickname_may_stand_for_names, nicknames_of, phonetic

SIMILAR_NAME = 0.92

# The members the comparisons return, read once here: on Python 3.11 every read of an
# enum member goes through the enum metaclass's __getattr__ hook (about 0.09 µs), and every
# candidate of every record is compared (re-resolution: some 40 million pairs at a million
# people). Read in the functions below, they made a pair's comparison 15% slower.
CURP_DIFFERENT = CurpLevel.DIFFERENT
CURP_EXACT = CurpLevel.EXACT
CURP_EXACT_TRUSTED = CurpLevel.EXACT_TRUSTED
CURP_MISSING = CurpLevel.MISSING
CURP_ONE_OFF = CurpLevel.ONE_OFF
GIVEN_DIFFERENT = GivenNamesLevel.DIFFERENT
GIVEN_EXACT = GivenNamesLevel.EXACT
GIVEN_SIMILAR = GivenNamesLevel.SIMILAR
GIVEN_SUBSET = GivenNamesLevel.SUBSET
SURNAMES_BOTH_EXACT = SurnamesLevel.BOTH_EXACT
SURNAMES_BOTH_SIMILAR = SurnamesLevel.BOTH_SIMILAR
SURNAMES_DIFFERENT = SurnamesLevel.DIFFERENT
SURNAMES_ONE_DIFFERS = SurnamesLevel.ONE_DIFFERS
SURNAMES_ONE_MISSING = SurnamesLevel.ONE_MISSING
SURNAMES_SWAPPED = SurnamesLevel.SWAPPED
BIRTH_DAY_MONTH_SWAPPED = BirthDateLevel.DAY_MONTH_SWAPPED
BIRTH_DIFFERENT = BirthDateLevel.DIFFERENT
BIRTH_EXACT = BirthDateLevel.EXACT
BIRTH_ONE_DIGIT = BirthDateLevel.ONE_DIGIT
BIRTH_YEAR_ONLY = BirthDateLevel.YEAR_ONLY
BIRTH_MISSING = BirthDateLevel.MISSING
SEX_AGREE = SexLevel.AGREE
SEX_DISAGREE = SexLevel.DISAGREE
PLACE_DIFFERENT = PlaceLevel.DIFFERENT
PLACE_MISSING = PlaceLevel.MISSING
PLACE_MUNICIPALITY = PlaceLevel.MUNICIPALITY
PLACE_STATE_ONLY = PlaceLevel.STATE_ONLY
PHONE_AGREE = PhoneLevel.AGREE
PHONE_DIFFERENT = PhoneLevel.DIFFERENT
PHONE_MISSING = PhoneLevel.MISSING


# Names this long or longer one typo apart (a letter wrong, missing, extra, or
# two swapped: CLAUDKA, LCAUDIA, OMAR / MOAR) are one name written wrong;
# Jaro-Winkler forgives little of a typo near the start of a short name.
# Shorter names one letter apart are often two names (ANA / AVA, EVA / EMA).
TYPO_MIN_LENGTH = 4


def _similar(a: str, b: str) -> bool:
    return (
        JaroWinkler.similarity(a, b) >= SIMILAR_NAME
        or phonetic(a) == phonetic(b)
        or (
            abs(len(a) - len(b)) <= 1
            and min(len(a), len(b)) >= TYPO_MIN_LENGTH
            and OSA.distance(a, b, score_cutoff=1) <= 1
        )
    )


def compare_curp(a: Identity, b: Identity) -> CurpLevel:
    if not a.curp or not b.curp:
        return CURP_MISSING
    if a.curp == b.curp:
        trusted = a.curp_trusted and b.curp_trusted
        return CURP_EXACT_TRUSTED if trusted else CURP_EXACT
    # One character apart passes the check digit only where the digit is blind
    # to it (the tens of the birth day and others, see curp.py); more than that is another CURP.
    if len(a.curp) == len(b.curp) and Hamming.distance(a.curp, b.curp) == 1:
        return CURP_DIFFERENT if _names_tell_apart(a, b) else CURP_ONE_OFF
    return CURP_DIFFERENT


def _names_tell_apart(a: Identity, b: Identity) -> bool:
    """Whether two CURPs a character apart differ in a letter that each takes from
    its own record's names: MARIA DEL CARMEN RIVAS MURO's RIMC… and MARIA RIVERA
    HERNANDEZ's RIHC…, the M and H of their mothers' surnames; MARIA GUADALUPE
    HERNANDEZ GARCIA's …GTRRD… and MARIA GUADALUPE HERNANDEZ GONZALEZ's …GTRND…,
    the inner consonants of Garcia and Gonzalez. The CURPs then differ as the
    names do, two people's, not one CURP keyed with a slip. A record that gives
    no mother's surname cannot say which letter of that surname is hers: the
    other record's names, giving their own, say the letter hers has is another
    surname's."""
    assert a.curp is not None and b.curp is not None
    at = _first_difference(a.curp, b.curp)
    letter = _name_letter_at(at)
    if letter is None:
        return False
    a_own = _name_letters(a)[letter] == a.curp[at]
    b_own = _name_letters(b)[letter] == b.curp[at]
    return (
        (a_own and b_own)
        or (a_own and _silent_on_her_mother(b, at))
        or (b_own and _silent_on_her_mother(a, at))
    )


def curps_a_name_letter_apart(a: Identity, b: Identity) -> bool:
    """Whether two CURPs one character apart differ in a letter a CURP takes from
    the names: an initial or an inner consonant (positions 1-4, 14-16)."""
    assert a.curp is not None and b.curp is not None
    return _name_letter_at(_first_difference(a.curp, b.curp)) is not None


def _first_difference(a: str, b: str) -> int:
    return next(i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)


def _name_letter_at(at: int) -> int | None:
    """Which of _name_letters a CURP holds at `at` (0-based), if any: the initials
    are its first four characters, the inner consonants its 14th to 16th."""
    if at < 4:
        return at
    if 13 <= at < 16:
        return at - 9
    return None


def _silent_on_her_mother(identity: Identity, at: int) -> bool:
    return at in (2, 14) and not identity.maternal


def _name_letters(identity: Identity) -> str:
    """The seven letters the record's own names give its CURP (curp.expected_parts):
    the four initials, then the three inner consonants."""
    paternal, maternal = identity.paternal.partition(" ")[0], identity.maternal.partition(" ")[0]
    return _initials(identity) + name_consonants(paternal, maternal, identity.given_in_use)


def _initials(identity: Identity) -> str:
    """The initials the record's own names give its CURP (curp.expected_parts)."""
    return name_initials(
        identity.paternal.partition(" ")[0],
        identity.maternal.partition(" ")[0],
        identity.given_in_use,
    )


def compare_given(a: Identity, b: Identity) -> GivenNamesLevel:
    """'Guadalupe' and 'María Guadalupe' are one name written shorter (subset);
    'Rosa Elena' and 'Rosa Isela' are two names, as twins' often are."""
    if not a.given or not b.given:
        return GIVEN_DIFFERENT
    if a.given == b.given:
        return GIVEN_EXACT
    if set(a.given) <= set(b.given) or set(b.given) <= set(a.given):
        return GIVEN_SUBSET
    if len(a.given) == len(b.given) and all(
        _similar_given(x, y) for x, y in zip(a.given, b.given, strict=True)
    ):
        return GIVEN_SIMILAR
    if (
        a.given_in_use != b.given_in_use
        and _similar_given(a.given_in_use, b.given_in_use)
        and min(len(a.given), len(b.given)) == 1
    ):
        return GIVEN_SIMILAR
    if nickname_may_stand_for_names(a.given, b.given):
        return GIVEN_SIMILAR
    return GIVEN_DIFFERENT


def _similar_given(a: str, b: str) -> bool:
    return (
        a == b
        or _initial_of(a, b)
        or _initial_of(b, a)
        or _similar(a, b)
        or may_stand_for(a, b)
        or _misspelt_nickname(a, b)
        or _misspelt_nickname(b, a)
    )


def _initial_of(written: str, name: str) -> bool:
    """A name written as its initial (M. ÁNGELES, ROSA M.): the letter says which
    names it may be, not which one; a record that fits two persons goes to review."""
    return len(written) == 1 and name[0] == written


def _misspelt_nickname(written: str, name: str) -> bool:
    """A nickname of `name` written with a slip (EUPITA for Lupita, Guadalupe).
    A word the table knows as a name is that name: ROSA is one letter from ROSY,
    which stands for Rosalba too, but ROSA and ROSALBA are two sisters' names."""
    return not nicknames_of(written) and any(_similar(written, nick) for nick in nicknames_of(name))


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
        return SURNAMES_BOTH_EXACT if pat == mat == "exact" else SURNAMES_BOTH_SIMILAR
    if _same_surname(a.paternal, b.maternal) and _same_surname(a.maternal, b.paternal):
        return SURNAMES_SWAPPED
    a_names, b_names = a.surnames, b.surnames
    # A record that gives one surname, found among the other's: the other surname is
    # missing from it, or from both (dropped, or a CURP issued with X for it).
    if min(len(a_names), len(b_names)) == 1:
        shorter, longer = (a_names, b_names) if len(a_names) < len(b_names) else (b_names, a_names)
        if all(any(_same_surname(s, t) for t in longer) for s in shorter):
            return SURNAMES_ONE_MISSING
    if pat or mat:
        return SURNAMES_ONE_DIFFERS
    return SURNAMES_DIFFERENT


def _surnames_beside_a_lone_curp(a: Identity, b: Identity) -> SurnamesLevel:
    """One surname against two, read with the CURP of the record that keeps one, when it
    was issued with a mother's surname and agrees with the record (LUCIA RUBIO's RURL…):
    the surname kept is the father's, and the CURP has the initial of the one left out.
    CARLOS MARTINEZ's MAH… says Martínez H…, which CARLOS NUÑEZ MARTINEZ is not."""
    for holder, other in ((a, b), (b, a)):
        curp = holder.curp
        if (
            curp is None
            or not holder.curp_trusted
            or holder.maternal
            or not holder.paternal
            or len(other.surnames) != 2
            or curp[2] == "X"
        ):
            continue
        kept_as_written = _same_surname(holder.paternal, other.paternal)
        if (kept_as_written and _may_begin_with(other.maternal, curp[2])) or (
            _same_surname(holder.paternal, other.maternal)
            and _may_begin_with(other.paternal, curp[2])
        ):
            return SURNAMES_ONE_MISSING
        return SURNAMES_ONE_DIFFERS if kept_as_written else SURNAMES_DIFFERENT
    return SURNAMES_ONE_MISSING


def _may_begin_with(surname: str, initial: str) -> bool:
    """Whether the surname is one a CURP gives this initial, spelt as it sounds
    perhaps (ERNANDEZ for Hernández, BALDES for Valdés)."""
    word = surname.partition(" ")[0]
    if initial == "H":
        return word[:1] in "HAEIOU"
    return word[:1] == initial or phonetic(initial + word[1:]) == phonetic(word)


@cache
def _digits(d: date) -> str:
    """Birth dates repeat across a registry; formatting both for every pair
    compared made birth dates the second costliest field in re-resolution."""
    return d.strftime("%Y%m%d")


def _placeholder_level(a: date, b: date) -> BirthDateLevel:
    """A placeholder (identity.placeholder_date) agrees with nothing and
    contradicts nothing but its year: two records that both say 1 January
    have not agreed on a day."""
    if UNKNOWN_YEAR in (a.year, b.year):
        return BIRTH_MISSING
    return BIRTH_YEAR_ONLY if a.year == b.year else BIRTH_DIFFERENT


def compare_birth_date(a: date, b: date) -> BirthDateLevel:
    if (a.month == 1 and a.day == 1) or (b.month == 1 and b.day == 1):
        return _placeholder_level(a, b)
    if a == b:
        return BIRTH_EXACT
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return BIRTH_DAY_MONTH_SWAPPED
    # A typo in one digit, the decade of the year only ten years off: a mother and
    # a daughter born 1965 and 1995 are one digit apart too, but never ten years.
    if abs(a.year - b.year) <= 10 and Hamming.distance(_digits(a), _digits(b)) == 1:
        return BIRTH_ONE_DIGIT
    return BIRTH_DIFFERENT


def _dates_slipped_from_one_curp(a: Identity, b: Identity, curp: CurpLevel) -> bool:
    """Birth dates that differ, read beside a CURP: whether each record's date is the
    one the CURP encodes or a slip in keying it (a digit, whatever the decade, or day
    and month swapped), the CURP copied from her papers and the dates keyed by hand.
    The CURP is one both records carry, or one that does not fit its own record: a
    CURP that fits its record says whose date it is, and a date a digit from it in
    another decade is as often her mother's as a slip. A daughter given her mother's
    CURP is born a slip from her mother only on the same day of the same month, in a
    year ten, twenty or thirty years on: one pair of mother and daughter in thousands."""
    for holder, other in ((a, b), (b, a)):
        if holder.curp is None or (curp is not CURP_EXACT and holder.curp_trusted):
            continue
        encoded = encoded_birth_date(holder.curp)
        if (
            encoded is not None
            and _a_slip_from(encoded, holder.birth_date)
            and _a_slip_from(encoded, other.birth_date)
        ):
            return True
    return False


def _a_slip_from(keyed: date, written: date) -> bool:
    """The same date, or one keyed a digit off or with day and month swapped."""
    return (
        written == keyed
        or Hamming.distance(_digits(keyed), _digits(written)) == 1
        or (keyed.year == written.year and (keyed.month, keyed.day) == (written.day, written.month))
    )


def curp_fits_the_other_record(a: Identity, b: Identity) -> bool:
    """Whether a CURP that does not fit its own record is the one the other record's
    surnames, given name, sex and birth date give: her CURP copied from her papers,
    her birth date keyed with a slip (MONICA's CURP of 14 November on her record of
    14 October, beside her record of 14 November). Her CURP then says the two were
    born the same day; whether a namesake of hers was too is the registry's counts'
    to say (resolution._namesakes_hold_back)."""
    for holder, other in ((a, b), (b, a)):
        if (
            holder.curp is not None
            and not holder.curp_trusted
            and not other.curp_trusted
            and encoded_birth_date(holder.curp) == other.birth_date
            and holder.curp[:4] == _initials(other)
            and holder.curp[10] == other.sex
        ):
            return True
    return False


def first_of_january_her_curp_gives(a: Identity, b: Identity) -> bool:
    """Whether both records say the same 1 January and one's trusted CURP encodes it:
    that record's date is her birth date, not a placeholder, and the other says it too."""
    return (
        a.birth_date == b.birth_date
        and placeholder_date(a.birth_date)
        and a.birth_date.year != UNKNOWN_YEAR
        and any(x.curp_trusted and own_curp(x) for x in (a, b))
    )


def compare_sex(a: Identity, b: Identity) -> SexLevel:
    return SEX_AGREE if a.sex == b.sex else SEX_DISAGREE


def compare_place(a: Identity, b: Identity) -> PlaceLevel:
    if not a.municipality or not b.municipality:
        return PLACE_MISSING
    if a.municipality == b.municipality:
        return PLACE_MUNICIPALITY
    if a.state and a.state == b.state:
        return PLACE_STATE_ONLY
    return PLACE_DIFFERENT


def compare_phone(a: Identity, b: Identity) -> PhoneLevel:
    if not a.phone or not b.phone:
        return PHONE_MISSING
    return PHONE_AGREE if a.phone == b.phone else PHONE_DIFFERENT


FIELDS = tuple(LEVELS)
CURP, GIVEN_NAMES, SURNAMES, BIRTH_DATE, SEX, PLACE, PHONE = range(len(FIELDS))
# Each field's level, in the order of FIELDS.
Levels = tuple[
    CurpLevel, GivenNamesLevel, SurnamesLevel, BirthDateLevel, SexLevel, PlaceLevel, PhoneLevel
]


def compare_levels(a: Identity, b: Identity) -> Levels:
    """Each field's agreement level, in the order of FIELDS. A tuple: every
    candidate of every record is compared, and few comparisons are ever shown."""
    curp = compare_curp(a, b)
    birth = compare_birth_date(a.birth_date, b.birth_date)
    if birth is BIRTH_DIFFERENT and _dates_slipped_from_one_curp(a, b, curp):
        birth = BIRTH_ONE_DIGIT
    surnames = compare_surnames(a, b)
    if surnames is SURNAMES_ONE_MISSING and curp is CURP_MISSING:
        surnames = _surnames_beside_a_lone_curp(a, b)
    return (
        curp,
        compare_given(a, b),
        surnames,
        birth,
        compare_sex(a, b),
        compare_place(a, b),
        compare_phone(a, b),
    )


def compare(a: Identity, b: Identity) -> dict[MatchField, AgreementLevel]:
    return dict(zip(FIELDS, compare_levels(a, b), strict=True))
