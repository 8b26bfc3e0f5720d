"""Where the registry's intake spends its time with a large registry behind it,
without Kafka: the intake's batch handler called in process, batch after
batch, on a private PostgreSQL preloaded with `--people` people.

    .venv/bin/python -m tests.benchmarks.registry_intake_split --people 1000000
        --data-dir .data/split1m [--batch 500] [--records 5000]

Each batch runs in a transaction that is rolled back, so every run, and every
batch of a run, meets the same registry; `--commit` keeps them instead. It
reports records per second, the time in each kind of SQL statement (asyncpg's
query logger), the service's CPU and PostgreSQL's (its backends' CPU from
/proc) per record, and the WAL written per record. With `--data-dir` the
preloaded PostgreSQL is kept there and reused by later runs: a million people
take minutes to load."""

from __future__ import annotations

import argparse
import asyncio
import os
import pickle
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import asyncpg

from deploy.local.postgres import RunningPostgres, ensure_database, start_postgres
from services import MIGRATIONS
from services.beneficiaries.service_layer.enrolments import default_intake
from shared.db import create_pool
from shared.garbage_collection import tune_garbage_collection
from shared.inbox import Claim, ClaimsInWrite
from shared.migrate import migrate
from tests.benchmarks.private_stack import free_port, log
from tests.benchmarks.registry_preload import preload
from tests.benchmarks.synthetic_registry import SyntheticRecord
from tests.integration.test_registry_batches import envelope

SERVICE = "beneficiaries"
HELD_OUT = "held_out.pickle"


class StatementTimes:
    """Seconds per kind of statement, the kind being its first words."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.count: Counter[str] = Counter()

    def __call__(self, logged) -> None:
        kind = " ".join(logged.query.split()[:4])[:60]
        self.seconds[kind] += logged.elapsed
        self.count[kind] += 1


async def backends_cpu_seconds(conn: asyncpg.Connection) -> float:
    pids = [row["pid"] for row in await conn.fetch("SELECT pid FROM pg_stat_activity")]
    return await asyncio.to_thread(_cpu_seconds, pids)


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a backend that ended meanwhile
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


async def measure(
    database_url: str, records: list[SyntheticRecord], batch: int, commit: bool, tuned_gc: bool
) -> None:
    times = StatementTimes()
    pool = await create_pool(database_url, SERVICE, max_size=2, on_statement=times)
    intake = default_intake()
    envelopes = [envelope(r.enrolment) for r in records]
    if tuned_gc:
        tune_garbage_collection()
    async with pool.acquire() as conn:
        wal_before = await conn.fetchval("SELECT pg_current_wal_lsn()")
        pg_before = await backends_cpu_seconds(conn)
    times.seconds.clear()
    times.count.clear()
    cpu_before, started = os.times(), time.perf_counter()
    latencies = await apply_batches(pool, intake, envelopes, batch, commit)
    elapsed, cpu = time.perf_counter() - started, os.times()
    in_statements, statements = dict(times.seconds), dict(times.count)
    async with pool.acquire() as conn:
        wal = await conn.fetchval("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)", wal_before)
        pg_cpu = await backends_cpu_seconds(conn) - pg_before
    await pool.close()
    n = len(envelopes)
    latencies.sort()
    service_cpu = cpu.user + cpu.system - cpu_before.user - cpu_before.system
    print(
        f"{n:,} records in batches of {batch} ({'committed' if commit else 'rolled back'}): "
        f"{n / elapsed:,.0f}/s; batch p50 {1000 * latencies[len(latencies) // 2]:.1f} ms, "
        f"p99 {1000 * latencies[int(len(latencies) * 0.99)]:.1f} ms\n"
        f"  CPU per record: service {1000 * service_cpu / n:.2f} ms, "
        f"PostgreSQL {1000 * pg_cpu / n:.2f} ms; WAL {wal / n / 1024:.1f} KB per record\n"
        f"  parsed identities: {intake.identities.hits:,} reused, "
        f"{intake.identities.misses:,} parsed"
    )
    in_sql = sum(in_statements.values())
    print(
        f"  in SQL statements {1000 * in_sql / n:.3f} ms per record, "
        f"the rest (Python) {1000 * (elapsed - in_sql) / n:.3f} ms:"
    )
    for kind, seconds in sorted(in_statements.items(), key=lambda kv: -kv[1]):
        print(f"    {1000 * seconds / n:7.3f} ms/record  {statements[kind]:>6} × {kind}")


async def apply_batches(
    pool: asyncpg.Pool, intake, envelopes: list, batch: int, commit: bool
) -> list[float]:
    """Each batch claimed and taken in one transaction, as the consumer does;
    returns each batch's seconds."""
    latencies = []
    for i in range(0, len(envelopes), batch):
        part = envelopes[i : i + batch]
        batch_started = time.perf_counter()
        async with pool.acquire() as conn:
            transaction = conn.transaction()
            await transaction.start()
            claims = ClaimsInWrite(
                [Claim(e.event_id, e.type, "bench", 0, j) for j, e in enumerate(part)]
            )
            await intake(conn, part, pool, claims)
            await claims.write_unless_staged(conn)
            await (transaction.commit() if commit else transaction.rollback())
        latencies.append(time.perf_counter() - batch_started)
    return latencies


def prepared_registry(
    postgres: RunningPostgres, data_dir: Path, people: int, seed: int, wanted: int
) -> tuple[str, list[SyntheticRecord]]:
    """The database URL and the held-out records;
    a kept registry gets the migrations written since it was loaded."""
    database_url = ensure_database(postgres, "socialprogrammes")
    for name, directory in MIGRATIONS.items():
        asyncio.run(migrate(database_url, name, directory))
    held_out_file = data_dir / HELD_OUT
    if held_out_file.exists():
        log(f"reusing the registry preloaded in {data_dir}")
        return database_url, pickle.loads(held_out_file.read_bytes())
    log(f"preloading {people:,} people …")
    records = asyncio.run(preload(database_url, SERVICE, people, seed, wanted, log))
    held_out_file.write_bytes(pickle.dumps(records))
    return database_url, records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument(
        "--records", type=int, default=5_000, help="held-out records sent through the intake"
    )
    parser.add_argument(
        "--skip", type=int, default=0, help="start this far into the held-out records"
    )
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument(
        "--commit", action="store_true", help="keep each batch instead of rolling it back"
    )
    parser.add_argument(
        "--default-gc",
        action="store_true",
        help="leave Python's garbage collector as it is, untuned",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="keep the preloaded PostgreSQL here and reuse it"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="registry-split-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    postgres = start_postgres(data_dir / "postgres", free_port())
    try:
        database_url, records = prepared_registry(
            postgres, data_dir, args.people, args.seed, args.skip + args.records
        )
        chosen = records[args.skip : args.skip + args.records]
        if len(chosen) < args.records:
            raise SystemExit(f"only {len(chosen):,} held-out records from --skip {args.skip:,}")
        asyncio.run(measure(database_url, chosen, args.batch, args.commit, not args.default_gc))
    finally:
        postgres.stop()
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
