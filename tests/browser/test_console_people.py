"""A caseworker finds a person and reads her case file;
another agency's people stay out of reach."""

import uuid

import asyncpg
import httpx

from tests.browser.console_helpers import ROOT, open_case_file, screenshot, sign_in, take_elcsa
from tests.e2e.grievance_helpers import submission, submit
from tests.e2e.registry_people import person_enrolled_by
from tests.e2e.test_registry_flows import agency_record
from tests.http_auth import FreshAssertions, acting_headers


def registry(services) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=services.url("beneficiaries"),
        timeout=10,
        auth=FreshAssertions(services.url("beneficiaries")),
    )


async def _case_file_reads(
    database_url: str, person_id: str, user: str
) -> list[tuple[str, str, str]]:
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(
            "SELECT acting_user, record, reason FROM beneficiaries.access_log WHERE person_id = $1 "
            "AND record = 'case_file' AND acting_user = $2 ORDER BY access_id",
            uuid.UUID(person_id),
            user,
        )
        return [tuple(r) for r in rows]
    finally:
        await conn.close()


async def test_a_caseworker_finds_a_person_despite_typos_and_opens_her_case_file(
    tablet, make_account, services, infrastructure
):
    async with registry(services) as http:
        woman = await person_enrolled_by(
            http, {"dif-jalisco": True, "sedis-jalisco": False}, given_names="María Ángeles"
        )
        person_id = woman["person_id"]
        # Written by a caseworker of her agency: another agency's would not show without consent.
        colleague = acting_headers(
            services.url("beneficiaries"), user="cw-previo", role="caseworker", agency="dif-jalisco"
        )
        note = await http.post(
            f"/persons/{person_id}/notes",
            json={"author": "cw-previo", "body": "Primera visita domiciliaria."},
            headers=colleague,
        )
        assert note.status_code == 201
    async with httpx.AsyncClient(
        base_url=services.url("grievances"),
        timeout=10,
        auth=FreshAssertions(services.url("grievances")),
    ) as http:
        case = await http.post(
            "/cases",
            json={
                "channel": "web",
                "kind": "complaint",
                "category": "treatment",
                "subject": {"kind": "person", "ref": person_id},
                "description": "No le entregaron la despensa.",
            },
        )
        assert case.status_code == 201, case.text

    # A colleague of her agency took the ELCSA questionnaire twice, in the console.
    previous, previous_password = await make_account("caseworker", agency="dif-jalisco")
    colleague_page = await sign_in(await tablet(), previous, previous_password)
    await open_case_file(colleague_page, person_id, "evaluación ELCSA")
    for day, yes in (("2026-03-02", set(range(1, 10))), ("2026-09-01", {1, 2})):
        await take_elcsa(colleague_page, person_id, day, with_minors=True, yes=yes)

    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await sign_in(await tablet(), username, password, "/people")
    typed = f"maria angeles {woman['paternal_surname'].lower()}"  # no accents, lower case
    await page.fill("input[name=name]", typed)
    await page.fill("input[name=reason]", "llamada de seguimiento")
    await page.click("form[role=search] button[type=submit]")
    await page.wait_for_load_state()
    await screenshot(page, "people_search")
    await page.wait_for_selector("#results")
    row = page.locator("#results tr", has_text=woman["paternal_surname"])
    await row.locator("button", has_text="Abrir expediente").click()
    await page.wait_for_selector("#identity")

    assert woman["national_id"] in await page.locator("#identity").inner_text()
    records = await page.locator("#records").inner_text()
    assert "DIF Jalisco" in records, "the agency by its name"
    body = await page.locator("main").inner_text()
    # sedis-jalisco's record, not shared: nothing of it shows, but her food basket overlaps it.
    assert "sedis" not in body.lower() and "SED-" not in body
    assert "De los demás no se muestra nada" in await page.locator("#records-scope").inner_text()
    assert (
        "El apoyo «Seguridad alimentaria» de su agencia se traslapa con el apoyo de otro "
        "organismo" in await page.locator("#overlaps").inner_text()
    )
    assert "Primera visita domiciliaria." in body
    assert "inseguridad moderada" in body and "inseguridad leve" in body
    assert "Queja / Trato" in body
    assert "Quién consultó" not in body, "a caseworker does not read the access log"
    await page.locator("#records details summary").first.click()
    await screenshot(page, "case_file")

    await page.fill("textarea[name=body]", "Se acordó visita el martes.")
    await page.click("form[action$='/notes'] button[type=submit]")
    await page.wait_for_selector("text=Se acordó visita el martes.")
    assert await _case_file_reads(infrastructure.database_url, person_id, username) == [
        (username, "case_file", "llamada de seguimiento"),
        (username, "case_file", "llamada de seguimiento"),
    ]

    # The reason is kept for this session only: signed in again, her file asks for one anew.
    await page.click("text=Cerrar sesión")
    await sign_in(page, username, password, f"/people/{person_id}")
    assert "indique el motivo" in await page.locator("main").inner_text()
    await screenshot(page, "case_file_reason")


