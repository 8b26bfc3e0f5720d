"""Finds deadlines that passed, raises each breach once and escalates the case."""

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

import asyncpg

from shared.contracts.grievances import DeadlineBreachedV1
from shared.db import Database
from shared.periodic import every
from shared.status_gauges import Reading, StatusGauge

from ..adapters.breaches_repository import BreachesRepository
from ..domain.policy import Policy
from .publishing import publish_each


async def scan_for_breaches(conn: asyncpg.Connection, policy: Policy, today: date) -> int:
    """Callable on its own (tests, benchmarks, an operator); returns how many breaches it raised."""
    async with conn.transaction():
        repository = BreachesRepository(conn)
        await repository.wait_for_other_scans()
        breaches = await repository.record_new_breaches(today, policy.top_escalation_level)
        if not breaches:
            return 0
        await repository.escalate(
            list({b["case_id"] for b in breaches}), policy.top_escalation_level
        )
        breached = [
            DeadlineBreachedV1(
                case_id=breach["case_id"],
                case_number=breach["case_number"],
                clock=breach["clock"],
                due_on=breach["due_on"],
                detected_on=today,
                escalation_level=breach["escalation_level"],
                escalated_to=policy.escalation_level_name(breach["escalation_level"]),
            )
            for breach in breaches
        ]
        await publish_each(conn, [(event, None) for event in breached])
    return len(breaches)


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
