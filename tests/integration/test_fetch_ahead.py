"""Records taken from Kafka while a batch is applied, against real Kafka."""

import asyncio
import uuid
from dataclasses import replace

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from faststream.kafka import KafkaBroker

from services.console.clients.kafka_admin import committed
from shared.fetch_ahead import FetchAhead, rewind
from shared.kafka import subscribe
from shared.kafka_access import KafkaAccess
from shared.records import IncomingRecord
from shared.topics import ENROLMENTS
from tests.integration.test_outbox_relay import new_topic


async def group_consumer(kafka: KafkaAccess, topic: str) -> AIOKafkaConsumer:
    consumer = AIOKafkaConsumer(
        topic,
        **kafka.client_options(),
        group_id=f"test-{uuid.uuid4().hex[:8]}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    return consumer


async def send(
    kafka: KafkaAccess, topic: str, values: list[str], partitions: int = 1, pause: float = 0.0
) -> None:
    producer = AIOKafkaProducer(**kafka.client_options(), linger_ms=0)
    await producer.start()
    try:
        for n, value in enumerate(values):
            await producer.send_and_wait(topic, value.encode(), partition=n % partitions)
            await asyncio.sleep(pause)
    finally:
        await producer.stop()


async def held_eventually(ahead: FetchAhead, count: int) -> list[ConsumerRecord]:
    taken: list[ConsumerRecord] = []
    for _ in range(200):
        taken += ahead.take()
        if len(taken) >= count:
            return taken
        await asyncio.sleep(0.05)
    raise AssertionError(f"took {len(taken)} records, expected {count}")


class SlowFirstBatch:
    """Stands in for a TransactionalConsumer: notes each batch's values, and
    holds the first batch until the test lets it go."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.first_started = asyncio.Event()
        self.let_first_finish = asyncio.Event()

    async def process_batch(self, records: list[IncomingRecord]) -> list[object]:
        self.batches.append([r.value.decode() for r in records])
        if len(self.batches) == 1:
            self.first_started.set()
            await self.let_first_finish.wait()
        return []


async def test_records_arriving_while_a_batch_is_applied_are_the_next_batch(infrastructure):
    """Without fetching ahead, aiokafka holds the first record that arrived during the
    batch and leaves the rest at the broker: the batches were [r0], [r1], [r2 … r5]."""
    kafka = infrastructure.kafka.operator
    topic = await new_topic(kafka, partitions=1)
    consumer = SlowFirstBatch()
    stopping = asyncio.Event()
    broker = KafkaBroker(
        kafka.bootstrap_servers, security=kafka.faststream_security(), apply_types=False
    )
    subscribe(
        broker,
        replace(ENROLMENTS, name=topic, partitions=1),
        consumer,
        group_id=f"test-{uuid.uuid4().hex[:8]}",  # type: ignore[arg-type]
        max_records=100,
        stopping=stopping,
    )
    await broker.start()
    try:
        await send(kafka, topic, ["r0"])
        await asyncio.wait_for(consumer.first_started.wait(), 30)
        await send(kafka, topic, ["r1", "r2", "r3", "r4", "r5"], pause=0.05)
        await asyncio.sleep(0.5)
        consumer.let_first_finish.set()
        for _ in range(100):
            if sum(map(len, consumer.batches)) == 6:
                break
            await asyncio.sleep(0.05)
        assert consumer.batches == [["r0"], ["r1", "r2", "r3", "r4", "r5"]]
    finally:
        stopping.set()
        await broker.stop()


async def test_a_stopping_subscriber_commits_the_offsets_of_what_it_applied(infrastructure):
    """Commits wait out an interval under load; the records applied in it must not be
    delivered again after an orderly stop."""
    kafka = infrastructure.kafka.operator
    topic = await new_topic(kafka, partitions=1)
    consumer = SlowFirstBatch()
    consumer.let_first_finish.set()
    group = f"test-{uuid.uuid4().hex[:8]}"
    stopping = asyncio.Event()
    broker = KafkaBroker(
        kafka.bootstrap_servers, security=kafka.faststream_security(), apply_types=False
    )
    subscribe(
        broker,
        replace(ENROLMENTS, name=topic, partitions=1),
        consumer,
        group_id=group,  # type: ignore[arg-type]
        max_records=100,
        stopping=stopping,
    )
    await broker.start()
    try:
        await send(kafka, topic, ["r0"])
        await asyncio.wait_for(consumer.first_started.wait(), 30)
        await send(kafka, topic, ["r1", "r2", "r3"])
        for _ in range(100):
            if sum(map(len, consumer.batches)) == 4:
                break
            await asyncio.sleep(0.02)
    finally:
        stopping.set()
        await broker.stop()
    offsets = (await committed(kafka, [group]))[group]
    assert {tp.partition: offset for tp, offset in offsets.items()} == {0: 4}


async def test_no_record_is_lost_or_taken_twice_across_stops_and_restarts(infrastructure):
    kafka = infrastructure.kafka.operator
    topic = await new_topic(kafka, partitions=3)
    values = [str(n) for n in range(300)]
    consumer = await group_consumer(kafka, topic)
    sending = asyncio.create_task(send(kafka, topic, values, partitions=3, pause=0.002))
    taken: list[ConsumerRecord] = []
    try:
        ahead = FetchAhead(consumer, max_records=50)
        for round_ in range(2_000):
            if len(taken) == len(values):
                break
            ahead.start()
            await asyncio.sleep(0.001 * (round_ % 7))
            taken += ahead.take()
            await asyncio.sleep(0.001 * (round_ % 5))
            taken += await ahead.stop()
        await sending
    finally:
        await consumer.stop()
    by_partition = {p: [r.offset for r in taken if r.partition == p] for p in range(3)}
    assert by_partition == {p: list(range(100)) for p in range(3)}
    assert sorted(r.value.decode() for r in taken) == sorted(values)


async def test_no_more_than_max_records_are_held(infrastructure):
    kafka = infrastructure.kafka.operator
    topic = await new_topic(kafka, partitions=1)
    await send(kafka, topic, [f"v{n}" for n in range(10)])
    consumer = await group_consumer(kafka, topic)
    try:
        ahead = FetchAhead(consumer, max_records=3)
        ahead.start()
        await asyncio.sleep(1.0)
        assert [r.value for r in ahead.take()] == [b"v0", b"v1", b"v2"]
        rest = await held_eventually(ahead, 7)
        assert [r.value for r in rest] == [f"v{n}".encode() for n in range(3, 10)]
        assert await ahead.stop() == []
    finally:
        await consumer.stop()


async def test_rewound_records_are_delivered_again(infrastructure):
    kafka = infrastructure.kafka.operator
    topic = await new_topic(kafka, partitions=1)
    await send(kafka, topic, ["a", "b", "c", "d"])
    consumer = await group_consumer(kafka, topic)
    try:
        ahead = FetchAhead(consumer, max_records=10)
        ahead.start()
        held = await held_eventually(ahead, 4)
        await ahead.stop()
        rewind(consumer, held[2:] + held[1:2])
        again: list[ConsumerRecord] = []
        while len(again) < 3:
            for records in (await consumer.getmany(timeout_ms=1000)).values():
                again += records
        assert [r.value for r in again] == [b"b", b"c", b"d"]
    finally:
        await consumer.stop()


async def test_the_next_batch_waits_for_records_and_is_empty_once_fetching_stops(infrastructure):
    kafka = infrastructure.kafka.operator
    topic = await new_topic(kafka, partitions=1)
    consumer = await group_consumer(kafka, topic)
    ahead = FetchAhead(consumer, max_records=10)
    ahead.start()
    try:
        stopping = asyncio.Event()
        waiting = asyncio.create_task(ahead.next_batch(stopping))
        await asyncio.sleep(0.5)
        assert not waiting.done()
        await send(kafka, topic, ["x", "y"])
        batch = await asyncio.wait_for(waiting, 10)
        while len(batch) < 2:
            batch += await asyncio.wait_for(ahead.next_batch(stopping), 10)
        assert [r.value for r in batch] == [b"x", b"y"]
        waiting = asyncio.create_task(ahead.next_batch(stopping))
        await asyncio.sleep(0.2)
        assert not waiting.done()
    finally:
        await consumer.stop()
    assert await asyncio.wait_for(waiting, 10) == []
    assert await ahead.stop() == []


async def test_a_stopping_subscriber_stops_waiting_and_gets_back_what_is_held(infrastructure):
    kafka = infrastructure.kafka.operator
    topic = await new_topic(kafka, partitions=1)
    consumer = await group_consumer(kafka, topic)
    ahead = FetchAhead(consumer, max_records=10)
    stopping = asyncio.Event()
    ahead.start()
    try:
        waiting = asyncio.create_task(ahead.next_batch(stopping))
        await asyncio.sleep(0.2)
        stopping.set()
        assert await asyncio.wait_for(waiting, 1) == []
        await send(kafka, topic, ["p", "q"])
        await asyncio.sleep(1.0)
        assert await ahead.next_batch(stopping) == []
        assert [r.value for r in await ahead.stop()] == [b"p", b"q"]
    finally:
        await consumer.stop()
