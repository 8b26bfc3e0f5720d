"""The ops screen in a real browser against the session's Kafka and services:
dead letters with their reasons, a replay that goes through the service's
normal idempotent path, lag and throughput, and who may see and replay."""

import asyncio
import json
import re
import uuid

import asyncpg
from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from deploy.local.agency_client import agency_envelope, publish_raw
from shared.kafka_access import KafkaAccess
from shared.topics import ENROLMENTS, GRIEVANCE_INTAKE
from tests.browser.console_helpers import post_without_form, screenshot, sign_in
from tests.kafka_helpers import header, wait_for_records

HOSTILE = "<img src=x onerror=alert(1)>"
GROUP = "grievances.grievances.intake"


def grievance(reference: str) -> dict:
    return agency_envelope(
        event_type="grievances.grievance_submitted",
        producer="channel.web",
        key=f"web:{reference}",
        payload={
            "channel": "web",
            "channel_reference": reference,
            "kind": "complaint",
            "category": "treatment",
            "subject": {"kind": "none"},
            "description": "La señora Pérez fue maltratada en ventanilla.",
            "anonymous": True,
        },
    )


async def _sql(database_url: str, query: str, *args):
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


async def _cases(database_url: str, reference: str) -> int:
    [row] = await _sql(
        database_url,
        "SELECT count(*) AS n FROM grievances.cases WHERE channel_reference = $1",
        reference,
    )
    return row["n"]


async def _wait_until(check, timeout: float = 30.0, what: str = "condition"):
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if await check():
            return
        await asyncio.sleep(0.3)
    raise AssertionError(f"{what} not reached within {timeout}s")


async def _committed_past(kafka: KafkaAccess, partition: int, offset: int) -> bool:
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(GROUP)
    finally:
        await admin.close()
    meta = offsets.get(TopicPartition(GRIEVANCE_INTAKE.name, partition))
    return meta is not None and meta.offset > offset


async def _dead_letter_of(kafka: KafkaAccess, key: str, value: bytes):
    """`value` sent to the registry's intake, which cannot read it: its dead letter."""
    await publish_raw(kafka, ENROLMENTS.name, [(key, value)])
    [dead] = await wait_for_records(
        kafka, f"{ENROLMENTS.name}.dlq", lambda r: r.key == key.encode()
    )
    return dead


def _ref(record) -> str:
    """A dead letter's card on the ops screen is found by its position (`data-ref`)."""
    return f"{record.topic}/{record.partition}/{record.offset}"


async def _replay(page, card) -> None:
    await card.locator("a.button").click()
    await page.wait_for_url("**/ops/dead-letters/**")
    await page.check("#replay-form input[name=confirm]")
    async with page.expect_navigation():
        await page.click("#replay-form button[type=submit]")
    assert "/ops?done=replayed" in page.url


async def _follow_service_links(page) -> None:
    """The services' documents open through the console, the one address a browser has
    under compose (there the services' own are internal names, http://beneficiaries:8001)."""
    other = await page.context.new_page()
    for path, words in (
        ("/metrics", "# TYPE"),
        ("/health/ready", "ready"),
        ("/asyncapi.json", "asyncapi"),
    ):
        opened = await other.goto(f"/ops/services/kitchens{path}")
        assert opened is not None and opened.status == 200, path
        assert words in await opened.text(), path
    refused = await other.goto("/ops/services/kitchens/persons")
    assert refused is not None and refused.status == 404
    await other.close()


