"""The console as a process next to the session's services, and headless
Chromium (Debian's, at /usr/bin/chromium) driven by Playwright's async API on
the session's event loop (the sync API runs a loop of its own, which would stop
every other fixture from using asyncio). Each test gets fresh browser contexts:
a tablet held upright, no cookies."""

import asyncio
import uuid
from pathlib import Path

import asyncpg
import pytest

from tests.benchmarks.private_stack import free_port
from tests.browser.console_helpers import CHROMIUM, ROOT, TABLET


@pytest.fixture(scope="session")
def console(infrastructure, services):
    from deploy.local.stack import start_console, wait_until_ready

    process = start_console(infrastructure, services, free_port(), ROOT / ".data" / "test-logs")
    try:
        wait_until_ready(process, 60)
        yield process
    finally:
        process.process.terminate()
        process.process.wait(15)


@pytest.fixture(scope="session")
async def browser():
    from playwright.async_api import async_playwright

    if not await asyncio.to_thread(Path(CHROMIUM).exists):
        pytest.fail(
            f"{CHROMIUM} is missing: deploy/local/system-packages.sh installs Debian's chromium"
        )
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        await chromium.close()


@pytest.fixture
async def tablet(browser, console):
    """A page factory: each call is a new browser context (another person at another tablet)."""
    contexts = []

    async def new_page():
        context = await browser.new_context(base_url=console.url, viewport=TABLET, locale="es-MX")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return await context.new_page()

    yield new_page
    for context in contexts:
        await context.close()


async def _create_account(
    database_url: str,
    username: str,
    role: str,
    password: str,
    agency: str | None,
    kitchen: str | None,
) -> None:
    from services.console.auth import account_service
    from services.console.auth.roles import Account, Role

    conn = await asyncpg.connect(database_url, server_settings={"search_path": "console,public"})
    try:
        await account_service.create_account(
            conn,
            Account(username, username.title(), Role(role), agency, kitchen),
            password,
            "tests",
            # As if she had already chosen it: the browser tests sign in and get to work (the
            # first sign-in's change is tested on accounts an admin creates).
            initial_until=None,
        )
    finally:
        await conn.close()


@pytest.fixture
def make_account(infrastructure):
    """Creates an account with a unique username; returns (username, password)."""

    async def make(
        role: str, *, agency: str | None = None, kitchen: str | None = None
    ) -> tuple[str, str]:
        username = f"{role.replace('_', '-')}-{uuid.uuid4().hex[:8]}"
        password = f"pw-{uuid.uuid4().hex}"
        await _create_account(
            infrastructure.database_url, username, role, password, agency, kitchen
        )
        return username, password

    return make
