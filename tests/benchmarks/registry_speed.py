"""Speed of the registry's intake with a large registry behind it, end to end
as an agency sees it: from `beneficiaries.enrolments` to the reply on
`beneficiaries.decisions`.

    .venv/bin/python -m tests.benchmarks.registry_speed --people 1000000
        [--enrolments 20000] [--paced 5000] [--rates 250,500] [--plaintext-kafka]

Starts a private stack, loads `--people` synthetic people straight into the
registry's tables (tests/benchmarks/registry_preload.py), then warms the
system up with `--warm-up` held-out agency records at 250/s (not counted), then:

1. publishes `--enrolments` held-out agency records back to back and reports
   the sustained throughput (records / (last reply - first send)) and the SQL
   statements the registry sent per enrolment (its `db_statements_total`);
2. publishes `--paced` more at each of `--rates` per second, each send a
   request of its own, and reports the latency from send to reply,
   p50/p90/p99, and from send to the commit of
   the decision (the registry's `event_decision_latency_seconds` histogram,
   interpolated within its buckets);
3. with `--re-resolve`, times batch re-resolution of the whole registry
   (`services/beneficiaries/re_resolve.py`'s work) with the intake running.

About half of the held-out records belong to people already in the registry,
so they are linked or sent to review; the rest are new people.

Every run ends with the machine it ran on: CPU model, a calibration before
and after (tests/benchmarks/cpu_calibration.py), load and the CPU time other
guests took, so that figures from different machines or spells compare."""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time

from aiokafka import AIOKafkaProducer

from services.beneficiaries.domain.match_model import load_model
from services.beneficiaries.service_layer.re_resolution import re_resolve
from shared.db import create_pool
from shared.garbage_collection import tune_garbage_collection
from shared.kafka_access import KafkaAccess
from shared.topics import ENROLMENTS
from tests.benchmarks.cpu_calibration import MachineWatch
from tests.benchmarks.private_stack import log, private_stack, report_services
from tests.benchmarks.registry_preload import preload
from tests.benchmarks.registry_quality import envelope_of
from tests.benchmarks.service_metrics import decision_latency, statements_so_far
from tests.benchmarks.skeleton_latency import ReplyWatcher, Run, percentiles, round_trip
from tests.benchmarks.synthetic_registry import SyntheticRecord

SERVICE = "beneficiaries"
WARM_UP_RATE = 250


async def run_phase(
    watcher: ReplyWatcher,
    producer: AIOKafkaProducer,
    records: list[SyntheticRecord],
    rate: float,
    timeout: float,
) -> Run:
    return await round_trip(watcher, producer, (envelope_of(r) for r in records), rate, timeout)


async def measure(
    kafka: KafkaAccess,
    service_url: str,
    records: list[SyntheticRecord],
    warm_up: int,
    enrolments: int,
    paced: int,
    rates: list[float],
    timeout: float,
) -> list[str]:
    watcher = ReplyWatcher(kafka)
    await watcher.start()
    # Back to back, the load generator batches its sends as an agency's bulk export would; paced,
    # each enrolment goes out on its own, so the latency starts when the agency's send does.
    producer = AIOKafkaProducer(
        **kafka.client_options(), acks="all", linger_ms=2, max_batch_size=256 * 1024
    )
    paced_producer = AIOKafkaProducer(**kafka.client_options(), acks="all")
    await producer.start()
    await paced_producer.start()
    try:
        # Not counted: a fresh broker's JIT compiler works through its first half minute of paced
        # traffic (at 250 produce requests a second it used 0.4 cores, and 0.1 once compiled;
        # docs/benchmarks-history.md, "Intake: records taken while a batch is applied"), and a
        # registry in service runs beside a warm broker.
        warm, records = records[:warm_up], records[warm_up:]
        log(f"warming up with {len(warm):,} enrolments at {WARM_UP_RATE}/s (not counted) …")
        await run_phase(watcher, paced_producer, warm, WARM_UP_RATE, timeout)
        burst, records = records[:enrolments], records[enrolments:]
        before = statements_so_far(service_url, SERVICE)
        log(f"publishing {len(burst):,} enrolments back to back …")
        run = await run_phase(watcher, producer, burst, 0, timeout)
        statements = statements_so_far(service_url, SERVICE) - before
        elapsed = run.last_reply - run.first_send
        lines = [
            f"  sustained   {len(burst) / elapsed:,.0f} enrolments/s "
            f"({len(burst):,} in {elapsed:.1f}s, send to last reply); "
            f"{statements / len(burst):.2f} SQL statements per enrolment"
        ]
        for rate in rates:
            chunk, records = records[:paced], records[paced:]
            log(f"publishing {len(chunk):,} enrolments at {rate:g}/s …")
            decided_before = decision_latency(service_url, SERVICE, ENROLMENTS.name)
            p = percentiles(
                (await run_phase(watcher, paced_producer, chunk, rate, timeout)).latencies_ms
            )
            decided = decision_latency(service_url, SERVICE, ENROLMENTS.name) - decided_before
            lines.append(
                f"  at {rate:>5g}/s  "
                f"to the reply ms p50 {p['p50']:.1f}  p90 {p['p90']:.1f}  p99 {p['p99']:.1f};  "
                f"to the decision's commit ms p50 {1000 * decided.quantile(0.5):.1f}  "
                f"p99 {1000 * decided.quantile(0.99):.1f} "
                f"({decided.share_within(0.01):.0%} within 10 ms, "
                f"{decided.share_within(0.05):.0%} within 50 ms)"
            )
        return lines
    finally:
        await paced_producer.stop()
        await producer.stop()
        await watcher.stop()


