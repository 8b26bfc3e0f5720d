"""The kitchens programme's screens in a real browser, on the tablet held upright: programme
staff find, register, change, suspend, reopen and close kitchens, change committees (the
rule of three explained when a departure is refused), review flags, preview and run the
monthly subsidy, and read the indicators and the compliance review; a committee member
corrects a day already reported, records purchases and surveys. Each screen is checked for
fitting the tablet and for codes or English left on a Spanish page, and each is refused to
the roles it is not for (a committee member of kitchen A on kitchen B, a committee member on
programme staff's screens)."""

import re
import uuid
from datetime import timedelta

from shared.programme_clock import programme_today
from tests.browser.console_helpers import post_without_form, screenshot, send_entry, sign_in
from tests.browser.test_console_kitchens import kitchen_with_history
from tests.e2e.grievance_helpers import submission, submit
from tests.e2e.test_kitchens_flows import report_body
from tests.e2e.test_skeleton_flows import committee_json, http_json, registered_kitchen

# What the kitchens service sends that a Spanish page must never show as it is.
RAW_CODES = (
    "active",
    "suspended",
    "closed",
    "president",
    "treasurer",
    "secretary",
    "very_high",
    "rations_above_capacity",
    "negative_purse_balance",
    "committee_below_minimum",
    "service_quality",
    "hygiene_and_upkeep",
    "perishable",
    "already reported",
    "is in the future",
    "centavos",
)
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


async def assert_reads_well(page, what: str) -> None:
    """The page fits the tablet's width and shows no raw code, English refusal or ISO day."""
    overflow = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{what}: {overflow}px wider than the tablet"
    text = await page.locator("main").inner_text()
    found = [code for code in RAW_CODES if re.search(rf"\b{re.escape(code)}\b", text)]
    assert not found, f"{what} shows {found}"
    assert not ISO_DAY.search(text), f"{what} shows an ISO day: {ISO_DAY.search(text)}"


async def submit_form(page, selector: str) -> None:
    async with page.expect_navigation():
        await page.click(f"{selector} button[type=submit]")


async def as_role(tablet, make_account, role: str, path: str = "/", **scope: str):
    username, password = await make_account(role, **scope)
    return await sign_in(await tablet(), username, password, path)


