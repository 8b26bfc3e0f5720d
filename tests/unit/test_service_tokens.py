"""Service tokens and the acting user's headers (shared/service_auth.py)."""

import pytest

from shared.service_auth import Acting, caller_of, parse_service_tokens

SECRET = "s" * 32


def test_tokens_are_parsed_per_caller_and_malformed_ones_refused_at_start():
    assert parse_service_tokens(f"console:{SECRET}, ops:{'o' * 20}") == {
        "console": SECRET,
        "ops": "o" * 20,
    }
    assert parse_service_tokens("") == {}
    for bad in ("console", f":{SECRET}", "console:short", f"console:{SECRET},console:{SECRET}x"):
        with pytest.raises(ValueError):
            parse_service_tokens(bad)


def test_the_caller_is_whoever_holds_the_bearer_secret():
    tokens = {"console": SECRET, "ops": "o" * 20}
    assert caller_of(f"Bearer {SECRET}", tokens) == "console"
    assert caller_of(f"bearer {'o' * 20}", tokens) == "ops"
    for header in (
        None,
        "",
        SECRET,
        f"Basic {SECRET}",
        f"Bearer {SECRET}x",
        "Bearer ",
        f"Bearer {SECRET[:-1]}",
    ):
        assert caller_of(header, tokens) is None


def test_the_acting_headers_are_read_and_the_reason_percent_decoded():
    acting = Acting.from_headers(
        "console",
        {
            "x-acting-user": "ana.dif",
            "x-acting-role": "caseworker",
            "x-acting-agency": "dif-jalisco",
            "x-access-reason": "b%C3%BAsqueda de expediente",
        },
    )
    assert acting == Acting(
        "console", "ana.dif", "caseworker", "dif-jalisco", None, "búsqueda de expediente"
    )
    assert Acting.from_headers("ops", {}).who == "ops"
    assert Acting.from_headers("ops", {"x-access-reason": "  "}).reason is None
