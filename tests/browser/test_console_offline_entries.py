"""The committee's tablet when the connection drops (Playwright's offline mode on Debian's
Chromium): each of the four forms keeps what is entered, says what is waiting, sends it
when the connection is back and the kitchen records it once; an entry whose answer was lost
on the way (it reached the console and was applied) is sent again and still recorded once;
an entry refused when it finally arrives is shown, not kept waiting; a form page opened
before reopens with no connection (the service worker's copy), and signing out forgets the
copy; and without JavaScript the forms are plain forms, whose entry id still makes a resent
form count once."""

import uuid

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import expect

from services.kitchens.domain.surveys import ASPECTS
from tests.browser.console_helpers import TABLET, post_without_form, screenshot, sign_in
from tests.browser.test_console_kitchens import kitchen_with_history
from tests.e2e.test_skeleton_flows import http_json


def recorded(services, kitchen_id: str) -> dict[str, list]:
    """What the kitchens service holds for the kitchen: current reports by day (with their
    rations), superseded reports, purchases and surveys."""
    kitchen = http_json(f"{services.url('kitchens')}/kitchens/{kitchen_id}")
    return {
        "reports": sorted(
            (r["report_date"], r["rations_dine_in"] + r["rations_take_away"])
            for r in kitchen["reports"]
            if not r["superseded"]
        ),
        "superseded": [r["report_date"] for r in kitchen["reports"] if r["superseded"]],
        "purchases": [
            e["amount_centavos"] for e in kitchen["purse_ledger"] if e["kind"] == "purchase"
        ],
        "surveys": [s["surveyed_on"] for s in kitchen["surveys"]],
    }


async def fill_report(page, day: str, dine_in: int, take_away: int, fees: str) -> None:
    await page.fill("input[name=report_date]", day)
    await page.fill("input[name=rations_dine_in]", str(dine_in))
    await page.fill("input[name=rations_take_away]", str(take_away))
    await page.fill("input[name=fees_pesos]", fees)


async def fill_purchase(page, receipt: str, amount: str) -> None:
    await page.fill("input[name=purchased_on]", "2026-11-19")
    await page.fill("input[name=supplier]", "Abarrotes Don Chucho")
    await page.select_option("select[name=category]", "non_perishable")
    await page.fill("input[name=amount_pesos]", amount)
    await page.fill("input[name=receipt_reference]", receipt)


async def fill_survey(page, score: int) -> None:
    await page.fill("input[name=surveyed_on]", "2026-11-19")
    for aspect in ASPECTS:
        await page.check(f"input[name={aspect}][value='{score}']")


async def keep(page, form: str, waiting: str) -> None:
    """Sends the form while its answer cannot come back; the page says what waits."""
    await page.click(f"{form} button[type=submit]")
    await expect(page.locator("#entries-count")).to_have_text(waiting)


async def back_online(page, sent: str) -> None:
    await page.context.set_offline(False)
    await expect(page.locator("#entries-sent")).to_have_text(sent)
    await expect(page.locator("#entries-waiting")).to_be_hidden()


async def committee_at(tablet, make_account, services, form: str):
    """A kitchen with a history, what it has recorded so far, and its committee member signed in
    on one of its forms."""
    kitchen_id = kitchen_with_history(services)
    before = recorded(services, kitchen_id)
    username, password = await make_account("kitchen_committee", kitchen=kitchen_id)
    page = await sign_in(await tablet(), username, password, f"/kitchens/{kitchen_id}/{form}")
    return page, kitchen_id, before


