"""Helpers for driving the console in a browser."""

import re
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ".data" / "test-artefacts" / "screenshots"
TABLET = {"width": 800, "height": 1280}
CHROMIUM = "/usr/bin/chromium"


async def screenshot(page, name: str) -> Path:
    """A full-page PNG under .data/test-artefacts/screenshots/,
    kept after the run to be looked at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def sign_in(page, username: str, password: str, path: str = "/"):
    await page.goto(path)
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", password)
    async with page.expect_navigation():
        await page.click("form[action='/sign-in'] button[type=submit]")
    return page


async def send_entry(page, form: str) -> None:
    """Sends a committee's form (report, amendment, purchase, survey) as its script does
    (services/console/static/entries.js): the page moves on to the recorded entry, or shows
    the refusal in place of the form without a navigation; either way a new `main`."""
    await page.evaluate("document.querySelector('main').dataset.sending = 'yes'")
    await page.click(f"{form} button[type=submit]")
    await page.wait_for_selector("main:not([data-sending])", state="attached")


async def post_without_form(page, path: str, fields: dict[str, str]):
    """A POST from the page's session (its cookies), as a forged form would send it."""
    return await page.request.post(path, form=fields, max_redirects=0)


def console_from(console, address: str) -> httpx.AsyncClient:
    """A client of the console whose connections come from `address` (any of 127.0.0.0/8 on
    loopback): another person at another connection, as the console's throttling sees it."""
    return httpx.AsyncClient(
        base_url=console.url,
        transport=httpx.AsyncHTTPTransport(local_address=address),
        timeout=30,
    )


async def form_token(http: httpx.AsyncClient, path: str) -> str:
    """The CSRF token of the form on `path` (the client keeps the session cookie)."""
    page = await http.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no form on {path}: {page.status_code}"
    return found.group(1)


async def sign_in_from(http: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    token = await form_token(http, "/sign-in")
    return await http.post(
        "/sign-in",
        data={"csrf_token": token, "username": username, "password": password, "next": "/"},
    )


async def open_case_file(page, person_id: str, reason: str):
    """Opens a person's case file as a caseworker does: the page asks why, the reason is typed
    into its form. Returns the response the case file came with."""
    await page.goto(f"/people/{person_id}")
    await page.fill("main form input[name=reason]", reason)
    async with page.expect_navigation() as navigation:
        await page.click("main form button[type=submit]")
    return await navigation.value


async def take_elcsa(page, person_id: str, day: str, with_minors: bool, yes: set[int]) -> str:
    """Takes the ELCSA questionnaire in the console as a caseworker does, for a case file the
    page's session has opened: the household first, then each item yes or no (`yes`: the item
    numbers answered yes). Returns the result the registry computed, as the page shows it."""
    await page.goto(f"/people/{person_id}/assessment")
    await page.fill("#household input[name=assessed_on]", day)
    await page.check(f"#household input[name=with_minors][value={str(with_minors).lower()}]")
    async with page.expect_navigation():
        await page.click("#household button[type=submit]")
    for item in range(1, (15 if with_minors else 8) + 1):
        await page.check(f"input[name=item_{item}][value={'si' if item in yes else 'no'}]")
    async with page.expect_navigation():
        await page.click("#elcsa button[type=submit]")
    return await page.locator("#elcsa-result").inner_text()