async def test_programme_staff_register_find_change_and_decide_a_kitchens_status(
    tablet, make_account, services
):
    page = await as_role(tablet, make_account, "supervisor", "/kitchens/new")
    marker = uuid.uuid4().hex[:6]
    code = f"prog-{marker}"
    await page.fill("input[name=kitchen_id]", code)
    await page.fill("input[name=name]", f"Comedor La Esperanza {marker}")
    await page.fill("input[name=alcaldia]", "Iztapalapa")
    await page.fill("input[name=colonia]", "Santa Cruz Meyehualco")
    await page.fill("input[name=daily_capacity]", "200")
    await page.fill("input[name=opening_date]", "2026-01-05")
    await page.fill("input[name=member_0]", "Lucía Ramos")
    await page.select_option("select[name=role_0]", "president")
    await page.fill("input[name=member_1]", "Irma Soto")
    await page.select_option("select[name=role_1]", "treasurer")
    await assert_reads_well(page, "register form")
    await screenshot(page, "kitchen_programme_register")
    await submit_form(page, "form#register")
    refused = await page.locator("#refused").inner_text()
    assert "El comité fundador necesita al menos 3 integrantes" in refused
    assert await page.input_value("input[name=member_1]") == "Irma Soto", "what was typed is kept"
    await assert_reads_well(page, "register refused")
    await screenshot(page, "kitchen_programme_register_refused")

    await page.fill("input[name=member_2]", "Pedro Gil")
    await submit_form(page, "form#register")
    kitchen_id = code.upper()
    assert page.url.endswith(f"/kitchens/{kitchen_id}?done=registered"), "codes become upper-case"
    assert "Comedor registrado." in await page.locator("#done").inner_text()
    facts = await page.locator("#kitchen-facts").inner_text()
    assert "En operación" in facts and "5 de enero de 2026" in facts and "Alta" in facts
    committee = await page.locator("#committee").inner_text()
    assert "Presidencia" in committee and "Tesorería" in committee
    await assert_reads_well(page, "kitchen page, supervisor")

    await page.goto("/kitchens")
    await page.fill("input[name=text]", f"esperanza {marker}")
    await submit_form(page, "form#kitchen-search")
    assert await page.locator("#kitchens tbody tr").count() == 1
    assert marker in await page.locator("#filters-on").inner_text(), "the filter shows"
    await assert_reads_well(page, "kitchens list")
    await screenshot(page, "kitchen_programme_list")

    await page.goto(f"/kitchens/{kitchen_id}/edit")
    await page.fill("input[name=daily_capacity]", "250")
    await assert_reads_well(page, "edit form")
    await submit_form(page, "form#edit")
    assert "250 raciones al día" in await page.locator("#kitchen-facts").inner_text()

    await page.goto(f"/kitchens/{kitchen_id}/status")
    await page.check("input[name=status][value=suspended]")
    tomorrow = programme_today() + timedelta(days=1)
    await page.fill("input[name=effective_on]", tomorrow.isoformat())
    await page.fill("textarea[name=reason]", "Revisión de higiene")
    await submit_form(page, "form#status")
    assert "todavía no llega" in await page.locator("#refused").inner_text()
    await assert_reads_well(page, "status refused")
    await screenshot(page, "kitchen_programme_status_refused")
    await page.check("input[name=status][value=suspended]")
    await page.fill("input[name=effective_on]", programme_today().isoformat())
    await submit_form(page, "form#status")
    assert "Suspendido" in await page.locator("#kitchen-facts").inner_text()

    await page.goto(f"/kitchens?status=suspended&text={marker}")
    assert await page.locator("#kitchens tbody tr").count() == 1
    filters = await page.locator("#filters-on").inner_text()
    assert "Estado: Suspendido" in filters
    await screenshot(page, "kitchen_programme_list_filtered")
    await page.goto(f"/kitchens?status=active&text={marker}")
    assert await page.locator("#kitchens tbody tr").count() == 0

    await page.goto(f"/kitchens/{kitchen_id}/status")
    await page.check("input[name=status][value=active]")
    await page.fill("textarea[name=reason]", "Higiene corregida")
    await submit_form(page, "form#status")
    assert "El comedor se reabrió." in await page.locator("#done").inner_text()
    assert "En operación" in await page.locator("#kitchen-facts").inner_text()


async def test_a_committee_change_is_refused_below_three_with_the_rule_explained(
    tablet, make_account, services
):
    kitchen_id = registered_kitchen(services)
    page = await as_role(tablet, make_account, "supervisor", f"/kitchens/{kitchen_id}/committee")
    assert "al menos 3 integrantes activos" in await page.locator("#committee-rule").inner_text()
    first = page.locator(".card.member").first
    await first.locator("summary").click()
    await first.locator("input[name=reason]").fill("Ya no tiene tiempo")
    await submit_form(page, ".card.member >> nth=0 >> form")
    refused = await page.locator("#refused").inner_text()
    assert "quedaría con 2 integrantes activos y necesita al menos 3" in refused
    assert "Primero sume a otra persona" in refused
    await assert_reads_well(page, "committee refused")
    await screenshot(page, "kitchen_programme_committee_refused")

    await page.fill("form#join input[name=full_name]", "Marta Luna")
    await page.select_option("form#join select[name=role]", "secretary")
    await submit_form(page, "form#join")
    assert "Integrante sumado al comité." in await page.locator("#done").inner_text()
    assert "Hoy tiene 4." in await page.locator("#committee-rule").inner_text()
    await page.fill("form#join input[name=full_name]", "Otra Presidenta")
    await page.select_option("form#join select[name=role]", "president")
    await submit_form(page, "form#join")
    assert "una sola presidencia" in await page.locator("#refused").inner_text()

    first = page.locator(".card.member").first
    await first.locator("summary").click()
    await first.locator("input[name=reason]").fill("Se mudó de colonia")
    await submit_form(page, ".card.member >> nth=0 >> form")
    assert "Salida registrada." in await page.locator("#done").inner_text()
    assert await page.locator(".card.member").count() == 3
    await assert_reads_well(page, "committee")
    await screenshot(page, "kitchen_programme_committee")


