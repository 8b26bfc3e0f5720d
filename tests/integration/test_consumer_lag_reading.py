"""The lag a service reports for the "consumer lag growing" alert (shared/consumer_lag.py),
read from a real broker: per assigned partition, the end offset less the group's committed
offset, or less the oldest record kept where the group never committed; it keeps growing
while nothing is committed, as a stuck consumer's does."""

import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.consumer_lag import measure_lag


async def _topic(kafka, partitions: int) -> str:
    name = f"test.lag.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])
    finally:
        await admin.close()
    return name


async def _produce(kafka, topic: str, counts: dict[int, int]) -> None:
    producer = AIOKafkaProducer(**kafka.client_options(), acks="all")
    await producer.start()
    try:
        for partition, count in counts.items():
            for i in range(count):
                await producer.send_and_wait(topic, f"{i}".encode(), partition=partition)
    finally:
        await producer.stop()


async def test_lag_per_assigned_partition_and_growing_while_nothing_is_committed(infrastructure):
    kafka = infrastructure.kafka.operator
    topic = await _topic(kafka, partitions=2)
    await _produce(kafka, topic, {0: 10, 1: 4})
    consumer = AIOKafkaConsumer(
        topic,
        group_id=f"test.lag.{uuid.uuid4().hex[:8]}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **kafka.client_options(),
    )
    await consumer.start()
    try:
        while len(consumer.assignment()) < 2:
            await consumer.getmany(timeout_ms=200)
        await consumer.commit({TopicPartition(topic, 0): 6})
        # A subscriber not started yet has no consumer: it is skipped.
        assert await measure_lag([consumer, None]) == {(topic, 0): 4, (topic, 1): 4}
        await _produce(kafka, topic, {1: 3})
        assert await measure_lag([consumer]) == {(topic, 0): 4, (topic, 1): 7}
    finally:
        await consumer.stop()
