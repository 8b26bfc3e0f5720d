"""Gives a topic more partitions, run as the operator (as deploy/kafka_setup.py is):

    python -m deploy.grow_partitions --bootstrap-servers HOST:PORT --tls-dir DIR \\
        --topic kitchens.daily_reports --partitions 12

A key's partition is its hash modulo the partition count, so growing the count moves
most keys to another partition: a key's records written before are in the old one,
those written after in the new one, and the two are read independently. Order per
key survives only if nothing of the topic is left unread when it grows, which this
command checks (every consumer group that committed on the topic must be at its
end, or it refuses naming the group and its lag), and if the writers are paused
until then (docs/operations.md, "Adding partitions and replicas"). Kafka cannot
take partitions away, so a smaller count is refused too."""

import argparse
import asyncio
from collections.abc import Mapping
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewPartitions

from shared.kafka_access import KafkaAccess

from .kafka_setup import operator_access


class GrowthRefused(ValueError):
    pass


async def _partitions(admin: AIOKafkaAdminClient, topic: str) -> int:
    [described] = await admin.describe_topics([topic])
    if described["error_code"] != 0 or not described["partitions"]:
        raise GrowthRefused(f"--topic: {topic!r} does not exist on this broker")
    return len(described["partitions"])


async def _ends(access: KafkaAccess, topic: str, count: int) -> dict[TopicPartition, int]:
    consumer = AIOKafkaConsumer(**access.client_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        return await consumer.end_offsets([TopicPartition(topic, p) for p in range(count)])
    finally:
        await consumer.stop()


async def lag_by_group(
    admin: AIOKafkaAdminClient, ends: Mapping[TopicPartition, int]
) -> dict[str, int]:
    """Records not yet consumed, for each group that has committed on these partitions."""
    lag = {}
    for group, *_ in await admin.list_consumer_groups():
        committed = await admin.list_consumer_group_offsets(group)
        mine = {tp: meta.offset for tp, meta in committed.items() if tp in ends}
        if mine:
            lag[group] = sum(end - max(0, mine.get(tp, 0)) for tp, end in ends.items())
    return lag


async def grow(access: KafkaAccess, topic: str, partitions: int) -> int:
    """Returns the partition count the topic had."""
    admin = AIOKafkaAdminClient(**access.client_options(), client_id="grow-partitions")
    await admin.start()
    try:
        before = await _partitions(admin, topic)
        if partitions <= before:
            raise GrowthRefused(
                f"--partitions: {topic} has {before}; Kafka can only add partitions"
            )
        behind = {
            group: n
            for group, n in (await lag_by_group(admin, await _ends(access, topic, before))).items()
            if n
        }
        if behind:
            raise GrowthRefused(
                f"{topic} still has records to read ("
                + ", ".join(f"{group}: {n}" for group, n in sorted(behind.items()))
                + "); pause its writers, wait for every group to catch up, then grow it"
            )
        # aiokafka raises the broker's refusal, naming the topic.
        await admin.create_partitions({topic: NewPartitions(total_count=partitions)})
        return before
    finally:
        await admin.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.grow_partitions",
        description="Add partitions to a topic once every group has read all of it.",
    )
    parser.add_argument("--bootstrap-servers", required=True, help="the broker's operator listener")
    parser.add_argument("--tls-dir", type=Path, required=True, help="the operator's certificate")
    parser.add_argument("--topic", required=True)
    parser.add_argument("--partitions", type=int, required=True, help="the new total")
    args = parser.parse_args(argv)
    access = operator_access(args.bootstrap_servers, args.tls_dir)
    try:
        before = asyncio.run(grow(access, args.topic, args.partitions))
    except GrowthRefused as refused:
        raise SystemExit(str(refused)) from None
    print(f"{args.topic}: {before} -> {args.partitions} partitions; restart its producers now")


if __name__ == "__main__":
    main()
