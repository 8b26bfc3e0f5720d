"""Resolving a duplicate review task from the console; the registry publishes the decision."""

import uuid

import httpx

from shared.topics import REGISTRY_DECISIONS
from tests.browser.console_helpers import post_without_form, screenshot, sign_in
from tests.e2e.test_registry_flows import agency_record
from tests.e2e.test_skeleton_flows import distinct_person
from tests.http_auth import FreshAssertions
from tests.kafka_helpers import json_value, wait_for_records


async def open_review_task(services) -> tuple[dict, dict]:
    """Two records with the same common names and birth date and nothing else in
    common: the second waits for review. (With a rare name, name and birth date
    alone would link.)"""
    facts = {
        **distinct_person(uuid.uuid4().hex),
        "sex": "M",
        "given_names": "Juana",
        "paternal_surname": "Hernández",
        "maternal_surname": "García",
    }
    async with httpx.AsyncClient(
        base_url=services.url("beneficiaries"),
        timeout=10,
        auth=FreshAssertions(services.url("beneficiaries")),
    ) as http:
        known = await http.post(
            "/enrolments",
            json=agency_record("dif-jalisco", **facts, municipality="El Salto")["payload"],
        )
        unsure = await http.post(
            "/enrolments",
            json=agency_record(
                "ijm-jalisco", "violence_support", **facts, municipality="Tlaquepaque"
            )["payload"],
        )
    assert unsure.json()["decision"] == "pending_review", unsure.text
    return known.json(), unsure.json()


async def test_a_caseworker_resolves_a_review_task_and_the_decision_is_published(
    tablet, make_account, services, infrastructure
):
    known, unsure = await open_review_task(services)
    task_id = unsure["review_task_id"]

    outsider, outsider_password = await make_account("caseworker", agency="sedis-jalisco")
    page = await sign_in(await tablet(), outsider, outsider_password, "/reviews")
    assert task_id not in await page.content()
    assert (await page.goto(f"/reviews/{task_id}")).status == 404

    username, password = await make_account("caseworker", agency="ijm-jalisco")
    page = await sign_in(await tablet(), username, password, "/reviews")
    await screenshot(page, "reviews_queue")
    await page.click(f"a[href='/reviews/{task_id}']")
    await page.wait_for_selector("#side-by-side")
    table = page.locator("#side-by-side")
    assert "El Salto" in await table.inner_text() and "Tlaquepaque" in await table.inner_text()
    assert await table.locator("tr", has_text="Nacimiento").locator("td.agree").count() == 1
    assert await table.locator("tr", has_text="Municipio").locator("td.disagree").count() == 1
    await screenshot(page, "review_task")

    await page.check(f"input[value='same_person:{known['person_id']}']")
    await page.fill("textarea[name=decision_reason]", "Misma CURP en el acta; cambió de domicilio.")
    await page.click("#decide button[type=submit]")
    await page.wait_for_selector(".notice")
    assert f"Decidida: Misma persona, por {username}" in await page.locator(".notice").inner_text()
    assert await page.locator("#decide").count() == 0

    def resolved(record) -> bool:
        event = json_value(record) or {}
        return (
            event.get("type") == "beneficiaries.review_task_resolved"
            and event["payload"].get("review_task_id") == task_id
        )

    [record] = await wait_for_records(
        infrastructure.kafka.operator, REGISTRY_DECISIONS.name, resolved
    )
    assert json_value(record)["payload"]["decided_by"] == username


async def test_an_auditor_looks_at_a_task_but_cannot_decide_it(tablet, make_account, services):
    _, unsure = await open_review_task(services)
    task_id = unsure["review_task_id"]
    username, password = await make_account("auditor")
    page = await sign_in(await tablet(), username, password, f"/reviews/{task_id}")
    assert await page.locator("#side-by-side").count() == 1
    assert await page.locator("#decide").count() == 0
    assert "puede ver las tareas, no decidirlas" in await page.locator("main").inner_text()
    token = await page.locator("form[action='/sign-out'] input[name=csrf_token]").input_value()
    refused = await post_without_form(
        page,
        f"/reviews/{task_id}/decision",
        {"csrf_token": token, "verdict": "different_people", "decision_reason": "auditor trying"},
    )
    assert refused.status == 403
    assert "solo lectura" in await refused.text()


async def test_a_candidate_record_not_shared_shows_as_another_agencys_and_nothing_more(
    tablet, make_account, services
):
    facts = {
        **distinct_person(uuid.uuid4().hex),
        "sex": "M",
        "given_names": "Juana",
        "paternal_surname": "Hernández",
        "maternal_surname": "García",
    }
    async with httpx.AsyncClient(
        base_url=services.url("beneficiaries"),
        timeout=10,
        auth=FreshAssertions(services.url("beneficiaries")),
    ) as http:
        for agency, benefit, municipality in (
            ("ijm-jalisco", "violence_support", "Tlaquepaque"),
            ("dif-jalisco", "food_basket", "El Salto"),
        ):
            payload = agency_record(agency, benefit, **facts, municipality=municipality)["payload"]
            payload["person"]["consent_to_share"] = False
            reply = await http.post("/enrolments", json=payload)
    assert reply.json()["decision"] == "pending_review", reply.text
    task_id = reply.json()["review_task_id"]

    username, password = await make_account("caseworker", agency="dif-jalisco")
    page = await sign_in(await tablet(), username, password, f"/reviews/{task_id}")
    table = await page.locator("#side-by-side").inner_text()
    assert "registro de otro organismo" in table and "sin consentimiento para compartir" in table
    assert "El Salto" in table and "Tlaquepaque" not in table
    body = (await page.locator("main").inner_text()).lower()
    assert "ijm" not in body and "violence" not in body and "violencia" not in body
