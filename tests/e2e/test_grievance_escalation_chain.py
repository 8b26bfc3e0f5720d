"""An escalated case moves to the next level's queue and that level's officers are told
(by e-mail, through the notifier); a case still overdue when the level's own time runs out
escalates again, up to the last level and no further."""

import uuid
from datetime import UTC, datetime, timedelta

from services.grievances.adapters.policy_file import load_policy
from services.grievances.domain.deadlines import add_working_days
from services.grievances.service_layer.deadline_scan import scan_for_breaches
from tests.e2e.grievance_helpers import (
    OFFICER,
    case,
    case_events,
    grievances_db,
    officer_reads,
    submission,
    submit,
)
from tests.e2e.smtp_sink import smtp_sink
from tests.e2e.test_grievance_notices import send

MAILBOXES = {
    1: ["jefatura.quejas@example.org"],
    2: ["direccion.programa@example.org"],
    3: ["contraloria.interna@example.org"],
}


async def scan_today(infrastructure) -> int:
    conn = await grievances_db(infrastructure)
    policy = load_policy()
    try:
        return await scan_for_breaches(conn, policy, policy.local_date(datetime.now(UTC)))
    finally:
        await conn.close()


async def level_time_runs_out(
    infrastructure, case_id: str, days_ago: int = 1, status: str | None = None
) -> None:
    """The level's time ended `days_ago` (scanning on a later day would touch other tests'
    cases; each level's day differs, as it does when the scan sets it); `status` sets the
    case's status too."""
    conn = await grievances_db(infrastructure)
    try:
        await conn.execute(
            "UPDATE cases SET level_due_on = $3, status = coalesce($2, status) WHERE case_id = $1",
            uuid.UUID(case_id),
            status,
            load_policy().local_date(datetime.now(UTC)) - timedelta(days=days_ago),
        )
    finally:
        await conn.close()


def queue_of(services, level: int) -> list[str]:
    status, listed = officer_reads(
        f"{services.url('grievances')}/cases?escalation_level={level}&open_only=true&limit=500"
    )
    assert status == 200, listed
    return [c["case_id"] for c in listed["cases"]]


async def test_a_case_still_overdue_climbs_level_by_level_and_each_level_is_told(
    infrastructure, services
):
    policy = load_policy()
    received = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    late = submit(services, submission(channel="phone", received_at=received), officer=OFFICER)
    case_id = late["case_id"]
    today = policy.local_date(datetime.now(UTC))

    await scan_today(infrastructure)
    first = case(services, case_id)
    assert first["escalation_level"] == 1
    level_due = add_working_days(today, policy.escalation_level_working_days, policy.holidays)
    assert first["level_due_on"] == level_due.isoformat()
    assert case_id in queue_of(services, 1) and case_id not in queue_of(services, 0)
    # Within the level's time nothing moves.
    await scan_today(infrastructure)
    assert case(services, case_id)["escalation_level"] == 1

    for days_ago, expected in ((1, 2), (2, 3), (3, 3)):
        await level_time_runs_out(infrastructure, case_id, days_ago)
        await scan_today(infrastructure)
        assert case(services, case_id)["escalation_level"] == expected
        assert case_id in queue_of(services, expected)

    escalated = await case_events(infrastructure, case_id, 3, "grievances.case_escalated")
    assert [(e["payload"]["from_level"], e["payload"]["to_level"]) for e in escalated] == [
        (0, 1),
        (1, 2),
        (2, 3),
    ]
    assert escalated[0]["payload"]["because"] == ["acknowledge", "resolve"]
    assert escalated[1]["payload"]["because"] == ["level"]
    assert escalated[2]["payload"]["level_name"] == "internal comptroller"

    with smtp_sink() as sink:
        await send(infrastructure, sink, MAILBOXES)
        for level, (mailbox,) in MAILBOXES.items():
            told = [m for m in sink.to(mailbox) if late["case_number"] in m["Subject"]]
            assert len(told) == 1, (level, [m["Subject"] for m in sink.received])
            assert policy.escalation_level_name(level) in told[0]["Subject"]


async def test_a_case_answered_at_its_level_does_not_climb(infrastructure, services):
    received = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    late = submit(services, submission(channel="phone", received_at=received), officer=OFFICER)
    await scan_today(infrastructure)
    await level_time_runs_out(infrastructure, late["case_id"], status="resolved")
    assert case(services, late["case_id"])["level_due_on"] is not None
    await scan_today(infrastructure)
    assert case(services, late["case_id"])["escalation_level"] == 1
