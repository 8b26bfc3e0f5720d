"""The intake's cache of parsed candidate identities: versions and eviction."""

from uuid import uuid4

from services.beneficiaries.adapters.parsed_identities import ParsedIdentities


def counting_parser() -> tuple[list[str], ParsedIdentities]:
    parsed: list[str] = []

    def parse(stored: str) -> str:
        parsed.append(stored)
        return stored.upper()

    return parsed, ParsedIdentities(parse, size=2)  # type: ignore[arg-type]


def test_a_held_version_is_not_parsed_again_and_a_new_version_is():
    parsed, identities = counting_parser()
    record = uuid4()
    assert identities.get(record, 7, "ana") == "ANA"
    assert identities.get(record, 7, "ana") == "ANA"
    assert identities.get(record, 8, "ana maría") == "ANA MARÍA"
    assert parsed == ["ana", "ana maría"]
    assert (identities.hits, identities.misses) == (1, 2)


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
