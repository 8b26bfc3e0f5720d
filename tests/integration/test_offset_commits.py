"""Offsets committed beside the consume path, against real Kafka."""

import asyncio

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from structlog.testing import capture_logs

from shared.kafka_access import KafkaAccess
from shared.offset_commits import OffsetCommits
from tests.integration.test_fetch_ahead import group_consumer
from tests.integration.test_outbox_relay import eventually, new_topic


class CountedCommits:
    """A real consumer whose commits are counted and held back until released."""

    def __init__(self, consumer: AIOKafkaConsumer) -> None:
        self.consumer = consumer
        self.sent: list[dict[TopicPartition, int]] = []
        self.sent_at: list[float] = []
        self.release = asyncio.Event()
        self.release.set()

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.sent.append(dict(offsets))
        self.sent_at.append(asyncio.get_running_loop().time())
        await self.release.wait()
        await self.consumer.commit(offsets)


async def consumed(
    kafka: KafkaAccess, partitions: int, per_partition: int
) -> tuple[AIOKafkaConsumer, list[ConsumerRecord]]:
    """A group consumer that has read `per_partition` records of each partition of a new topic."""
    topic = await new_topic(kafka, partitions)
    producer = AIOKafkaProducer(**kafka.client_options())
    await producer.start()
    try:
        for partition in range(partitions):
            for n in range(per_partition):
                await producer.send_and_wait(
                    topic, f"{partition}-{n}".encode(), partition=partition
                )
    finally:
        await producer.stop()
    consumer = await group_consumer(kafka, topic)
    records: list[ConsumerRecord] = []
    while len(records) < partitions * per_partition:
        for batch in (await consumer.getmany(timeout_ms=1000)).values():
            records.extend(batch)
    return consumer, records


async def committed(
    consumer: AIOKafkaConsumer, records: list[ConsumerRecord]
) -> dict[int, int | None]:
    return {
        p: await consumer.committed(TopicPartition(records[0].topic, p))
        for p in sorted({r.partition for r in records})
    }


async def test_the_next_offset_of_each_partition_is_committed(infrastructure):
    consumer, records = await consumed(infrastructure.kafka.operator, partitions=2, per_partition=3)
    try:
        OffsetCommits().applied(consumer, records)
        await eventually(lambda: committed(consumer, records), {0: 3, 1: 3})
    finally:
        await consumer.stop()


async def test_batches_applied_while_a_commit_is_on_its_way_go_in_one_later_commit(infrastructure):
    consumer, records = await consumed(infrastructure.kafka.operator, partitions=1, per_partition=6)
    counted = CountedCommits(consumer)
    counted.release.clear()
    commits = OffsetCommits()
    try:
        for batch in (records[:2], records[2:4], records[4:]):
            commits.applied(counted, batch)
            await asyncio.sleep(0)
        counted.release.set()
        await eventually(lambda: committed(consumer, records), {0: 6})
        tp = TopicPartition(records[0].topic, 0)
        assert counted.sent == [{tp: 2}, {tp: 6}]
    finally:
        await consumer.stop()


async def test_a_refused_commit_is_logged_and_the_next_batch_is_committed(infrastructure):
    consumer, records = await consumed(infrastructure.kafka.operator, partitions=1, per_partition=2)
    stranger = ConsumerRecord(
        f"{records[0].topic}.not-assigned", 0, 0, 0, 0, None, b"x", None, 0, 1, ()
    )
    commits = OffsetCommits()
    try:
        with capture_logs() as logs:
            commits.applied(consumer, [stranger])
            for _ in range(100):
                if logs:
                    break
                await asyncio.sleep(0.05)
        assert [e["event"] for e in logs] == [
            "offsets not committed; their records will be delivered again"
        ]
        assert "not assigned" in logs[0]["reason"]
        commits.applied(consumer, records)
        await eventually(lambda: committed(consumer, records), {0: 2})
    finally:
        await consumer.stop()


async def test_batches_applied_within_the_interval_go_in_one_commit_after_it(infrastructure):
    consumer, records = await consumed(infrastructure.kafka.operator, partitions=1, per_partition=6)
    counted = CountedCommits(consumer)
    commits = OffsetCommits(interval=0.5)
    try:
        for batch in (records[:2], records[2:4], records[4:]):
            commits.applied(counted, batch)
            await asyncio.sleep(0.05)
        await eventually(lambda: committed(consumer, records), {0: 6})
        tp = TopicPartition(records[0].topic, 0)
        assert counted.sent == [{tp: 2}, {tp: 6}]
        assert counted.sent_at[1] - counted.sent_at[0] >= 0.5
    finally:
        await consumer.stop()


async def test_a_flush_commits_what_is_pending_without_waiting_out_the_interval(infrastructure):
    consumer, records = await consumed(infrastructure.kafka.operator, partitions=1, per_partition=4)
    counted = CountedCommits(consumer)
    commits = OffsetCommits(interval=3600)
    try:
        commits.applied(counted, records[:2])
        await eventually(lambda: committed(consumer, records), {0: 2})
        commits.applied(counted, records[2:])
        await asyncio.wait_for(commits.flush(), timeout=10)
        assert await committed(consumer, records) == {0: 4}
    finally:
        await consumer.stop()
