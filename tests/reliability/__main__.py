"""The reliability suite: drive traffic, inject a fault, drain, check the invariants.

    .venv/bin/python -m tests.reliability --scenario all --events 2000
    .venv/bin/python -m tests.reliability --scenario kill-relay --events 500 --rate 40
    .venv/bin/python -m tests.reliability --scenario leader-kill,broker-stop,controller-failover

Starts a private stack (Apache Kafka, PostgreSQL, the three services) under
`.data/bench/<id>` on free loopback ports, runs the scenarios one after the
other on it, and removes it; the three-broker scenarios get a stack of their own
whose Kafka is three nodes. Exits 1 when an invariant failed."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from tests.benchmarks.private_stack import log, private_stack
from tests.reliability.cluster import Cluster
from tests.reliability.report import render
from tests.reliability.run import DEFAULT_DRAIN_TIMEOUT, DEFAULT_RATE, run_scenario
from tests.reliability.scenarios import SCENARIOS

DEFAULT_EVENTS = 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.reliability", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--scenario", default="all", help=f"one of {', '.join(SCENARIOS)}, or all (default)"
    )
    parser.add_argument(
        "--events",
        type=int,
        help=f"records per scenario (default {DEFAULT_EVENTS}, or the scenario's own load)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        help=f"records per second (default {DEFAULT_RATE:g}, or the scenario's own load)",
    )
    parser.add_argument(
        "--outage", type=float, default=30.0, help="seconds PostgreSQL stays down (default 30)"
    )
    parser.add_argument(
        "--drain-timeout",
        type=float,
        default=DEFAULT_DRAIN_TIMEOUT,
        help="seconds to wait for everything to be applied and published "
        f"(default {DEFAULT_DRAIN_TIMEOUT:g})",
    )
    args = parser.parse_args(argv)
    names = list(SCENARIOS) if args.scenario == "all" else args.scenario.split(",")
    unknown = [n for n in names if n not in SCENARIOS]
    too_few = args.events is not None and args.events < 30
    if unknown or too_few or (args.rate is not None and args.rate <= 0):
        parser.error(
            f"unknown scenario {unknown}" if unknown else "--events must be >= 30 and --rate > 0"
        )
    # The driver's clients lose the broker on purpose; their complaints are not the figures.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    failed: list[str] = []
    try:
        for brokers in sorted({SCENARIOS[n].brokers for n in names}):
            failed += _run_on_one_stack([n for n in names if SCENARIOS[n].brokers == brokers], args)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    print(
        f"{len(names) - len(failed)} of {len(names)} scenarios passed"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


def _load(name: str, args: argparse.Namespace) -> tuple[int, float]:
    events, rate = SCENARIOS[name].load or (DEFAULT_EVENTS, DEFAULT_RATE)
    return (
        events if args.events is None else args.events,
        rate if args.rate is None else args.rate,
    )


def _run_on_one_stack(names: list[str], args: argparse.Namespace) -> list[str]:
    """Runs `names`, which need as many Kafka nodes, on one stack; returns those that failed."""
    failed = []
    with private_stack(kafka_brokers=SCENARIOS[names[0]].brokers) as (infra, fleet):
        cluster = Cluster(infra, fleet)
        print(
            f"Reliability suite: {infra.kafka_description}; {infra.postgres_description}",
            flush=True,
        )
        for name in names:
            events, rate = _load(name, args)
            log(f"running {name} ({events} records at {rate:g}/s) …")
            result = asyncio.run(
                run_scenario(
                    cluster,
                    SCENARIOS[name],
                    events,
                    rate=rate,
                    drain_timeout=args.drain_timeout,
                    postgres_outage=args.outage,
                )
            )
            print(render(result), flush=True)
            if not result.passed:
                failed.append(name)
    return failed


if __name__ == "__main__":
    sys.exit(main())
