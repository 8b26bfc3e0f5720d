"""Accounts and abuse without I/O: the password policy, the address a request is counted
under, the per-address allowances, temporary passwords."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from services.console.auth import passwords
from services.console.auth.account_service import temporary_password
from services.console.auth.accounts_repository import Credentials
from services.console.auth.roles import Account, Role
from services.console.auth.throttling import Throttle, address_key
from services.console.errors import TooManyAttempts

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "common",
    [
        "Password123!",
        "contraseña2024",
        "Contraseña2024!",
        "qwerty123456",
        "teamo123456",
        "Guadalajara2024",
        "aaaaaaaaaaaa",
        "1234567890",
    ],
)
def test_common_and_breached_style_passwords_are_refused(common):
    with pytest.raises(passwords.WeakPassword) as refused:
        passwords.check_password(common, "ana.dif", "Ana Díaz")
    assert refused.value.label == "password.guessable"
    assert refused.value.field == "password"


def test_a_password_built_from_the_account_s_own_names_is_refused():
    for own in ("anadiaz2024", "ana.dif-ana.dif", "Díaz Ana 1990"):
        with pytest.raises(passwords.WeakPassword):
            passwords.check_password(own, "ana.dif", "Ana Díaz")


def test_short_passwords_are_refused_and_unrelated_words_pass():
    with pytest.raises(passwords.WeakPassword) as refused:
        passwords.check_password("x7#Qp", "ana.dif", "Ana")
    assert refused.value.label == "password.too_short"
    for strong in ("guayaba nublada en el techo", "sol y luna de guadalajara", "Tz4-mq9-Lw2-8rk"):
        passwords.check_password(strong, "ana.dif", "Ana Díaz")


def test_a_very_long_password_is_judged_without_failing():
    passwords.check_password("una frase larga y rara " * 10, "ana.dif", "Ana")


def test_ipv4_addresses_count_alone_and_ipv6_by_their_64_network():
    assert address_key("203.0.113.7") == "203.0.113.7"
    assert address_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key(None) == "unknown"


def test_an_address_past_its_allowance_waits_and_others_do_not():
    async def scenario() -> None:
        throttle = Throttle(
            "sign_in_failures", parse("3 per 15 minutes"), MovingWindowRateLimiter(MemoryStorage())
        )
        for _ in range(3):
            await throttle.check("203.0.113.7")
            await throttle.count("203.0.113.7")
        with pytest.raises(TooManyAttempts) as waited:
            await throttle.check("203.0.113.7")
        assert 14 * 60 < waited.value.retry_after <= 15 * 60
        await throttle.check("198.51.100.1")
        for _ in range(3):
            await throttle.use("198.51.100.1")
        with pytest.raises(TooManyAttempts):
            await throttle.use("198.51.100.1")

    asyncio.run(scenario())


def test_temporary_passwords_are_long_random_and_unambiguous():
    made = {temporary_password() for _ in range(200)}
    assert len(made) == 200
    for password in made:
        assert len(password) == 19 and password.count("-") == 3
        assert not set(password) & set("0O1lI")
        passwords.check_password(password, "ana.dif", "Ana")


def test_a_temporary_password_opens_one_session_before_its_time():
    account = Account("ana.dif", "Ana", Role.CASEWORKER, "dif-jalisco")
    fresh = Credentials(account, "hash", False, True, NOW + timedelta(hours=24))
    assert not fresh.temporary_spent(NOW)
    assert fresh.temporary_spent(NOW + timedelta(hours=24))
    assert Credentials(account, "hash", False, True, None).temporary_spent(NOW)
    assert not Credentials(account, "hash", False, False, None).temporary_spent(NOW)
