"""Normalising Mexican names for matching: accent and case folding, particles,
abbreviated and compound given names, nicknames, and a Spanish phonetic key.

Display keeps what the agency sent (Ñ included); everything here is the folded
form used only to compare records."""

import csv
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

NICKNAMES_FILE = Path(__file__).parent / "data" / "nicknames.csv"

# Articles and prepositions inside compound surnames and given names ("de la Cruz",
# "María de los Ángeles"); RENAPO skips the same words when it builds a CURP.
PARTICLES = frozenset(
    {
        "DA",
        "DAS",
        "DE",
        "DEL",
        "DER",
        "DI",
        "DIE",
        "DD",
        "EL",
        "LA",
        "LAS",
        "LE",
        "LES",
        "LOS",
        "MAC",
        "MC",
        "VAN",
        "VON",
        "Y",
    }
)

# A first name so common that the CURP and people themselves use the second one.
COMMON_FIRST_NAMES = frozenset({"MARIA", "JOSE"})

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NOT_LETTER = re.compile(r"[^A-Z ]+")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


@lru_cache(maxsize=1 << 16)  # names, places and states repeat; see phonetic below
def fold(text: str | None) -> str:
    """Upper case, accents and tilde removed (Ñ becomes N), anything but letters becomes a space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.upper())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_LETTER.sub(" ", letters).split())


def particle_misspelt(token: str) -> bool:
    """Whether a word left among given names is a particle keyed with a slip (EDL, DELL,
    LS for DEL and LOS), which no CURP takes a letter from either."""
    return any(OSA.distance(token, p, score_cutoff=1) <= 1 for p in PARTICLES)


def _without_particles(tokens: list[str]) -> list[str]:
    """Particles go when the name has other words; a name made only of them
    ('Le', 'Van', 'de la') keeps them, or it would vanish from matching."""
    return [t for t in tokens if t not in PARTICLES] or tokens


def surname_tokens(surname: str | None) -> tuple[str, ...]:
    return tuple(_without_particles(fold(surname).split()))


def surname_key(surname: str | None) -> str:
    """'de la Cruz' and 'DE LA CRUZ' and 'Cruz' all give 'CRUZ'."""
    return " ".join(surname_tokens(surname))


@cache
def _nickname_rows() -> dict[str, tuple[tuple[str, ...], ...]]:
    table: dict[str, tuple[tuple[str, ...], ...]] = {}
    with NICKNAMES_FILE.open(encoding="utf-8") as rows:
        for row in csv.reader(line for line in rows if not line.startswith("#")):
            if row:
                nickname = row[0].strip()
                table[nickname] = (*table.get(nickname, ()), tuple(row[1].split()))
    return table


@cache
def nicknames() -> dict[str, tuple[str, ...]]:
    """The nicknames and abbreviations that stand for one name only."""
    return {nick: names[0] for nick, names in _nickname_rows().items() if len(names) == 1}


@cache
def _nickname_names() -> dict[str, frozenset[str]]:
    """Nicknames that stand for several names (BETO: Alberto, Roberto ...), with those names."""
    return {
        nick: frozenset(" ".join(name) for name in names)
        for nick, names in _nickname_rows().items()
        if len(names) > 1
    }


@cache
def _nicknames_of() -> dict[str, frozenset[str]]:
    """Each name with the one-word nicknames that may stand for it."""
    table: dict[str, set[str]] = {}
    for nick, names in _nickname_rows().items():
        for name in names:
            if len(name) == 1:
                table.setdefault(name[0], set()).add(nick)
    return {name: frozenset(nicks) for name, nicks in table.items()}


def nicknames_of(name: str) -> frozenset[str]:
    """The nicknames of a folded given name (GUADALUPE: LUPE, LUPITA, GPE ...)."""
    return _nicknames_of().get(name, frozenset())


def may_stand_for(a: str, b: str) -> bool:
    """Whether one of two folded given names is a nickname the other may be
    called by, where the nickname alone cannot say which name it is."""
    names = _nickname_names()
    return b in names.get(a, ()) or a in names.get(b, ())


def nickname_may_stand_for_names(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether one record's given name is a nickname of several names, one of them
    the other record's name of several words (MALENA: MARIA ELENA)."""
    if len(a) == 1 and len(b) > 1:
        nickname, words = a[0], b
    elif len(b) == 1 and len(a) > 1:
        nickname, words = b[0], a
    else:
        return False
    names = _nickname_names().get(nickname)
    return names is not None and " ".join(words) in names


def given_name_tokens(given_names: str | None) -> tuple[str, ...]:
    """Folded given names with particles dropped and nicknames or abbreviations
    ("Ma.", "J.", "Lupe", "Chuy") replaced by the name they stand for; a
    nickname of several names stays as written (see may_stand_for)."""
    table = nicknames()
    tokens: list[str] = []
    for token in _without_particles(fold(given_names).split()):
        tokens.extend(table.get(token, (token,)))
    return tuple(tokens)


def name_in_use(tokens: tuple[str, ...]) -> str:
    """The given name a person goes by: 'MARIA GUADALUPE' is Guadalupe."""
    if len(tokens) > 1 and tokens[0] in COMMON_FIRST_NAMES:
        return tokens[1]
    return tokens[0] if tokens else ""


_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^A-Z]", ""),
        (r"CH", "1"),  # keep CH apart before H goes silent
        (r"QU([EI])", r"K\1"),
        (r"G([EI])", r"J\1"),
        (r"GU([EI])", r"G\1"),
        (r"C([EI])", r"S\1"),
        (r"C", "K"),
        (r"Q", "K"),
        (r"Z", "S"),
        (r"X", "J"),  # Ximena/Jimena, Xavier/Javier
        (r"V", "B"),
        (r"W", "U"),
        (r"LL", "Y"),
        (r"Y(?![AEIOU])", "I"),  # Reyna/Reina
        (r"H", ""),
        (r"(.)\1+", r"\1"),
        (r"1", "CH"),
    )
)


# Names repeat heavily (a few hundred surnames cover most people) and every
# comparison of two records asks for several keys: the sixteen regular
# expressions are worth running once per distinct name.
@lru_cache(maxsize=1 << 16)
def phonetic(text: str) -> str:
    """A Spanish sound key: Gonzalez/González/Gonsales, Hernández/Ernandes,
    Váldez/Baldes give the same key. Input is a folded string."""
    key = text
    for pattern, replacement in _PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return key


def sound_text(folded: str) -> str:
    """Each word by its sound key, for searching people by how a name is said."""
    return " ".join(phonetic(word) for word in folded.split())


_LEADING_PREFIXES = ("521", "52", "044", "045", "01")


def national_phone(phone: str | None) -> str | None:
    """The 10-digit national number, or None when the input cannot be one."""
    if not phone:
        return None
    # Any script's digits count, written as ASCII: "٣٣" and "３３" are 33.
    digits = "".join(str(int(d)) for d in re.findall(r"\d", phone))
    if len(digits) > 10:
        for prefix in _LEADING_PREFIXES:
            if digits.startswith(prefix) and len(digits) - len(prefix) == 10:
                digits = digits[len(prefix) :]
                break
    return digits if len(digits) == 10 else None
