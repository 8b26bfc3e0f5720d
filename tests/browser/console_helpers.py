"""Helpers for driving the console in a browser."""

from pathlib import Path

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


async def post_without_form(page, path: str, fields: dict[str, str]):
    """A POST from the page's session (its cookies), as a forged form would send it."""
    return await page.request.post(path, form=fields, max_redirects=0)
