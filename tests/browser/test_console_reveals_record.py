"""The record of who saw a whistleblower-protected reporter's identity, in a real browser:
after one officer asks, a second approves and the first is shown the identity, an auditor
reads from the case who saw it, in which role, why, who approved it and when, in words and
without the identity; a case nobody looked into says so; roles the service does not let read
the record get neither the link nor the page."""

import re

from services.console.rules.moments import spoken
from tests.browser.console_helpers import screenshot, sign_in
from tests.e2e.grievance_helpers import as_officer, submission, submit

REPORTER = {"full_name": "Filomena Ixtlahuac Roldán", "contact": "55 4417 0923"}
ASKER, APPROVER = "custodia.marisol-pena", "custodia.julian-ortega"
REASON = "Oficio de la Fiscalía Anticorrupción 12/2026"


def _named_case(services) -> dict:
    return submit(
        services,
        submission(channel="phone", anonymous=False, reporter=REPORTER),
        officer="officer.ana-ruiz",
    )


def _revealed(services, case_id: str) -> dict:
    """One officer asks, a second approves, the first is shown the identity; the record."""
    requests = f"/cases/{case_id}/reveal-requests"
    status, asked = as_officer(services, requests, ASKER, {"reason": REASON})
    assert status == 201, asked
    step = f"{requests}/{asked['request_id']}"
    status, decided = as_officer(services, f"{step}/decision", APPROVER, {"decision": "approved"})
    assert status == 200, decided
    status, identity = as_officer(services, f"{step}/identity", ASKER, {})
    assert (status, identity) == (200, REPORTER)
    status, record = as_officer(
        services, f"/cases/{case_id}/reporter-identity/reveals", "auditoria", role="auditor"
    )
    assert status == 200 and len(record) == 1, record
    return record[0]


async def test_an_auditor_reads_who_saw_the_identity_and_never_the_identity(
    tablet, make_account, services
):
    case = _named_case(services)
    reveal = _revealed(services, case["case_id"])
    case_path = f"/grievances/cases/{case['case_id']}"

    username, password = await make_account("auditor")
    auditor = await sign_in(await tablet(), username, password, case_path)
    async with auditor.expect_navigation():
        await auditor.click("#reveals-record-link")
    assert auditor.url.endswith(f"{case_path}/reveals")
    row = await auditor.locator("#reveals tbody tr").all_inner_texts()
    assert len(row) == 1
    for words in (
        ASKER,
        "Custodia de identidades",
        REASON,
        APPROVER,
        spoken(reveal["revealed_at"], "es"),
    ):
        assert words in row[0], (words, row[0])
    page = await auditor.content()
    assert REPORTER["full_name"] not in page and REPORTER["contact"] not in page
    assert "Filomena" not in page and "4417" not in page
    text = await auditor.locator("main").inner_text()
    assert not re.search(r"\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}|identity_reveal_officer", text), text
    assert case["case_number"] in await auditor.locator("#back-to-case").inner_text()
    await screenshot(auditor, "grievances_reveals_record")

    await auditor.goto(f"/language/en?next={case_path}/reveals")
    english = await auditor.locator("main").inner_text()
    assert "Who saw the reporter's identity" in english and "Identity-reveal officer" in english

    # A named case whose reporter nobody has seen says so in a sentence.
    untouched = _named_case(services)
    await auditor.goto("/language/es?next=/")
    await auditor.goto(f"/grievances/cases/{untouched['case_id']}/reveals")
    assert "Nadie ha visto la identidad" in await auditor.locator("#no-reveals").inner_text()
    assert await auditor.locator("#reveals").count() == 0

    # The officers who reveal read it too, from the case.
    username, password = await make_account("identity_reveal_officer")
    custodian = await sign_in(await tablet(), username, password, case_path)
    async with custodian.expect_navigation():
        await custodian.click("#reveals-record-link")
    assert ASKER in await custodian.locator("#reveals").inner_text()


async def test_roles_the_service_refuses_get_no_link_and_no_record(tablet, make_account, services):
    case = _named_case(services)
    _revealed(services, case["case_id"])
    case_path = f"/grievances/cases/{case['case_id']}"

    # The grievance officer works the case but may not read who saw the reporter.
    username, password = await make_account("grievance_officer")
    officer = await sign_in(await tablet(), username, password, case_path)
    assert await officer.locator("#case-facts").count() == 1
    assert await officer.locator("#reveals-record-link").count() == 0
    refused = await officer.goto(f"{case_path}/reveals")
    assert refused.status == 403
    assert ASKER not in await officer.content() and REASON not in await officer.content()

    for role, scope in (
        ("caseworker", {"agency": "dif-jalisco"}),
        ("kitchen_committee", {"kitchen": "CDMX-IZT-0042"}),
        ("supervisor", {}),
    ):
        username, password = await make_account(role, **scope)
        page = await sign_in(await tablet(), username, password)
        assert await page.locator("#reveals-record-link").count() == 0, role
        refused = await page.goto(f"{case_path}/reveals")
        assert refused.status == 403, role
        assert ASKER not in await page.content() and REASON not in await page.content(), role
