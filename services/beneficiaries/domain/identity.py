"""A person's identity as the registry compares it: the folded, normalised form
of what an agency sent, and the blocking keys that find candidates for it."""

import hashlib
from datetime import date
from typing import NamedTuple

from shared.contracts.beneficiaries import PersonDetails

from .curp import consistency, curp_format_problem, encoded_birth_date, expected_parts
from .names import fold, given_name_tokens, name_in_use, national_phone, phonetic, surname_key


class Identity(NamedTuple):
    """A named tuple, not a frozen dataclass: one is built for every stored
    candidate read, and a tuple is built in one call where a frozen dataclass
    sets its eleven fields one by one."""

    given: tuple[str, ...]
    given_in_use: str
    paternal: str
    maternal: str
    sex: str
    birth_date: date
    curp: str | None
    curp_trusted: bool
    state: str
    municipality: str
    phone: str | None

    @property
    def surnames(self) -> tuple[str, ...]:
        return tuple(s for s in (self.paternal, self.maternal) if s)


def full_name(identity: Identity) -> str:
    """The whole name as the registry counts it (domain/name_counts.py)."""
    return f"{' '.join(identity.given)}|{identity.paternal}|{identity.maternal}"


# The year agencies write when they do not know it either (1900-01-01).
UNKNOWN_YEAR = 1900


def placeholder_date(d: date) -> bool:
    """1 January (1900-01-01 among them): what agencies write when they do not
    know the day and month, so it says nothing about them."""
    return d.month == 1 and d.day == 1


def own_curp(identity: Identity) -> bool:
    """Whether the record's CURP encodes its own birth date. Two such CURPs more than a
    slip apart are two people; a CURP encoding another date is often a relative's
    (a mother's, written on her daughter's record) and says nothing either way."""
    return identity.curp is not None and encoded_birth_date(identity.curp) == identity.birth_date


def trusted_curp(identity: Identity) -> str | None:
    return identity.curp if identity.curp_trusted else None


def birth_date_of(given: date, curp: str | None) -> date:
    """The record's birth date, or, when it is a placeholder, the real one a
    well-formed CURP encodes for the same year (any year for 1900-01-01)."""
    if curp is None or not placeholder_date(given):
        return given
    encoded = encoded_birth_date(curp)
    if encoded is None or (given.year != UNKNOWN_YEAR and encoded.year != given.year):
        return given
    return encoded


def identity_of(person: PersonDetails) -> Identity:
    curp = (
        person.national_id.strip().upper()
        if person.national_id_type == "CURP" and person.national_id
        else None
    )
    well_formed = curp if curp is not None and curp_format_problem(curp) is None else None
    birth_date = birth_date_of(person.birth_date, well_formed)
    trusted = False
    if well_formed is not None:
        parts = expected_parts(
            person.given_names,
            person.paternal_surname,
            person.maternal_surname,
            person.sex,
            birth_date,
            person.state,
        )
        trusted = consistency(well_formed, parts, birth_date.year).trusted
    given = given_name_tokens(person.given_names)
    return Identity(
        given=given,
        given_in_use=name_in_use(given),
        paternal=surname_key(person.paternal_surname),
        maternal=surname_key(person.maternal_surname),
        sex=person.sex,
        birth_date=birth_date,
        curp=curp,
        curp_trusted=trusted,
        state=fold(person.state),
        municipality=fold(person.municipality),
        phone=national_phone(person.phone),
    )


def _day_month_unordered(d: date) -> str:
    """The same for 1984-03-07 and 1984-07-03: day/month swaps still meet."""
    low, high = sorted((d.month, d.day))
    return f"{low:02d}{high:02d}"


def blocking_key_texts(identity: Identity) -> set[str]:
    """Keys two records of the same person are likely to share even when one
    of them has a typo, a phonetic spelling, a swapped or dropped surname, a
    day/month swap, a wrong year or no CURP, and often when two of these come
    together. Any single-character CURP typo leaves one CURP key intact."""
    keys: set[str] = set()
    if identity.curp and len(identity.curp) == 18:
        c = identity.curp
        keys |= {f"C1:{c[:10]}", f"C2:{c[:4]}{c[10:16]}", f"C3:{c[4:16]}"}
    surnames = sorted(phonetic(s.replace(" ", "")) for s in identity.surnames)
    given = phonetic(identity.given_in_use)
    year, dm = identity.birth_date.year, _day_month_unordered(identity.birth_date)
    keys.add(f"GB:{given}|{year}{dm}")
    if len(surnames) == 2:
        keys.add(f"SS:{surnames[0]}|{surnames[1]}|{year}")
        keys.add(f"SM:{surnames[0]}|{surnames[1]}|{dm}")
    for surname in surnames:
        keys.add(f"SD:{surname}|{year}|{dm}")
        keys.add(f"GD:{given}|{surname[:1]}|{dm}")
        # A wrong day or month together with a changed other surname still meets here.
        keys.add(f"GY:{given}|{surname}|{year}")
    keys.add(f"NN:{given}|{'|'.join(surnames)}")
    if identity.phone:
        keys.add(f"PH:{identity.phone}")
    return keys


def key_hash(text: str) -> int:
    """Keys are stored as signed 64-bit hashes: a quarter of the index a text key needs."""
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


def blocking_keys(identity: Identity) -> list[int]:
    return sorted(key_hash(k) for k in blocking_key_texts(identity))
