"""A year of a city's grievances, through Kafka, then a year of case work.

    .venv/bin/python -m tests.benchmarks.grievances_load --cases 50000

1. Intake: N grievance_submitted envelopes spread over 2025 (occurred_at is the
   receipt time) are published to `grievances.intake` as fast as possible;
   sustained intake = N / (first send -> N-th case row committed).
2. Case work, day by day through 2025: each case's transitions at realistic
   delays (acknowledge, assign, start, resolve, close; some rejected, some
   reopened, recent ones still open) through the service layer with their
   historical timestamps, and the deadline scan run for each day.
3. Timed: the deadline scan with all N cases open right after intake (on
   2025-12-31, rolled back so the year can still be worked) and the Q4 report
   then; after the year's work, each daily scan,
   the scan over what is still open on 2026-01-31, the same scan again
   (nothing new), and the Q4 2025 public report.
Starts a private stack (`.data/bench/<id>`, removed afterwards); the services'
own periodic scan is switched off through GRIEVANCES_POLICY_FILE."""

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaProducer

from deploy.local.agency_client import agency_envelope
from services.grievances.adapters.policy_file import POLICY_FILE, load_policy
from services.grievances.domain.lifecycle import Assignee, Command
from services.grievances.service_layer.deadline_scan import scan_for_breaches
from services.grievances.service_layer.public_report import quarterly_public_report
from services.grievances.service_layer.transitions import transition_case
from shared.db import create_pool
from shared.kafka_access import KafkaAccess
from shared.logging import configure_logging
from shared.topics import GRIEVANCE_INTAKE
from tests.benchmarks.private_stack import log, private_stack

YEAR_START = datetime(2025, 1, 1, 8, tzinfo=UTC)
FINAL_SCAN = date(2026, 1, 31)
CHANNELS = {"web": 35, "phone": 20, "in_person": 10, "kitchen_tablet": 25, "agency_system": 10}
KINDS = {
    "complaint": 55,
    "request": 20,
    "proposal": 8,
    "non_conformity": 12,
    "whistleblower_report": 5,
}
CATEGORIES = {
    "service_quality": 25,
    "treatment": 15,
    "hygiene": 12,
    "food_quality": 15,
    "misuse_of_subsidy": 6,
    "corruption": 3,
    "discrimination": 4,
    "data_protection": 2,
    "access_to_information": 10,
    "other": 8,
}


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def submissions(count: int, rng: random.Random) -> list[dict]:
    out = []
    for i in range(count):
        channel = pick(rng, CHANNELS)
        kind = pick(rng, KINDS)
        category = (
            "access_to_information"
            if kind == "request" and rng.random() < 0.5
            else pick(rng, CATEGORIES)
        )
        envelope = agency_envelope(
            event_type="grievances.grievance_submitted",
            producer=f"channel.{channel}",
            key=f"{channel}:BENCH-{i:07d}",
            payload={
                "channel": channel,
                "channel_reference": f"BENCH-{i:07d}",
                "kind": kind,
                "category": category,
                "subject": {"kind": "kitchen", "ref": f"CDMX-K-{rng.randrange(400):04d}"},
                "description": "Queja de prueba para la medición de carga.",
                "anonymous": True,
            },
        )
        envelope["occurred_at"] = (
            YEAR_START + timedelta(seconds=rng.uniform(0, 364 * 86_400))
        ).isoformat()
        out.append(envelope)
    return out


def case_work(received_at: datetime, rng: random.Random) -> list[tuple[datetime, Command]]:
    """One case's transitions at realistic delays;
    the scan date cuts off what has not happened yet."""
    at = received_at + timedelta(hours=rng.lognormvariate(3.2, 0.9))
    steps = [(at, Command("acknowledge"))]
    if rng.random() < 0.07:
        return [
            *steps,
            (at + timedelta(hours=4), Command("reject", reason="Fuera del ámbito del programa.")),
        ]
    at += timedelta(hours=rng.uniform(1, 30))
    steps.append((at, Command("assign", Assignee("department", f"DEP-{rng.randrange(12)}"))))
    at += timedelta(hours=rng.uniform(1, 48))
    steps.append((at, Command("start")))
    at += timedelta(days=rng.lognormvariate(2.1, 0.7))
    steps.append((at, Command("resolve", answer="Se atendió.")))
    if rng.random() < 0.04:
        at += timedelta(days=rng.uniform(1, 20))
        steps += [
            (at, Command("reopen", reason="No quedó resuelto.")),
            (at + timedelta(days=rng.uniform(2, 10)), Command("resolve", answer="Atendido.")),
        ]
    elif rng.random() < 0.7:
        steps.append((at + timedelta(days=rng.uniform(1, 6)), Command("close")))
    return steps


async def intake(kafka: KafkaAccess, pool: asyncpg.Pool, envelopes: list[dict]) -> float:
    producer = AIOKafkaProducer(**kafka.client_options(), acks="all", linger_ms=20)
    await producer.start()
    started = time.perf_counter()
    try:
        pending = [
            await producer.send(
                GRIEVANCE_INTAKE.name, json.dumps(e).encode(), key=e["key"].encode()
            )
            for e in envelopes
        ]
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    log(
        f"published {len(envelopes)} in {time.perf_counter() - started:.1f}s; "
        "waiting for the cases …"
    )
    # The cases are in PostgreSQL, which has no event to await: their count is polled.
    while await pool.fetchval("SELECT count(*) FROM cases") < len(envelopes):  # noqa: ASYNC110
        await asyncio.sleep(0.5)
    return time.perf_counter() - started


