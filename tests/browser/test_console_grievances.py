"""The grievances screens in a real browser: anonymous intake showing its
receipt once, following the case by receipt on the public page, the officer's
work queue and a case action, the public report, and who may see or do what."""

import uuid

from tests.browser.console_helpers import post_without_form, screenshot, sign_in
from tests.e2e.grievance_helpers import as_officer, officer_reads, submission, submit


async def file_anonymously(page, description: str, kitchen: str) -> dict[str, str]:
    """Files the form as a person would; returns what it sent, to send it again."""
    await page.goto("/grievances/new")
    await page.select_option("select[name=kind]", "complaint")
    await page.select_option("select[name=category]", "food_quality")
    await page.fill("input[name=subject_kitchen]", kitchen)
    await page.fill("textarea[name=description]", description)
    await screenshot(page, "grievances_new")
    fields = {
        name: await page.input_value(f"[name={name}]")
        for name in (
            "csrf_token",
            "channel_reference",
            "kind",
            "category",
            "subject_kitchen",
            "description",
        )
    }
    async with page.expect_navigation():
        await page.click("form[action='/grievances/new'] button[type=submit]")
    return {**fields, "anonymous": "yes"}


async def test_anonymous_intake_shows_the_receipt_once_and_the_receipt_follows_the_case(
    tablet, services
):
    page = await tablet()
    kitchen = f"CDMX-ANON-{uuid.uuid4().hex[:6].upper()}"
    form = await file_anonymously(page, "La comida llegó fría tres días seguidos.", kitchen)
    receipt = (await page.locator("#receipt").inner_text()).strip()
    case_number = (await page.locator("h1").inner_text()).split()[1]
    assert len(receipt) >= 30 and case_number.startswith("G-")
    await screenshot(page, "grievances_receipt_once")

    # Sent again (a reload, the back button),
    # the same form opens no second case and shows no receipt.
    again = await post_without_form(page, "/grievances/new", form)
    assert again.status == 201 and receipt not in await again.text()
    assert case_number in await again.text() and "ya se había enviado" in await again.text()
    assert again.headers["cache-control"] == "no-store"
    _, listed = officer_reads(f"{services.url('grievances')}/cases?subject_ref={kitchen}")
    assert listed["total"] == 1
    # Nothing the browser keeps carries the receipt: not the cookie, not a URL.
    cookies = await page.context.cookies()
    assert all(receipt not in c["value"] for c in cookies) and receipt not in page.url

    follower = await tablet()
    await follower.goto("/grievances/follow")
    await follower.fill("input[name=receipt]", receipt)
    async with follower.expect_navigation():
        await follower.click("form[action='/grievances/follow'] button[type=submit]")
    followed = await follower.locator("#followed").inner_text()
    assert case_number in followed and "Recibido" in followed
    assert receipt not in follower.url
    await follower.fill(
        "#reply textarea[name=information]", "Fue el lunes, el martes y el miércoles."
    )
    async with follower.expect_navigation():
        await follower.click("#reply button[type=submit]")
    assert "Información que usted agregó: 1" in await follower.locator("#followed").inner_text()
    await screenshot(follower, "grievances_follow")

    await follower.goto("/grievances/follow")
    await follower.fill("input[name=receipt]", "not-a-receipt-at-all")
    async with follower.expect_navigation():
        await follower.click("form[action='/grievances/follow'] button[type=submit]")
    assert "Ningún caso tiene ese código." in await follower.locator("#refused").inner_text()


