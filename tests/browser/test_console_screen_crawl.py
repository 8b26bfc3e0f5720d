"""Every screen every role can reach, read as its person reads it: after seeding people with a
review task and case files, a kitchen with reports, a flag, a purchase and a survey,
grievances in several states and a dead letter, the crawl signs in as each role (and as
nobody), follows every same-origin link breadth first, and fails on any ISO date or time,
id, Python repr, snake_case code, the seeded kitchen's code (its name belongs there), any
<code> but an operator's technical names on /ops with words beside each, or English sentence
on a Spanish page, naming each by page pattern, role and snippet. Run again in English, no
Spanish label sentence may be left."""

import uuid

import httpx
import pytest

from shared.roles import READ_ONLY, Role
from tests.browser.console_helpers import open_case_file, sign_in
from tests.browser.screen_crawl import Crawl
from tests.browser.test_console_kitchens import kitchen_with_history
from tests.browser.test_console_ops import _dead_letter_of
from tests.browser.test_console_reviews import open_review_task
from tests.e2e.grievance_helpers import as_officer, submission, submit, transition
from tests.e2e.registry_people import person_enrolled_by
from tests.e2e.test_grievance_deadlines import received_days_ago
from tests.e2e.test_grievance_reveal import named_case
from tests.http_auth import FreshAssertions

REVEAL_REASON = "Citatorio de la FGR 9/2026"
# Pages per role: the console has about forty kinds of page; a role reaches fewer.
PAGES_PER_ROLE = 60
ASSIGN = ("assign", {"assignee": {"kind": "agency", "ref": "sedis-jalisco"}})
# Grievance actions leading to each state the queue and the case page show differently.
STATES = {
    "received": (),
    "in_progress": (("acknowledge", {}), ASSIGN, ("start", {})),
    "awaiting_reporter": (
        ("acknowledge", {}),
        ASSIGN,
        ("start", {}),
        ("await_reporter", {"question": "¿Qué día ocurrió?"}),
    ),
    "resolved": (
        ("acknowledge", {}),
        ASSIGN,
        ("start", {}),
        ("resolve", {"answer": "Se habló con el comité y se ofreció una disculpa."}),
    ),
    "closed": (
        ("acknowledge", {}),
        ASSIGN,
        ("start", {}),
        ("resolve", {"answer": "Se cambió al encargado."}),
        ("close", {}),
    ),
    "rejected": (("reject", {"reason": "No corresponde al programa."}),),
}


async def _grievances(services, kitchen_id: str, person_id: str) -> list[str]:
    """One case per state about the kitchen, one overdue about the person, one whose named
    reporter an identity-reveal officer asks to see (and, on a second request, saw); their ids."""
    cases = []
    for steps in STATES.values():
        opened = submit(
            services,
            submission(channel="phone", subject={"kind": "kitchen", "ref": kitchen_id}),
            officer="officer.crawl",
        )
        for action, details in steps:
            status, reply = transition(services, opened["case_id"], action, **details)
            assert status == 200, (action, reply)
        cases.append(opened["case_id"])
    late = submit(
        services,
        submission(
            channel="phone",
            subject={"kind": "person", "ref": person_id},
            received_at=received_days_ago(30),
        ),
        officer="officer.crawl",
    )
    named = named_case(services)
    status, asked = as_officer(
        services, f"/cases/{named}/reveal-requests", "irene.crawl", {"reason": REVEAL_REASON}
    )
    assert status == 201, asked
    _seen_by_an_officer(services, named)
    return [*cases, late["case_id"], named]


def _seen_by_an_officer(services, case_id: str) -> None:
    """A second request on the case, approved by another officer and shown: the record of who
    saw the reporter (its own page, for auditors and identity-reveal officers) is not empty."""
    requests = f"/cases/{case_id}/reveal-requests"
    status, asked = as_officer(services, requests, "irene.crawl", {"reason": REVEAL_REASON})
    assert status == 201, asked
    step = f"{requests}/{asked['request_id']}"
    status, decided = as_officer(
        services, f"{step}/decision", "otto.crawl", {"decision": "approved"}
    )
    assert status == 200, decided
    status, _ = as_officer(services, f"{step}/identity", "irene.crawl", {})
    assert status == 200, "shown once, to the officer who asked"


