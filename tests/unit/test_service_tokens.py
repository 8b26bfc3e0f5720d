"""Service tokens (shared/service_auth.py)."""

import pytest

from shared.service_auth import caller_of, parse_service_tokens

SECRET = "Kq3vX9mLp2Rt7wZy4Bn8Cd1F"
OPS = "Hj5sN0aQe6Ug3Yi8Wo2Lk7Pz"


def test_tokens_are_parsed_per_caller_and_malformed_ones_refused_at_start():
    assert parse_service_tokens(f"console:{SECRET}, ops:{OPS}") == {"console": SECRET, "ops": OPS}
    assert parse_service_tokens("") == {}
    for bad in (
        "console",
        f":{SECRET}",
        "console:short",
        f"console:{SECRET},console:{SECRET}x",
        f"console:{'s' * 32}",
        "ops:local-only-ops-token-change-me",
    ):
        with pytest.raises(ValueError):
            parse_service_tokens(bad)


def test_the_caller_is_whoever_holds_the_bearer_secret():
    tokens = {"console": SECRET, "ops": OPS}
    assert caller_of(f"Bearer {SECRET}", tokens) == "console"
    assert caller_of(f"bearer {OPS}", tokens) == "ops"
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
