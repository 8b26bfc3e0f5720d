"""The CURP (Clave Única de Registro de Población): format, check digit, and
what the record's own name, birth date, sex and state say it should contain.

Layout: 4 letters from the names, birth date YYMMDD, sex (H, M, or X since
2023), birth state, 3 internal consonants, a homonym differentiator (a digit
for births before 2000, a letter after), a check digit.

The check digit is the weighted sum of the first 17 characters (weights 18
down to 2, each character's place in 0-9A-NÑO-Z) modulo 10, so it cannot see
every single-character typo. With 1-based positions it is blind to: any change
of the 9th character (the tens of the birth day, weight 10); a change by ten
places anywhere (0↔A, A↔K, D↔N); by five places at odd positions (even
weights: 0↔5, A↔F); by an even number of places in the 4th and 14th
(weights 15 and 5: B↔D, R↔T)."""

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from .names import fold, given_name_tokens, name_in_use, surname_tokens

STATES_FILE = Path(__file__).parent / "data" / "states.csv"

CURP_PATTERN = re.compile(
    r"^[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d$"
)
STATE_CODES = frozenset(
    [
        "AS",
        "BC",
        "BS",
        "CC",
        "CL",
        "CM",
        "CS",
        "CH",
        "DF",
        "DG",
        "GT",
        "GR",
        "HG",
        "JC",
        "MC",
        "MN",
        "MS",
        "NT",
        "NL",
        "OC",
        "PL",
        "QT",
        "QR",
        "SP",
        "SL",
        "SR",
        "TC",
        "TS",
        "TL",
        "VZ",
        "YN",
        "ZS",
        "NE",
    ]
)
_CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"

# RENAPO replaces the second letter with X when the four initials spell one of these.
_INCONVENIENT = frozenset(
    [
        "BACA",
        "BAKA",
        "BUEI",
        "BUEY",
        "CACA",
        "CACO",
        "CAGA",
        "CAGO",
        "CAKA",
        "CAKO",
        "COGE",
        "COGI",
        "COJA",
        "COJE",
        "COJI",
        "COJO",
        "COLA",
        "CULO",
        "FALO",
        "FETO",
        "GETA",
        "GUEI",
        "GUEY",
        "JETA",
        "JOTO",
        "KACA",
        "KACO",
        "KAGA",
        "KAGO",
        "KAKA",
        "KAKO",
        "KOGE",
        "KOGI",
        "KOJA",
        "KOJE",
        "KOJI",
        "KOJO",
        "KOLA",
        "KULO",
        "LILO",
        "LOCA",
        "LOCO",
        "LOKA",
        "LOKO",
        "MAME",
        "MAMO",
        "MEAR",
        "MEAS",
        "MEON",
        "MIAR",
        "MION",
        "MOCO",
        "MOKO",
        "MULA",
        "MULO",
        "NACA",
        "NACO",
        "PEDA",
        "PEDO",
        "PENE",
        "PIPI",
        "PITO",
        "POPO",
        "PUTA",
        "PUTO",
        "QULO",
        "RATA",
        "ROBA",
        "ROBE",
        "ROBO",
        "RUIN",
        "SENO",
        "TETA",
        "VACA",
        "VAGA",
        "VAGO",
        "VAKA",
        "VUEI",
        "VUEY",
        "WUEI",
        "WUEY",
    ]
)
_VOWELS = "AEIOU"


def check_digit(first_17: str) -> str:
    total = sum(_CHECK_ALPHABET.index(c) * (18 - i) for i, c in enumerate(first_17))
    return str((10 - total % 10) % 10)


def curp_format_problem(curp: str) -> str | None:
    """Why this string cannot be a CURP, or None. Reasons never repeat the input."""
    if len(curp) != 18:
        return f"a CURP has 18 characters, this one has {len(curp)}"
    if not CURP_PATTERN.match(curp):
        return (
            "does not follow the CURP format "
            "(letters, birth date YYMMDD, sex, state, consonants, check digit)"
        )
    if curp[11:13] not in STATE_CODES:
        return "characters 12-13 are not a state code"
    if check_digit(curp[:17]) != curp[17]:
        return "the check digit does not match the first 17 characters"
    return None


@cache
def state_codes_by_name() -> dict[str, str]:
    with STATES_FILE.open(encoding="utf-8") as rows:
        return {
            name: code
            for name, code in csv.reader(line for line in rows if not line.startswith("#"))
        }


def state_code(state: str | None) -> str | None:
    folded = fold(state)
    if folded in STATE_CODES:
        return folded
    return state_codes_by_name().get(folded)


