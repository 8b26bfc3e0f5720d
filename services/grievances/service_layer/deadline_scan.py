"""Finds deadlines that passed, raises each breach once and escalates the case: it moves to
the next level's queue, that level's officers are notified, and the level has its own time,
after which a case still open escalates again."""

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

import asyncpg

from shared.contracts.base import EventContract
from shared.contracts.grievances import CaseEscalatedV1, DeadlineBreachedV1
from shared.db import Database
from shared.periodic import every
from shared.status_gauges import Reading, StatusGauge

from ..adapters.breaches_repository import BreachesRepository
from ..adapters.notices_repository import NoticesRepository
from ..domain.deadlines import add_working_days
from ..domain.policy import Policy
from .publishing import publish_each

# The level clock's breach is announced as an escalation only; the first two keep their event.
DEADLINE_CLOCKS = ("acknowledge", "resolve")


async def scan_for_breaches(conn: asyncpg.Connection, policy: Policy, today: date) -> int:
    """Callable on its own (tests, benchmarks, an operator); returns how many breaches it raised."""
    async with conn.transaction():
        repository = BreachesRepository(conn)
        await repository.wait_for_other_scans()
        breaches = await repository.record_new_breaches(today, policy.top_escalation_level)
        if not breaches:
            return 0
        level_due_on = add_working_days(
            today, policy.escalation_level_working_days, policy.holidays
        )
        await repository.escalate(
            list({b["case_id"] for b in breaches}), policy.top_escalation_level, level_due_on
        )
        escalated = _escalations(breaches, policy, today, level_due_on)
        await NoticesRepository(conn).queue_escalations(
            [(e.case_id, e.to_level) for e in escalated], datetime.now(UTC)
        )
        events: list[EventContract] = [
            _breached(b, policy, today) for b in breaches if b["clock"] in DEADLINE_CLOCKS
        ]
        await publish_each(conn, [(event, None) for event in [*events, *escalated]])
    return len(breaches)


def _breached(breach: dict[str, Any], policy: Policy, today: date) -> DeadlineBreachedV1:
    return DeadlineBreachedV1(
        case_id=breach["case_id"],
        case_number=breach["case_number"],
        clock=breach["clock"],
        due_on=breach["due_on"],
        detected_on=today,
        escalation_level=breach["escalation_level"],
        escalated_to=policy.escalation_level_name(breach["escalation_level"]),
    )


def _escalations(
    breaches: list[dict[str, Any]], policy: Policy, today: date, level_due_on: date
) -> list[CaseEscalatedV1]:
    """One per case that went up a level (a case already at the top stays where it is)."""
    by_case: dict[Any, list[dict[str, Any]]] = {}
    for breach in breaches:
        by_case.setdefault(breach["case_id"], []).append(breach)
    return [
        CaseEscalatedV1(
            case_id=case_id,
            case_number=found[0]["case_number"],
            from_level=found[0]["from_level"],
            to_level=found[0]["from_level"] + 1,
            level_name=policy.escalation_level_name(found[0]["from_level"] + 1),
            because=sorted(b["clock"] for b in found),
            detected_on=today,
            level_due_on=level_due_on,
        )
        for case_id, found in by_case.items()
        if found[0]["from_level"] < policy.top_escalation_level
    ]


def periodic_deadline_scan(policy: Policy) -> Callable[[Database], Awaitable[None]]:
    return every(
        policy.deadline_scan_interval_seconds,
        lambda conn: scan_for_breaches(conn, policy, policy.local_date(datetime.now(UTC))),
        "deadline breaches raised",
    )


def overdue_cases(policy: Policy) -> StatusGauge:
    """What the "grievance deadlines breached" alert watches (deploy/prometheus/alerts.yml)."""

    async def read(conn: asyncpg.Connection) -> Reading:
        today = policy.local_date(datetime.now(UTC))
        counts = await BreachesRepository(conn).overdue(today)
        return {(clock,): count for clock, count in counts.items()}

    return StatusGauge(
        "grievances_overdue_cases",
        "Open grievance cases past their acknowledgement or resolution due date.",
        read,
        labels=("clock",),
    )
