"""deploy/grow_partitions.py against the session's broker, on a topic of its own: it
refuses while a group has records left to read (naming it), refuses to shrink or to
invent a topic, and grows the topic once the group has caught up."""

import asyncio
import re
import uuid
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from deploy.grow_partitions import main
from tests.kafka_helpers import partition_counts


@pytest.fixture
def operator(infrastructure):
    if not infrastructure.kafka.authenticated:
        pytest.skip(f"{infrastructure.kafka_description}: no operator listener to grow through")
    return infrastructure.kafka.operator


def _grow(operator, topic: str, partitions: int) -> None:
    main(
        [
            "--bootstrap-servers",
            operator.bootstrap_servers,
            "--tls-dir",
            str(Path(operator.ca_file).parent),
            "--topic",
            topic,
            "--partitions",
            str(partitions),
        ]
    )


async def _topic_with_three_records(operator) -> str:
    topic = f"ops.growth-drill-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(**operator.client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(**operator.client_options())
    await producer.start()
    try:
        for n in range(3):
            await producer.send_and_wait(topic, f"record {n}".encode(), key=b"one key")
    finally:
        await producer.stop()
    return topic


async def _commit(operator, group: str, topic: str, offset: int) -> None:
    consumer = AIOKafkaConsumer(
        **operator.client_options(), group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        partition = TopicPartition(topic, 0)
        consumer.assign([partition])
        await consumer.commit({partition: offset})
    finally:
        await consumer.stop()


async def test_a_topic_grows_only_once_every_group_has_read_it(operator):
    topic = await _topic_with_three_records(operator)
    group = f"ops.growth-drill-{uuid.uuid4().hex[:8]}"
    await _commit(operator, group, topic, 1)
    with pytest.raises(SystemExit, match=re.escape(f"{group}: 2")):
        await asyncio.to_thread(_grow, operator, topic, 4)
    assert (await partition_counts(operator, [topic]))[topic] == 1

    await _commit(operator, group, topic, 3)
    await asyncio.to_thread(_grow, operator, topic, 4)
    assert (await partition_counts(operator, [topic]))[topic] == 4

    with pytest.raises(SystemExit, match="can only add partitions"):
        await asyncio.to_thread(_grow, operator, topic, 2)


def test_a_topic_that_does_not_exist_is_refused_by_name(operator):
    with pytest.raises(SystemExit, match=re.escape("'ops.no-such-topic' does not exist")):
        _grow(operator, "ops.no-such-topic", 3)