def _first_internal(word: str, letters: str) -> str:
    for c in word[1:]:
        if c in letters:
            return c
    return "X"


_CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"


def _curp_word(tokens: tuple[str, ...]) -> str:
    return tokens[0] if tokens else ""


def given_name_letters(name_in_use: str) -> str:
    """The two letters a CURP takes from the given name a person goes by (positions 4
    and 16): its initial and its first inner consonant."""
    return (name_in_use[:1] or "X") + (
        _first_internal(name_in_use, _CONSONANTS) if name_in_use else "X"
    )


def letters_of_given_name(curp: str) -> str:
    """The given name's two letters in a well-formed CURP (see given_name_letters)."""
    return curp[3] + curp[15]


@dataclass(frozen=True)
class CurpParts:
    """What the record itself says the CURP should be, position by position."""

    initials: str  # positions 1-4
    birth: str  # 5-10
    sex: str  # 11
    state: str | None  # 12-13, unknown when the record's state is missing or not a state
    consonants: str  # 14-16


def name_initials(paternal: str, maternal: str, given_in_use: str) -> str:
    """A CURP's first four letters from the words it takes them from: the first
    word of each surname (empty when missing) and the given name in use."""
    initials = (
        (paternal[:1] or "X")
        + (_first_internal(paternal, _VOWELS) if paternal else "X")
        + (maternal[:1] or "X")
        + (given_in_use[:1] or "X")
    )
    if initials in _INCONVENIENT:
        return initials[0] + "X" + initials[2:]
    return initials


def name_consonants(paternal: str, maternal: str, given_in_use: str) -> str:
    """A CURP's letters 14-16: the first inner consonant of each word name_initials
    takes a letter from (X for a word missing)."""
    return "".join(
        _first_internal(w, _CONSONANTS) if w else "X" for w in (paternal, maternal, given_in_use)
    )


def expected_parts(
    given_names: str,
    paternal: str | None,
    maternal: str | None,
    sex: str,
    birth_date: date,
    state: str | None,
) -> CurpParts:
    pat = _curp_word(surname_tokens(paternal))
    mat = _curp_word(surname_tokens(maternal))
    given = name_in_use(given_name_tokens(given_names))
    initials = name_initials(pat, mat, given)
    consonants = name_consonants(pat, mat, given)
    return CurpParts(initials, birth_date.strftime("%y%m%d"), sex, state_code(state), consonants)


def build_curp(parts: CurpParts, differentiator: str) -> str:
    """A CURP from its parts; the generator of synthetic data and the tests use it."""
    body = (
        parts.initials
        + parts.birth
        + parts.sex
        + (parts.state or "NE")
        + parts.consonants
        + differentiator
    )
    return body + check_digit(body)


@dataclass(frozen=True)
class CurpConsistency:
    """Which parts of a well-formed CURP contradict the record it came with.
    The birth state is reported but not held against it: people move, and
    agencies record where they live."""

    contradictions: tuple[str, ...]
    state_differs: bool

    @property
    def trusted(self) -> bool:
        return not self.contradictions


def encoded_birth_date(curp: str) -> date | None:
    """The birth date a well-formed CURP encodes (positions 5-10, the century
    from position 17: a digit before 2000, a letter from 2000), or None when
    those digits are no date."""
    century = 2000 if curp[16].isalpha() else 1900
    try:
        return date(century + int(curp[4:6]), int(curp[6:8]), int(curp[8:10]))
    except ValueError:
        return None


def _maternal_surname_left_out(curp: str, expected: CurpParts) -> bool:
    """Whether the initials differ only where a record without a maternal surname
    expects X: agencies that keep one surname still copy the CURP issued with both
    (LUCIA RUBIO, RURL…, for Lucía Rubio Rodríguez)."""
    wanted = expected.initials
    return wanted[2] == "X" and curp[:2] == wanted[:2] and curp[3] == wanted[3]


def consistency(curp: str, expected: CurpParts, birth_year: int) -> CurpConsistency:
    contradictions = []
    if curp[:4] != expected.initials and not _maternal_surname_left_out(curp, expected):
        contradictions.append("name_initials")
    if curp[4:10] != expected.birth:
        contradictions.append("birth_date")
    if curp[10] != expected.sex:
        contradictions.append("sex")
    if curp[16].isalpha() != (birth_year >= 2000):
        contradictions.append("century")
    state_differs = expected.state is not None and curp[11:13] != expected.state
    return CurpConsistency(tuple(contradictions), state_differs)