async def work_the_year(pool: asyncpg.Pool, rng: random.Random) -> dict[str, int]:
    cases = await pool.fetch("SELECT case_id, received_at FROM cases")
    by_day: dict[date, list[tuple[object, list[tuple[datetime, Command]]]]] = defaultdict(list)
    for case in cases:
        per_day: dict[date, list] = defaultdict(list)
        for at, command in case_work(case["received_at"], rng):
            if at.date() < FINAL_SCAN:
                per_day[at.date()].append((at, command))
        for day, steps in per_day.items():
            by_day[day].append((case["case_id"], steps))
    counts = {"transitions": 0, "breaches": 0, "scan_ms": []}
    day = YEAR_START.date()
    while day < FINAL_SCAN:
        await asyncio.gather(
            *(apply_steps(pool, case_id, steps, counts) for case_id, steps in by_day.get(day, []))
        )
        async with pool.acquire() as conn:
            _, seconds, raised = await timed(
                "daily scan", scan_for_breaches(conn, load_policy(), day)
            )
        counts["breaches"] += raised
        counts["scan_ms"].append(seconds * 1000)
        day += timedelta(days=1)
    return counts


async def apply_steps(pool: asyncpg.Pool, case_id, steps, counts: dict[str, int]) -> None:
    async with pool.acquire() as conn:
        for at, command in steps:
            await transition_case(conn, load_policy(), case_id, command, "officer.bench", at)
            counts["transitions"] += 1


async def timed(label: str, work) -> tuple[str, float, object]:
    started = time.perf_counter()
    result = await work
    return label, time.perf_counter() - started, result


async def scan_everything_open(pool: asyncpg.Pool) -> tuple[str, float, object]:
    """The worst case: no case worked yet. Rolled back, so the year can be worked afterwards."""
    async with pool.acquire() as conn:
        transaction = conn.transaction()
        await transaction.start()
        try:
            return await timed(
                "deadline scan, all cases open (rolled back)",
                scan_for_breaches(conn, load_policy(), date(2025, 12, 31)),
            )
        finally:
            await transaction.rollback()


def say(line: str) -> None:
    """Each figure as soon as it is measured: a long run that is cut short still tells something."""
    print(line, flush=True)


def figure(label: str, seconds: float, result: object) -> str:
    detail = (
        f"{result} breaches"
        if isinstance(result, int)
        else f"{result['cases']} cases in the quarter"
    )
    return f"  {label}: {seconds * 1000:.0f} ms ({detail})"


async def measure(kafka: KafkaAccess, database_url: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    pool = await create_pool(database_url, "grievances", max_size=6)
    try:
        seconds = await intake(kafka, pool, submissions(count, rng))
        say(
            f"cases {count}: intake {seconds:.1f}s = {count / seconds:.0f} cases/s sustained "
            "(Kafka -> committed case)"
        )
        say(figure(*await scan_everything_open(pool)))
        async with pool.acquire() as conn:
            say(
                figure(
                    *await timed(
                        "quarterly report Q4 2025, no case worked",
                        quarterly_public_report(conn, load_policy(), 2025, 4),
                    )
                )
            )
        log("working the year day by day …")
        started = time.perf_counter()
        counts = await work_the_year(pool, rng)
        say(
            f"  case work: {counts['transitions']} transitions and "
            f"{counts['breaches']} daily-scan breaches in {time.perf_counter() - started:.1f}s"
        )
        say(
            f"  daily scans: {len(counts['scan_ms'])}, "
            f"mean {statistics.fmean(counts['scan_ms']):.0f} ms, "
            f"max {max(counts['scan_ms']):.0f} ms"
        )
        async with pool.acquire() as conn:
            still_open = await conn.fetchval(
                "SELECT count(*) FROM cases WHERE status NOT IN ($1, $2, $3)",
                "resolved",
                "closed",
                "rejected",
            )
            say(f"  open cases at {FINAL_SCAN}: {still_open}")
            say(
                figure(
                    *await timed(
                        "deadline scan, all open cases (raises)",
                        scan_for_breaches(conn, load_policy(), FINAL_SCAN),
                    )
                )
            )
            say(
                figure(
                    *await timed(
                        "deadline scan again (nothing new)",
                        scan_for_breaches(conn, load_policy(), FINAL_SCAN),
                    )
                )
            )
            say(
                figure(
                    *await timed(
                        "quarterly report Q4 2025",
                        quarterly_public_report(conn, load_policy(), 2025, 4),
                    )
                )
            )
    finally:
        await pool.close()


def quiet_policy() -> Path:
    """The shipped policy with the services' own periodic scan pushed out of the run."""
    document = json.loads(POLICY_FILE.read_text())
    document["deadline_scan_interval_seconds"] = 10**7
    path = Path(tempfile.mkdtemp()) / "policy.json"
    path.write_text(json.dumps(document))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.grievances_load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--cases",
        type=int,
        nargs="+",
        default=[5000, 50000],
        help="one run per size, each on a fresh stack",
    )
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    os.environ["GRIEVANCES_POLICY_FILE"] = str(quiet_policy())
    configure_logging("grievances-benchmark", "WARNING")
    for count in args.cases:
        with private_stack() as (infra, _):
            say(f"({infra.kafka_description}; {infra.postgres_description})")
            asyncio.run(measure(infra.kafka.operator, infra.database_url, count, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
