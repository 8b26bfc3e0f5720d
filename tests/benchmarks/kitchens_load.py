"""Kitchens at programme scale: a year of tablet traffic through Kafka.

    .venv/bin/python -m tests.benchmarks.kitchens_load [--kitchens 400] [--days 0]

Starts a private stack (PostgreSQL, Kafka, topics, migrations, the kitchens
service) under `.data/bench/<id>`, registers the kitchens, then publishes to
`kitchens.daily-reports`, as a tablet gateway would, one report per kitchen and
operating day of the year before the current month (`--days N` keeps the last N
operating days only), plus purchases (`--purchases` per kitchen and month) and
surveys (`--surveys` per kitchen and month). It reports:

- messages/s and reports/s sustained through validation, storage and outbox,
  from the first send to the last message applied (read from the inbox);
- the monthly subsidy run's time for the last month (POST /subsidy-runs), and
  a second run's (idempotent: it credits nothing);
- SQL statements per message, counted on one connection for one more report,
  purchase and survey (deterministic, unlike the timings)."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import signal
import sys
import time
import urllib.request
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaProducer

from deploy.local.agency_client import agency_envelope
from deploy.local.stack import (
    Infrastructure,
    Ports,
    ServiceFleet,
    prepare,
    start_infrastructure,
    start_service,
    wait_until_ready,
)
from services.kitchens.bootstrap import DEFINITION
from services.kitchens.domain.calendar import operating_days
from services.kitchens.domain.commands import NewMember, RegisterKitchen
from services.kitchens.service_layer import registry
from shared.consumer import TransactionalConsumer
from shared.db import Database, connect
from shared.kafka_access import KafkaAccess
from shared.programme_clock import programme_today
from shared.records import IncomingRecord
from shared.topics import DAILY_REPORTS
from tests.benchmarks.private_stack import free_port, log

ROOT = Path(__file__).resolve().parents[2]
OPENED = date(2024, 1, 8)
ASPECTS = (
    "service_quality",
    "treatment",
    "hygiene_and_upkeep",
    "food_quality",
    "use_of_subsidy",
    "attention_to_requests",
)


def kitchen_ids(count: int) -> list[str]:
    return [f"BENCH-{n:05d}" for n in range(count)]


async def register(database: Database, ids: list[str], rng: random.Random) -> None:
    committee = [
        NewMember(full_name=f"Vecina {n}", role=role)
        for n, role in enumerate(("president", "treasurer", "member"))
    ]
    queue = list(ids)

    async def worker() -> None:
        async with database.pool.acquire() as conn:
            while queue:
                kitchen_id = queue.pop()
                await registry.register_kitchen(
                    conn,
                    RegisterKitchen(
                        kitchen_id=kitchen_id,
                        name=f"Comedor {kitchen_id}",
                        alcaldia="Iztapalapa",
                        colonia="Centro",
                        daily_capacity=rng.randrange(150, 351, 10),
                        opening_date=OPENED,
                        committee=committee,
                    ),
                )

    await asyncio.gather(*(worker() for _ in range(8)))


def year_of_days(today: date, holidays: set[date], keep_last: int) -> list[date]:
    end = date(today.year, today.month, 1) - timedelta(days=1)
    start = date(end.year - 1, end.month, 1) + timedelta(days=32)
    start = date(start.year, start.month, 1)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    days = [d for d in days if operating_days(d, d, holidays)]
    return days[-keep_last:] if keep_last else days


def traffic(
    ids: list[str], days: list[date], purchases: int, surveys: int, rng: random.Random
) -> tuple[list[dict], int]:
    """Envelopes in time order (day by day, every kitchen), and how many are daily reports."""
    envelopes, reports = [], 0
    months = sorted({(d.year, d.month) for d in days})
    month_days = {m: [d for d in days if (d.year, d.month) == m] for m in months}
    for day in days:
        for kitchen_id in ids:
            rations = rng.randrange(110, 150)  # under every capacity: flags stay the exception
            envelopes.append(
                tablet(
                    "kitchens.daily_report_submitted",
                    kitchen_id,
                    {
                        "kitchen_id": kitchen_id,
                        "report_date": day.isoformat(),
                        "rations_dine_in": rations - 30,
                        "rations_take_away": 30,
                        "fees_collected_centavos": rations * 1000,
                    },
                )
            )
            reports += 1
        if day == month_days[(day.year, day.month)][-1]:
            envelopes.extend(
                month_extras(ids, month_days[(day.year, day.month)], purchases, surveys, rng)
            )
    return envelopes, reports


def month_extras(
    ids: list[str], days: list[date], purchases: int, surveys: int, rng: random.Random
) -> list[dict]:
    out = []
    for kitchen_id in ids:
        for n in range(purchases):
            day = rng.choice(days)
            out.append(
                tablet(
                    "kitchens.purchase_submitted",
                    kitchen_id,
                    {
                        "kitchen_id": kitchen_id,
                        "purchased_on": day.isoformat(),
                        "supplier": "Abarrotes La Esperanza",
                        "category": rng.choice(("perishable", "non_perishable", "other")),
                        "amount_centavos": rng.randrange(300_00, 900_00),
                        "receipt_reference": f"{day:%Y%m}-{n}",
                    },
                )
            )
        out.extend(
            tablet(
                "kitchens.survey_submitted",
                kitchen_id,
                {
                    "kitchen_id": kitchen_id,
                    "surveyed_on": rng.choice(days).isoformat(),
                    "scores": {a: rng.choice((2, 3, 4, 4, 5, 5)) for a in ASPECTS},
                },
            )
            for _ in range(surveys)
        )
    return out


def tablet(event_type: str, kitchen_id: str, payload: dict) -> dict:
    return agency_envelope(
        event_type=event_type, producer="tablet-gateway", key=kitchen_id, payload=payload
    )


async def publish_all(kafka: KafkaAccess, envelopes: list[dict]) -> float:
    producer = AIOKafkaProducer(
        **kafka.client_options(), acks="all", linger_ms=20, max_batch_size=256 * 1024
    )
    await producer.start()
    started = time.monotonic()
    try:
        for n in range(0, len(envelopes), 2000):
            batch = [
                await producer.send(
                    DAILY_REPORTS.name, json.dumps(e).encode(), key=e["key"].encode()
                )
                for e in envelopes[n : n + 2000]
            ]
            await asyncio.gather(*batch)
    finally:
        await producer.stop()
    return started


async def wait_applied(database: Database, total: int, started: float, timeout: float) -> float:
    """Seconds from the first send until the inbox holds every message."""
    deadline, last_log = time.monotonic() + timeout, 0.0
    while True:
        applied = await database.pool.fetchval("SELECT count(*) FROM inbox")
        now = time.monotonic()
        if applied >= total:
            return now - started
        if now > deadline:
            raise TimeoutError(f"{applied} of {total} messages applied after {timeout:.0f}s")
        if now - last_log > 15:
            log(f"  {applied}/{total} applied, {applied / (now - started):.0f} msg/s so far")
            last_log = now
        await asyncio.sleep(0.5)


def subsidy_run(base_url: str, month: str, headers: dict[str, str]) -> tuple[float, dict]:
    request = urllib.request.Request(
        f"{base_url}/subsidy-runs",
        data=json.dumps({"month": month}).encode(),
        headers={"content-type": "application/json", **headers},
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=3600) as response:
        body = json.loads(response.read())
    return time.monotonic() - started, body


class NoDeadLetters:
    async def send(self, record, reason, code, event_id) -> None:
        raise AssertionError(f"statement count sample was dead-lettered: {reason}")


class CountingDatabase:
    """Hands the consumer one connection whose every statement is recorded."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.statements: list[str] = []
        self._conn = conn
        conn.add_query_logger(lambda record: self.statements.append(record.query))

    @property
    def pool(self) -> CountingDatabase:
        return self

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[asyncpg.Connection]:
        yield self._conn


