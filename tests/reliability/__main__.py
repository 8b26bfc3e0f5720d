"""The reliability suite: drive traffic, inject a fault, drain, check the invariants.

    .venv/bin/python -m tests.reliability --scenario all --events 2000
    .venv/bin/python -m tests.reliability --scenario kill-relay --events 500 --rate 40

Starts a private stack (Apache Kafka, PostgreSQL, the three services) under
`.data/bench/<id>` on free loopback ports, runs the scenarios one after the
other on it, and removes it. Exits 1 when an invariant failed."""

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.reliability", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--scenario", default="all", help=f"one of {', '.join(SCENARIOS)}, or all (default)"
    )
    parser.add_argument(
        "--events", type=int, default=1000, help="records per scenario (default 1000)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=DEFAULT_RATE,
        help=f"records per second (default {DEFAULT_RATE:g})",
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
    if unknown or args.events < 30 or args.rate <= 0:
        parser.error(
            f"unknown scenario {unknown}" if unknown else "--events must be >= 30 and --rate > 0"
        )
    # The driver's clients lose the broker on purpose; their complaints are not the figures.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    failed = []
    try:
        with private_stack() as (infra, fleet):
            cluster = Cluster(infra, fleet)
            print(
                f"Reliability suite: {infra.kafka_description}; {infra.postgres_description}; "
                f"{args.events} records per scenario at {args.rate:g}/s",
                flush=True,
            )
            for name in names:
                log(f"running {name} …")
                result = asyncio.run(
                    run_scenario(
                        cluster,
                        SCENARIOS[name],
                        args.events,
                        rate=args.rate,
                        drain_timeout=args.drain_timeout,
                        postgres_outage=args.outage,
                    )
                )
                print(render(result), flush=True)
                if not result.passed:
                    failed.append(name)
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    print(
        f"{len(names) - len(failed)} of {len(names)} scenarios passed"
        + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
