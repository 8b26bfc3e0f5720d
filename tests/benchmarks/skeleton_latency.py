"""End-to-end latency of the beneficiaries enrolment flow, measured the way an
agency sees it: a plain Kafka producer publishes enrolments to
`beneficiaries.enrolments`, a plain Kafka consumer waits for each reply on
`beneficiaries.decisions` (matched by its `correlation_id`, which is the
enrolment's `event_id`).

    .venv/bin/python -m tests.benchmarks.skeleton_latency [--events 1000] [--rate 100]

Starts a private stack (PostgreSQL, Kafka, topics, migrations, the three
services) under `.data/bench/<id>` on free ports and removes it afterwards.
`--rate 0` publishes as fast as possible and reports sustained throughput.
A few warm-up enrolments go first (not counted) so that the services' consumer
group assignment is not measured as latency."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from deploy.local.stack import Infrastructure
from shared.kafka_access import KafkaAccess
from shared.topics import ENROLMENTS, REGISTRY_DECISIONS
from tests.benchmarks.private_stack import log, private_stack, report_services
from tests.e2e.test_skeleton_flows import enrolment
from tests.kafka_helpers import read_from_end

# --------------------------------------------------------------------------- the flow


class ReplyWatcher:
    """Reads an output topic (by default `beneficiaries.decisions`) from its current end and stamps
    each awaited reply's arrival, with the type of the first reply to each request.
    `side_events` share the request's correlation id without answering it (a
    review task opened for an enrolment comes just before its registration)."""

    def __init__(
        self,
        kafka: KafkaAccess,
        topic: str = REGISTRY_DECISIONS.name,
        side_events: frozenset[str] = frozenset(),
    ) -> None:
        self.kafka = kafka
        self.topic = topic
        self.side_events = side_events
        self.consumer = AIOKafkaConsumer(**kafka.client_options(), enable_auto_commit=False)
        self.arrived: dict[str, float] = {}
        self.kinds: dict[str, str] = {}
        # Refusals say why in `payload.reason`; kept so that a run can say what went wrong,
        # not only how often.
        self.reasons: dict[str, str] = {}
        self._awaited: set[str] = set()
        # Kept up to date reply by reply: checking every awaited id against the arrivals after each
        # poll took a third of the load generator's CPU, on the cores the system under test runs on.
        self._missing: set[str] = set()
        self._all_arrived = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        await self.consumer.start()
        await read_from_end(self.consumer, self.kafka, [self.topic])
        self._task = asyncio.create_task(self._run())

    def expect(self, correlation_ids: list[str]) -> None:
        self._awaited = set(correlation_ids)
        self._missing = self._awaited - self.arrived.keys()
        self._all_arrived.clear()
        self._check()

    async def wait(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._all_arrived.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"{len(self._missing)} of {len(self._awaited)} replies did not arrive on "
                f"{self.topic} within {timeout:.0f}s"
            ) from None

    async def _run(self) -> None:
        while True:
            batches = await self.consumer.getmany(timeout_ms=200)
            now = time.perf_counter()
            for records in batches.values():
                for record in records:
                    try:
                        reply = json.loads(record.value)
                    except (TypeError, ValueError):
                        continue
                    if isinstance(reply, dict):
                        self._note(reply, now)
            self._check()

    def _note(self, reply: dict, now: float) -> None:
        correlation_id = reply.get("correlation_id")
        if (
            not correlation_id
            or correlation_id in self.arrived
            or reply.get("type") in self.side_events
        ):
            return
        self.arrived[correlation_id] = now
        self._missing.discard(correlation_id)
        self.kinds[correlation_id] = str(reply.get("type"))
        reason = (reply.get("payload") or {}).get("reason")
        if reason:
            self.reasons[correlation_id] = str(reason)

    def _check(self) -> None:
        if self._awaited and not self._missing:
            self._all_arrived.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.consumer.stop()


@dataclass
class Run:
    sent: dict[str, float]
    arrived: dict[str, float]

    @property
    def latencies_ms(self) -> list[float]:
        return sorted((self.arrived[k] - t) * 1000 for k, t in self.sent.items())

    @property
    def first_send(self) -> float:
        return min(self.sent.values())

    @property
    def last_send(self) -> float:
        return max(self.sent.values())

    @property
    def last_reply(self) -> float:
        return max(self.arrived[k] for k in self.sent)

    @property
    def throughput(self) -> float:
        """Requests per second, from the first send to the last reply."""
        return len(self.sent) / (self.last_reply - self.first_send)


def enrolments(count: int, label: str) -> Iterator[dict]:
    run_id = uuid.uuid4().hex[:8]
    return (enrolment(f"BENCH-{run_id}-{label}-{i:06d}") for i in range(count))


async def send_paced(
    producer: AIOKafkaProducer, envelopes: Iterable[dict], rate: float, topic: str = ENROLMENTS.name
) -> dict[str, float]:
    """Sends each envelope to `topic`, one every 1/rate s (rate 0: back to back);
    returns event_id -> send time."""
    sent: dict[str, float] = {}
    pending = []
    start = time.perf_counter()
    for i, envelope in enumerate(envelopes):
        if rate > 0:
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        value, key = json.dumps(envelope).encode(), envelope["key"].encode()
        sent[envelope["event_id"]] = time.perf_counter()
        pending.append(await producer.send(topic, value=value, key=key))
        await asyncio.sleep(0)  # lets the reply watcher stamp arrivals while we publish
    await producer.flush()
    await asyncio.gather(*pending)  # raises if any send failed
    return sent


async def round_trip(
    watcher: ReplyWatcher,
    producer: AIOKafkaProducer,
    envelopes: Iterable[dict],
    rate: float,
    timeout: float,
    topic: str = ENROLMENTS.name,
) -> Run:
    """Sends the envelopes to `topic` (see `send_paced`),
    then waits until every reply reached the watcher."""
    sent = await send_paced(producer, envelopes, rate, topic)
    watcher.expect(list(sent))
    await watcher.wait(timeout)
    return Run(sent, {k: watcher.arrived[k] for k in sent})


async def measure(kafka: KafkaAccess, events: int, rate: float, warmup: int, timeout: float) -> Run:
    watcher = ReplyWatcher(kafka)
    producer = AIOKafkaProducer(**kafka.client_options(), acks="all")
    await watcher.start()
    try:
        await producer.start()
        if warmup:
            log(f"warming up with {warmup} enrolments (not counted) …")
            await round_trip(watcher, producer, enrolments(warmup, "warmup"), 0, timeout)
        log(f"publishing {events} enrolments at {f'{rate:g}/s' if rate > 0 else 'full speed'} …")
        return await round_trip(watcher, producer, enrolments(events, "run"), rate, timeout)
    finally:
        await producer.stop()
        await watcher.stop()


# --------------------------------------------------------------------------- report


def percentiles(sorted_values: list[float]) -> dict[str, float]:
    if len(sorted_values) == 1:
        only = sorted_values[0]
        return {"p50": only, "p90": only, "p95": only, "p99": only}
    cuts = statistics.quantiles(sorted_values, n=100, method="inclusive")
    return {"p50": cuts[49], "p90": cuts[89], "p95": cuts[94], "p99": cuts[98]}


def report(infra: Infrastructure, run: Run, rate: float, warmup: int) -> str:
    latencies = run.latencies_ms
    n = len(latencies)
    p = percentiles(latencies)
    publish_span = run.last_send - run.first_send
    achieved_rate = (n - 1) / publish_span if n > 1 and publish_span > 0 else float("nan")
    lines = [
        "Skeleton enrolment flow: end-to-end latency "
        f"({ENROLMENTS.name} -> {REGISTRY_DECISIONS.name})",
        f"  broker       {infra.kafka_description}",
        f"  PostgreSQL   {infra.postgres_description}",
        f"  events       {n} (after {warmup} warm-up enrolments, not counted)",
        f"  rate         {f'{rate:g}/s target' if rate > 0 else 'as fast as possible'}, "
        f"{achieved_rate:.1f}/s published",
        f"  latency ms   p50 {p['p50']:.1f}   p90 {p['p90']:.1f}   p99 {p['p99']:.1f}   "
        f"max {latencies[-1]:.1f}"
        f"   (min {latencies[0]:.1f}, mean {statistics.fmean(latencies):.1f})",
        f"  throughput   {run.throughput:.1f} replies/s{' sustained' if rate <= 0 else ''} "
        f"(N / (last reply - first send) = {n} / {run.last_reply - run.first_send:.2f}s)",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.skeleton_latency", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--events", type=int, default=1000, help="enrolments measured (default 1000)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=50.0,
        help="enrolments per second, about half the sustained rate here; "
        "0 = as fast as possible (default 50)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=20,
        help="enrolments sent and awaited first, not counted (default 20)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds to wait for the last reply after the last send (default 120)",
    )
    args = parser.parse_args(argv)
    if args.events < 1 or args.rate < 0 or args.warmup < 0:
        parser.error("--events must be >= 1, --rate and --warmup >= 0")

    try:
        with private_stack() as (infra, fleet):
            try:
                run = asyncio.run(
                    measure(infra.kafka.operator, args.events, args.rate, args.warmup, args.timeout)
                )
            except TimeoutError as exc:
                report_services(fleet)
                log(f"FAILED: {exc}")
                return 1
            print(report(infra, run, args.rate, args.warmup), flush=True)
            return 0
    except KeyboardInterrupt:
        log("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