async def test_a_flag_is_acknowledged_then_closed_and_no_longer_counts_as_open(
    tablet, make_account, services
):
    kitchen_id = kitchen_with_history(services)
    page = await as_role(tablet, make_account, "supervisor", f"/kitchens/{kitchen_id}")
    above = "Raciones por encima de la capacidad"

    async def review(status: str, reason: str) -> None:
        flag = page.locator("#flags .card.flag", has_text=above)
        await flag.locator("select[name=status]").select_option(status)
        await flag.locator("input[name=reason]").fill(reason)
        async with page.expect_navigation():
            await flag.locator("button[type=submit]").click()

    text = await page.locator("#flags .card.flag", has_text=above).inner_text()
    assert "Abierta" in text
    assert "Se reportaron 240 raciones y la capacidad del comedor es de 200." in text
    purse = await page.locator("#flags .card.flag", has_text="Monedero en negativo").inner_text()
    assert "Tras una compra de $450.50, el saldo del monedero quedó en -$450.50." in purse
    await review("acknowledged", "Visita programada")
    flag = await page.locator("#flags .card.flag", has_text=above).inner_text()
    assert "En revisión" in flag and "Visita programada" in flag
    await assert_reads_well(page, "flag acknowledged")
    await screenshot(page, "kitchen_programme_flag_acknowledged")

    await review("closed", "Había un evento comunitario ese día")
    assert "La alerta quedó cerrada." in await page.locator("#done").inner_text()
    assert above not in await page.locator("#flags").inner_text()
    await page.click("#closed-flags summary")
    closed = await page.locator("#closed-flags").inner_text()
    assert above in closed and "Había un evento comunitario ese día" in closed
    await screenshot(page, "kitchen_programme_flag_closed")

    await page.goto(f"/kitchens/{kitchen_id}/indicators?start=2026-11-01&end=2026-11-30")
    figures = await page.locator("#kitchen-figures").inner_text()
    assert re.search(r"Alertas abiertas\s+1\b", figures), "the purse flag alone is open"
    period = await page.locator("#period-words").inner_text()
    assert "Del 1 de noviembre de 2026 al 30 de noviembre de 2026." in period
    await assert_reads_well(page, "kitchen indicators")
    await screenshot(page, "kitchen_programme_kitchen_indicators")


async def test_the_monthly_subsidy_is_previewed_then_confirmed(tablet, make_account, services):
    base = services.url("kitchens")
    kitchen_id = registered_kitchen(services)
    for day, rations in (("2026-07-06", 150), ("2026-07-07", 171)):
        committee_json(f"{base}/daily-reports", report_body(kitchen_id, day, rations))
    page = await as_role(tablet, make_account, "supervisor", "/kitchens/subsidy?month=2026-07")
    assert "Vista previa de julio de 2026" in await page.locator("main h2").first.inner_text()
    row = page.locator(f"#preview tr[data-kitchen='{kitchen_id}']")
    assert "$3,691.50" in await row.inner_text() and "Por acreditar" in await row.inner_text()
    assert http_json(f"{base}/kitchens/{kitchen_id}")["purse_balance_centavos"] == 0
    await assert_reads_well(page, "subsidy preview")
    await screenshot(page, "kitchen_programme_subsidy_preview")

    token = await page.input_value("form#confirm-run input[name=csrf_token]")
    unconfirmed = await post_without_form(
        page, "/kitchens/subsidy", {"csrf_token": token, "month": "2026-07"}
    )
    assert unconfirmed.status == 303, "without the confirmation, back to the preview"
    assert http_json(f"{base}/kitchens/{kitchen_id}")["purse_balance_centavos"] == 0

    await page.check("form#confirm-run input[name=confirmed]")
    await submit_form(page, "form#confirm-run")
    result = await page.locator("#run-result").inner_text()
    assert "Subsidio de julio de 2026 acreditado" in result
    assert http_json(f"{base}/kitchens/{kitchen_id}")["purse_balance_centavos"] == 321 * 1150
    await screenshot(page, "kitchen_programme_subsidy_done")

    await page.goto("/kitchens/subsidy?month=2026-07")
    assert (
        "Ya acreditado"
        in await page.locator(f"#preview tr[data-kitchen='{kitchen_id}']").inner_text()
    )
    await page.goto("/kitchens/subsidy?month=2099-01")
    refused = await page.locator("#refused").inner_text()
    assert "Solo se acredita un mes que ya terminó" in refused
    await assert_reads_well(page, "subsidy refused")


