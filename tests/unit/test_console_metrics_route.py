"""The console's /metrics: Prometheus's alone, behind METRICS_TOKEN, counting answers by
route template (never by a path that carries an id)."""

import secrets

import httpx
import pytest
from pydantic import ValidationError

from services.console.app import create_app
from services.console.settings import ConsoleSettings
from shared.acting_assertion import new_key_pair

PRIVATE, _ = new_key_pair()
TOKEN = secrets.token_urlsafe(32)


def settings(**overrides: str) -> ConsoleSettings:
    return ConsoleSettings(
        database_url="postgresql://console@127.0.0.1:1/unused",
        session_secret=secrets.token_urlsafe(32),
        beneficiaries_token=secrets.token_urlsafe(24),
        kitchens_token=secrets.token_urlsafe(24),
        grievances_token=secrets.token_urlsafe(24),
        acting_assertion_private_key=PRIVATE,
        **overrides,
    )


def console(**overrides: str) -> httpx.AsyncClient:
    """The app without its lifespan: /metrics needs neither the database nor the services."""
    transport = httpx.ASGITransport(app=create_app(settings(**overrides)))
    return httpx.AsyncClient(transport=transport, base_url="http://console.test")


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer ", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", f"Bearer {TOKEN}x"],
    # Named, not shown: the token is new in every process, and pytest-xdist's processes
    # must collect the same tests.
    ids=["none", "empty bearer", "bearer cut short", "basic", "bearer one too long"],
)
async def test_metrics_are_refused_without_the_token(authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    async with console(metrics_token=TOKEN) as client:
        answer = await client.get("/metrics", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert "console_requests_total" not in answer.text


async def test_no_token_set_means_no_metrics():
    async with console() as client:
        answer = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 404


async def test_metrics_count_answers_by_route_template():
    async with console(metrics_token=TOKEN) as client:
        await client.get("/sign-in")
        await client.get("/ops/dead-letters/registry.enrolments.dlq/0/42")
        await client.get("/no-such-page/CURP0123456789")
        answer = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200
    text = answer.text
    assert 'console_requests_total{method="GET",route="/sign-in",status="200"} 1.0' in text
    assert 'route="/ops/dead-letters/{topic}/{partition}/{offset}"' in text
    assert 'route="unmatched",status="404"' in text
    assert "CURP0123456789" not in text and "registry.enrolments.dlq" not in text
    assert "console_request_seconds_bucket" in text


def test_a_weak_metrics_token_is_refused_naming_the_setting():
    with pytest.raises(ValidationError, match="METRICS_TOKEN"):
        settings(metrics_token="short")
