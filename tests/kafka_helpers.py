"""Reading topics in tests the way a foreign consumer would: plain aiokafka, no group."""

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import TopicAuthorizationFailedError

from shared.kafka_access import KafkaAccess


async def wait_for_records(
    kafka: KafkaAccess,
    topic: str,
    match: Callable[[Any], bool],
    *,
    count: int = 1,
    timeout: float = 30.0,
) -> list[Any]:
    """Reads `topic` from the beginning until `count` records satisfy `match`."""
    consumer = AIOKafkaConsumer(**kafka.client_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        partition_count = (await partition_counts(kafka, [topic]))[topic]
        partitions = [TopicPartition(topic, p) for p in range(partition_count)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        found: list[Any] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                found.extend(r for r in records if match(r))
            if len(found) >= count:
                return found
        raise AssertionError(
            f"{topic}: found {len(found)} of {count} matching records within {timeout}s"
        )
    finally:
        await consumer.stop()


async def partition_counts(
    kafka: KafkaAccess, topics: list[str], timeout: float = 10.0
) -> dict[str, int]:
    """A topic created a moment ago can be described with no partitions yet:
    asked again until each has some."""
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        deadline = time.monotonic() + timeout
        while True:
            counts = {t["topic"]: len(t["partitions"]) for t in await admin.describe_topics(topics)}
            if all(counts.get(topic) for topic in topics) or time.monotonic() > deadline:
                return counts
            await asyncio.sleep(0.1)
    finally:
        await admin.close()


async def read_from_end(consumer: AIOKafkaConsumer, kafka: KafkaAccess, topics: list[str]) -> None:
    """Assigns every partition of `topics` to a started consumer, positioned at
    their current ends: it reads only what is produced from now on."""
    counts = await partition_counts(kafka, topics)
    partitions = [TopicPartition(topic, p) for topic, n in counts.items() for p in range(n)]
    consumer.assign(partitions)
    await consumer.seek_to_end(*partitions)
    for tp in partitions:  # resolves the end offsets now, before anything is produced
        await consumer.position(tp)


def json_value(record: Any) -> dict[str, Any] | None:
    try:
        return json.loads(record.value)
    except (TypeError, ValueError):
        return None


def header(record: Any, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return value.decode()
    return None


# Short: an attack that hangs until the default 40 s would only slow the suite.
CONNECT_TIMEOUT_MS = 5_000


async def send_as(access: KafkaAccess, topic: str, value: bytes = b"{}") -> None:
    producer = AIOKafkaProducer(
        **access.client_options(), acks="all", request_timeout_ms=CONNECT_TIMEOUT_MS
    )
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=b"attack")
    finally:
        await producer.stop()


async def read_partition_zero(access: KafkaAccess, topic: str) -> list:
    """What `access` reads of partition 0; a refusal raises TopicAuthorizationFailedError
    when the principal may see that the topic exists."""
    consumer = AIOKafkaConsumer(
        **access.client_options(), enable_auto_commit=False, request_timeout_ms=CONNECT_TIMEOUT_MS
    )
    await consumer.start()
    try:
        consumer.assign([TopicPartition(topic, 0)])
        await consumer.seek_to_beginning()
        batches = await consumer.getmany(timeout_ms=3_000)
        return [r for records in batches.values() for r in records]
    finally:
        await consumer.stop()


async def refused_to_read(kafka: Any, access: KafkaAccess, topic: str) -> bool:
    """True when `access` gets nothing of a partition that holds a record."""
    producer = AIOKafkaProducer(**kafka.operator.client_options(), acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"{}", key=b"probe", partition=0)
    finally:
        await producer.stop()
    assert await read_partition_zero(kafka.operator, topic)
    try:
        return not await read_partition_zero(access, topic)
    except TopicAuthorizationFailedError:
        return True
