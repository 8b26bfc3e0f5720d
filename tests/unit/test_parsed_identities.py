"""The intake's cache of parsed candidate identities: versions and eviction."""

from datetime import date
from uuid import uuid4

from services.beneficiaries.adapters.parsed_identities import ParsedIdentities
from services.beneficiaries.domain.identity import Identity

IDENTITY = Identity(
    given=("ANA",),
    given_in_use="ANA",
    paternal="LOPEZ",
    maternal="RUIZ",
    sex="M",
    birth_date=date(1990, 5, 17),
    curp=None,
    curp_trusted=False,
    state="JALISCO",
    municipality="ZAPOPAN",
    phone=None,
)


def counting_parser() -> tuple[list[str], ParsedIdentities]:
    parsed: list[str] = []

    def parse(stored: str) -> Identity:
        parsed.append(stored)
        return IDENTITY._replace(given_in_use=stored.upper())

    return parsed, ParsedIdentities(parse, size=2)


def test_a_held_version_is_not_parsed_again_and_a_new_version_is():
    parsed, identities = counting_parser()
    record = uuid4()
    assert identities.get(record, 7, "ana").given_in_use == "ANA"
    assert identities.get(record, 7, "ana") == IDENTITY._replace(given_in_use="ANA")
    assert identities.get(record, 8, "ana maría").given_in_use == "ANA MARÍA"
    assert parsed == ["ana", "ana maría"]
    assert (identities.hits, identities.misses) == (1, 2)


def test_a_held_identity_comes_back_as_an_identity():
    _, identities = counting_parser()
    record = uuid4()
    identities.get(record, 1, "ana")
    held = identities.get(record, 1, "ana")
    assert type(held) is Identity and held.surnames == ("LOPEZ", "RUIZ")


def test_the_least_recently_used_record_goes_first():
    parsed, identities = counting_parser()
    first, second, third = uuid4(), uuid4(), uuid4()
    identities.get(first, 1, "first")
    identities.get(second, 1, "second")
    identities.get(first, 1, "first")  # used again: `second` is now the least recent
    identities.get(third, 1, "third")
    identities.get(first, 1, "first")
    identities.get(second, 1, "second")
    assert parsed == ["first", "second", "third", "second"]
