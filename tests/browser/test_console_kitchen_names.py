"""A kitchen is read by its name on every screen that names one, never by its code: a committee
member's header and home page, her kitchen's forms and figures; programme staff's list and
kitchen page; a grievance officer's complaint about a kitchen; an administrator's list of
accounts. A kitchen whose name cannot be read is named in words, not by its code."""

import uuid

from tests.browser.console_helpers import screenshot, sign_in
from tests.e2e.grievance_helpers import submission, submit
from tests.e2e.test_skeleton_flows import http_json, kitchen_registration

UNNAMED = "comedor sin nombre disponible"


def _kitchen(services) -> tuple[str, str]:
    """A kitchen registered under a name no other test gives; (code, name)."""
    code = f"TEST-{uuid.uuid4().hex[:6].upper()}"
    name = f"Comedor Las Golondrinas {uuid.uuid4().hex[:4]}"
    http_json(f"{services.url('kitchens')}/kitchens", kitchen_registration(code, name))
    return code, name


async def _reads(page, path: str) -> str:
    """The page's words as its person reads them: the title and the body's visible text."""
    response = await page.goto(path)
    assert response.status == 200, path
    return f"{await page.title()}\n{await page.locator('body').inner_text()}"


async def test_a_committee_member_reads_her_kitchen_by_its_name_in_the_header_and_her_pages(
    tablet, make_account, services
):
    code, name = _kitchen(services)
    username, password = await make_account("kitchen_committee", kitchen=code)
    page = await sign_in(await tablet(), username, password)
    who = await page.locator("header .who").inner_text()
    assert name in who and code not in who, who
    assert name in await page.locator("main").inner_text()
    await screenshot(page, "kitchens_committee_home_named")
    for path in ("/", f"/kitchens/{code}", f"/kitchens/{code}/daily-report"):
        words = await _reads(page, path)
        assert name in words and code not in words, path
    words = await _reads(page, f"/kitchens/{code}/indicators")
    assert name in await page.locator("h1").inner_text()
    assert code not in words


async def test_staff_officers_and_administrators_read_a_kitchen_by_its_name(
    tablet, make_account, services
):
    code, name = _kitchen(services)
    committee, _ = await make_account("kitchen_committee", kitchen=code)
    username, password = await make_account("supervisor")
    page = await sign_in(await tablet(), username, password)
    for path in (f"/kitchens?text={name}", f"/kitchens/{code}", f"/kitchens/{code}/indicators"):
        words = await _reads(page, path)
        assert name in words and code not in words, path

    case = submit(services, submission(subject={"kind": "kitchen", "ref": code}), officer="ana")
    username, password = await make_account("grievance_officer")
    page = await sign_in(await tablet(), username, password)
    words = await _reads(page, f"/grievances/cases/{case['case_id']}")
    assert name in await page.locator("#case-facts").inner_text()
    assert code not in words
    await page.goto("/grievances")
    await page.fill("input[name=q]", case["case_number"])
    async with page.expect_navigation():
        await page.click("form[action='/grievances'] button[type=submit]")
    assert name in await page.locator("#queue").inner_text()
    assert code not in await page.locator("body").inner_text()

    username, password = await make_account("admin")
    page = await sign_in(await tablet(), username, password)
    await _reads(page, "/admin/accounts")
    row = page.locator("#accounts tr", has_text=committee)
    assert name in await row.inner_text()
    assert code not in await page.locator("#accounts").inner_text()


async def test_a_kitchen_whose_name_cannot_be_read_is_named_in_words_not_by_its_code(
    tablet, make_account
):
    unregistered = f"TEST-{uuid.uuid4().hex[:6].upper()}"
    username, password = await make_account("kitchen_committee", kitchen=unregistered)
    page = await sign_in(await tablet(), username, password)
    assert UNNAMED in await page.locator("header .who").inner_text()
    assert unregistered not in await page.locator("body").inner_text()
    await page.goto("/language/en?next=/")
    assert "kitchen with no name available" in await page.locator("header .who").inner_text()
