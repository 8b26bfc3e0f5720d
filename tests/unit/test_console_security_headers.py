"""What every console answer tells the browser, and what the console tells the
services about who acts."""

import secrets

import httpx
import pytest

from services.console.app import create_app
from services.console.auth.roles import Account, Role
from services.console.clients.service_apis import ServiceClient
from services.console.settings import ConsoleSettings
from shared.acting_assertion import HEADER, AssertionSigner, AssertionVerifier, new_key_pair

PRIVATE, PUBLIC = new_key_pair()
# Pages, a style sheet, an unknown path: every kind of answer.
PATHS = ("/sign-in", "/static/console.css", "/no-such-page", "/grievances/follow")


def settings(https: bool) -> ConsoleSettings:
    return ConsoleSettings(
        database_url="postgresql://console@127.0.0.1:1/unused",
        session_secret=secrets.token_urlsafe(32),
        beneficiaries_token=secrets.token_urlsafe(24),
        kitchens_token=secrets.token_urlsafe(24),
        grievances_token=secrets.token_urlsafe(24),
        acting_assertion_private_key=PRIVATE,
        served_over_https=https,
    )


def console(https: bool) -> httpx.AsyncClient:
    """The app without its lifespan: these answers need neither the database nor the
    services."""
    transport = httpx.ASGITransport(app=create_app(settings(https)))
    return httpx.AsyncClient(transport=transport, base_url="https://console.example")


@pytest.mark.parametrize("https", [False, True])
async def test_every_answer_carries_the_security_headers(https):
    async with console(https) as client:
        answers = [await client.get(path) for path in PATHS]
    for path, answer in zip(PATHS, answers, strict=True):
        headers = answer.headers
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy, path
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        # Scripts from the console's own files only: never inline, eval or another host.
        assert directives["script-src"] == "'self'", path
        assert directives["connect-src"] == "'self'", path
        assert "'unsafe-inline'" not in policy.split("style-src-attr")[0], path
        assert "unsafe-eval" not in policy and "*" not in policy, path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "no-referrer", path
        assert ("strict-transport-security" in headers) is https, path


@pytest.mark.parametrize("https", [False, True])
async def test_the_session_cookie_is_secure_when_served_over_https(https):
    async with console(https) as client:
        cookie = (await client.get("/sign-in")).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert ("; secure" in cookie) is https


async def test_each_call_carries_a_fresh_assertion_for_that_service_and_no_acting_headers():
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    signer = AssertionSigner(PRIVATE)
    client = ServiceClient.create(
        "grievances", "http://grievances", "t" * 24, signer, httpx.MockTransport(answer)
    )
    officer = Account("ines", "Inés", Role.IDENTITY_REVEAL_OFFICER)
    await client.get("/cases", officer, reason="citatorio")
    await client.post("/cases/x/reveal-requests", officer, {"reason": "citatorio"})
    await client.post("/receipts/case", None, {"receipt": "r"})
    await client.close()
    first, second, public = seen
    verifier = AssertionVerifier(PUBLIC)
    person = verifier.verify(first.headers[HEADER], "grievances")
    assert (person.user, person.role, person.reason) == ("ines", officer.role, "citatorio")
    assert first.headers[HEADER] != second.headers[HEADER]
    assert HEADER not in public.headers
    for request in seen:
        assert not [h for h in request.headers if h.startswith(("x-acting-user", "x-officer"))]
