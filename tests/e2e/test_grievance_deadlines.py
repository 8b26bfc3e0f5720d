"""Deadline breaches: detected by the scan, published once, escalated one level."""

import asyncio
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from services.grievances.adapters.policy_file import load_policy
from services.grievances.service_layer.deadline_scan import (
    periodic_deadline_scan,
    scan_for_breaches,
)
from shared.db import Database
from shared.topics import GRIEVANCE_EVENTS
from tests.e2e.grievance_helpers import (
    OFFICER,
    case,
    case_events,
    grievances_db,
    of_case,
    read_all,
    submission,
    submit,
    transition,
)


def received_days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


async def scan(infrastructure) -> int:
    conn = await grievances_db(infrastructure)
    try:
        return await scan_for_breaches(
            conn, load_policy(), load_policy().local_date(datetime.now(UTC))
        )
    finally:
        await conn.close()


async def test_a_late_case_breaches_both_clocks_once_and_climbs_one_level(infrastructure, services):
    late = submit(
        services, submission(channel="phone", received_at=received_days_ago(40)), officer=OFFICER
    )
    assert await scan(infrastructure) >= 2
    await scan(infrastructure)
    events = await case_events(infrastructure, late["case_id"], 2, "grievances.deadline_breached")
    published = await read_all(infrastructure.kafka.operator, [GRIEVANCE_EVENTS.name])
    assert sum(of_case(late["case_id"], "grievances.deadline_breached")(r) for r in published) == 2
    assert sorted(e["payload"]["clock"] for e in events) == ["acknowledge", "resolve"]
    assert {(e["payload"]["escalation_level"], e["payload"]["escalated_to"]) for e in events} == {
        (1, "department head")
    }

    full = case(services, late["case_id"])
    assert full["escalation_level"] == 1
    assert sorted(b["clock"] for b in full["breaches"]) == ["acknowledge", "resolve"]


async def test_the_same_breach_cannot_be_recorded_twice(infrastructure, services):
    late = submit(
        services, submission(channel="phone", received_at=received_days_ago(10)), officer=OFFICER
    )
    await scan(infrastructure)
    await scan(infrastructure)
    conn = await grievances_db(infrastructure)
    try:
        case_id = uuid.UUID(late["case_id"])
        assert (
            await conn.fetchval(
                "SELECT count(*) FROM deadline_breaches "
                "WHERE case_id = $1 AND clock = 'acknowledge'",
                case_id,
            )
            == 1
        )
        with pytest.raises(asyncpg.UniqueViolationError):
            await conn.execute(
                "INSERT INTO deadline_breaches "
                "(case_id, clock, due_on, detected_on, escalation_level) "
                "SELECT case_id, clock, due_on, detected_on + 1, 2 FROM deadline_breaches "
                "WHERE case_id = $1 AND clock = 'acknowledge'",
                case_id,
            )
    finally:
        await conn.close()
    await case_events(infrastructure, late["case_id"], 1, "grievances.deadline_breached")
    assert case(services, late["case_id"])["escalation_level"] == 1


async def test_no_breach_while_waiting_for_the_reporter_and_the_clock_resumes_after(
    infrastructure, services
):
    late = submit(
        services, submission(channel="phone", received_at=received_days_ago(30)), officer=OFFICER
    )
    for action, details in (
        ("acknowledge", {}),
        ("assign", {"assignee": {"kind": "agency", "ref": "sedis"}}),
        ("start", {}),
        ("await_reporter", {"question": "¿Qué día ocurrió?"}),
    ):
        assert transition(services, late["case_id"], action, **details)[0] == 200
    await scan(infrastructure)
    assert case(services, late["case_id"])["breaches"] == []
    transition(services, late["case_id"], "resume")
    await scan(infrastructure)
    assert [b["clock"] for b in case(services, late["case_id"])["breaches"]] == ["resolve"]


async def test_a_case_in_time_is_not_breached(infrastructure, services):
    fresh = submit(services, submission())
    await scan(infrastructure)
    assert case(services, fresh["case_id"])["breaches"] == []
    assert case(services, fresh["case_id"])["escalation_level"] == 0


async def test_two_scanners_at_once_raise_each_breach_once(infrastructure, services):
    late = submit(
        services, submission(channel="phone", received_at=received_days_ago(25)), officer=OFFICER
    )
    await asyncio.gather(*(scan(infrastructure) for _ in range(3)))
    await case_events(infrastructure, late["case_id"], 2, "grievances.deadline_breached")
    published = await read_all(infrastructure.kafka.operator, [GRIEVANCE_EVENTS.name])
    assert sum(of_case(late["case_id"], "grievances.deadline_breached")(r) for r in published) == 2
    assert case(services, late["case_id"])["escalation_level"] == 1


async def test_the_service_scans_on_its_own_schedule(infrastructure, services):
    late = submit(
        services, submission(channel="phone", received_at=received_days_ago(45)), officer=OFFICER
    )
    database = Database(infrastructure.database_url, "grievances")
    await database.open()
    scanner = asyncio.create_task(
        periodic_deadline_scan(replace(load_policy(), deadline_scan_interval_seconds=0.1))(database)
    )
    try:
        await case_events(infrastructure, late["case_id"], 2, "grievances.deadline_breached")
    finally:
        scanner.cancel()
        await asyncio.gather(scanner, return_exceptions=True)
        await database.close()


async def test_escalation_stops_at_the_top_level(infrastructure, services):
    late = submit(
        services, submission(channel="phone", received_at=received_days_ago(45)), officer=OFFICER
    )
    conn = await grievances_db(infrastructure)
    try:
        await conn.execute(
            "UPDATE cases SET escalation_level = 3 WHERE case_id = $1", uuid.UUID(late["case_id"])
        )
    finally:
        await conn.close()
    await scan(infrastructure)
    events = await case_events(infrastructure, late["case_id"], 2, "grievances.deadline_breached")
    assert {(e["payload"]["escalation_level"], e["payload"]["escalated_to"]) for e in events} == {
        (3, "internal comptroller")
    }
    assert case(services, late["case_id"])["escalation_level"] == 3
