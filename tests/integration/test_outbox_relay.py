"""The outbox relay against real PostgreSQL and Kafka."""

import asyncio
import json
import uuid
from contextlib import asynccontextmanager

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.kafka import OutboxProducer
from shared.kafka_access import KafkaAccess
from shared.outbox import OutboxRelay, add_to_outbox
from tests.integration.plumbing_fixtures import SequenceNoted, plumbing_schema
from tests.kafka_helpers import wait_for_records


async def new_topic(kafka: KafkaAccess, partitions: int = 3) -> str:
    name = f"test.outbox.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])
    finally:
        await admin.close()
    return name


async def note_next(database, topic: str, aggregate: str) -> None:
    """One state change and its event, with the aggregate row locked first so
    two transactions on the same aggregate serialise."""
    async with database.pool.acquire() as conn, conn.transaction():
        sequence = await conn.fetchval(
            "INSERT INTO aggregates (name, sequence) VALUES ($1, 1) "
            "ON CONFLICT (name) DO UPDATE SET sequence = aggregates.sequence + 1 "
            "RETURNING sequence",
            aggregate,
        )
        await asyncio.sleep(
            0.001 * (sequence % 3)
        )  # widen the window between id allocation and commit
        await add_to_outbox(
            conn,
            topic=topic,
            event=SequenceNoted(aggregate=aggregate, sequence=sequence),
            producer="test",
        )


async def eventually(read, expected, timeout: float = 10.0):
    """The relay marks rows published just after Kafka acknowledged them; wait for that."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (value := await read()) != expected:
        assert asyncio.get_running_loop().time() < deadline, (
            f"still {value!r}, expected {expected!r}"
        )
        await asyncio.sleep(0.05)


@asynccontextmanager
async def running(*relays: OutboxRelay):
    tasks = [asyncio.create_task(r.run_forever()) for r in relays]
    try:
        yield tasks
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture
async def producer(infrastructure):
    producer = OutboxProducer(
        infrastructure.kafka.operator,
        client_id="test-relay",
        idempotence=infrastructure.kafka_idempotence,
    )
    await producer.start()
    yield producer
    await producer.stop()


async def test_events_of_one_key_arrive_in_commit_order_under_concurrency(
    infrastructure, producer, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    topic = await new_topic(infrastructure.kafka.operator)
    relay = OutboxRelay(database.connect_dedicated, database.schema, producer.publish, batch_size=7)
    aggregates = [f"agg-{i}" for i in range(4)]
    async with running(relay):
        await asyncio.gather(
            *(note_next(database, topic, a) for _ in range(25) for a in aggregates)
        )
        records = await wait_for_records(
            infrastructure.kafka.operator, topic, lambda r: True, count=100
        )
    await database.close()

    by_key: dict[str, list[int]] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        by_key.setdefault(record.key.decode(), []).append(
            json.loads(record.value)["payload"]["sequence"]
        )
    assert by_key == {a: list(range(1, 26)) for a in aggregates}
    envelope = json.loads(records[0].value)
    assert dict(records[0].headers) == {
        "content-type": b"application/json",
        "correlation_id": envelope["event_id"].encode(),
        "event_type": b"test.sequence_noted",
        "event_id": envelope["event_id"].encode(),
    }


async def test_only_one_relay_per_service_leads_and_a_standby_takes_over(
    infrastructure, producer, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    topic = await new_topic(infrastructure.kafka.operator)
    relays = [
        OutboxRelay(database.connect_dedicated, database.schema, producer.publish) for _ in range(2)
    ]
    async with running(*relays) as tasks:
        await asyncio.sleep(1.0)
        assert sorted(r.is_leader for r in relays) == [False, True]
        leader = next(i for i, r in enumerate(relays) if r.is_leader)
        tasks[leader].cancel()
        await asyncio.gather(tasks[leader], return_exceptions=True)
        await note_next(database, topic, "after-failover")
        await wait_for_records(
            infrastructure.kafka.operator, topic, lambda r: r.key == b"after-failover"
        )
        assert relays[1 - leader].is_leader
    await database.close()


async def test_a_commit_wakes_the_relay_without_waiting_for_a_poll(
    infrastructure, producer, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    topic = await new_topic(infrastructure.kafka.operator)
    relay = OutboxRelay(
        database.connect_dedicated, database.schema, producer.publish, idle_poll_seconds=3600
    )
    async with running(relay):
        await asyncio.sleep(0.5)  # the relay has drained nothing and is now waiting
        await note_next(database, topic, "notified")
        # Only a NOTIFY can deliver this before the hour-long poll.
        await wait_for_records(
            infrastructure.kafka.operator, topic, lambda r: r.key == b"notified", timeout=20
        )
        await eventually(
            lambda: database.pool.fetchval(
                "SELECT count(*) FROM outbox WHERE published_at IS NULL"
            ),
            0,
        )
    await database.close()


async def test_the_backlog_reported_after_each_cycle_is_what_is_left_to_publish(
    infrastructure, producer, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    topic = await new_topic(infrastructure.kafka.operator)
    for _ in range(5):
        await note_next(database, topic, "backlog")
    backlogs: list[int] = []
    relay = OutboxRelay(
        database.connect_dedicated,
        database.schema,
        producer.publish,
        batch_size=2,
        on_backlog=backlogs.append,
    )
    async with running(relay):
        await wait_for_records(
            infrastructure.kafka.operator, topic, lambda r: r.key == b"backlog", count=5
        )
        await eventually(
            lambda: database.pool.fetchval(
                "SELECT count(*) FROM outbox WHERE published_at IS NULL"
            ),
            0,
        )
        await eventually(lambda: _settled(backlogs), [3, 1, 0])
    await database.close()


async def _settled(values: list[int]) -> list[int]:
    return list(values)


async def test_the_relay_marks_rows_published_without_waiting_for_the_wal_flush(
    infrastructure, producer, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    connections = []

    async def connect():
        connections.append(await database.connect_dedicated())
        return connections[-1]

    relay = OutboxRelay(connect, database.schema, producer.publish, idle_poll_seconds=3600)
    async with running(relay):
        await eventually(lambda: _settled([relay.is_leader]), [True])
        await asyncio.sleep(
            0.2
        )  # past the relay's first look at the outbox: it now waits for a notification
        assert await connections[0].fetchval("SHOW synchronous_commit") == "off"
    await database.close()
