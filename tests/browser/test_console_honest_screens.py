"""Screens that say only what is so: a case file is read for the reason someone gave, never for
one the console made up, and a read-only account is not offered a form it would be refused."""

import uuid

import asyncpg
import httpx

from tests.browser.console_helpers import sign_in
from tests.e2e.registry_people import person_enrolled_by
from tests.http_auth import FreshAssertions, acting_headers


async def _reasons_read_for(database_url: str, person_id: str, user: str) -> list[str]:
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(
            "SELECT reason FROM beneficiaries.access_log WHERE person_id = $1 "
            "AND record = 'case_file' AND acting_user = $2 ORDER BY access_id",
            uuid.UUID(person_id),
            user,
        )
        return [r["reason"] for r in rows]
    finally:
        await conn.close()


async def test_a_case_file_opened_without_a_reason_asks_for_one_and_records_none_made_up(
    tablet, make_account, services, infrastructure
):
    base = services.url("beneficiaries")
    async with httpx.AsyncClient(base_url=base, timeout=10, auth=FreshAssertions(base)) as http:
        woman = await person_enrolled_by(http, {"dif-jalisco": True})
    person_id = woman["person_id"]
    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await sign_in(await tablet(), username, password, "/people")

    await page.fill("input[name=curp]", woman["national_id"])
    async with page.expect_navigation():
        await page.click("form[role=search] button[type=submit]")
    async with page.expect_navigation():
        await page.locator("#results button", has_text="Abrir expediente").click()
    assert await page.locator("#identity").count() == 0, "no reason given, no case file"
    reason_field = page.locator("main form input[name=reason]")
    assert await reason_field.get_attribute("required") is not None
    assert await _reasons_read_for(infrastructure.database_url, person_id, username) == []

    # Blanks are no reason either, even sent without the form's own check.
    token = await page.locator("main form input[name=csrf_token]").input_value()
    blank = await page.request.post(
        "/people/open", form={"csrf_token": token, "person_id": person_id, "reason": "   "}
    )
    assert blank.ok and await page.locator("#identity").count() == 0
    await page.goto(f"/people/{person_id}")
    assert await page.locator("#identity").count() == 0
    # The registry itself refuses a read with no reason: the console cannot skip the question.
    async with httpx.AsyncClient(timeout=10) as raw:
        refused = await raw.get(
            f"{base}/persons/{person_id}",
            headers=acting_headers(
                base, user=username, role="caseworker", agency="dif-jalisco", reason=None
            ),
        )
    assert refused.status_code in (400, 422), refused.text

    await page.fill("main form input[name=reason]", "Llamada de la señora")
    async with page.expect_navigation():
        await page.click("main form button[type=submit]")
    await page.wait_for_selector("#identity")
    assert await _reasons_read_for(infrastructure.database_url, person_id, username) == [
        "Llamada de la señora"
    ]


async def test_an_auditor_is_not_offered_the_complaint_form_that_an_officer_is(
    tablet, make_account
):
    auditor, auditor_password = await make_account("auditor")
    page = await sign_in(await tablet(), auditor, auditor_password, "/grievances")
    assert await page.locator("a[href='/grievances/new']").count() == 0
    await page.goto("/grievances/new")
    assert await page.locator("form[action='/grievances/new']").count() == 0
    assert "solo lectura" in await page.locator("#read-only").inner_text()

    officer, officer_password = await make_account("grievance_officer")
    page = await sign_in(await tablet(), officer, officer_password, "/grievances")
    assert await page.locator("a[href='/grievances/new']").count() == 1


async def test_an_admin_is_told_in_her_words_why_an_account_was_not_created(tablet, make_account):
    admin, admin_password = await make_account("admin")
    page = await sign_in(await tablet(), admin, admin_password, "/admin/accounts")
    form = page.locator("form[action='/admin/accounts']")
    await form.locator("input[name=username]").fill(f"cw-{admin[-8:]}")
    await form.locator("input[name=display_name]").fill("Rosa Méndez")
    await form.locator("select[name=role]").select_option("caseworker")
    await form.locator("input[name=password]").fill("una contraseña bastante larga")
    async with page.expect_navigation():
        await form.locator("button[type=submit]").click()
    said = await page.locator(".problem").inner_text()
    assert said == "Rechazado: Una cuenta de trabajo social necesita su agencia.", said
