"""A named reporter's identity never leaves the sealed store except through the
two-officer reveal (test_grievance_reveal.py); an anonymous reporter follows the case
with a receipt alone."""

import asyncio
import hashlib
import uuid
from pathlib import Path

from shared.topics import ALL_TOPICS
from tests.e2e.grievance_helpers import (
    OFFICER,
    call,
    case,
    case_events,
    grievances_db,
    officer_reads,
    read_all,
    submission,
    submit,
    transition,
)

LOGS = Path(__file__).resolve().parents[2] / ".data" / "test-logs"
REPORTER = {"full_name": "Eulalia Zacarías Quintanilla", "contact": "eulalia.zq@example.org"}
SECRETS = (REPORTER["full_name"], "Zacarías", REPORTER["contact"])


async def test_a_named_reporter_never_appears_in_events_logs_dead_letters_or_read_apis(
    infrastructure, services
):
    opened = submit(
        services,
        submission(channel="in_person", anonymous=False, reporter=REPORTER),
        officer=OFFICER,
    )
    case_id = opened["case_id"]
    # A named reporter gets a receipt too; it follows the case, never the name.
    assert len(opened["receipt"]) >= 32
    transition(services, case_id, "acknowledge")
    # Refused requests carrying the name must not echo it either.
    refusals = [
        call(f"{services.url('grievances')}/cases", submission(anonymous=True, reporter=REPORTER)),
        call(
            f"{services.url('grievances')}/cases",
            submission(
                anonymous=False, reporter={**REPORTER, "full_name": REPORTER["full_name"] * 20}
            ),
        ),
        call(
            f"{services.url('grievances')}/cases",
            submission(anonymous=False, reporter={**REPORTER, "shoe_size": REPORTER["full_name"]}),
        ),
    ]
    assert [status for status, _ in refusals] == [422, 422, 422]
    await case_events(infrastructure, case_id, 1, "grievances.case_transitioned")

    reads = [
        case(services, case_id),
        call(f"{services.url('grievances')}/receipts/case", {"receipt": opened["receipt"]})[1],
        officer_reads(f"{services.url('grievances')}/cases/search", {"text": "Zacar"})[1],
        officer_reads(f"{services.url('grievances')}/cases?subject_ref=CDMX-IZT-0042&limit=500")[1],
        *(reply for _, reply in refusals),
    ]
    topics = [name for t in ALL_TOPICS for name in (t.name, t.dead_letter)]
    records = await read_all(infrastructure.kafka.operator, topics)
    logs = {path.name: path.read_text(errors="replace") for path in LOGS.glob("*.log")}
    assert records and "grievances.log" in logs
    for secret in SECRETS:
        assert all(secret not in str(reply) for reply in reads), f"{secret!r} in a read API"
        assert all(
            secret.encode()
            not in (r.value or b"") + (r.key or b"") + b"".join(v for _, v in r.headers)
            for r in records
        ), f"{secret!r} on a topic"
        assert all(secret not in text for text in logs.values()), f"{secret!r} in a service log"


async def test_an_anonymous_reporter_follows_and_adds_to_the_case_with_the_receipt(
    infrastructure, services
):
    opened = submit(
        services,
        submission(
            kind="whistleblower_report",
            category="corruption",
            subject={"kind": "programme", "ref": "comedores-cdmx"},
        ),
    )
    receipt = opened["receipt"]
    assert len(receipt) >= 32
    conn = await grievances_db(infrastructure)
    try:
        stored = await conn.fetchval(
            "SELECT receipt_hash FROM cases WHERE case_id = $1", uuid.UUID(opened["case_id"])
        )
    finally:
        await conn.close()
    assert stored == hashlib.sha256(receipt.encode()).digest()

    for action in ("acknowledge", "assign", "start", "await_reporter"):
        transition(
            services,
            opened["case_id"],
            action,
            assignee={"kind": "department", "ref": "contraloria"},
            question="¿Qué día de la semana ocurre?",
        )
    status, reply = call(
        f"{services.url('grievances')}/receipts/information",
        {"receipt": receipt, "information": "El cobro indebido ocurre los viernes."},
    )
    assert (status, reply) == (201, {"status": "in_progress"})
    status, followed = call(f"{services.url('grievances')}/receipts/case", {"receipt": receipt})
    assert status == 200 and followed["case_number"] == opened["case_number"]
    assert [t["status"] for t in followed["timeline"]] == [
        "received",
        "acknowledged",
        "assigned",
        "in_progress",
        "awaiting_reporter",
        "in_progress",
    ]
    assert followed["information_added"] == 1
    full = case(services, opened["case_id"])
    assert full["timeline"][-1]["by_whom"] == "reporter"
    assert full["reporter_additions"][0]["text"] == "El cobro indebido ocurre los viernes."

    status, reply = call(
        f"{services.url('grievances')}/receipts/case", {"receipt": receipt[:-4] + "AAAA"}
    )
    assert (status, reply["detail"]) == (
        404,
        [
            {
                "field": "receipt",
                "reason": "no case has this receipt",
                "code": "unknown_receipt",
                "params": {},
            }
        ],
    )
    logs = await asyncio.to_thread((LOGS / "grievances.log").read_text)
    assert receipt not in logs
