"""The ops screen's Kafka edge: offsets, consumer groups' committed offsets,
the tail of topics and one dead letter at a time, and the replay publish.
Clients start per call: the screen is opened now and then by a few people,
and a broker restart must not leave the console holding dead connections."""

import asyncio
from collections.abc import Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.kafka_access import KafkaAccess
from shared.settings import KafkaSettings

TAIL_PER_PARTITION = 20
_FETCH_SECONDS = 5.0


@dataclass(frozen=True)
class Offsets:
    beginnings: dict[TopicPartition, int]
    ends: dict[TopicPartition, int]

    def of(self, topic: str) -> tuple[dict[int, int], dict[int, int]]:
        """(beginnings, ends) of one topic, by partition number."""
        return (
            {tp.partition: o for tp, o in self.beginnings.items() if tp.topic == topic},
            {tp.partition: o for tp, o in self.ends.items() if tp.topic == topic},
        )


@dataclass(frozen=True)
class TailRecord:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    timestamp: int


@asynccontextmanager
async def _consumer(kafka: KafkaAccess):
    consumer = AIOKafkaConsumer(
        **kafka.client_options(),
        enable_auto_commit=False,
        client_id="console-ops",
        request_timeout_ms=10_000,
    )
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


async def offsets(kafka: KafkaAccess, topics: Iterable[str]) -> Offsets:
    async with _consumer(kafka) as consumer:
        partitions: list[TopicPartition] = []
        for topic in topics:
            numbers = consumer.partitions_for_topic(topic) or await _partitions(consumer, topic)
            partitions.extend(TopicPartition(topic, p) for p in sorted(numbers))
        return Offsets(
            await consumer.beginning_offsets(partitions), await consumer.end_offsets(partitions)
        )


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    # The consumer fetches metadata only for the topics it subscribed to.
    await consumer._client.force_metadata_update()
    return consumer.partitions_for_topic(topic) or set()


async def topic_names(kafka: KafkaAccess) -> list[str]:
    admin = AIOKafkaAdminClient(
        **kafka.client_options(), client_id="console-ops", request_timeout_ms=10_000
    )
    await admin.start()
    try:
        return await admin.list_topics()
    finally:
        await admin.close()


async def committed(
    kafka: KafkaAccess, groups: Iterable[str]
) -> dict[str, dict[TopicPartition, int]]:
    """Each group's committed offsets; a group that never committed has none."""
    groups = list(groups)
    admin = AIOKafkaAdminClient(
        **kafka.client_options(), client_id="console-ops", request_timeout_ms=10_000
    )
    await admin.start()
    try:
        answers = await asyncio.gather(*(admin.list_consumer_group_offsets(g) for g in groups))
    finally:
        await admin.close()
    return {
        g: {tp: meta.offset for tp, meta in answer.items() if meta.offset >= 0}
        for g, answer in zip(groups, answers, strict=True)
    }


async def tail(
    kafka: KafkaAccess,
    known: Offsets,
    topics: Iterable[str],
    per_partition: int = TAIL_PER_PARTITION,
) -> list[TailRecord]:
    """The last `per_partition` records of each partition of `topics`: only the tail is read."""
    wanted = {
        tp: (max(known.beginnings[tp], end - per_partition), end)
        for tp, end in known.ends.items()
        if tp.topic in set(topics) and end > known.beginnings[tp]
    }
    return await _read(kafka, wanted)


async def record_at(
    kafka: KafkaAccess, topic: str, partition: int, offset: int
) -> TailRecord | None:
    tp = TopicPartition(topic, partition)
    found = await _read(kafka, {tp: (offset, offset + 1)})
    return found[0] if found and found[0].offset == offset else None


async def _read(
    kafka: KafkaAccess, wanted: dict[TopicPartition, tuple[int, int]]
) -> list[TailRecord]:
    if not wanted:
        return []
    found: list[TailRecord] = []
    async with _consumer(kafka) as consumer:
        consumer.assign(list(wanted))
        for tp, (start, _) in wanted.items():
            consumer.seek(tp, start)
        remaining = dict(wanted)
        deadline = asyncio.get_running_loop().time() + _FETCH_SECONDS
        while remaining and asyncio.get_running_loop().time() < deadline:
            batches = await consumer.getmany(*remaining, timeout_ms=500)
            for tp, records in batches.items():
                stop = remaining[tp][1]
                found.extend(_tail_record(r) for r in records if r.offset < stop)
                if records and records[-1].offset >= stop - 1:
                    del remaining[tp]
                    consumer.pause(tp)
    return found


def _tail_record(record: Any) -> TailRecord:
    return TailRecord(
        record.topic,
        record.partition,
        record.offset,
        record.key,
        record.value,
        tuple(record.headers or ()),
        record.timestamp,
    )


async def republish(
    settings: KafkaSettings,
    topic: str,
    key: bytes | None,
    value: bytes | None,
    headers: list[tuple[str, bytes]],
) -> tuple[int, int]:
    """Sends the record and waits for every in-sync replica; returns the (partition, offset)
    it landed at. Idempotent where the broker allows it (`kafka_idempotence`): a send
    retried after a lost acknowledgement is not written twice."""
    producer = AIOKafkaProducer(
        **settings.kafka_access().client_options(),
        acks="all",
        enable_idempotence=settings.kafka_idempotence,
        client_id="console-ops-replay",
    )
    await producer.start()
    try:
        sent = await producer.send_and_wait(topic, value=value, key=key, headers=headers)
    finally:
        await producer.stop()
    return sent.partition, sent.offset