async def test_a_caseworker_cannot_open_another_agencys_person_by_editing_the_url(
    tablet, make_account, services
):
    async with registry(services) as http:
        theirs = await person_enrolled_by(http, {"sedis-jalisco": True})
    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await sign_in(await tablet(), username, password)
    response = await open_case_file(page, theirs["person_id"], "curiosidad")
    assert response.status == 404
    assert "No encontrado" in await page.locator(".problem").inner_text()
    assert theirs["paternal_surname"] not in await page.content()
    await screenshot(page, "case_file_not_visible")

    await page.goto("/people")
    await page.fill("input[name=curp]", theirs["national_id"])
    await page.click("form[role=search] button[type=submit]")
    await page.wait_for_load_state()
    assert "Nadie coincide" in await page.locator("main").inner_text()

    supervisor, supervisor_password = await make_account("supervisor")
    other = await sign_in(await tablet(), supervisor, supervisor_password)
    response = await open_case_file(other, theirs["person_id"], "supervisión")
    assert response.status == 200
    assert theirs["paternal_surname"] in await other.locator("h1").inner_text()
    assert "Quién consultó este expediente" in await other.locator("main").inner_text()


def _logs_holding(*secrets: str) -> list[str]:
    """Which log lines of the session's processes hold any of `secrets`."""
    return [
        f"{log.name}: {line[:200]}"
        for log in (ROOT / ".data" / "test-logs").glob("*.log")
        for line in log.read_text(errors="replace").splitlines()
        if any(secret.lower() in line.lower() for secret in secrets)
    ]


async def test_a_search_leaves_no_name_curp_or_birth_date_in_the_url_or_any_log(
    tablet, make_account, services
):
    async with registry(services) as http:
        woman = await person_enrolled_by(http, {"dif-jalisco": True})
    typed_name = f"{woman['given_names']} {woman['paternal_surname']}"
    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await sign_in(await tablet(), username, password, "/people")
    await page.fill("input[name=name]", typed_name)
    await page.click("form[role=search] button[type=submit]")
    await page.wait_for_selector("#results")
    assert page.url.endswith("/people"), page.url
    await page.fill("input[name=name]", "")
    await page.fill("input[name=curp]", woman["national_id"])
    await page.fill("input[name=birth_date]", woman["birth_date"])
    await page.click("form[role=search] button[type=submit]")
    await page.wait_for_selector("#results")
    assert page.url.endswith("/people"), page.url
    assert woman["paternal_surname"] in await page.locator("#results").inner_text()
    links = await page.locator("a").evaluate_all("links => links.map(a => a.href)")
    for secret in (woman["national_id"], woman["paternal_surname"], woman["birth_date"]):
        assert not [link for link in links if secret.lower() in link.lower()], secret
    assert _logs_holding(woman["national_id"], woman["paternal_surname"], woman["birth_date"]) == []


async def _leaves_nothing(page, *secrets: str) -> None:
    """Neither the page's address, nor any link on it, nor any log line holds `secrets`."""
    links = await page.locator("a").evaluate_all("links => links.map(a => a.href)")
    for secret in secrets:
        assert secret.lower() not in page.url.lower(), page.url
        assert not [link for link in links if secret.lower() in link.lower()], secret
    assert _logs_holding(*secrets) == []