def samples(kitchen_id: str, day: date) -> dict[str, dict]:
    return {
        "daily report": tablet(
            "kitchens.daily_report_submitted",
            kitchen_id,
            {
                "kitchen_id": kitchen_id,
                "report_date": day.isoformat(),
                "rations_dine_in": 150,
                "rations_take_away": 20,
                "fees_collected_centavos": 170_000,
            },
        ),
        "purchase": tablet(
            "kitchens.purchase_submitted",
            kitchen_id,
            {
                "kitchen_id": kitchen_id,
                "purchased_on": day.isoformat(),
                "supplier": "Frutas Doña Rosa",
                "category": "perishable",
                "amount_centavos": 500_00,
                "receipt_reference": f"COUNT-{day}",
            },
        ),
        "survey": tablet(
            "kitchens.survey_submitted",
            kitchen_id,
            {
                "kitchen_id": kitchen_id,
                "surveyed_on": day.isoformat(),
                "scores": {a: 4 for a in ASPECTS},
            },
        ),
    }


async def statements_per_message(
    database_url: str, kitchen_id: str, warm_up_day: date, day: date
) -> dict[str, int]:
    """SQL statements the consume path sends for one message of each kind, inbox and
    transaction included, after a first round that warms asyncpg's type caches."""
    conn = await connect(database_url, "kitchens")
    try:
        database = CountingDatabase(conn)
        consumer = TransactionalConsumer(
            database, DAILY_REPORTS, DEFINITION.subscriptions[0].handlers, NoDeadLetters()
        )
        counts = {}
        for name, envelope in [
            *samples(kitchen_id, warm_up_day).items(),
            *samples(kitchen_id, day).items(),
        ]:
            await asyncio.sleep(
                0.1
            )  # query loggers are called soon after the statement, not during it
            database.statements.clear()
            await consumer.process(
                IncomingRecord(
                    DAILY_REPORTS.name, 0, 0, kitchen_id.encode(), json.dumps(envelope).encode()
                )
            )
            await asyncio.sleep(0.1)
            counts[name] = len(database.statements)
        return counts
    finally:
        await conn.close()


