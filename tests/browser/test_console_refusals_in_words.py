"""Real refusals from the services, told on a Spanish page by their code: amounts in pesos,
days in words with their weekday, the committee's rule of three with the count given, a
grievance action refused in the officer's words, and a console form the browser let
through refused in Spanish. None shows the service's English sentence, a code or an
ISO day."""

import re
import uuid

from tests.browser.console_helpers import post_without_form, screenshot, sign_in
from tests.browser.test_console_kitchens import fill_report, kitchen_with_history
from tests.e2e.grievance_helpers import as_officer, submission, submit

ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENGLISH = re.compile(r"\b(is|the|was|must|cannot|expected|centavos|required)\b")


def assert_spanish(sentence: str) -> None:
    assert not ENGLISH.search(sentence), f"English in a refusal: {sentence!r}"
    assert not ISO_DAY.search(sentence), f"an ISO day in a refusal: {sentence!r}"
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", sentence), f"a code in a refusal: {sentence!r}"


async def test_a_committees_report_is_refused_in_pesos_and_days_in_words(
    tablet, make_account, services
):
    kitchen_id = kitchen_with_history(services)  # opened 5 January 2026, fee $10.00 a ration
    username, password = await make_account("kitchen_committee", kitchen=kitchen_id)
    page = await sign_in(await tablet(), username, password, f"/kitchens/{kitchen_id}")
    await page.click("text=Reporte del día")

    await fill_report(page, "2026-11-20", 150, 30, "5.00")
    refused = await page.locator("#refused").inner_text()
    assert "Las cuotas cobradas ($5.00) no corresponden a 180 raciones" in refused
    assert "cuota de recuperación vigente de $10.00: se esperaban $1,800.00" in refused
    assert_spanish(refused)
    await screenshot(page, "refusal_fees_in_pesos")

    await fill_report(page, "2026-12-05", 150, 30, "1,800.00")
    refused = await page.locator("#refused").inner_text()
    assert "El sábado, 5 de diciembre de 2026 no es día de operación" in refused
    assert "de lunes a viernes" in refused
    assert_spanish(refused)
    assert await page.locator("label.invalid input[name=report_date]").count() == 1
    await screenshot(page, "refusal_saturday_in_words")

    await fill_report(page, "2026-01-02", 150, 30, "1,800.00")
    refused = await page.locator("#refused").inner_text()
    assert (
        "El viernes, 2 de enero de 2026 es anterior a la apertura del comedor, "
        "el lunes, 5 de enero de 2026" in refused
    ), "the service says which rule: the opening date, not a guess among causes"
    assert_spanish(refused)


async def test_a_founding_committee_of_two_is_refused_with_the_rule_of_three(
    tablet, make_account, services
):
    username, password = await make_account("supervisor")
    page = await sign_in(await tablet(), username, password, "/kitchens/new")
    await page.fill("input[name=kitchen_id]", f"DOS-{uuid.uuid4().hex[:6].upper()}")
    await page.fill("input[name=name]", "Comedor Dos Manos")
    await page.fill("input[name=alcaldia]", "Tláhuac")
    await page.fill("input[name=colonia]", "La Nopalera")
    await page.fill("input[name=daily_capacity]", "180")
    await page.fill("input[name=opening_date]", "2026-02-02")
    await page.fill("input[name=member_0]", "Rosa Medina")
    await page.select_option("select[name=role_0]", "president")
    await page.fill("input[name=member_1]", "Juana Ríos")
    await page.select_option("select[name=role_1]", "treasurer")
    async with page.expect_navigation():
        await page.click("form#register button[type=submit]")
    refused = await page.locator("#refused").inner_text()
    assert "El comité fundador necesita al menos 3 integrantes; se dieron 2" in refused
    assert "Sume a más personas antes de registrar el comedor" in refused
    assert_spanish(refused)
    await screenshot(page, "refusal_committee_of_two")


async def test_a_grievance_officer_is_refused_in_her_words(tablet, make_account, services):
    opened = submit(services, submission(description="No nos dieron la ración completa."))
    username, password = await make_account("grievance_officer")
    case_page = f"/grievances/cases/{opened['case_id']}"
    path = f"/cases/{opened['case_id']}/transitions"
    for step in (
        {"action": "acknowledge"},
        {"action": "assign", "assignee": {"kind": "department", "ref": "calidad"}},
        {"action": "start"},
    ):
        status, reply = as_officer(services, path, username, step, role="grievance_officer")
        assert status == 200, reply
    page = await sign_in(await tablet(), username, password, case_page)

    # Only spaces satisfy the browser's `required`, not the service's rule.
    await page.fill("#actions form.action-resolve textarea[name=answer]", "   ")
    async with page.expect_navigation():
        await page.click("#actions form.action-resolve button")
    refused = await page.locator("#refused").inner_text()
    assert "Para resolver el caso escriba la respuesta que recibirá quien lo reportó" in refused
    assert_spanish(refused)
    await screenshot(page, "refusal_grievance_answer")

    # A console form the browser would not send (an action longer than the form allows) is
    # refused by the console itself, in Spanish, with the bound.
    token = await page.input_value("input[name=csrf_token]")
    forged = await post_without_form(
        page, f"/grievances{path}", {"csrf_token": token, "action": "x" * 41}
    )
    told = await forged.text()
    assert forged.status == 422
    assert "«Acción» admite hasta 40 caracteres." in told
    assert "String should have" not in told
