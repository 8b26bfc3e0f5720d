"""One's own password, and an admin's disable, enable and reset, in a real browser. Checks that
need a refusal are made from other loopback addresses, so that the browser's own address does
not spend its allowance of failed sign-ins."""

from tests.browser.console_helpers import console_from, screenshot, sign_in, sign_in_from


async def _change_password(page, current: str, new: str, repeated: str | None = None) -> str:
    """Fills the form; returns what the page then says (its notice or its problem)."""
    await page.goto("/account/password")
    await page.fill("input[name=current_password]", current)
    await page.fill("input[name=new_password]", new)
    await page.fill("input[name=repeated]", repeated or new)
    async with page.expect_navigation():
        await page.click("form[action='/account/password'] button[type=submit]")
    return await page.locator(".notice, .problem").first.inner_text()


async def test_a_person_changes_her_password_and_common_ones_are_refused(
    tablet, make_account, console
):
    username, password = await make_account("supervisor")
    page = await sign_in(await tablet(), username, password)
    other_session = await sign_in(await tablet(), username, password)
    await page.click("header >> text=Cambiar contraseña")
    await page.wait_for_url("**/account/password")
    await screenshot(page, "account_password")

    for common in ("Password123!", "contraseña2024"):
        said = await _change_password(page, password, common)
        assert "fácil de adivinar" in said, common
    await screenshot(page, "account_password_refused")
    assert "no coinciden" in await _change_password(
        page, password, "guayaba nublada en el techo", "otra cosa distinta"
    )

    new = "guayaba nublada en el techo"
    assert "Contraseña cambiada" in await _change_password(page, password, new)
    await page.goto("/")
    assert "/sign-in" not in page.url, "the session that changed the password goes on"
    await other_session.goto("/")
    assert "/sign-in" in other_session.url, "every other session ends"

    async with console_from(console, "127.0.0.50") as elsewhere:
        assert (await sign_in_from(elsewhere, username, password)).status_code == 401
        assert (await sign_in_from(elsewhere, username, new)).status_code == 303
        form = await elsewhere.get("/account/password")
        token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
        wrong = await elsewhere.post(
            "/account/password",
            data={
                "csrf_token": token,
                "current_password": "not my password at all",
                "new_password": "otra frase bastante rara",
                "repeated": "otra frase bastante rara",
            },
        )
        assert wrong.status_code == 422 and "actual no es correcta" in wrong.text


async def test_a_disabled_account_cannot_sign_in_and_its_open_session_stops_working(
    tablet, make_account, console
):
    username, password = await make_account("caseworker", agency="dif-jalisco")
    worker = await sign_in(await tablet(), username, password, "/people")
    assert "/people" in worker.url

    admin_name, admin_password = await make_account("admin")
    admin = await sign_in(await tablet(), admin_name, admin_password, "/admin/accounts")
    row = admin.locator("#accounts tr", has_text=username)
    await row.locator("button", has_text="Desactivar").click()
    await admin.wait_for_url("**/admin/accounts?done=disabled*")
    assert "desactivada" in await admin.locator(".notice").inner_text()
    assert "Desactivada" in await admin.locator("#accounts tr", has_text=username).inner_text()
    await screenshot(admin, "admin_account_disabled")

    await worker.goto("/people")
    assert "/sign-in" in worker.url, "the open session ends at once"
    async with console_from(console, "127.0.0.51") as elsewhere:
        assert (await sign_in_from(elsewhere, username, password)).status_code == 401

    row = admin.locator("#accounts tr", has_text=username)
    await row.locator("button", has_text="Activar").click()
    await admin.wait_for_url("**/admin/accounts?done=enabled*")
    await sign_in(worker, username, password, "/people")
    assert worker.url.endswith("/people")


async def test_an_admin_reset_gives_a_one_time_password_that_must_be_changed(
    tablet, make_account, console
):
    username, password = await make_account("grievance_officer")
    admin_name, admin_password = await make_account("admin")
    admin = await sign_in(await tablet(), admin_name, admin_password, "/admin/accounts")
    row = admin.locator("#accounts tr", has_text=username)
    async with admin.expect_navigation():
        await row.locator("button", has_text="Restablecer contraseña").click()
    notice = await admin.locator("#temporary").inner_text()
    temporary = notice.split(": ", 1)[1].split(".", 1)[0]
    assert len(temporary) == 19, notice
    await screenshot(admin, "admin_account_reset")

    async with console_from(console, "127.0.0.52") as elsewhere:
        assert (await sign_in_from(elsewhere, username, password)).status_code == 401

    officer = await sign_in(await tablet(), username, temporary, "/grievances")
    assert officer.url.endswith("/account/password")
    assert "contraseña temporal" in await officer.locator(".notice").inner_text()
    await officer.goto("/grievances")
    assert officer.url.endswith("/account/password"), "nothing else opens before the change"
    await screenshot(officer, "account_password_must_change")

    async with console_from(console, "127.0.0.53") as elsewhere:
        reused = await sign_in_from(elsewhere, username, temporary)
        assert reused.status_code == 401, "a temporary password signs in once"

    new = "mi perro come tortillas"
    assert "Contraseña cambiada" in await _change_password(officer, temporary, new)
    await officer.goto("/grievances")
    assert officer.url.endswith("/grievances")
    async with console_from(console, "127.0.0.54") as elsewhere:
        assert (await sign_in_from(elsewhere, username, new)).status_code == 303