async def measure(infra: Infrastructure, base_url: str, args: argparse.Namespace) -> str:
    rng = random.Random(args.seed)
    database = Database(infra.database_url, "kitchens", max_size=8)
    await database.open()
    try:
        ids = kitchen_ids(args.kitchens)
        started = time.monotonic()
        await register(database, [*ids, "BENCH-COUNT"], rng)
        log(f"registered {len(ids) + 1} kitchens in {time.monotonic() - started:.1f}s")
        holidays = {r["day"] for r in await database.pool.fetch("SELECT day FROM holidays")}
        days = year_of_days(programme_today(), holidays, args.days)
        envelopes, reports = traffic(ids, days, args.purchases, args.surveys, rng)
        log(
            f"publishing {len(envelopes)} messages "
            f"({reports} daily reports, {days[0]} to {days[-1]}) …"
        )
        elapsed = await wait_applied(
            database,
            len(envelopes),
            await publish_all(infra.kafka.operator, envelopes),
            args.timeout,
        )
        month = f"{date(days[-1].year, days[-1].month, 1):%Y-%m}"
        first_run, credited = await asyncio.to_thread(
            subsidy_run, base_url, month, infra.tokens.headers("kitchens")
        )
        second_run, again = await asyncio.to_thread(
            subsidy_run, base_url, month, infra.tokens.headers("kitchens")
        )
        figures = await database.pool.fetchrow(
            """
            SELECT (SELECT count(*) FROM daily_reports) AS reports,
                   (SELECT count(*) FROM purchases) AS purchases,
                   (SELECT count(*) FROM surveys) AS surveys,
                   (SELECT count(*) FROM monitoring_flags) AS flags,
                   (SELECT count(*) FROM outbox
                     WHERE envelope->>'type' = 'kitchens.submission_rejected') AS rejected,
                   (SELECT count(*) FROM outbox) AS outbox_rows,
                   (SELECT coalesce(sum(amount_centavos), 0) FROM ledger_entries) AS ledger_sum
            """
        )
        statements = await statements_per_message(
            infra.database_url, "BENCH-COUNT", days[-2], days[-1]
        )
    finally:
        await database.close()
    return "\n".join(
        [
            f"kitchens: {args.kitchens}; operating days: {len(days)} ({days[0]} to {days[-1]}); "
            f"seed {args.seed}",
            f"messages: {len(envelopes)} ({reports} daily reports, "
            f"{figures['purchases']} purchases, {figures['surveys']} surveys)",
            f"applied in {elapsed:.1f}s from first send: "
            f"{len(envelopes) / elapsed:.0f} messages/s, {reports / elapsed:.0f} reports/s",
            f"stored: {figures['reports']} reports; {figures['rejected']} rejected; "
            f"{figures['flags']} flags; "
            f"{figures['outbox_rows']} outbox rows; ledger sum {figures['ledger_sum']} centavos",
            f"subsidy run {month}: {first_run:.2f}s "
            f"({credited['kitchens_credited']} kitchens credited, "
            f"{credited['amount_centavos']} centavos); "
            f"second run {second_run:.2f}s ({again['kitchens_credited']} credited)",
            "SQL statements per message (consume path, one connection): "
            + ", ".join(f"{k} {v}" for k, v in statements.items()),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.kitchens_load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--kitchens", type=int, default=400, help="kitchens (default 400)")
    parser.add_argument(
        "--days",
        type=int,
        default=0,
        help="keep only the last N operating days of the year (default 0: all)",
    )
    parser.add_argument(
        "--purchases", type=int, default=4, help="purchases per kitchen and month (default 4)"
    )
    parser.add_argument(
        "--surveys", type=int, default=1, help="surveys per kitchen and month (default 1)"
    )
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--timeout",
        type=float,
        default=7200.0,
        help="seconds to wait for the last message (default 7200)",
    )
    args = parser.parse_args(argv)
    signal.signal(
        signal.SIGTERM, signal.default_int_handler
    )  # SIGTERM tears the stack down like Ctrl-C
    data_dir = ROOT / ".data" / "bench" / uuid.uuid4().hex[:8]
    ports = Ports(kafka=free_port(), postgres=free_port(), first_service=0)
    infra: Infrastructure | None = None
    fleet = ServiceFleet()
    try:
        infra = start_infrastructure(data_dir, ports)
        prepare(infra)
        fleet = ServiceFleet([start_service(infra, "kitchens", free_port(), data_dir / "logs")])
        wait_until_ready(fleet.processes[0], 60)
        log(f"stack ready ({infra.kafka_description}; {infra.postgres_description})")
        print(asyncio.run(measure(infra, fleet.url("kitchens"), args)), flush=True)
        return 0
    finally:
        fleet.stop()
        if infra is not None:
            infra.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
