"""One service measured end to end through Kafka, with however many of its
processes are running: a warm-up until every process has consumed some of
it (the group has rebalanced onto all of them), then a burst sent back to
back for the sustained rate and the SQL statements per event, then paced
traffic at half that rate for the latency (send to reply, and send to the
commit that applied each event, from the processes' histograms). Each phase starts with nothing in
flight: every outbox published and no consumer group lagging."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from aiokafka import AIOKafkaProducer

from deploy.local.stack import ServiceProcess
from tests.benchmarks.private_stack import log
from tests.benchmarks.service_flows import Flow
from tests.benchmarks.service_metrics import (
    LatencyHistogram,
    consumed_so_far,
    decision_latency_of,
    statements_of,
)
from tests.benchmarks.skeleton_latency import ReplyWatcher, Run, percentiles, round_trip
from tests.reliability.cluster import Cluster
from tests.reliability.drain import drain

WARMUP_EVENTS = 24
WARMUP_ROUNDS = 10
SETTLE_TIMEOUT = 300.0


@dataclass
class Measurement:
    service: str
    replicas: int
    burst: Run
    statements: float  # over the burst, summed over the service's processes
    paced_rate: float
    paced: Run
    # The paced events, send to the commit that applied each, over the service's processes.
    decided: LatencyHistogram
    replies: Counter[str] = field(default_factory=Counter)  # reply type -> count, warm-up included
    refusals: Counter[str] = field(
        default_factory=Counter
    )  # reply type and reason -> count, for what was not accepted

    @property
    def sustained(self) -> float:
        return self.burst.throughput

    @property
    def statements_per_event(self) -> float:
        return self.statements / len(self.burst.sent)

    @property
    def rejected(self) -> int:
        return sum(self.refusals.values())

    @property
    def latency_ms(self) -> dict[str, float]:
        return percentiles(self.paced.latencies_ms)


def processes_of(cluster: Cluster, service: str) -> list[ServiceProcess]:
    return [cluster.process(service), *(r for r in cluster.replicas if r.name == service)]


async def settle(cluster: Cluster) -> None:
    state, seconds = await drain(cluster.database_url, cluster.kafka, SETTLE_TIMEOUT)
    if state.total:
        raise TimeoutError(f"still in flight after {seconds:.0f}s: {state}")


async def warm_up(
    cluster: Cluster,
    flow: Flow,
    watcher: ReplyWatcher,
    producer: AIOKafkaProducer,
    events: int,
    timeout: float,
) -> list[Run]:
    """Rounds of `events` until every process of the service consumed part of one."""
    urls = [p.url for p in processes_of(cluster, flow.service)]
    runs: list[Run] = []
    for _ in range(WARMUP_ROUNDS):
        before = [consumed_so_far(url, flow.service, flow.intake) for url in urls]
        runs.append(await round_trip(watcher, producer, flow.take(events), 0, timeout, flow.intake))
        # A batch's records are counted once the whole batch is applied, which
        # can be after its first replies went out; its offsets are committed after that.
        await settle(cluster)
        idle = sum(
            consumed_so_far(url, flow.service, flow.intake) <= b
            for url, b in zip(urls, before, strict=True)
        )
        if not idle:
            return runs
    raise TimeoutError(
        f"{flow.service}: {idle} of {len(urls)} processes "
        f"consumed none of {WARMUP_ROUNDS} warm-up rounds"
    )


def account(measurement: Measurement, flow: Flow, watcher: ReplyWatcher, runs: list[Run]) -> None:
    for run in runs:
        for event_id in run.sent:
            kind = watcher.kinds[event_id]
            measurement.replies[kind] += 1
            if kind not in flow.accepted:
                measurement.refusals[
                    f"{kind}: {watcher.reasons.get(event_id, 'no reason given')}"
                ] += 1


async def measure(
    cluster: Cluster,
    flow: Flow,
    events: int,
    paced: int,
    *,
    warmup: int = WARMUP_EVENTS,
    timeout: float = 600.0,
) -> Measurement:
    processes = processes_of(cluster, flow.service)
    urls = [p.url for p in processes]
    watcher = ReplyWatcher(cluster.kafka, flow.output, flow.side_events)
    producer = AIOKafkaProducer(
        **cluster.kafka.client_options(),
        acks="all",
        linger_ms=2,
        max_batch_size=256 * 1024,
    )
    await watcher.start()
    await producer.start()
    try:
        await settle(cluster)
        warm = await warm_up(cluster, flow, watcher, producer, warmup, timeout)
        before = statements_of(urls, flow.service)
        log(f"{flow.service} × {len(processes)}: {events} events back to back …")
        burst = await round_trip(watcher, producer, flow.take(events), 0, timeout, flow.intake)
        await settle(cluster)
        statements = statements_of(urls, flow.service) - before
        rate = burst.throughput / 2
        log(f"{flow.service} × {len(processes)}: {paced} events at {rate:.1f}/s …")
        decided_before = decision_latency_of(urls, flow.service, flow.intake)
        paced_run = await round_trip(
            watcher, producer, flow.take(paced), rate, timeout, flow.intake
        )
        await settle(cluster)
        decided = decision_latency_of(urls, flow.service, flow.intake) - decided_before
    finally:
        await producer.stop()
        await watcher.stop()
    measurement = Measurement(
        flow.service, len(processes), burst, statements, rate, paced_run, decided
    )
    account(measurement, flow, watcher, [*warm, burst, paced_run])
    return measurement
