"""Each role sees and does only what it may."""

import pytest

from tests.browser.console_helpers import open_case_file, post_without_form, screenshot, sign_in

# role -> (scope, navigation entries shown, a page it may not open)
ROLES = {
    "caseworker": (
        {"agency": "dif-jalisco"},
        ["Inicio", "Personas", "Registrar a una persona", "Revisión de duplicados", "Resultados"],
        "/admin/accounts",
    ),
    "supervisor": (
        {},
        ["Inicio", "Personas", "Revisión de duplicados", "Resultados", "Comedores"],
        "/admin/accounts",
    ),
    "kitchen_committee": ({"kitchen": "CDMX-IZT-0042"}, ["Inicio", "Comedores"], "/people"),
    "grievance_officer": ({}, ["Inicio", "Quejas"], "/reviews"),
    "identity_reveal_officer": ({}, ["Inicio", "Quejas"], "/people"),
    "ops": ({}, ["Inicio", "Comedores", "Operación"], "/people"),
    "auditor": (
        {},
        [
            "Inicio",
            "Personas",
            "Revisión de duplicados",
            "Resultados",
            "Comedores",
            "Quejas",
            "Operación",
        ],
        "/admin/accounts",
    ),
    "admin": ({}, ["Inicio", "Cuentas"], "/people"),
}


@pytest.mark.parametrize("role", list(ROLES))
async def test_each_role_sees_only_its_screens_and_is_refused_the_others(
    tablet, make_account, role
):
    scope, shown, refused_path = ROLES[role]
    username, password = await make_account(role, **scope)
    page = await sign_in(await tablet(), username, password)
    assert await page.locator("header nav a").all_inner_texts() == shown
    await screenshot(page, f"home_{role}")
    response = await page.goto(refused_path)
    assert response.status == 403
    assert "no tiene permiso" in await page.locator(".problem").inner_text()


async def test_an_auditor_cannot_post_anything_even_with_a_valid_form(tablet, make_account):
    username, password = await make_account("auditor")
    page = await sign_in(await tablet(), username, password, "/people")
    token = await page.locator("form[action='/sign-out'] input[name=csrf_token]").input_value()
    for path, fields in (
        ("/people/00000000-0000-0000-0000-000000000000/notes", {"body": "x"}),
        (
            "/admin/accounts",
            {
                "username": "auditor-made",
                "display_name": "x",
                "role": "admin",
                "password": "p" * 12,
            },
        ),
    ):
        refused = await post_without_form(page, path, {"csrf_token": token, **fields})
        assert refused.status == 403, path
        assert "solo lectura" in await refused.text()
    # A search is sent as a POST (its terms stay out of the URL) but only reads: an auditor may.
    await page.goto("/people")
    await page.fill("input[name=curp]", "XAXX010101MDFXXX01")
    await page.click("form[role=search] button[type=submit]")
    await page.wait_for_load_state()
    assert "Nadie coincide" in await page.locator("main").inner_text()
    # So is the reason a case file is opened for: not refused as a write, the registry answers.
    opened = await open_case_file(page, "00000000-0000-0000-0000-000000000000", "auditoría")
    assert opened.status == 404 and "No encontrado" in await page.locator(".problem").inner_text()
    await page.click("text=Cerrar sesión")
    await page.wait_for_url("**/sign-in?notice=signed_out")


async def test_the_language_switch_shows_english_labels(tablet, make_account):
    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await sign_in(await tablet(), username, password, "/people")
    await page.click("a.lang")
    await page.wait_for_url("**/people")
    assert await page.locator("h1").inner_text() == "Find a person"
    await screenshot(page, "people_search_english")