async def test_the_officer_works_the_queue_by_deadline_and_acts_on_a_case(
    tablet, make_account, services
):
    kitchen = f"CDMX-COLA-{uuid.uuid4().hex[:6].upper()}"
    opened = submit(
        services,
        submission(subject={"kind": "kitchen", "ref": kitchen}, description="Cobraron de más."),
    )
    username, password = await make_account("grievance_officer")
    page = await sign_in(await tablet(), username, password, "/grievances")
    queue = page.locator("#queue tbody tr")
    dues = [await row.locator("td").first.get_attribute("data-due") for row in await queue.all()]
    assert len(dues) >= 1 and dues == sorted(dues), "the queue is ordered by the next due date"
    await screenshot(page, "grievances_queue")
    await page.fill("input[name=q]", opened["case_number"])
    async with page.expect_navigation():
        await page.click("form[action='/grievances'] button[type=submit]")
    row = page.locator("#queue tr", has_text=opened["case_number"])
    async with page.expect_navigation():
        await row.locator("a").click()
    assert "Cobraron de más." in await page.locator("#description").inner_text()
    assert [
        await f.locator("button").inner_text() for f in await page.locator("#actions form").all()
    ] == ["Acusar recibo", "Rechazar"]
    assert await page.locator("#reveal").count() == 0
    async with page.expect_navigation():
        await page.click("#actions form.action-acknowledge button")
    assert "Acuse enviado" in await page.locator(".notice").inner_text()
    timeline = await page.locator("#timeline").inner_text()
    assert "Acusar recibo" in timeline and username in timeline
    await screenshot(page, "grievances_case")

    # An action the status does not allow any more is refused, told in the officer's words.
    token = await page.input_value("input[name=csrf_token]")
    stale = await post_without_form(
        page,
        f"/grievances/cases/{opened['case_id']}/transitions",
        {"csrf_token": token, "action": "acknowledge"},
    )
    told = await stale.text()
    assert stale.status == 409
    assert "No se puede «Acusar recibo» un caso en estado «Acuse enviado»" in told
    assert "cannot acknowledge" not in told and "acknowledged" not in told


async def test_the_public_report_needs_no_sign_in_and_links_its_csv(tablet, services):
    page = await tablet()
    response = await page.goto("/grievances/report?year=2026&quarter=4")
    assert response.status == 200 and "/sign-in" not in page.url
    assert "Informe público trimestral 2026 T4" in await page.locator("h1").inner_text()
    assert await page.locator("#by_kind").count() == 1
    await screenshot(page, "grievances_report")
    csv = await page.request.get(await page.get_attribute("#csv", "href"))
    assert csv.status == 200 and (await csv.text()).startswith(
        "section,item,value\nperiod,year,2026\nperiod,quarter,4\n"
    )


async def test_who_may_see_the_grievances_screens_and_who_may_act(tablet, make_account, services):
    named = submit(
        services,
        submission(
            channel="phone",
            anonymous=False,
            reporter={"full_name": "Eulalia Zacarías", "contact": "55 1234 5678"},
        ),
        officer="officer.ana-ruiz",
    )
    case_path = f"/grievances/cases/{named['case_id']}"

    username, password = await make_account("identity_reveal_officer")
    custodian = await sign_in(await tablet(), username, password, case_path)
    assert await custodian.locator("#actions").count() == 0, (
        "the custodian reveals; she does not work the case"
    )
    assert "Eulalia" not in await custodian.content()
    assert await custodian.locator("#reveal").count() == 1

    username, password = await make_account("grievance_officer")
    officer = await sign_in(await tablet(), username, password, case_path)
    assert (
        await officer.locator("#reveal").count() == 0
        and await officer.locator("#actions form").count() == 2
    )
    token = await officer.input_value("input[name=csrf_token]")
    forged = await post_without_form(
        officer, f"{case_path}/reveal-requests", {"csrf_token": token, "reason": "curiosidad"}
    )
    assert forged.status == 403 and "Eulalia" not in await forged.text()
    assert (await officer.goto("/grievances/reveal-requests")).status == 403

    username, password = await make_account("auditor")
    auditor = await sign_in(await tablet(), username, password, "/grievances")
    assert await auditor.locator("#queue").count() == 1
    # The search is a POST (its words stay out of the URL) that only reads: an auditor may send it.
    await auditor.fill("input[name=q]", named["case_number"])
    async with auditor.expect_navigation():
        await auditor.click("form[action='/grievances'] button[type=submit]")
    assert await auditor.locator("#queue tbody strong").all_inner_texts() == [named["case_number"]]
    await auditor.goto(case_path)
    assert (
        await auditor.locator("#actions").count() == 0
        and await auditor.locator("#reveal").count() == 0
    )
    token = await auditor.input_value("input[name=csrf_token]")
    for path, fields in (
        (f"{case_path}/transitions", {"action": "acknowledge"}),
        (f"{case_path}/reveal-requests", {"reason": "x"}),
    ):
        refused = await post_without_form(auditor, path, {"csrf_token": token, **fields})
        assert refused.status == 403 and "solo lectura" in await refused.text(), path

    for role in ("caseworker", "supervisor", "kitchen_committee", "ops", "admin"):
        scope = (
            {"agency": "dif-jalisco"}
            if role == "caseworker"
            else {"kitchen": "CDMX-IZT-0042"}
            if role == "kitchen_committee"
            else {}
        )
        username, password = await make_account(role, **scope)
        page = await sign_in(await tablet(), username, password)
        assert await page.locator("nav a[href='/grievances']").count() == 0, role
        for path in ("/grievances", case_path):
            assert (await page.goto(path)).status == 403, (role, path)
        assert (await page.goto("/grievances/new")).status == 200, role