async def timed_re_resolution(database_url: str) -> str:
    pool = await create_pool(database_url, SERVICE)
    tune_garbage_collection()  # as `python -m services.beneficiaries.re_resolve` does
    # The run holds every identity: how much memory that takes is part of its cost.
    peak_before = peak_memory_mb()
    try:
        started = time.perf_counter()
        reported = [0]

        def progress(checked: int, opened: int) -> None:
            # A million people take long enough that a rate seen on the way is worth having.
            if checked - reported[0] >= 50_000:
                reported[0] = checked
                elapsed = time.perf_counter() - started
                log(
                    f"re-resolution: {checked:,} records in {elapsed:.0f}s "
                    f"({checked / elapsed:,.0f}/s), {opened:,} review tasks opened"
                )

        summary = await re_resolve(pool, load_model(), progress=progress)
        elapsed = time.perf_counter() - started
    finally:
        await pool.close()
    return (
        f"  re-resolution  {summary.records_checked:,} records in {elapsed:.0f}s "
        f"({summary.records_checked / elapsed:,.0f}/s), "
        f"{summary.tasks_opened:,} review tasks opened; "
        f"seconds reading every record {summary.seconds['loading']:.0f}, "
        f"reading candidates {summary.seconds['query']:.0f} (overlapping the comparing), "
        f"comparing {summary.seconds['python']:.0f}, writing {summary.seconds['writes']:.0f}; "
        "this process's peak memory "
        f"{peak_before:,.0f} MB before the run, {peak_memory_mb():,.0f} MB after"
    )


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--people",
        type=int,
        default=100_000,
        help="people in the registry before the measured traffic",
    )
    parser.add_argument(
        "--warm-up", type=int, default=6_000, help=f"sent at {WARM_UP_RATE}/s first, not counted"
    )
    parser.add_argument(
        "--enrolments",
        type=int,
        default=20_000,
        help="sent back to back for the sustained throughput",
    )
    parser.add_argument(
        "--paced", type=int, default=5_000, help="sent at each paced rate for the latency"
    )
    parser.add_argument(
        "--rates", default="250,500", help="paced rates per second, comma-separated"
    )
    parser.add_argument(
        "--re-resolve",
        action="store_true",
        help="then time batch re-resolution of the whole registry with the shipped model",
    )
    parser.add_argument(
        "--plaintext-kafka",
        action="store_true",
        help="Kafka without SASL, TLS or ACLs, to measure what they cost against the default",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=900.0)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    rates = [float(r) for r in args.rates.split(",") if r]
    hold_out = args.warm_up + args.enrolments + args.paced * len(rates)
    machine = MachineWatch()
    try:
        with private_stack(kafka_security=not args.plaintext_kafka) as (infra, fleet):
            log(f"preloading {args.people:,} people …")
            started = time.monotonic()
            records = asyncio.run(
                preload(infra.database_url, SERVICE, args.people, args.seed, hold_out, log)
            )
            loaded_in = time.monotonic() - started
            if len(records) < hold_out:
                raise SystemExit(
                    f"{args.people:,} people leave {len(records):,} records to send, "
                    f"{hold_out:,} are needed: "
                    "raise --people or lower --warm-up / --enrolments / --paced"
                )
            try:
                lines = asyncio.run(
                    measure(
                        infra.kafka.operator,
                        fleet.url(SERVICE),
                        records,
                        args.warm_up,
                        args.enrolments,
                        args.paced,
                        rates,
                        args.timeout,
                    )
                )
            except TimeoutError:
                report_services(fleet)
                raise
            # The intake's figures first: re-resolving a large registry takes minutes.
            print(
                f"Registry intake speed with {args.people:,} people loaded "
                f"(seed {args.seed}; preload {loaded_in:.0f}s)\n"
                f"  broker      {infra.kafka_description}\n"
                f"  PostgreSQL  {infra.postgres_description}\n" + "\n".join(lines),
                flush=True,
            )
            print(machine.report(), flush=True)
            if args.re_resolve:
                log("re-resolving the whole registry …")
                print(asyncio.run(timed_re_resolution(infra.database_url)), flush=True)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
