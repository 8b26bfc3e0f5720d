"""Behind a TLS proxy, the console counts sign-in failures and public intake per browser
address (services/console/settings.py, proxy_options): uvicorn believes X-Forwarded-For
from the configured proxies only. Before, either no header was believed (every browser
had the proxy's address, and anyone could lock every account out from outside) or, had
it been switched on for all, any browser could name any address and escape the limits."""

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from services.console.settings import ConsoleSettings, proxy_options

PROXY, OTHER, BROWSER = "10.0.0.5", "10.0.0.9", "203.0.113.7"


async def _address(request: Request) -> PlainTextResponse:
    return PlainTextResponse(request.client.host if request.client else "")


def _served(trusted: str) -> uvicorn.Config:
    settings = ConsoleSettings.model_construct(trusted_proxies=trusted)
    app = Starlette(routes=[Route("/", _address)])
    config = uvicorn.Config(app, **proxy_options(settings))
    config.load()
    return config


async def _seen(config: uvicorn.Config, sender: str, forwarded: str) -> str:
    transport = httpx.ASGITransport(app=config.loaded_app, client=(sender, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://console") as http:
        return (await http.get("/", headers={"X-Forwarded-For": forwarded})).text


@pytest.mark.parametrize(
    ("trusted", "sender", "seen"),
    [
        (PROXY, PROXY, BROWSER),
        (f"{OTHER}, {PROXY}", PROXY, BROWSER),
        (PROXY, OTHER, OTHER),
        ("", PROXY, PROXY),
    ],
)
async def test_the_browsers_address_is_believed_from_the_trusted_proxy_only(trusted, sender, seen):
    assert await _seen(_served(trusted), sender, BROWSER) == seen