async def test_dead_letters_are_shown_inertly_and_a_replay_applies_once(
    tablet, make_account, infrastructure, services
):
    kafka, database_url = infrastructure.kafka.operator, infrastructure.database_url
    poison_key = f"dif-jalisco:OPS-{uuid.uuid4().hex[:6]}{HOSTILE}"
    await publish_raw(
        kafka,
        ENROLMENTS.name,
        [
            (
                poison_key,
                b'{"event_id": "not closed", "curp": "GOMM800101MJCRRR09"' + HOSTILE.encode(),
            )
        ],
    )

    # A submission the grievances service cannot store while a faulty constraint is in place; once
    # it is dropped (the fix), the same bytes apply.
    reference = f"HOLD-{uuid.uuid4().hex[:8]}"
    constraint = f"ops_hold_{uuid.uuid4().hex[:8]}"
    await _sql(
        database_url,
        f"ALTER TABLE grievances.cases ADD CONSTRAINT {constraint} "
        f"CHECK (channel_reference <> '{reference}') NOT VALID",
    )
    held = grievance(reference)
    await publish_raw(kafka, GRIEVANCE_INTAKE.name, [(held["key"], json.dumps(held).encode())])
    [poisoned] = await wait_for_records(
        kafka, f"{ENROLMENTS.name}.dlq", lambda r: r.key == poison_key.encode()
    )
    [dead] = await wait_for_records(
        kafka,
        f"{GRIEVANCE_INTAKE.name}.dlq",
        lambda r: header(r, "dlq.event_id") == held["event_id"],
    )
    assert constraint in header(dead, "dlq.reason")

    username, password = await make_account("ops")
    page = await sign_in(await tablet(), username, password, "/ops")
    assert await page.locator("h1").inner_text() == "Operación de los flujos"
    dialogs = []
    page.on("dialog", lambda d: dialogs.append(d.message))

    poison = page.locator(f"article.dead-letter[data-ref='{_ref(poisoned)}']")
    assert "not valid JSON" in await poison.locator(".reason").inner_text()
    assert "OPS-" not in await poison.inner_text(), "not its key: its position finds the record"
    assert await page.locator("article.dead-letter img").count() == 0 and not dialogs
    preview = await poison.locator(".preview").inner_text()
    assert "GOMM800101MJCRRR09" not in preview and "no JSON" in preview

    card = page.locator(f"article.dead-letter[data-event-id='{held['event_id']}']")
    assert "CheckViolationError" in await card.locator(".reason").inner_text()
    assert "grievances.grievance_submitted" in await card.inner_text()
    assert "Pérez" not in await card.inner_text()
    assert (
        await page.locator(
            "#dead-letter-counts li[data-topic='grievances.intake.dlq'] .tag"
        ).inner_text()
        != "0"
    )
    for service in ("beneficiaries", "kitchens", "grievances"):
        assert re.fullmatch(
            r"\d+",
            await page.locator(
                f"#outbox-table tr[data-service={service}] .unpublished"
            ).inner_text(),
        )
        for path in ("/metrics", "/health/ready", "/asyncapi.json"):
            href = f"/ops/services/{service}{path}"
            assert await page.locator(f"#service-links a[href='{href}']").count() == 1
    await _follow_service_links(page)
    await screenshot(page, "ops_overview")

    await _sql(database_url, f"ALTER TABLE grievances.cases DROP CONSTRAINT {constraint}")
    assert await _cases(database_url, reference) == 0
    await _replay(page, card)
    await screenshot(page, "ops_replayed")
    await _wait_until(lambda: _cases_equal(database_url, reference, 1), what="the replayed case")
    assert (
        "Reenviado 1 vez"
        in await page.locator(
            f"article.dead-letter[data-event-id='{held['event_id']}'] .replayed"
        ).inner_text()
    )

    # Twice: the service's inbox knows the event id, so the case is not opened again.
    await _replay(page, page.locator(f"article.dead-letter[data-event-id='{held['event_id']}']"))
    second, first = await _sql(
        database_url,
        "SELECT published_partition, published_offset, replayed_by, original_topic "
        "FROM console.dead_letter_replays WHERE event_id = $1 ORDER BY replay_id DESC",
        held["event_id"],
    )
    assert {(r["replayed_by"], r["original_topic"]) for r in (first, second)} == {
        (username, GRIEVANCE_INTAKE.name)
    }
    await _wait_until(
        lambda: _committed_past(kafka, second["published_partition"], second["published_offset"]),
        what="the grievances group consuming the second replay",
    )
    assert await _cases(database_url, reference) == 1
    [inbox] = await _sql(
        database_url,
        "SELECT count(*) AS n FROM grievances.inbox WHERE event_id = $1",
        uuid.UUID(held["event_id"]),
    )
    assert inbox["n"] == 1

    await asyncio.sleep(1.1)  # throughput needs two samples a second apart
    await page.goto("/ops")
    row = page.locator(f"#consumer-groups tr[data-group='{GROUP}']")
    assert re.fullmatch(r"\d+", await row.locator(".lag").inner_text())
    assert re.fullmatch(r"\d+\.\d\d", await row.locator(".rate").inner_text())
    assert re.fullmatch(
        r"\d+\.\d\d",
        await page.locator("#topics-table tr[data-topic='grievances.intake'] .rate").inner_text(),
    )
    assert await page.locator("#last-events-table", has_text="channel.web").count() == 1
    assert await page.locator("#replays-table tbody tr", has_text=username).count() == 2


async def _cases_equal(database_url: str, reference: str, count: int) -> bool:
    return await _cases(database_url, reference) == count


