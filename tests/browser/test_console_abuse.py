"""Attacks from outside on the console's edge, each from its own loopback address: guessing
passwords, locking someone else's account, filing and following grievances by the thousand.
An address past its allowance gets 429 with Retry-After; nobody can lock an account that
someone else uses from another address."""

import uuid

from tests.browser.console_helpers import console_from, form_token, sign_in_from

# The console's defaults (services/console/settings.py).
SIGN_IN_FAILURES = 10
INTAKE = 10
FOLLOW_UP = 30


async def test_twenty_wrong_passwords_from_one_address_get_429_and_lock_nobody_elsewhere(
    console, make_account
):
    username, password = await make_account("admin")
    async with console_from(console, "127.0.0.2") as attacker:
        statuses, retry_after = [], None
        for attempt in range(20):
            answer = await sign_in_from(attacker, username, f"guess number {attempt}")
            statuses.append(answer.status_code)
            if answer.status_code == 429:
                retry_after = answer.headers.get("retry-after")
        assert statuses[:SIGN_IN_FAILURES] == [401] * SIGN_IN_FAILURES
        assert statuses[SIGN_IN_FAILURES:] == [429] * (20 - SIGN_IN_FAILURES)
        assert retry_after is not None and 0 < int(retry_after) <= 15 * 60
        assert "Demasiados intentos" in answer.text
        # Even the right password waits: a guess that hits is not told apart.
        assert (await sign_in_from(attacker, username, password)).status_code == 429
    async with console_from(console, "127.0.0.3") as owner:
        answer = await sign_in_from(owner, username, password)
        assert answer.status_code == 303 and answer.headers["location"] == "/"
        assert (await owner.get("/admin/accounts")).status_code == 200


async def test_failures_from_many_addresses_do_not_lock_the_account_for_its_owner(
    console, make_account
):
    username, password = await make_account("caseworker", agency="dif-jalisco")
    for host in range(10, 16):
        async with console_from(console, f"127.0.0.{host}") as attacker:
            for attempt in range(6):
                answer = await sign_in_from(attacker, username, f"guess {host}.{attempt}")
                assert answer.status_code == 401
            # Locked for this address: the right password from here is refused too.
            assert (await sign_in_from(attacker, username, password)).status_code == 401
    async with console_from(console, "127.0.0.20") as owner:
        assert (await sign_in_from(owner, username, password)).status_code == 303


async def test_receipts_cannot_be_tried_by_the_thousand(console):
    async with console_from(console, "127.0.0.30") as attacker:
        token = await form_token(attacker, "/grievances/follow")
        statuses = []
        for _ in range(FOLLOW_UP + 2):
            answer = await attacker.post(
                "/grievances/follow",
                data={"csrf_token": token, "receipt": f"R-{uuid.uuid4().hex[:12]}"},
            )
            statuses.append(answer.status_code)
        assert statuses[:FOLLOW_UP] == [404] * FOLLOW_UP
        assert statuses[FOLLOW_UP:] == [429, 429]
        assert int(answer.headers["retry-after"]) > 0
    async with console_from(console, "127.0.0.31") as someone:
        token = await form_token(someone, "/grievances/follow")
        answer = await someone.post(
            "/grievances/follow", data={"csrf_token": token, "receipt": "R-000000000000"}
        )
        assert answer.status_code == 404


async def test_the_public_intake_is_throttled_per_address(console):
    async with console_from(console, "127.0.0.40") as flooder:
        token = await form_token(flooder, "/grievances/new")
        statuses = []
        for n in range(INTAKE + 1):
            answer = await flooder.post(
                "/grievances/new",
                data={
                    "csrf_token": token,
                    "kind": "complaint",
                    "category": "service_quality",
                    "description": f"Queja repetida número {n}.",
                    "channel_reference": f"console:{uuid.uuid4()}",
                    "anonymous": "on",
                },
            )
            statuses.append(answer.status_code)
        assert statuses[:INTAKE] == [201] * INTAKE, statuses
        assert statuses[INTAKE] == 429
        assert int(answer.headers["retry-after"]) > 0
