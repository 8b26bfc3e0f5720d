"""The complaint loop in a real browser on the tablet: a named reporter files (the form fits
800 px, the anonymous box is a box), asks for notices and gets a receipt; an officer asks a
question from the case file (its timeline in words, no raw data); the reporter follows with
the receipt, reads the question, replies, reads the rejection's reason and appeals. The new
public forms are throttled per address like the look-up."""

import re
import uuid

from tests.browser.console_helpers import console_from, form_token, screenshot, sign_in
from tests.e2e.grievance_helpers import case, officer_reads, transition

# The console's default allowance for look-ups by receipt (services/console/settings.py).
FOLLOW_UP = 30
ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
RAW_CODES = ("awaiting_reporter", "in_progress", "await_reporter", "whistleblower_report")


async def fits_the_tablet(page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 800, f"{page.url} is {width} px wide"


async def shows_no_raw_data(page) -> None:
    text = await page.locator("main").inner_text()
    assert not ISO_TIMESTAMP.search(text), ISO_TIMESTAMP.search(text)
    assert all(code not in text for code in RAW_CODES), text
    assert "{'" not in text and '{"' not in text, "a raw dict on the screen"


async def file_named_with_notices(page, kitchen: str, address: str) -> tuple[str, str]:
    await page.goto("/grievances/new")
    await fits_the_tablet(page)
    box = await page.locator("input[name=anonymous]").bounding_box()
    assert box["width"] <= 40 and box["height"] <= 40, box
    await page.select_option("select[name=kind]", "complaint")
    await page.select_option("select[name=category]", "treatment")
    await page.fill("input[name=subject_kitchen]", kitchen)
    await page.fill("textarea[name=description]", "La encargada me gritó frente a todos.")
    await page.uncheck("input[name=anonymous]")
    await page.fill("input[name=full_name]", "Yolanda Cuetlach Ríos")
    await page.select_option("select[name=notice_medium]", "email")
    await page.fill("input[name=notice_address]", address)
    await screenshot(page, "grievances_new_named_with_notices")
    async with page.expect_navigation():
        await page.click("form[action='/grievances/new'] button[type=submit]")
    receipt = (await page.locator("#receipt").inner_text()).strip()
    case_number = (await page.locator("h1").inner_text()).split()[1]
    return receipt, case_number


async def follow_with(page, receipt: str) -> None:
    await page.goto("/grievances/follow")
    await page.fill("input[name=receipt]", receipt)
    async with page.expect_navigation():
        await page.click("form[action='/grievances/follow'] button[type=submit]")


async def test_a_named_reporter_follows_replies_and_appeals_on_the_tablet(
    tablet, make_account, services
):
    kitchen = f"CDMX-SEG-{uuid.uuid4().hex[:6].upper()}"
    reporter = await tablet()
    receipt, case_number = await file_named_with_notices(
        reporter, kitchen, f"yolanda.{uuid.uuid4().hex[:6]}@example.org"
    )
    assert len(receipt) >= 30, "a named reporter gets a receipt too"
    _, listed = officer_reads(f"{services.url('grievances')}/cases?subject_ref={kitchen}")
    case_id = listed["cases"][0]["case_id"]
    for action, details in (
        ("acknowledge", {}),
        ("assign", {"assignee": {"kind": "kitchen_supervisor", "ref": kitchen}}),
        ("start", {}),
    ):
        assert transition(services, case_id, action, **details)[0] == 200

    username, password = await make_account("grievance_officer")
    officer = await sign_in(await tablet(), username, password, f"/grievances/cases/{case_id}")
    question = "¿Qué día y a qué hora ocurrió?"
    await officer.fill("#actions form.action-await_reporter textarea[name=question]", question)
    async with officer.expect_navigation():
        await officer.click("#actions form.action-await_reporter button")
    timeline = await officer.locator("#timeline").inner_text()
    assert f"Pregunta: {question}" in timeline and "Supervisión del comedor" in timeline
    await shows_no_raw_data(officer)
    await fits_the_tablet(officer)
    await screenshot(officer, "grievances_case_question_asked")

    await follow_with(reporter, receipt)
    assert question in await reporter.locator("#questions").inner_text()
    assert "Esperando al denunciante" in await reporter.locator("#followed").inner_text()
    await shows_no_raw_data(reporter)
    await fits_the_tablet(reporter)
    await reporter.fill("#reply textarea[name=information]", "El martes 1 a las 14:00.")
    async with reporter.expect_navigation():
        await reporter.click("#reply button[type=submit]")
    assert "En atención" in await reporter.locator("#replied").inner_text()
    assert "El martes 1 a las 14:00." in await reporter.locator("#replies").inner_text()
    assert await reporter.locator("#appeal").count() == 0, "nothing decided, nothing to appeal"
    await screenshot(reporter, "grievances_follow_replied")

    reason = "No se pudo confirmar con el comité."
    assert transition(services, case_id, "reject", reason=reason)[0] == 200
    await follow_with(reporter, receipt)
    assert reason in await reporter.locator("#rejection").inner_text()
    assert "puede apelar hasta el" in await reporter.locator("#appeal").inner_text()
    await shows_no_raw_data(reporter)
    await screenshot(reporter, "grievances_follow_rejected")
    await reporter.fill("#appeal textarea[name=reason]", "Hay dos testigos: pregunten en la fila.")
    async with reporter.expect_navigation():
        await reporter.click("#appeal button[type=submit]")
    assert "vuelve a revisión" in await reporter.locator("#appealed").inner_text()
    assert "En atención" in await reporter.locator("#followed").inner_text()
    assert receipt not in reporter.url
    full = case(services, case_id)
    assert full["status"] == "in_progress" and full["timeline"][-1]["by_whom"] == "reporter"
    assert full["case_number"] == case_number
    await screenshot(reporter, "grievances_follow_appealed")


async def test_replying_and_appealing_by_receipt_are_throttled_per_address(console):
    async with console_from(console, "127.0.0.60") as guesser:
        token = await form_token(guesser, "/grievances/follow")
        statuses = []
        for n in range(FOLLOW_UP):
            path = "/grievances/follow/reply" if n % 2 else "/grievances/follow/appeal"
            answer = await guesser.post(
                path,
                data={
                    "csrf_token": token,
                    "receipt": f"R-{uuid.uuid4().hex[:12]}",
                    "information": "x",
                    "reason": "x",
                },
            )
            statuses.append(answer.status_code)
        assert statuses == [404] * FOLLOW_UP
        for path in ("/grievances/follow/reply", "/grievances/follow/appeal"):
            answer = await guesser.post(
                path,
                data={
                    "csrf_token": token,
                    "receipt": "R-0000000000",
                    "information": "x",
                    "reason": "x",
                },
            )
            assert answer.status_code == 429 and int(answer.headers["retry-after"]) > 0