async def test_only_ops_replays_auditors_look_and_other_roles_are_kept_out(
    tablet, make_account, infrastructure
):
    key = f"dif-jalisco:OPS-ROLES-{uuid.uuid4().hex[:6]}"
    dead = await _dead_letter_of(infrastructure.kafka.operator, key, b"[1, 2, 3]")
    detail = f"/ops/dead-letters/{dead.topic}/{dead.partition}/{dead.offset}"

    auditor_name, auditor_password = await make_account("auditor")
    auditor = await sign_in(await tablet(), auditor_name, auditor_password, "/ops")
    assert await auditor.locator("nav a[href='/ops']").count() == 1
    card = auditor.locator(f"article.dead-letter[data-ref='{_ref(dead)}']")
    assert "expected a JSON object" in await card.locator(".reason").inner_text()
    assert await card.locator("a.button").inner_text() == "Ver"
    await auditor.goto(detail)
    assert await auditor.locator("#replay-form").count() == 0
    csrf = await auditor.evaluate("document.querySelector('input[name=csrf_token]').value")
    refused = await post_without_form(
        auditor, detail + "/replay", {"csrf_token": csrf, "confirm": "yes"}
    )
    assert refused.status == 403 and "solo lectura" in await refused.text()
    await screenshot(auditor, "ops_dead_letter_auditor")

    ops_name, ops_password = await make_account("ops")
    ops = await sign_in(await tablet(), ops_name, ops_password, detail)
    csrf = await ops.evaluate("document.querySelector('input[name=csrf_token]').value")
    forged = await post_without_form(ops, detail + "/replay", {"confirm": "yes"})
    assert forged.status == 403 and "CSRF" in await forged.text()
    unconfirmed = await post_without_form(ops, detail + "/replay", {"csrf_token": csrf})
    assert (
        unconfirmed.status == 303
        and "problem=ops.confirm_missing" in unconfirmed.headers["location"]
    )
    [count] = await _sql(
        infrastructure.database_url,
        "SELECT count(*) AS n FROM console.dead_letter_replays "
        "WHERE dlq_topic = $1 AND dlq_partition = $2 AND dlq_offset = $3",
        dead.topic,
        dead.partition,
        dead.offset,
    )
    assert count["n"] == 0, "neither a forged nor an unconfirmed form replays"
    await screenshot(ops, "ops_dead_letter")

    for role, scope in (
        ("admin", {}),
        ("supervisor", {}),
        ("caseworker", {"agency": "dif-jalisco"}),
        ("grievance_officer", {}),
    ):
        name, password = await make_account(role, **scope)
        page = await sign_in(await tablet(), name, password, "/ops")
        assert await page.locator("h1").inner_text() == "No se puede mostrar", role
        assert await page.locator("nav a[href='/ops']").count() == 0, role
        await page.goto(detail)
        assert await page.locator("h1").inner_text() == "No se puede mostrar", role
        await page.goto("/ops/services/beneficiaries/metrics")
        assert await page.locator("h1").inner_text() == "No se puede mostrar", role


async def test_ops_dismisses_a_dead_letter_with_a_reason_that_is_kept_and_audited(
    tablet, make_account, infrastructure
):
    """A record no fix will make valid is not replayed: it is dismissed, saying why. It stays
    in its topic, leaves the list of those waiting, and the screen says who dismissed it,
    when and why. An auditor cannot; nor can a second operator dismiss it again."""
    kafka = infrastructure.kafka.operator
    key = f"dif-jalisco:OPS-DISMISS-{uuid.uuid4().hex[:6]}"
    dead = await _dead_letter_of(kafka, key, b'{"not": "an envelope"')
    ref = f"{dead.topic}/{dead.partition}/{dead.offset}"
    detail = f"/ops/dead-letters/{ref}"

    auditor_name, auditor_password = await make_account("auditor")
    auditor = await sign_in(await tablet(), auditor_name, auditor_password, detail)
    assert await auditor.locator("#dismiss-form").count() == 0
    csrf = await auditor.evaluate("document.querySelector('input[name=csrf_token]').value")
    refused = await post_without_form(
        auditor, detail + "/dismiss", {"csrf_token": csrf, "reason": "lo decide auditoría"}
    )
    assert refused.status == 403

    username, password = await make_account("ops")
    page = await sign_in(await tablet(), username, password, "/ops")
    card = page.locator(f"article.dead-letter[data-ref='{ref}']")
    await card.locator("a.button").click()
    await page.wait_for_url(f"**{detail}")
    csrf = await page.evaluate("document.querySelector('input[name=csrf_token]').value")
    blank = await post_without_form(page, detail + "/dismiss", {"csrf_token": csrf, "reason": " "})
    assert blank.status == 303 and "problem=ops.dismiss_reason_missing" in blank.headers["location"]
    why = "La agencia lo reenvió corregido el mismo día."
    await page.fill("#dismiss-reason", why)
    async with page.expect_navigation():
        await page.click("#dismiss-form button[type=submit]")
    assert "/ops?done=dismissed" in page.url
    assert await page.locator("p.notice").inner_text() == "Mensaje descartado."
    assert await page.locator(f"article.dead-letter[data-ref='{ref}']:not(.dismissed)").count() == 0
    await page.click("#dismissed-dead-letters summary")
    kept = page.locator(f"#dismissed-dead-letters article[data-ref='{ref}'] .dismissal")
    assert username in await kept.inner_text() and why in await kept.inner_text()
    await screenshot(page, "ops_dead_letter_dismissed")

    again = await post_without_form(
        page, detail + "/dismiss", {"csrf_token": csrf, "reason": "x" * 5}
    )
    assert again.status == 409 and "ya fue descartado" in await again.text()
    [row] = await _sql(
        infrastructure.database_url,
        "SELECT reason, dismissed_by FROM console.dead_letter_dismissals "
        "WHERE dlq_topic = $1 AND dlq_partition = $2 AND dlq_offset = $3",
        dead.topic,
        dead.partition,
        dead.offset,
    )
    assert (row["reason"], row["dismissed_by"]) == (why, username)
    # Kept in its topic: dismissing deletes nothing.
    await wait_for_records(kafka, f"{ENROLMENTS.name}.dlq", lambda r: r.key == key.encode())
