"""Notices leave through the notifier to a real SMTP server (a local sink): to a named
reporter who asked, at each step she hears of, with the case number and never its text;
never for a whistleblower report, whose receipt is the only channel."""

import asyncio
import uuid

import asyncpg
import pytest

from services.grievances.adapters.email_notifier import EmailNotifier
from services.grievances.adapters.policy_file import load_policy
from services.grievances.domain.sealed_identities import Opener
from services.grievances.service_layer.notices import Dispatch, send_due_notices
from tests.e2e.grievance_helpers import call, grievances_db, submission, submit, transition
from tests.e2e.smtp_sink import Sink, smtp_sink

ASSIGNEE = {"kind": "department", "ref": "contraloria"}
STEPS = (
    ("acknowledge", {}),
    ("assign", {"assignee": ASSIGNEE}),
    ("start", {}),
    ("await_reporter", {"question": "¿Quién cobró la cuota de más?"}),
    ("resume", {}),
    ("resolve", {"answer": "Se sancionó a la tesorera Mariela Ortiz."}),
)


def dispatch(infrastructure, sink: Sink, mailboxes=None) -> Dispatch:
    notifier = EmailNotifier(sink.host, sink.port, "quejas@example.org", starttls=False)
    return Dispatch(
        {"email": notifier},
        Opener.from_setting(infrastructure.reporter_identity_key),
        load_policy(),
        "https://consola.example.org/grievances/follow",
        mailboxes or {},
        # Every notice the session's other tests left waiting goes in the same run.
        batch=10_000,
    )


async def send(infrastructure, sink: Sink, mailboxes=None) -> int:
    conn = await grievances_db(infrastructure)
    try:
        return await send_due_notices(conn, dispatch(infrastructure, sink, mailboxes))
    finally:
        await conn.close()


def shown(message) -> str:
    """What the reader sees: the headers and the decoded body (the wire form may be base64)."""
    return f"{message['To']} {message['Subject']} {message.get_content()}"


def address() -> str:
    return f"reporta.{uuid.uuid4().hex[:8]}@example.org"


async def test_a_named_reporter_who_asked_gets_each_step_by_e_mail_without_the_case_text(
    infrastructure, services
):
    to = address()
    opened = submit(
        services,
        submission(
            anonymous=False,
            reporter={"full_name": "Mariana Tepox Huerta", "contact": "55 2222 3333"},
            notices={"medium": "email", "address": to},
        ),
    )
    for action, details in STEPS:
        assert transition(services, opened["case_id"], action, **details)[0] == 200
    with smtp_sink() as sink:
        await send(infrastructure, sink)
        await send(infrastructure, sink)
        received = sink.to(to)
    # acknowledge, await_reporter and resolve are told; assign, start and resume are not.
    assert len(received) == 3, [m["Subject"] for m in received]
    assert all(opened["case_number"] in m["Subject"] for m in received)
    assert "pregunta" in received[1]["Subject"] and "respuesta" in received[2]["Subject"]
    everything = " ".join(shown(m) for m in received)
    for secret in ("Mariela Ortiz", "cuota de más", "Mariana Tepox", opened["receipt"]):
        assert secret not in everything
    assert "https://consola.example.org/grievances/follow" in received[0].get_content()


async def test_a_whistleblower_report_never_sends_a_message(infrastructure, services):
    to = address()
    status, reply = call(
        f"{services.url('grievances')}/cases",
        submission(
            kind="whistleblower_report",
            category="corruption",
            anonymous=False,
            reporter={"full_name": "Testigo Protegido", "contact": to},
            notices={"medium": "email", "address": to},
        ),
    )
    assert status == 422 and reply["detail"][0]["field"] == "notices", reply
    # Named, with an e-mail as the identity's contact, yet nothing may leave for it.
    opened = submit(
        services,
        submission(
            kind="whistleblower_report",
            category="corruption",
            anonymous=False,
            reporter={"full_name": "Testigo Protegido", "contact": to},
        ),
    )
    for action, details in STEPS:
        assert transition(services, opened["case_id"], action, **details)[0] == 200
    conn = await grievances_db(infrastructure)
    try:
        case_id = uuid.UUID(opened["case_id"])
        # The database refuses what a bug in the service might try.
        with pytest.raises(asyncpg.CheckViolationError, match="receipt is the only channel"):
            await conn.execute(
                "INSERT INTO reporter_notice_addresses (case_id, medium, sealed, key_id) "
                "VALUES ($1, 'email', '\\x00', '\\x00')",
                case_id,
            )
        with pytest.raises(asyncpg.CheckViolationError, match="receipt is the only channel"):
            await conn.execute(
                "INSERT INTO notices (case_id, audience, about, created_at) "
                "VALUES ($1, 'reporter', 'resolve', now())",
                case_id,
            )
        queued = await conn.fetchval(
            "SELECT count(*) FROM notices WHERE case_id = $1 AND audience = 'reporter'", case_id
        )
    finally:
        await conn.close()
    assert queued == 0
    with smtp_sink() as sink:
        await send(infrastructure, sink)
        await asyncio.sleep(0.2)
        assert sink.to(to) == []
        assert all("Testigo" not in shown(m) for m in sink.received)


async def test_a_notice_that_could_not_leave_is_kept_and_sent_later(infrastructure, services):
    to = address()
    opened = submit(
        services,
        submission(
            anonymous=False,
            reporter={"full_name": "Paciente Espera", "contact": None},
            notices={"medium": "email", "address": to},
        ),
    )
    assert transition(services, opened["case_id"], "acknowledge")[0] == 200
    nowhere = Sink("127.0.0.1", 9)  # discard port: nothing listens, the connection is refused
    assert await send(infrastructure, nowhere) == 0
    conn = await grievances_db(infrastructure)
    try:
        row = await conn.fetchrow(
            "SELECT attempts, last_error, sent_at FROM notices WHERE case_id = $1",
            uuid.UUID(opened["case_id"]),
        )
    finally:
        await conn.close()
    assert row["attempts"] == 1 and row["sent_at"] is None
    assert to not in row["last_error"]
    with smtp_sink() as sink:
        await send(infrastructure, sink)
        assert len(sink.to(to)) == 1