# What the seeding typed as a person would: shown as written, in Spanish on an English page too.
WRITTEN = (
    *(
        text
        for steps in STATES.values()
        for _, details in steps
        for text in details.values()
        if isinstance(text, str)
    ),
    submission()["description"],
    REVEAL_REASON,
    "Muy rico el caldo.",
)


@pytest.fixture
async def seeded(services, infrastructure) -> dict[str, object]:
    known, unsure = await open_review_task(services)
    async with httpx.AsyncClient(
        base_url=services.url("beneficiaries"),
        timeout=10,
        auth=FreshAssertions(services.url("beneficiaries")),
    ) as http:
        woman = await person_enrolled_by(http, {"dif-jalisco": True, "sedis-jalisco": True})
    kitchen_id = kitchen_with_history(services)
    cases = await _grievances(services, kitchen_id, woman["person_id"])
    await _dead_letter_of(
        infrastructure.kafka.operator, f"dif-jalisco:CRAWL-{uuid.uuid4().hex[:6]}", b"{not json"
    )
    return {
        "people": [woman["person_id"], known["person_id"]],
        "review_task": unsure["review_task_id"],
        "kitchen": kitchen_id,
        "cases": cases,
    }


# role -> its scope and the pages it starts from besides "/" (what a search or a form reaches,
# which a crawl of links cannot).
def _roles(seeded: dict) -> dict[str, tuple[dict[str, str], list[str]]]:
    people = [f"/people/{p}" for p in seeded["people"]]
    cases = [f"/grievances/cases/{c}" for c in seeded["cases"]]
    return {
        "caseworker": ({"agency": "dif-jalisco"}, [*people, f"/reviews/{seeded['review_task']}"]),
        "supervisor": ({}, [*people, f"/reviews/{seeded['review_task']}"]),
        "kitchen_committee": ({"kitchen": seeded["kitchen"]}, []),
        "grievance_officer": ({}, cases),
        "identity_reveal_officer": ({}, cases),
        "ops": ({}, []),
        "auditor": ({}, [*people, *cases]),
        "admin": ({}, []),
    }


async def _crawl_as(tablet, make_account, console, role, scope, starts, language, codes) -> Crawl:
    username, password = await make_account(role, **scope)
    page = await sign_in(await tablet(), username, password)
    if language == "en":
        await page.goto("/language/en?next=/")
    for start in starts:
        if start.startswith("/people/"):
            await open_case_file(page, start.removeprefix("/people/"), "Visita de seguimiento")
    crawl = Crawl(
        role,
        language,
        PAGES_PER_ROLE,
        WRITTEN,
        read_only=Role(role) in READ_ONLY,
        codes=codes,
    )
    await crawl.walk(page, [f"{console.url}/", *(f"{console.url}{s}" for s in starts)])
    return crawl


async def _crawl_everyone(tablet, make_account, console, seeded, language) -> list[Crawl]:
    crawls, codes = [], (seeded["kitchen"],)
    for role, (scope, starts) in _roles(seeded).items():
        crawls.append(
            await _crawl_as(tablet, make_account, console, role, scope, starts, language, codes)
        )
    nobody = Crawl("(sin sesión)", language, PAGES_PER_ROLE, WRITTEN, codes=codes)
    page = await tablet()
    if language == "en":
        await page.goto("/language/en?next=/sign-in")
    await nobody.walk(
        page, [f"{console.url}{p}" for p in ("/sign-in", "/grievances/new", "/grievances/follow")]
    )
    return [*crawls, nobody]


def _report(crawls: list[Crawl]) -> str:
    lines = [
        f"{c.role}: {c.pages} páginas, {len(c.seen)} clases ({c.technical} nombres técnicos "
        "con sus palabras en /ops): " + " ".join(sorted(c.seen))
        for c in crawls
    ]
    lines += [
        f"{c.role}: {pattern} respondió {status}"
        for c in crawls
        for pattern, status in sorted(c.refusals.items())
    ]
    findings = sorted({str(f) for c in crawls for f in c.findings})
    return "\n".join([*lines, f"{len(findings)} hallazgos:", *findings])


@pytest.mark.parametrize("language", ["es", "en"])
async def test_every_screen_of_every_role_reads_in_its_language(
    tablet, make_account, console, seeded, language
):
    crawls = await _crawl_everyone(tablet, make_account, console, seeded, language)
    report = _report(crawls)
    print(report)
    assert sum(c.pages for c in crawls) >= 80, report
    assert not any(c.findings for c in crawls), report
