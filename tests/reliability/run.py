"""One scenario, start to end: set up kitchens, arm fault points, drive the
traffic while the fault is injected, drain, gather the evidence, check."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import asyncpg
import httpx

from shared.acting_assertion import ActingPerson
from shared.roles import Role
from tests.reliability import workload
from tests.reliability.checker import Check, check
from tests.reliability.cluster import Cluster
from tests.reliability.drain import InFlight, drain
from tests.reliability.driver import (
    OFFICER,
    ReplyWatcher,
    Traffic,
    acknowledge_cases,
    send_all,
)
from tests.reliability.evidence import gather, take_marks
from tests.reliability.latency import Phase, Window, phases, recovery_seconds
from tests.reliability.scenarios import Context, Scenario
from tests.reliability.workload import Message

# Who registers the run's kitchens, as the console signs for an administrator.
ADMIN = ActingPerson("reliability.admin", Role.ADMIN)

DEFAULT_RATE = 40.0
DEFAULT_DRAIN_TIMEOUT = 240.0


@dataclass(frozen=True)
class Result:
    scenario: Scenario
    events: int
    sent_seconds: float
    drain_seconds: float
    window: Window | None
    checks: list[Check]
    phases: list[Phase]
    recovery: float | None
    fault_error: str | None = None
    faults_fired: Counter[str] = field(default_factory=Counter)  # armed point -> times it fired

    @property
    def passed(self) -> bool:
        return self.fault_error is None and all(c.passed for c in self.checks)


async def register_kitchens(cluster: Cluster, run_id: str, count: int) -> list[str]:
    """As the console does: over HTTP, with a founding committee of three."""
    kitchens = [f"REL-{run_id.upper()}-{i:03d}" for i in range(count)]
    async with httpx.AsyncClient(timeout=30.0) as client:
        for kitchen_id in kitchens:
            response = await client.post(
                f"{cluster.url('kitchens')}/kitchens",
                headers=cluster.acting_headers("kitchens", ADMIN),
                json={
                    "kitchen_id": kitchen_id,
                    "name": "Comedor de prueba de carga",
                    "alcaldia": "Iztapalapa",
                    "colonia": "Centro",
                    "daily_capacity": workload.KITCHEN_CAPACITY,
                    "opening_date": workload.OPENING_DATE.isoformat(),
                    "committee": [
                        {"full_name": "Lucía Ramos", "role": "president"},
                        {"full_name": "Irma Soto", "role": "treasurer"},
                        {"full_name": "Pedro Gil", "role": "member"},
                    ],
                },
            )
            response.raise_for_status()
    return kitchens


async def holidays(database_url: str) -> set:
    conn = await asyncpg.connect(database_url)
    try:
        return {r["day"] for r in await conn.fetch("SELECT day FROM kitchens.holidays")}
    finally:
        await conn.close()


def mix_in(planned: list[Message], extra: list[Message]) -> list[Message]:
    """Spreads `extra` evenly over the middle third of the traffic."""
    if not extra:
        return planned
    third = len(planned) // 3
    middle = planned[third : 2 * third]
    step = max(1, len(middle) // len(extra))
    mixed: list[Message] = []
    for i, message in enumerate(middle):
        mixed.append(message)
        if i % step == 0 and extra:
            mixed.append(extra.pop(0))
    return [*planned[:third], *mixed, *extra, *planned[2 * third :]]


async def run_scenario(
    cluster: Cluster,
    scenario: Scenario,
    events: int,
    *,
    rate: float = DEFAULT_RATE,
    drain_timeout: float = DEFAULT_DRAIN_TIMEOUT,
    postgres_outage: float = 30.0,
) -> Result:
    await asyncio.to_thread(cluster.ensure_running)
    messages = await _plan(cluster, scenario, events)
    ctx = Context(cluster, messages, postgres_outage)
    armed = await _arm(cluster, scenario, ctx)
    # Drained first, so that what the previous scenario left is not this one's.
    await drain(cluster.database_url, cluster.kafka, drain_timeout)
    marks = await take_marks(cluster.database_url, cluster.kafka, cluster.log_paths)
    traffic = Traffic(messages)
    driven = await _drive(cluster, scenario, ctx, traffic, rate, drain_timeout)
    evidence = await gather(
        cluster.database_url,
        cluster.kafka,
        cluster.log_paths,
        marks,
        [m.event_id for m in messages if m.event_id],
        _record_ids(messages),
        list(traffic.acknowledgements),
    )
    fault_error = driven.fault_error
    if armed and not evidence.faults_fired and fault_error is None:
        # Otherwise a scenario whose fault never happened would pass as if it had been survived.
        fault_error = "the armed fault point never fired"
    for service in armed:  # points that never fired must not stay armed for the next scenario
        await asyncio.to_thread(cluster.restart, service)
    await asyncio.to_thread(cluster.ensure_running)
    return Result(
        scenario,
        len(messages),
        driven.sent_seconds,
        driven.drain_seconds,
        driven.window,
        check(traffic, evidence, driven.state),
        phases(traffic, driven.window),
        recovery_seconds(traffic, driven.window),
        fault_error,
        evidence.faults_fired,
    )


async def _plan(cluster: Cluster, scenario: Scenario, events: int) -> list[Message]:
    """The run's messages, for kitchens registered for it, with the scenario's own mixed in."""
    run_id = uuid.uuid4().hex[:6]
    days = workload.operating_days(await holidays(cluster.database_url))
    kitchens = await register_kitchens(
        cluster, run_id, workload.kitchen_count(events, workload.Mix(), len(days))
    )
    messages = workload.build(run_id, events, kitchens, days)
    return mix_in(messages, scenario.extra(kitchens[0], days[-1]) if scenario.extra else [])


async def _arm(cluster: Cluster, scenario: Scenario, ctx: Context) -> dict[str, dict[str, str]]:
    """Restarts the services the scenario arms with fault points; returns what was armed."""
    armed = scenario.arm(ctx) if scenario.arm else {}
    for service, env in armed.items():
        await asyncio.to_thread(cluster.restart, service, env)
    for service in scenario.replicas:  # armed like the service's first process
        await asyncio.to_thread(cluster.start_replica, service, armed.get(service))
    return armed


@dataclass(frozen=True)
class _Driven:
    sent_seconds: float
    drain_seconds: float
    window: Window | None
    fault_error: str | None
    state: InFlight


async def _drive(
    cluster: Cluster,
    scenario: Scenario,
    ctx: Context,
    traffic: Traffic,
    rate: float,
    drain_timeout: float,
) -> _Driven:
    """Sends the traffic while the fault is injected and an officer acknowledges
    each new case, then drains."""
    cases: asyncio.Queue[str] = asyncio.Queue()
    watcher = ReplyWatcher(cluster.kafka, traffic, cases)
    await watcher.start()
    officer = asyncio.create_task(
        acknowledge_cases(
            cluster.url("grievances"),
            lambda: cluster.acting_headers("grievances", OFFICER),
            cases,
            traffic,
        )
    )
    fault = asyncio.create_task(scenario.inject(ctx)) if scenario.inject else None
    try:
        started = time.monotonic()
        await send_all(cluster.kafka, traffic.messages, rate)
        sent_seconds = time.monotonic() - started
        window, fault_error = await _fault_outcome(fault, drain_timeout)
        drain_started = time.monotonic()
        state = await _drain_with_officer(cluster, cases, drain_timeout)
        drain_seconds = time.monotonic() - drain_started
    finally:
        officer.cancel()
        await asyncio.gather(officer, return_exceptions=True)
        await watcher.stop()
        if fault is not None and not fault.done():
            fault.cancel()
    return _Driven(sent_seconds, drain_seconds, window, fault_error, state)


async def _fault_outcome(
    fault: asyncio.Task[Window | None] | None, timeout: float
) -> tuple[Window | None, str | None]:
    """The fault's window, or why injecting it failed: that is reported with the
    figures, never hidden."""
    if fault is None:
        return None, None
    try:
        return await asyncio.wait_for(fault, timeout), None
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"


async def _drain_with_officer(
    cluster: Cluster, cases: asyncio.Queue[str], timeout: float
) -> InFlight:
    """Drains until the officer has settled every case the run opened, then once
    more for those transitions."""
    deadline = time.monotonic() + timeout
    await drain(cluster.database_url, cluster.kafka, timeout)
    # The officer marks each case done once its acknowledgement is settled.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
            await cases.join()
    state, _ = await drain(
        cluster.database_url, cluster.kafka, max(5.0, deadline - time.monotonic())
    )
    return state


def _record_ids(messages: list[Message]) -> list[str]:
    ids = []
    for m in messages:
        if m.topic == workload.ENROLMENTS.name and m.event_id:
            try:
                ids.append(json.loads(m.value)["payload"]["agency_record_id"])
            except (ValueError, KeyError, TypeError):
                continue
    return ids