async def test_a_reason_or_a_queue_search_holding_a_name_stays_out_of_urls_links_and_logs(
    tablet, make_account, services
):
    async with registry(services) as http:
        woman = await person_enrolled_by(http, {"dif-jalisco": True})
    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await sign_in(await tablet(), username, password)
    reason = f"llamada de {woman['given_names']} {woman['paternal_surname']}"
    await open_case_file(page, woman["person_id"], reason)
    assert woman["national_id"] in await page.locator("#identity").inner_text()
    await _leaves_nothing(page, woman["paternal_surname"])
    await page.locator("#records details summary").first.click()
    async with page.expect_navigation():
        await page.locator("#records a[href*='/records/']").first.click()
    await _leaves_nothing(page, woman["paternal_surname"])
    # The reason is kept for this woman's file: back, and in the other language, it opens again.
    await page.go_back()
    assert woman["national_id"] in await page.locator("#identity").inner_text()
    await page.click("a.lang")
    await page.wait_for_selector("#identity")
    assert "Case file" in await page.locator("main").inner_text()
    await _leaves_nothing(page, woman["paternal_surname"])

    surname = f"Zuloaga{uuid.uuid4().hex[:8]}"
    opened = submit(services, submission(description=f"La señora {surname} nos cobró la comida."))
    officer, officer_password = await make_account("grievance_officer")
    queue = await sign_in(await tablet(), officer, officer_password, "/grievances")
    await queue.fill("input[name=q]", surname)
    async with queue.expect_navigation():
        await queue.click("form[action='/grievances'] button[type=submit]")
    assert [opened["case_number"]] == await queue.locator("#queue tbody strong").all_inner_texts()
    await _leaves_nothing(queue, surname)


async def test_a_supervisor_lifts_a_womans_protection_with_a_reason_and_sets_it_again(
    tablet, make_account, services
):
    shelter, phone = "Refugio Las Jacarandas", "3312340000"
    async with registry(services) as http:
        woman = await person_enrolled_by(http, {"sedis-jalisco": False})
        facts = {k: woman[k] for k in ("given_names", "paternal_surname", "maternal_surname")}
        for agency, benefit, extra in (
            ("dif-jalisco", "food_basket", {"locality": shelter, "phone": phone}),
            ("ijm-jalisco", "violence_support", {}),
        ):
            payload = agency_record(
                agency,
                benefit,
                **facts,
                birth_date=woman["birth_date"],
                national_id=woman["national_id"],
                national_id_type="CURP",
                **extra,
            )["payload"]
            enrolled = await http.post("/enrolments", json=payload)
            assert enrolled.json()["person_id"] == woman["person_id"], enrolled.text
    cw, cw_password = await make_account("caseworker", agency="sedis-jalisco")
    outsider = await sign_in(await tablet(), cw, cw_password)
    await open_case_file(outsider, woman["person_id"], "seguimiento")
    assert "Protegida" in await outsider.locator("#protection").inner_text()
    assert shelter not in await outsider.content() and phone not in await outsider.content()
    assert await outsider.locator("#protect").count() == 0, "a caseworker cannot lift it"

    sup, sup_password = await make_account("supervisor")
    page = await sign_in(await tablet(), sup, sup_password)
    await open_case_file(page, woman["person_id"], "seguimiento")
    assert "Protegida" in await page.locator("#protection").inner_text()
    await page.fill("#protect input[name=decision_reason]", "Ya no vive en el refugio.")
    await page.click("#protect button[type=submit]")
    await page.wait_for_selector("#protection-history")
    assert "Sin protección" in await page.locator("#protection").inner_text()
    history = await page.locator("#protection-history").inner_text()
    assert f"{sup} levantó la protección. Motivo: Ya no vive en el refugio." in history
    await screenshot(page, "case_file_protection_lifted")

    await outsider.reload()
    assert "Sin protección indicada" in await outsider.locator("#protection").inner_text()
    assert phone in await outsider.locator("#identity").inner_text()
    assert shelter in await outsider.locator("#identity").inner_text()

    await page.fill("#protect input[name=decision_reason]", "Nueva denuncia.")
    await page.click("#protect button[type=submit]")
    await page.wait_for_selector("text=protegió a la persona")
    assert "Protegida" in await page.locator("#protection").inner_text()
    await outsider.reload()
    assert phone not in await outsider.content()