async def test_indicators_and_the_compliance_review_rank_kitchens_needing_a_look(
    tablet, make_account, services
):
    flagged = kitchen_with_history(services)
    clean = registered_kitchen(services)
    submit(services, submission(subject={"kind": "kitchen", "ref": flagged}))
    period = f"start=2026-11-01&end={programme_today().isoformat()}"
    for role in ("supervisor", "ops", "auditor"):
        page = await as_role(tablet, make_account, role, f"/kitchens/compliance?{period}")
        rows = await page.locator("#ranking tbody tr").all_inner_texts()
        ranked = await page.locator("#ranking tbody tr").evaluate_all(
            "rows => rows.map(row => row.dataset.kitchen)"
        )
        position = {k: ranked.index(k) for k in (flagged, clean)}
        assert position[flagged] < position[clean], role
        flagged_row = rows[position[flagged]]
        assert re.search(r"\t2\t1\t4\.0\t", flagged_row), (
            "two open flags, one complaint, the survey's average",
            flagged_row,
        )
        await assert_reads_well(page, f"compliance review, {role}")
        if role == "supervisor":
            await screenshot(page, "kitchen_programme_compliance")
        await page.goto(f"/kitchens/indicators?{period}")
        programme = await page.locator("#programme-figures").inner_text()
        assert "Días de operación" in programme and "Uso de la capacidad" in programme
        assert await page.locator(f"#per-kitchen a[href^='/kitchens/{flagged}/']").count() == 1
        await assert_reads_well(page, f"programme indicators, {role}")
        if role == "supervisor":
            await screenshot(page, "kitchen_programme_indicators")
        if role != "supervisor":
            for path in ("/kitchens/new", "/kitchens/subsidy", f"/kitchens/{clean}/status"):
                assert (await page.goto(path)).status == 403, (role, path)


