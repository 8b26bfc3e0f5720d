"""One scenario per fault. A scenario may restart a service with fault points
armed before the traffic starts (`arm`), mixes extra records into the
traffic (`extra`), and injects its fault while the traffic runs (`inject`),
returning when the fault started and ended.

The cluster scenarios (`brokers=3`) run on a three-node Kafka, replication
factor 3 and min.insync.replicas=2: a node is lost and the traffic must go on
through the other two, nothing acknowledged lost."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiokafka import TopicPartition

from shared.topics import DAILY_REPORTS, ENROLMENTS
from tests.reliability import poison
from tests.reliability.cluster import Cluster
from tests.reliability.kafka_nodes import (
    INPUT_TOPICS,
    NO_LEADER,
    busiest_partition,
    leaders,
)
from tests.reliability.latency import Window
from tests.reliability.workload import Message, enrolment_envelope

FAULT_TIMEOUT = 180.0
# The slow-handler scenario: two kitchens processes, each may go 3 s without
# polling and holds one record 8 s inside its transaction, so the broker takes
# its partitions away mid-record and gives them to the other process, which
# reads that record again and must find it applied once.
SLOW_POLL_INTERVAL_MS = 3_000
SLOW_HANDLER_SECONDS = 8.0
# How long a SIGKILLed node stays down before it is started again, and the clean stop
# issue 27 asks for.
NODE_DOWN_SECONDS = 5.0
BROKER_STOP_SECONDS = 60.0
ELECTION_TIMEOUT = 30.0


@dataclass
class Context:
    cluster: Cluster
    messages: list[Message]
    postgres_outage: float = 30.0

    def count(self, topic: str) -> int:
        return sum(1 for m in self.messages if m.topic == topic)

    async def sent(self, fraction: float) -> None:
        """Returns once `fraction` of the messages are sent."""
        target = self.messages[max(0, int(len(self.messages) * fraction) - 1)]
        await target.sent.wait()

    async def sent_nth(self, topic: str, n: int) -> None:
        target = [m for m in self.messages if m.topic == topic][n - 1]
        await target.sent.wait()


Inject = Callable[[Context], Awaitable[Window | None]]
Arm = Callable[[Context], dict[str, dict[str, str]]]


@dataclass(frozen=True)
class Scenario:
    name: str
    fault: str
    inject: Inject | None = None
    arm: Arm | None = None
    extra: Callable[[str, object], list[Message]] | None = None
    # Replicas started before the traffic and stopped after the drain.
    replicas: tuple[str, ...] = ()
    xfail: str | None = None
    # Kafka nodes the scenario needs: 1, or 3 for a cluster.
    brokers: int = 1
    # (records, per second) that give the fault a before, a during and an after at
    # a modest load; None: the run's own.
    load: tuple[int, float] | None = None


def _third(ctx: Context, topic: str) -> int:
    return max(1, ctx.count(topic) // 3)


async def _killed_and_restarted(ctx: Context, service: str) -> Window:
    start = await asyncio.to_thread(ctx.cluster.wait_for_exit, service, FAULT_TIMEOUT)
    await asyncio.to_thread(ctx.cluster.restart, service)
    return Window(start, time.monotonic())


def _kill_at(service: str, point: str, topic: str) -> tuple[Arm, Inject]:
    def arm(ctx: Context) -> dict[str, dict[str, str]]:
        return {service: {"FAULT_POINTS": f"{point}:kill@{_third(ctx, topic)}"}}

    async def inject(ctx: Context) -> Window:
        return await _killed_and_restarted(ctx, service)

    return arm, inject


async def _postgres_outage(ctx: Context) -> Window:
    await ctx.sent(1 / 3)
    start = time.monotonic()
    await asyncio.to_thread(ctx.cluster.stop_postgres)
    await asyncio.sleep(ctx.postgres_outage)
    await asyncio.to_thread(ctx.cluster.start_postgres)
    return Window(start, time.monotonic())


def _broker_restart(crash: bool) -> Inject:
    async def inject(ctx: Context) -> Window:
        await ctx.sent(1 / 3)
        start = time.monotonic()
        stopped = await asyncio.to_thread(ctx.cluster.stop_broker, crash=crash)
        await asyncio.to_thread(ctx.cluster.start_broker)
        return Window(start, time.monotonic(), stopped)

    return inject


async def _second_replica(ctx: Context) -> Window:
    await ctx.sent(1 / 4)
    start = time.monotonic()
    replica = await asyncio.to_thread(ctx.cluster.start_replica, "beneficiaries")
    await ctx.sent(2 / 3)
    await asyncio.to_thread(ctx.cluster.stop_replica, replica)
    return Window(start, time.monotonic())


async def _new_leader(ctx: Context, partition: TopicPartition, old: int, since: float) -> str:
    deadline = since + ELECTION_TIMEOUT
    while time.monotonic() < deadline:
        leader = (await leaders(ctx.cluster.kafka, [partition.topic])).get(partition, NO_LEADER)
        if leader not in (old, NO_LEADER):
            return f"node {leader} led it after {time.monotonic() - since:.1f} s"
        await asyncio.sleep(0.2)
    raise TimeoutError(f"{partition.topic}-{partition.partition} had no new leader")


async def _new_controller(ctx: Context, old: int, since: float) -> str:
    deadline = since + ELECTION_TIMEOUT
    while time.monotonic() < deadline:
        leader, _epoch = await asyncio.to_thread(ctx.cluster.active_controller)
        if leader not in (old, NO_LEADER):
            return f"node {leader} elected after {time.monotonic() - since:.1f} s"
        await asyncio.sleep(0.2)
    raise TimeoutError("no other node became the active controller")


async def _back_after(ctx: Context, node: int, start: float, down: float) -> float:
    await asyncio.sleep(max(0.0, start + down - time.monotonic()))
    await asyncio.to_thread(ctx.cluster.start_broker, node)
    return time.monotonic()


async def _leader_killed(ctx: Context) -> Window:
    await ctx.sent(1 / 3)
    busiest = await busiest_partition(ctx.cluster.kafka)
    node = (await leaders(ctx.cluster.kafka, [busiest.topic]))[busiest]
    start = time.monotonic()
    await asyncio.to_thread(ctx.cluster.stop_broker, crash=True, node_id=node)
    moved = await _new_leader(ctx, busiest, node, start)
    end = await _back_after(ctx, node, start, NODE_DOWN_SECONDS)
    return Window(
        start,
        end,
        f"node {node} led {busiest.topic}-{busiest.partition}; {moved}; "
        f"node {node} back after {end - start:.1f} s",
    )


async def _broker_stopped(ctx: Context) -> Window:
    await ctx.sent(1 / 5)
    led = Counter((await leaders(ctx.cluster.kafka, INPUT_TOPICS)).values())
    node = led.most_common(1)[0][0]
    start = time.monotonic()
    how = await asyncio.to_thread(ctx.cluster.stop_broker, crash=False, node_id=node)
    end = await _back_after(ctx, node, start, BROKER_STOP_SECONDS)
    return Window(
        start,
        end,
        f"node {node}, leader of {led[node]} input partitions, {how.removeprefix('broker ')}; "
        f"back after {end - start:.1f} s",
    )


async def _controller_killed(ctx: Context) -> Window:
    await ctx.sent(1 / 3)
    node, epoch = await asyncio.to_thread(ctx.cluster.active_controller)
    if node == NO_LEADER:
        raise RuntimeError("no running node records a quorum leader")
    start = time.monotonic()
    await asyncio.to_thread(ctx.cluster.stop_broker, crash=True, node_id=node)
    elected = await _new_controller(ctx, node, start)
    end = await _back_after(ctx, node, start, NODE_DOWN_SECONDS)
    return Window(
        start,
        end,
        f"node {node} was the active controller (epoch {epoch}); {elected}; "
        f"node {node} back after {end - start:.1f} s",
    )


def _slow_record(ctx: Context) -> int:
    # Both kitchens processes are armed and each counts its own records. The
    # reports' kitchens may hash to either process's partitions, but one of the
    # two applies at least half the reports, so at least one reaches this count.
    return max(1, _third(ctx, DAILY_REPORTS.name) // 2)


def _arm_slow_handler(ctx: Context) -> dict[str, dict[str, str]]:
    return {
        "kitchens": {
            "KAFKA_MAX_POLL_INTERVAL_MS": str(SLOW_POLL_INTERVAL_MS),
            "FAULT_POINTS": "consumer.in_transaction:"
            f"sleep={SLOW_HANDLER_SECONDS:g}@{_slow_record(ctx)}",
        }
    }


async def _slow_handler(ctx: Context) -> Window:
    # The point fires about when twice its hit count of reports has been applied.
    await ctx.sent_nth(DAILY_REPORTS.name, 2 * _slow_record(ctx))
    start = time.monotonic()
    await asyncio.sleep(SLOW_HANDLER_SECONDS)
    return Window(start, time.monotonic())


async def _middle_third(ctx: Context) -> Window:
    await ctx.sent(1 / 3)
    start = time.monotonic()
    await ctx.sent(2 / 3)
    return Window(start, time.monotonic())


def _poison(kitchen_id: str, day: object) -> list[Message]:
    return poison.mixed_in(kitchen_id, day, 2 * len(poison.variants(kitchen_id, day)))


def _next_version(_kitchen_id: str, _day: object) -> list[Message]:
    """A producer already at enrolment_submitted v2, whose only change is a new optional field.

    Versions are breaking changes here (README: an optional field is added
    without a new version), so a v1 consumer cannot know v2 is compatible:
    v2 is dead-lettered with its reason, kept for replay once the registry
    knows v2. The same new field sent under v1 is applied, the field ignored."""
    messages = []
    for i in range(10):
        for version, expect in ((2, "dead_lettered"), (1, "applied")):
            envelope = enrolment_envelope(f"NEXT-v{version}-{i}-{uuid.uuid4().hex[:8]}", 1)
            envelope["version"] = version
            envelope["payload"]["household_size"] = 4
            messages.append(
                Message(
                    "version",
                    ENROLMENTS.name,
                    envelope["key"],
                    json.dumps(envelope).encode(),
                    envelope["event_id"],
                    envelope["key"],
                    1,
                    expect,
                )
            )
    return messages


_after_commit = _kill_at("beneficiaries", "consumer.after_commit", ENROLMENTS.name)
_in_transaction = _kill_at("kitchens", "consumer.in_transaction", DAILY_REPORTS.name)
_relay = _kill_at("kitchens", "relay.after_publish", DAILY_REPORTS.name)

SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("baseline", "none (the same traffic, no fault)"),
        Scenario(
            "kill-after-commit",
            "beneficiaries SIGKILLed after its database commit, before its offset commit",
            arm=_after_commit[0],
            inject=_after_commit[1],
        ),
        Scenario(
            "kill-in-transaction",
            "kitchens SIGKILLed inside the consume transaction",
            arm=_in_transaction[0],
            inject=_in_transaction[1],
        ),
        Scenario(
            "kill-relay",
            "kitchens SIGKILLed after its relay published a batch, before marking it published",
            arm=_relay[0],
            inject=_relay[1],
        ),
        Scenario(
            "postgres-outage",
            "PostgreSQL stopped (immediate shutdown) and started again",
            inject=_postgres_outage,
        ),
        Scenario(
            "broker-restart",
            "the Kafka broker stopped cleanly and started again",
            inject=_broker_restart(crash=False),
        ),
        Scenario(
            "broker-crash",
            "the Kafka broker SIGKILLed and started again",
            inject=_broker_restart(crash=True),
        ),
        Scenario(
            "rebalance",
            "a second beneficiaries replica started and stopped mid-run",
            inject=_second_replica,
        ),
        Scenario(
            "poison",
            "hostile records mixed into all three input topics",
            inject=_middle_third,
            extra=_poison,
        ),
        Scenario(
            "slow-handler",
            f"a kitchens record held {SLOW_HANDLER_SECONDS:g} s in its transaction "
            "by either of two "
            f"kitchens processes, max.poll.interval.ms={SLOW_POLL_INTERVAL_MS}",
            arm=_arm_slow_handler,
            inject=_slow_handler,
            replicas=("kitchens",),
        ),
        Scenario(
            "next-version",
            "enrolment_submitted v2 (a new optional field) to a v1 registry",
            inject=_middle_third,
            extra=_next_version,
        ),
        Scenario(
            "leader-kill",
            "three brokers: the leader of the busiest input partition SIGKILLed, "
            f"started again {NODE_DOWN_SECONDS:g} s later",
            inject=_leader_killed,
            brokers=3,
            # 45 s: a killed node takes about 20 s to be back on a quiet machine, and the
            # traffic goes on past it, so that latency has an after.
            load=(675, 15.0),
        ),
        Scenario(
            "broker-stop",
            f"three brokers: the broker leading most input partitions stopped cleanly "
            f"for {BROKER_STOP_SECONDS:g} s and started again",
            inject=_broker_stopped,
            brokers=3,
            load=(800, 8.0),
        ),
        Scenario(
            "controller-failover",
            "three brokers: the node that is the active KRaft controller SIGKILLed, "
            f"started again {NODE_DOWN_SECONDS:g} s later",
            inject=_controller_killed,
            brokers=3,
            load=(675, 15.0),
        ),
    )
}