async def test_a_reveal_takes_two_officers_and_shows_the_identity_once(
    tablet, make_account, services
):
    named = submit(
        services,
        submission(
            channel="phone",
            anonymous=False,
            reporter={"full_name": "Graciela Tzompa Mixcoac", "contact": "55 9911 2233"},
        ),
        officer="officer.ana-ruiz",
    )
    case_path = f"/grievances/cases/{named['case_id']}"
    asker, asker_password = await make_account("identity_reveal_officer")
    page = await sign_in(await tablet(), asker, asker_password, case_path)
    await page.fill("#reveal textarea[name=reason]", "Citatorio de la fiscalía 88/2026")
    async with page.expect_navigation():
        await page.click("#reveal button")
    assert "otra persona la apruebe" in await page.locator("#asked").inner_text()
    requests = await page.locator("#reveal-requests").inner_text()
    assert "Espera aprobación" in requests and "Citatorio de la fiscalía 88/2026" in requests
    assert await page.locator("#reveal-requests .decide-approved").count() == 0
    await screenshot(page, "grievances_reveal_requested")

    # Approving her own request, as a forged form would, is refused by the service.
    _, listed = as_officer(
        services, f"/cases/{named['case_id']}/reveal-requests", "auditoria", role="auditor"
    )
    decision = f"{case_path}/reveal-requests/{listed[0]['request_id']}/decision"
    token = await page.input_value("input[name=csrf_token]")
    own = await post_without_form(page, decision, {"csrf_token": token, "decision": "approved"})
    assert own.status == 403 and "Graciela" not in await own.text()

    approver, approver_password = await make_account("identity_reveal_officer")
    second = await sign_in(await tablet(), approver, approver_password, "/grievances")
    async with second.expect_navigation():
        await second.click("#reveal-requests-link")
    row = second.locator("#pending tr", has_text=named["case_number"])
    assert asker in await row.inner_text()
    await screenshot(second, "grievances_reveal_approvals")
    async with second.expect_navigation():
        await row.locator(".decide-approved button").click()
    assert "Solo quien la pidió" in await second.locator("#decided").inner_text()
    await second.goto(case_path)
    assert "Aprobada" in await second.locator("#reveal-requests").inner_text()
    assert await second.locator(".see-identity").count() == 0, "the approver does not see it"

    await page.goto(case_path)
    async with page.expect_navigation() as shown:
        await page.click(".see-identity button")
    assert "Graciela Tzompa Mixcoac" in await page.locator("#identity").inner_text()
    assert (await shown.value).headers["cache-control"] == "no-store"
    await screenshot(page, "grievances_reveal_shown")
    await page.goto(case_path)
    assert "Graciela" not in await page.content()
    assert "Ya se mostró" in await page.locator("#reveal-requests").inner_text()
    token = await page.input_value("input[name=csrf_token]")
    again = await post_without_form(
        page, decision.replace("/decision", "/identity"), {"csrf_token": token}
    )
    assert again.status == 409 and "Graciela" not in await again.text()

    _, audit = as_officer(
        services,
        f"/cases/{named['case_id']}/reporter-identity/reveals",
        "auditoria",
        role="auditor",
    )
    assert [(a["revealed_by"], a["approved_by"]) for a in audit] == [(asker, approver)]
