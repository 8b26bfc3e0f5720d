"""The kitchens screens in a real browser: a committee member's daily report
(accepted, and refused with its field and the reason in Spanish), the kitchen's page,
and who may see or do what."""

import uuid

from tests.browser.console_helpers import post_without_form, screenshot, send_entry, sign_in
from tests.e2e.test_skeleton_flows import (
    OPERATING_DAY,
    committee_json,
    http_json,
    registered_kitchen,
)
from tests.kitchen_surveys import SCORES


def kitchen_with_history(services) -> str:
    """A kitchen with a report above its capacity (a flag),
    a purchase (a ledger entry) and a survey."""
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    committee_json(
        f"{base}/daily-reports",
        {
            "kitchen_id": kitchen_id,
            "report_date": "2026-11-19",
            "rations_dine_in": 230,
            "rations_take_away": 10,
            "fees_collected_centavos": 240_000,
        },
    )
    committee_json(
        f"{base}/purchases",
        {
            "kitchen_id": kitchen_id,
            "purchased_on": "2026-11-19",
            "supplier": "Tortillería La Güera",
            "category": "perishable",
            "amount_centavos": 45_050,
            "receipt_reference": f"T-{uuid.uuid4().hex[:6]}",
        },
    )
    committee_json(
        f"{base}/surveys",
        {
            "kitchen_id": kitchen_id,
            "surveyed_on": "2026-11-19",
            "scores": SCORES,
            "comment": "Muy rico el caldo.",
        },
    )
    return kitchen_id


async def fill_report(page, day: str, dine_in: int, take_away: int, fees: str) -> None:
    await page.fill("input[name=report_date]", day)
    await page.fill("input[name=rations_dine_in]", str(dine_in))
    await page.fill("input[name=rations_take_away]", str(take_away))
    await page.fill("input[name=fees_pesos]", fees)
    await send_entry(page, "form[action$='/daily-report']")


async def test_a_committee_member_sends_the_daily_report_and_sees_a_refusal_with_field_and_reason(
    tablet, make_account, services
):
    kitchen_id = kitchen_with_history(services)
    username, password = await make_account("kitchen_committee", kitchen=kitchen_id)
    page = await sign_in(await tablet(), username, password, "/kitchens")
    assert page.url.endswith(f"/kitchens/{kitchen_id}"), (
        "a committee member goes straight to their kitchen"
    )
    await page.click("text=Reporte del día")
    await screenshot(page, "kitchens_report_form")

    await fill_report(page, OPERATING_DAY.isoformat(), 150, 30, "5.00")
    refused = await page.locator("#refused").inner_text()
    assert "Cuotas cobradas (pesos)" in refused and "cuota de recuperación vigente" in refused
    assert "fees_collected_centavos" not in refused, "no code, no English sentence"
    assert await page.locator("label.invalid input[name=fees_pesos]").count() == 1
    assert await page.input_value("input[name=rations_dine_in]") == "150", "what was typed is kept"
    await screenshot(page, "kitchens_report_refused")

    await fill_report(page, OPERATING_DAY.isoformat(), 150, 30, "1,800.00")
    accepted = await page.locator("#accepted").inner_text()
    assert "Reporte del viernes, 20 de noviembre de 2026: 180 raciones, $1,800.00 en cuotas" in (
        accepted
    )
    await screenshot(page, "kitchens_report_accepted")

    await fill_report(page, OPERATING_DAY.isoformat(), 150, 30, "1800")
    twice = await page.locator("#refused").inner_text()
    assert "Ya hay un reporte del viernes, 20 de noviembre de 2026" in twice
    assert "Corregir un reporte" in twice, "the refusal says where a correction goes"

    await page.goto(f"/kitchens/{kitchen_id}")
    assert "20 de noviembre de 2026" in await page.locator("#reports").inner_text()
    await screenshot(page, "kitchens_page_committee")


async def test_a_committee_member_cannot_reach_another_kitchen_by_editing_the_url(
    tablet, make_account, services
):
    own, other = registered_kitchen(services), registered_kitchen(services)
    username, password = await make_account("kitchen_committee", kitchen=own)
    page = await sign_in(await tablet(), username, password, f"/kitchens/{own}")
    for path in (f"/kitchens/{other}", f"/kitchens/{other}/daily-report"):
        response = await page.goto(path)
        assert response.status == 404, path
        assert other not in await page.locator("main").inner_text()
    await page.goto(f"/kitchens/{own}/daily-report")
    token = await page.input_value("input[name=csrf_token]")
    forged = await post_without_form(
        page,
        f"/kitchens/{other}/daily-report",
        {
            "csrf_token": token,
            "report_date": OPERATING_DAY.isoformat(),
            "rations_dine_in": "10",
            "rations_take_away": "0",
            "fees_pesos": "100",
        },
    )
    assert forged.status == 404
    kitchen = http_json(f"{services.url('kitchens')}/kitchens/{other}")
    assert kitchen["reports"] == [], "nothing reached the other kitchen"


async def test_who_may_see_a_kitchen_and_who_may_send_its_report(tablet, make_account, services):
    kitchen_id = kitchen_with_history(services)
    for role in ("supervisor", "ops", "auditor"):
        username, password = await make_account(role)
        page = await sign_in(await tablet(), username, password, "/kitchens")
        if role == "supervisor":
            await screenshot(page, "kitchens_find")
        await page.fill("input[name=text]", kitchen_id.lower())
        async with page.expect_navigation():
            await page.click("form#kitchen-search button[type=submit]")
        async with page.expect_navigation():
            await page.click(f"#kitchens a[href='/kitchens/{kitchen_id}']")
        assert page.url.endswith(f"/kitchens/{kitchen_id}"), role
        assert "-$450.50" in await page.locator("#ledger").inner_text(), role
        flags = await page.locator("#flags").inner_text()
        assert "Raciones por encima de la capacidad" in flags, role
        assert "rations_above_capacity" not in flags, role
        assert "Muy rico el caldo." in await page.locator("#surveys").inner_text(), role
        assert await page.locator("text=Reporte del día").count() == 0, role
        if role == "supervisor":
            await screenshot(page, "kitchens_page_supervisor")
        if role == "auditor":
            token = await page.input_value("input[name=csrf_token]")
            refused = await post_without_form(
                page, f"/kitchens/{kitchen_id}/daily-report", {"csrf_token": token}
            )
            assert refused.status == 403 and "solo lectura" in await refused.text()
        assert (await page.goto(f"/kitchens/{kitchen_id}/daily-report")).status == 403, role

    for role in ("caseworker", "grievance_officer", "identity_reveal_officer", "admin"):
        scope = {"agency": "dif-jalisco"} if role == "caseworker" else {}
        username, password = await make_account(role, **scope)
        page = await sign_in(await tablet(), username, password)
        assert await page.locator("nav a[href='/kitchens']").count() == 0, role
        assert (await page.goto(f"/kitchens/{kitchen_id}")).status == 403, role