async def test_each_form_keeps_its_entries_offline_and_sends_them_once_when_back(
    tablet, make_account, services
):
    page, kitchen_id, before = await committee_at(tablet, make_account, services, "daily-report")
    report = "form[action$='/daily-report']"

    await page.context.set_offline(True)
    await fill_report(page, "2026-11-20", 150, 30, "1,800.00")
    await keep(page, report, "1 envío espera conexión")
    assert await page.input_value("input[name=rations_dine_in]") == "", "ready for the next"
    await fill_report(page, "2026-11-18", 100, 0, "1000")
    await keep(page, report, "2 envíos esperan conexión")
    waiting = await page.locator("#entries-waiting").inner_text()
    assert "Reporte del viernes, 20 de noviembre de 2026: 180 raciones" in waiting
    assert "Reporte del miércoles, 18 de noviembre de 2026: 100 raciones" in waiting
    assert "se mandan solos cuando vuelva la conexión" in waiting
    await screenshot(page, "offline-waiting")
    assert recorded(services, kitchen_id) == before, "nothing reached the kitchen offline"
    await back_online(page, "Se mandaron 2 envíos que esperaban conexión.")
    await screenshot(page, "offline-sent")

    await page.goto(f"/kitchens/{kitchen_id}/amendment?day=2026-11-19")
    await page.context.set_offline(True)
    await page.fill("input[name=rations_dine_in]", "190")
    await page.fill("input[name=fees_pesos]", "2,000.00")
    await page.fill("textarea[name=reason]", "Se contaron dos veces las raciones de la tarde")
    await keep(page, "form#amendment", "1 envío espera conexión")
    assert (
        "Corrección del jueves, 19 de noviembre de 2026"
        in await page.locator("#entries-list").inner_text()
    )
    await back_online(page, "Se mandó 1 envío que esperaba conexión.")

    await page.goto(f"/kitchens/{kitchen_id}/purchase")
    await page.context.set_offline(True)
    receipt = f"F-{uuid.uuid4().hex[:6]}"
    await fill_purchase(page, receipt, "1,850.50")
    await keep(page, "form#purchase", "1 envío espera conexión")
    assert (
        "Compra a Abarrotes Don Chucho por $1,850.50"
        in await page.locator("#entries-list").inner_text()
    )
    await fill_purchase(page, receipt, "99.00")
    await keep(page, "form#purchase", "2 envíos esperan conexión")
    await back_online(page, "Se mandó 1 envío que esperaba conexión.")
    refused = await page.locator("#entries-refused").inner_text()
    assert "Compra a Abarrotes Don Chucho por $99.00" in refused
    assert "Ese comprobante ya está registrado" in refused, "why, in her words"
    await screenshot(page, "offline-refused")
    await page.click("#entries-dismiss")
    await expect(page.locator("#entries-refused")).to_be_hidden()

    await page.goto(f"/kitchens/{kitchen_id}/survey")
    await page.context.set_offline(True)
    await fill_survey(page, 4)
    await keep(page, "form#survey", "1 envío espera conexión")
    await back_online(page, "Se mandó 1 envío que esperaba conexión.")

    after = recorded(services, kitchen_id)
    assert after["reports"] == [("2026-11-18", 100), ("2026-11-19", 200), ("2026-11-20", 180)]
    assert after["superseded"] == ["2026-11-19"], "the amendment applied once"
    assert sorted(after["purchases"]) == sorted([*before["purchases"], -185_050]), (
        "one purchase of the two with one receipt"
    )
    assert len(after["surveys"]) == len(before["surveys"]) + 1
    # Six entries kept offline: five recorded once each, one refused and shown.


async def lose_the_answer(route) -> None:
    """The request reaches the console and is applied; its answer never reaches the tablet."""
    if route.request.method != "POST":
        await route.continue_()
        return
    await route.fetch()
    await route.abort()


async def test_an_entry_whose_answer_was_lost_is_sent_again_and_recorded_once(
    tablet, make_account, services
):
    page, kitchen_id, before = await committee_at(tablet, make_account, services, "daily-report")

    await page.route("**/daily-report", lose_the_answer)
    await fill_report(page, "2026-11-17", 120, 0, "1200")
    await keep(page, "form[action$='/daily-report']", "1 envío espera conexión")
    assert ("2026-11-17", 120) in recorded(services, kitchen_id)["reports"], "it was applied"
    await page.unroute("**/daily-report")
    await page.reload()  # the page sends what waits when it loads
    await expect(page.locator("#entries-sent")).to_have_text(
        "Se mandó 1 envío que esperaba conexión."
    )

    await page.goto(f"/kitchens/{kitchen_id}/purchase")
    await page.route("**/purchase", lose_the_answer)
    await fill_purchase(page, f"F-{uuid.uuid4().hex[:6]}", "250.00")
    await keep(page, "form#purchase", "1 envío espera conexión")
    await page.unroute("**/purchase")
    await screenshot(page, "offline-answer-lost")
    await page.click("#entries-send")  # she asks
    await expect(page.locator("#entries-sent")).to_have_text(
        "Se mandó 1 envío que esperaba conexión."
    )

    await page.goto(f"/kitchens/{kitchen_id}/survey")
    await page.route("**/survey", lose_the_answer)
    await fill_survey(page, 5)
    await keep(page, "form#survey", "1 envío espera conexión")
    await page.unroute("**/survey")
    await page.context.set_offline(True)
    await back_online(page, "Se mandó 1 envío que esperaba conexión.")  # the online event

    after = recorded(services, kitchen_id)
    assert after["reports"] == sorted([*before["reports"], ("2026-11-17", 120)])
    assert sorted(after["purchases"]) == sorted([*before["purchases"], -25_000])
    assert len(after["surveys"]) == len(before["surveys"]) + 1


