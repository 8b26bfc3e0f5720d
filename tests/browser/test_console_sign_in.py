"""Signing in and out, lock-out after repeated failures, CSRF, in a real browser."""

import asyncpg

from tests.browser.console_helpers import (
    console_from,
    post_without_form,
    screenshot,
    sign_in,
    sign_in_from,
)

REFUSED = "No se pudo iniciar sesión"


async def _lock_state(database_url: str, username: str):
    conn = await asyncpg.connect(database_url)
    try:
        account = await conn.fetchrow(
            "SELECT failed_attempts, locked_until FROM console.sign_in_lockouts "
            "WHERE username = $1",
            username,
        )
        outcomes = await conn.fetch(
            "SELECT outcome FROM console.sign_in_events WHERE username = $1 ORDER BY event_id",
            username,
        )
        return account, [r["outcome"] for r in outcomes]
    finally:
        await conn.close()


async def test_sign_in_takes_a_person_where_they_were_going_and_sign_out_ends_the_session(
    tablet, make_account
):
    username, password = await make_account("supervisor")
    page = await tablet()
    await page.goto("/admin/accounts")
    assert page.url.endswith("/sign-in?next=%2Fadmin%2Faccounts")
    await screenshot(page, "sign_in")

    await sign_in(page, username, password, page.url)
    assert page.url.endswith("/admin/accounts")
    assert (
        await page.locator("h1").inner_text() == "No se puede mostrar"
    )  # a supervisor is not an admin

    await page.goto("/")
    assert username.title() in await page.locator("h1").inner_text()
    cookie = next(c for c in await page.context.cookies() if c["name"] == "console_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["expires"] > 0
    await screenshot(page, "home_supervisor")

    await page.click("text=Cerrar sesión")
    await page.wait_for_url("**/sign-in?notice=signed_out")
    await page.goto("/")
    assert "/sign-in" in page.url

    # The ended session's cookie, replayed, does not come back to life.
    replay = await tablet()
    await replay.context.add_cookies([cookie])
    await replay.goto("/")
    assert "/sign-in" in replay.url


async def test_wrong_password_and_unknown_account_get_the_same_answer(tablet, make_account):
    username, _ = await make_account("caseworker", agency="dif-jalisco")
    page = await tablet()
    answers = []
    for name in (username, "nobody-by-this-name"):
        await sign_in(page, name, "not the password")
        answers.append(await page.locator(".problem").inner_text())
        assert "/sign-in" in page.url
    assert answers[0] == answers[1] and REFUSED in answers[0]
    await screenshot(page, "sign_in_refused")


async def test_five_failures_from_one_address_lock_the_account_there_until_an_admin_unlocks_it(
    tablet, make_account, infrastructure
):
    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await tablet()
    for _ in range(5):
        await sign_in(page, username, "wrong password!")
    await sign_in(page, username, password)
    assert REFUSED in await page.locator(".problem").inner_text(), (
        "the right password must not open a locked account"
    )
    account, outcomes = await _lock_state(infrastructure.database_url, username)
    assert account["locked_until"] is not None
    assert outcomes == [
        "created",
        "refused",
        "refused",
        "refused",
        "refused",
        "locked_out",
        "refused",
    ]

    admin_name, admin_password = await make_account("admin")
    admin = await sign_in(await tablet(), admin_name, admin_password, "/admin/accounts")
    row = admin.locator("#accounts tr", has_text=username)
    assert "Bloqueada desde 1 conexión(es) hasta" in await row.inner_text()
    await screenshot(admin, "admin_accounts")
    await row.locator("button", has_text="Desbloquear").click()
    await admin.wait_for_url("**/admin/accounts?done=unlocked*")
    assert f"Cuenta {username} desbloqueada." in await admin.locator(".notice").inner_text()

    await sign_in(page, username, password)
    assert "/sign-in" not in page.url
    assert await page.locator(".problem").count() == 0


async def test_an_admin_creates_an_account_whose_first_sign_in_chooses_its_own_password(
    tablet, make_account, console
):
    admin_name, admin_password = await make_account("admin")
    admin = await sign_in(await tablet(), admin_name, admin_password, "/admin/accounts")
    new_name = f"kc-{admin_name[-8:]}"
    form = admin.locator("form[action='/admin/accounts']")
    await form.locator("input[name=username]").fill(new_name)
    await form.locator("input[name=display_name]").fill("Lucía Ramos")
    await form.locator("select[name=role]").select_option("kitchen_committee")
    await form.locator("input[name=kitchen_id]").fill("CDMX-IZT-0042")
    await form.locator("input[name=password]").fill("una contraseña larga")
    await form.locator("button[type=submit]").click()
    await admin.wait_for_url("**/admin/accounts?done=created*")

    member = await sign_in(await tablet(), new_name, "una contraseña larga")
    assert member.url.endswith("/account/password"), "the admin's password is not hers"
    assert "contraseña temporal" in await member.locator(".notice").inner_text()
    await member.goto("/kitchens")
    assert member.url.endswith("/account/password"), "nothing else opens before the change"
    async with console_from(console, "127.0.0.57") as elsewhere:
        again = await sign_in_from(elsewhere, new_name, "una contraseña larga")
        assert again.status_code == 401, "the initial password signs in once"

    await member.fill("input[name=current_password]", "una contraseña larga")
    await member.fill("input[name=new_password]", "mango verde bajo la lluvia")
    await member.fill("input[name=repeated]", "mango verde bajo la lluvia")
    async with member.expect_navigation():
        await member.click("form[action='/account/password'] button[type=submit]")
    await member.goto("/")
    # Her kitchen by its name (none is registered under this code here): never by its code.
    scope = await member.locator("main").inner_text()
    assert "Su comedor: comedor sin nombre disponible" in scope and "CDMX-IZT-0042" not in scope


async def test_a_form_without_its_csrf_token_is_refused(tablet, make_account):
    admin_name, admin_password = await make_account("admin")
    page = await sign_in(await tablet(), admin_name, admin_password, "/admin/accounts")
    fields = {
        "username": "forged-account",
        "display_name": "x",
        "role": "admin",
        "password": "forged password 123",
    }
    forged = await post_without_form(page, "/admin/accounts", fields)
    assert forged.status == 403
    assert "CSRF" in await forged.text()
    wrong = await post_without_form(page, "/admin/accounts", {"csrf_token": "guessed", **fields})
    assert wrong.status == 403
    await page.goto("/admin/accounts")
    assert "forged-account" not in await page.content()

    # Signing in needs the form's token too:
    # a site elsewhere cannot sign a browser into an account of its choosing.
    stranger = await tablet()
    refused = await post_without_form(
        stranger, "/sign-in", {"username": admin_name, "password": admin_password}
    )
    assert refused.status == 403
