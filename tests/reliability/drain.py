"""Waiting until nothing is in flight: every outbox published and every
consumer group caught up with the end of its topic, twice in a row."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from services import NAMES, definitions
from shared.kafka_access import KafkaAccess
from tests.kafka_helpers import partition_counts


def consumer_groups() -> dict[str, str]:
    """group id -> topic, as `shared.runtime.Service` names them."""
    return {
        f"{name}.{s.topic.name}": s.topic.name
        for name, service in definitions().items()
        for s in service.subscriptions
    }


@dataclass(frozen=True)
class InFlight:
    unpublished: dict[str, int]  # schema -> outbox rows not yet published
    lag: dict[str, int]  # consumer group -> records not yet committed

    @property
    def total(self) -> int:
        return sum(self.unpublished.values()) + sum(self.lag.values())


async def unpublished_rows(database_url: str) -> dict[str, int]:
    conn = await asyncpg.connect(database_url)
    try:
        return {
            schema: await conn.fetchval(
                f"SELECT count(*) FROM {schema}.outbox WHERE published_at IS NULL"
            )
            for schema in NAMES
        }
    finally:
        await conn.close()


async def end_offsets(kafka: KafkaAccess, topics: list[str]) -> dict[TopicPartition, int]:
    counts = await partition_counts(kafka, topics)
    consumer = AIOKafkaConsumer(**kafka.client_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        return await consumer.end_offsets(
            [TopicPartition(t, p) for t, n in counts.items() for p in range(n)]
        )
    finally:
        await consumer.stop()


async def group_lag(kafka: KafkaAccess) -> dict[str, int]:
    groups = consumer_groups()
    ends = await end_offsets(kafka, sorted(set(groups.values())))
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        lag = {}
        for group, topic in groups.items():
            committed = await admin.list_consumer_group_offsets(group)
            lag[group] = sum(
                end - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0)
                for tp, end in ends.items()
                if tp.topic == topic
            )
        return lag
    finally:
        await admin.close()


async def in_flight(database_url: str, kafka: KafkaAccess) -> InFlight:
    return InFlight(await unpublished_rows(database_url), await group_lag(kafka))


async def drain(database_url: str, kafka: KafkaAccess, timeout: float) -> tuple[InFlight, float]:
    """Returns what is still in flight (nothing, unless `timeout` ran out) and how long it took."""
    started = time.monotonic()
    quiet_checks = 0
    while True:
        try:
            state = await in_flight(database_url, kafka)
        except (TimeoutError, OSError, asyncpg.PostgresError, KafkaError) as exc:
            state, quiet_checks = None, 0
            error = exc
        else:
            quiet_checks = quiet_checks + 1 if state.total == 0 else 0
        if quiet_checks >= 2:
            return state, time.monotonic() - started
        if time.monotonic() - started > timeout:
            if state is None:
                raise TimeoutError(f"could not read what is in flight: {error!r}")
            return state, time.monotonic() - started
        await asyncio.sleep(0.5)