async def test_without_javascript_the_forms_post_and_a_resent_form_counts_once(
    browser, console, tablet, make_account, services
):
    kitchen_id, other = kitchen_with_history(services), kitchen_with_history(services)
    before = recorded(services, kitchen_id)
    username, password = await make_account("kitchen_committee", kitchen=kitchen_id)
    context = await browser.new_context(
        base_url=console.url, viewport=TABLET, locale="es-MX", java_script_enabled=False
    )
    receipt = f"F-{uuid.uuid4().hex[:6]}"
    try:
        page = await sign_in(
            await context.new_page(), username, password, f"/kitchens/{kitchen_id}/purchase"
        )
        await expect(page.locator("#entries-waiting")).to_be_hidden()
        entry_id = await page.input_value("input[name=entry_id]")
        await fill_purchase(page, receipt, "300.00")
        async with page.expect_navigation():
            await page.click("form#purchase button[type=submit]")
        assert "Compra registrada." in await page.locator("#done").inner_text()
        fields = {
            "csrf_token": await page.input_value("input[name=csrf_token]"),
            "entry_id": entry_id,
            "purchased_on": "2026-11-19",
            "supplier": "Abarrotes Don Chucho",
            "category": "non_perishable",
            "amount_pesos": "300.00",
            "receipt_reference": receipt,
        }
        resent = await post_without_form(page, f"/kitchens/{kitchen_id}/purchase", fields)
        assert resent.status == 303, "the same entry again is answered as recorded"
    finally:
        await context.close()
    assert sorted(recorded(services, kitchen_id)["purchases"]) == sorted(
        [*before["purchases"], -30_000]
    ), "the form sent twice counts once"

    # Another kitchen's committee replays the entry id: her own kitchen's entry, or nothing.
    stranger, secret = await make_account("kitchen_committee", kitchen=other)
    page = await sign_in(await tablet(), stranger, secret, f"/kitchens/{other}/purchase")
    own_fields = {**fields, "csrf_token": await page.input_value("input[name=csrf_token]")}
    replayed = await post_without_form(page, f"/kitchens/{kitchen_id}/purchase", own_fields)
    assert replayed.status == 404
    as_hers = await post_without_form(page, f"/kitchens/{other}/purchase", own_fields)
    assert as_hers.status == 303 and "purchase?done" in as_hers.headers["location"]
    assert len(recorded(services, other)["purchases"]) == len(before["purchases"]) + 1
    assert sorted(recorded(services, kitchen_id)["purchases"]) == sorted(
        [*before["purchases"], -30_000]
    ), "the first kitchen's entry neither read nor changed"


async def test_a_form_page_reopens_with_no_connection_and_signing_out_forgets_it(
    tablet, make_account, services
):
    page, kitchen_id, before = await committee_at(tablet, make_account, services, "survey")
    await page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    await page.reload()  # now answered through the worker, which keeps a copy
    await page.goto(f"/kitchens/{kitchen_id}")
    await page.context.set_offline(True)
    with pytest.raises(PlaywrightError, match=r"ERR_FAILED|ERR_INTERNET_DISCONNECTED"):
        # Never opened, so never kept: the worker's own fetch is offline too.
        await page.goto(f"/kitchens/{kitchen_id}/purchase")
    # Chromium commits its error page after the failed navigation returns; a navigation
    # started before that is interrupted by it (seen under load).
    await page.wait_for_url("chrome-error://chromewebdata/")
    await page.goto(f"/kitchens/{kitchen_id}/survey")
    assert "Encuesta" in await page.locator("h1").inner_text(), "the kept copy of the form"
    assert await page.locator("#entries").count() == 1
    await fill_survey(page, 3)
    await keep(page, "form#survey", "1 envío espera conexión")
    await screenshot(page, "offline-reopened")
    await back_online(page, "Se mandó 1 envío que esperaba conexión.")
    assert len(recorded(services, kitchen_id)["surveys"]) == len(before["surveys"]) + 1

    assert await page.evaluate("caches.has('kitchen-forms-v1')")
    async with page.expect_navigation():
        await page.click("form[action='/sign-out'] button[type=submit]")
    await page.wait_for_function("caches.has('kitchen-forms-v1').then(kept => !kept)")
