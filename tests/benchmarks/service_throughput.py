"""Each service's throughput end to end through Kafka, as an outside producer
sees it, with one process and with a second one in the same consumer group.

    .venv/bin/python -m tests.benchmarks.service_throughput
        [--services beneficiaries,kitchens,grievances]
        [--events 5000] [--paced 2000] [--replicas 1,2]

Starts a private stack, registers the kitchens the reports need, then for each
service and replica count (tests/benchmarks/service_measurement.py): warms up
until every process consumes, sends `--events` requests back to back to the
service's intake topic and waits for every reply on its output topic
(sustained rate = N / (first send -> last reply); SQL statements per event from
the processes' `db_statements_total`), then `--paced` more at half that rate
(latency p50/p95/p99 send to reply; p50/p99 send to the commit that applied
the event, interpolated within the services' histogram buckets). Prints one Markdown table for
docs/benchmarks-history.md, the ratio of each rate to the 1-replica rate, and the load
average at start and end. Any reply that is not an acceptance fails the run."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from tests.benchmarks.private_stack import log, private_stack, report_services
from tests.benchmarks.service_flows import SERVICES, flows
from tests.benchmarks.service_measurement import (
    WARMUP_EVENTS,
    WARMUP_ROUNDS,
    Measurement,
    measure,
    processes_of,
)
from tests.reliability.cluster import Cluster


def load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def table(measurements: list[Measurement]) -> str:
    lines = [
        "| service | replicas | sustained events/s | SQL statements/event | paced at events/s "
        "| to reply p50 ms | p95 ms | p99 ms | to commit p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measurements:
        p = m.latency_ms
        lines.append(
            f"| {m.service} | {m.replicas} | {m.sustained:.1f} | {m.statements_per_event:.2f} "
            f"| {m.paced_rate:.1f} "
            f"| {p['p50']:.1f} | {p['p95']:.1f} | {p['p99']:.1f} "
            f"| {1000 * m.decided.quantile(0.5):.1f} | {1000 * m.decided.quantile(0.99):.1f} |"
        )
    return "\n".join(lines)


def ratios(measurements: list[Measurement]) -> list[str]:
    single = {m.service: m.sustained for m in measurements if m.replicas == 1}
    return [
        f"{m.service}: {m.replicas} replicas / 1 = {m.sustained / single[m.service]:.2f}×"
        for m in measurements
        if m.replicas > 1 and m.service in single
    ]


async def measure_all(cluster: Cluster, args: argparse.Namespace) -> list[Measurement]:
    """Stops at the first measurement with a refusal:
    a rate of refusals says nothing about the service."""
    per_measurement = args.events + args.paced + WARMUP_EVENTS * WARMUP_ROUNDS
    made = await flows(cluster, args.services, per_measurement * len(args.replicas))
    measurements: list[Measurement] = []
    for service in args.services:
        for count in args.replicas:
            while len(processes_of(cluster, service)) < count:
                log(f"starting {service} replica {len(processes_of(cluster, service)) + 1} …")
                await asyncio.to_thread(cluster.start_replica, service)
            measurements.append(
                await measure(cluster, made[service], args.events, args.paced, timeout=args.timeout)
            )
            if measurements[-1].rejected:
                return measurements
        for replica in [r for r in cluster.replicas if r.name == service]:
            await asyncio.to_thread(cluster.stop_replica, replica)
    return measurements


def refused(measurements: list[Measurement]) -> list[str]:
    return [
        f"FAILED: {m.service} × {m.replicas}: {m.rejected} refused ({reason}: {count})"
        for m in measurements
        for reason, count in m.refusals.most_common(5)
    ]


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.service_throughput", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--services", default=",".join(SERVICES), help="comma-separated (default: all three)"
    )
    parser.add_argument(
        "--events", type=int, default=5000, help="burst size per measurement (default 5000)"
    )
    parser.add_argument(
        "--paced",
        type=int,
        default=2000,
        help="events sent at half the sustained rate (default 2000)",
    )
    parser.add_argument(
        "--replicas", default="1,2", help="processes of the service, comma-separated (default 1,2)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="seconds to wait for the last reply of a phase (default 600)",
    )
    args = parser.parse_args(argv)
    args.services = [s for s in args.services.split(",") if s]
    if not args.services or not set(args.services) <= set(SERVICES):
        parser.error(f"--services takes some of {','.join(SERVICES)}")
    try:
        args.replicas = sorted({int(r) for r in args.replicas.split(",") if r})
    except ValueError:
        parser.error("--replicas takes whole numbers, e.g. 1,2")
    if not args.replicas or args.replicas[0] < 1 or args.events < 1 or args.paced < 1:
        parser.error("--replicas, --events and --paced must be >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    started_load = load_average()
    log(f"load average at start: {started_load}")
    try:
        with private_stack() as (infra, fleet):
            cluster = Cluster(infra, fleet)
            try:
                measurements = asyncio.run(measure_all(cluster, args))
            except TimeoutError as exc:
                report_services(fleet)
                log(f"FAILED: {exc}")
                return 1
            finally:
                for replica in list(cluster.replicas):
                    cluster.stop_replica(replica)
            stack = f"{infra.kafka_description}; {infra.postgres_description}"
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    print(
        f"Services end to end through Kafka: {args.events} events back to back, "
        f"then {args.paced} at half that rate (latency); "
        f"{stack}\n\n{table(measurements)}\n",
        flush=True,
    )
    print(
        "\n".join(
            [
                *ratios(measurements),
                f"load average at start {started_load}, at end {load_average()}",
            ]
        ),
        flush=True,
    )
    failures = refused(measurements)
    for line in failures:
        log(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