async def test_a_committee_corrects_a_reported_day_and_records_purchases_and_surveys(
    tablet, make_account, services
):
    kitchen_id = kitchen_with_history(services)
    page = await as_role(
        tablet, make_account, "kitchen_committee", f"/kitchens/{kitchen_id}", kitchen=kitchen_id
    )
    await page.click("#reports a:has-text('Corregir')")
    await page.wait_for_url(re.compile(r"/amendment\?day="))
    current = await page.locator("#current-report").inner_text()
    assert "jueves, 19 de noviembre de 2026: 240 raciones, $2,400.00" in current
    assert await page.input_value("input[name=rations_dine_in]") == "230", "the report is filled in"
    await page.fill("input[name=rations_dine_in]", "190")
    await page.fill("textarea[name=reason]", "Se contaron dos veces las raciones de la tarde")
    await send_entry(page, "form#amendment")
    refused = await page.locator("#refused").inner_text()
    assert "cuota de recuperación vigente" in refused, "fees for 240 rations, not 200"
    await assert_reads_well(page, "amendment refused")
    await page.fill("input[name=fees_pesos]", "2,000.00")
    await send_entry(page, "form#amendment")
    assert "Corrección aceptada." in await page.locator("#done").inner_text()
    await assert_reads_well(page, "amendment")
    await screenshot(page, "kitchen_programme_amendment")
    await page.goto(f"/kitchens/{kitchen_id}")
    reports = await page.locator("#reports").inner_text()
    assert "corregido" in reports and "corrección" in reports

    await page.goto(f"/kitchens/{kitchen_id}/purchase")
    receipt = f"F-{uuid.uuid4().hex[:6]}"
    for attempt in range(2):
        await page.fill("input[name=purchased_on]", "2026-11-19")
        await page.fill("input[name=supplier]", "Abarrotes Don Chucho")
        await page.select_option("select[name=category]", "non_perishable")
        await page.fill("input[name=amount_pesos]", "1,850.50")
        await page.fill("input[name=receipt_reference]", receipt)
        await send_entry(page, "form#purchase")
        if attempt == 0:
            assert "Compra registrada." in await page.locator("#done").inner_text()
            await assert_reads_well(page, "purchase")
            await screenshot(page, "kitchen_programme_purchase")
    assert "Ese comprobante ya está registrado" in await page.locator("#refused").inner_text()
    await page.goto(f"/kitchens/{kitchen_id}")
    assert "-$1,850.50" in await page.locator("#ledger").inner_text()
    flags = await page.locator("#flags").inner_text()
    assert "Monedero en negativo" in flags, "the purse went below zero that day already"
    assert "-$2,301.00" in await page.locator("#kitchen-facts").inner_text()

    await page.goto(f"/kitchens/{kitchen_id}/survey")
    await page.fill("input[name=surveyed_on]", "2026-11-19")
    for aspect in ("service_quality", "treatment", "hygiene_and_upkeep", "food_quality"):
        await page.check(f"input[name={aspect}][value='4']")
    await page.check("input[name=use_of_subsidy][value='5']")
    await assert_reads_well(page, "survey form")
    await send_entry(page, "form#survey")
    refused = await page.locator("#refused").inner_text()
    assert "Califique los seis aspectos" in refused and "Atención a solicitudes" in refused
    await page.check("input[name=attention_to_requests][value='3']")
    await send_entry(page, "form#survey")
    assert "Encuesta registrada." in await page.locator("#done").inner_text()
    await screenshot(page, "kitchen_programme_survey")


async def test_a_committee_member_is_refused_another_kitchen_and_programme_screens(
    tablet, make_account, services
):
    own, other = registered_kitchen(services), registered_kitchen(services)
    page = await as_role(tablet, make_account, "kitchen_committee", f"/kitchens/{own}", kitchen=own)
    for path in ("amendment", "purchase", "survey", "indicators"):
        assert (await page.goto(f"/kitchens/{other}/{path}")).status == 404, path
    for path in (
        "/kitchens/new",
        "/kitchens/subsidy",
        "/kitchens/compliance",
        "/kitchens/indicators",
        f"/kitchens/{own}/edit",
        f"/kitchens/{own}/status",
        f"/kitchens/{own}/committee",
    ):
        response = await page.goto(path)
        assert response.status == 403, path
        assert "no tiene permiso" in await page.locator(".problem").inner_text(), path
    await page.goto(f"/kitchens/{own}/purchase")
    token = await page.input_value("input[name=csrf_token]")
    forged_purchase = await post_without_form(
        page,
        f"/kitchens/{other}/purchase",
        {
            "csrf_token": token,
            "purchased_on": "2026-11-19",
            "supplier": "x",
            "category": "other",
            "amount_pesos": "10",
            "receipt_reference": "FORGED",
        },
    )
    assert forged_purchase.status == 404
    forged_status = await post_without_form(
        page,
        f"/kitchens/{own}/status",
        {"csrf_token": token, "status": "closed", "reason": "x"},
    )
    assert forged_status.status == 403
    assert http_json(f"{services.url('kitchens')}/kitchens/{other}")["purse_ledger"] == []
    assert http_json(f"{services.url('kitchens')}/kitchens/{own}")["status"] == "active"
