"""The Kafka edge: broker, subscribers, dead-letter sink and the relay's producer."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Union
from uuid import UUID

from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.errors import MessageSizeTooLargeError, RecordTooLargeError
from aiokafka.structs import RecordMetadata
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.kafka.prometheus import KafkaPrometheusMiddleware

from .consumer import TransactionalConsumer
from .envelope import Envelope
from .fetch_ahead import FetchAhead, rewind
from .kafka_access import KafkaAccess
from .offset_commits import OffsetCommits
from .outbox import OutboxRow, encode_envelope
from .records import IncomingRecord
from .settings import ServiceSettings
from .topics import DEAD_LETTER_SUFFIX, Topic

DLQ_HEADER_PREFIX = "dlq."
# Set, to the value's size in bytes, on a dead letter too large to carry its value.
DLQ_VALUE_OMITTED_HEADER = "dlq.value_omitted_bytes"


def create_broker(settings: ServiceSettings, service: str, metrics_registry: Any) -> KafkaBroker:
    access = settings.kafka_access()
    return KafkaBroker(
        # A list: FastStream hands a string to aiokafka as one host, so a cluster's
        # "host:port,host:port" would not split.
        access.bootstrap_servers.split(","),
        security=access.faststream_security(),
        client_id=service,
        acks="all",
        enable_idempotence=settings.kafka_idempotence,
        # Our consume path parses and validates itself, so that a bad record
        # is dead-lettered with its reason instead of failing inside FastStream.
        apply_types=False,
        middlewares=[KafkaPrometheusMiddleware(registry=metrics_registry, app_name=service)],
        logger=logging.getLogger(f"{service}.faststream"),
        log_level=logging.DEBUG,
    )


def to_incoming(record: ConsumerRecord) -> IncomingRecord:
    return IncomingRecord(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        value=record.value,
        headers=tuple(record.headers or ()),
        # Records written without one carry -1.
        timestamp_ms=record.timestamp if record.timestamp and record.timestamp > 0 else None,
    )


async def _pass_raw_message(message: KafkaMessage) -> KafkaMessage:
    return message


def subscribe(
    broker: KafkaBroker,
    topic: Topic,
    consumer: TransactionalConsumer,
    *,
    group_id: str,
    max_records: int,
    stopping: asyncio.Event,
    max_poll_interval_ms: int = 300_000,
) -> None:
    """Takes whatever the broker has ready, up to `max_records`: one record when
    traffic is light, a full batch under load. Once `stopping` is set, the
    subscriber finishes the batch it is applying and returns to FastStream,
    which waits for that before it stops the consumer."""
    consume = _consume_in_batches(consumer, max_records, stopping)
    # AsyncAPI reads the message schema from the first parameter's annotation.
    consume.__annotations__ = {"message": _documented_envelope(topic), "return": None}
    subscriber = _batch_subscriber(
        broker,
        topic,
        group_id=group_id,
        max_records=max_records,
        max_poll_interval_ms=max_poll_interval_ms,
    )
    subscriber(consume)


def _consume_in_batches(
    consumer: TransactionalConsumer, max_records: int, stopping: asyncio.Event
) -> Callable[[KafkaMessage], Awaitable[None]]:
    """From the first record on, the subscriber takes records as they arrive,
    also while a batch is applied (shared/fetch_ahead.py), and applies them as
    the next batch; FastStream polls again only if that fetching fails. A
    batch's offsets are committed only after `consumer.process_batch` returned,
    which happens once each record is applied, found duplicate, or
    dead-lettered; commits run beside the next batches, at most two a second
    (shared/offset_commits.py)."""
    commits = OffsetCommits()

    async def consume(message: KafkaMessage) -> None:
        records: list[ConsumerRecord] = list(message.raw_message)
        ahead = FetchAhead(message.consumer, max_records)
        ahead.start()
        try:
            while records:
                await consumer.process_batch([to_incoming(r) for r in records])
                commits.applied(message.consumer, records)
                records = await ahead.next_batch(stopping)
        finally:
            # When applying failed or the service stops: the records taken but
            # never tried go back to Kafka.
            rewind(message.consumer, await ahead.stop())
            await commits.flush()

    return consume


def _batch_subscriber(
    broker: KafkaBroker,
    topic: Topic,
    *,
    group_id: str,
    max_records: int,
    max_poll_interval_ms: int,
) -> Callable[[Callable[[KafkaMessage], Awaitable[None]]], Any]:
    # A family of per-agency topics is read by pattern: an agency's topic made
    # later is picked up at the next metadata refresh.
    where: dict[str, Any] = {"pattern": topic.pattern} if topic.per_agency else {}
    return broker.subscriber(
        *(() if topic.per_agency else (topic.name,)),
        **where,
        group_id=group_id,
        batch=True,
        max_records=max_records,
        # FastStream sleeps this long again after an empty poll. It polls only
        # until the subscriber's first record, so this bounds that record's
        # wait, not the CPU an idle subscriber spends polling ever after.
        batch_timeout_ms=100,
        ack_policy=AckPolicy.MANUAL,
        auto_offset_reset="earliest",
        max_poll_interval_ms=max_poll_interval_ms,
        decoder=_pass_raw_message,
        title=f"{topic.shown_name}:consume",
        description=topic.description,
    )


def declare_publication(broker: KafkaBroker, topic: Topic) -> None:
    """Documents in AsyncAPI what the outbox relay publishes to `topic`."""
    broker.publisher(
        topic.shown_name,
        title=f"{topic.shown_name}:publish",
        description=topic.description,
        schema=_documented_envelope(topic),
    )


def _documented_envelope(topic: Topic) -> Any:
    """The envelope of the topic's contract (or of their union), built at run
    time, hence typed Any."""
    envelope: Any = Envelope
    contracts = tuple(topic.contracts)
    payload = contracts[0] if len(contracts) == 1 else Union[contracts]  # noqa: UP007
    return envelope[payload]


class KafkaDeadLetters:
    def __init__(self, broker: KafkaBroker, consumer_group: str) -> None:
        self._broker = broker
        self._consumer_group = consumer_group

    async def send(
        self, record: IncomingRecord, reason: str, code: str, event_id: UUID | None
    ) -> None:
        headers = {
            name: value.decode("utf-8", "replace")
            for name, value in record.headers
            if not name.startswith(DLQ_HEADER_PREFIX)
        }
        headers.update(
            dead_letter_headers(
                record,
                reason=reason,
                code=code,
                consumer_group=self._consumer_group,
                event_id=event_id,
            )
        )
        topic = record.topic + DEAD_LETTER_SUFFIX
        try:
            await self._broker.publish(
                record.value or b"", topic=topic, key=record.key, headers=headers
            )
        except (MessageSizeTooLargeError, RecordTooLargeError):
            # A producer may compress a record the broker then accepts, but its
            # copy cannot exceed our producer's request size; retrying would
            # block the partition forever. The original stays at dlq.original.*.
            headers[DLQ_VALUE_OMITTED_HEADER] = str(len(record.value or b""))
            await self._broker.publish(b"", topic=topic, key=record.key, headers=headers)


def dead_letter_headers(
    record: IncomingRecord,
    *,
    reason: str,
    code: str,
    consumer_group: str,
    event_id: UUID | None,
) -> dict[str, str]:
    """`reason` for a developer, in English; `code` for a screen, which words it."""
    headers = {
        "dlq.original.topic": record.topic,
        "dlq.original.partition": str(record.partition),
        "dlq.original.offset": str(record.offset),
        "dlq.reason": reason,
        "dlq.code": code,
        "dlq.consumer.group": consumer_group,
        "dlq.failed_at": datetime.now(UTC).isoformat(),
    }
    if event_id is not None:
        headers["dlq.event_id"] = str(event_id)
    return headers


class OutboxProducer:
    """The outbox relay's own producer. A row goes out through aiokafka's send
    alone: FastStream's publish path (its command, middlewares and codec) cost
    the registry more CPU under load than the send itself, and the relay needs
    none of it. On the wire the record is what a FastStream publish made of it."""

    def __init__(self, access: KafkaAccess, *, client_id: str, idempotence: bool) -> None:
        self._access = access
        self._settings = {
            "client_id": client_id,
            "acks": "all",
            "enable_idempotence": idempotence,
        }
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        # aiokafka binds a producer to the running loop when it is built.
        self._producer = AIOKafkaProducer(**self._access.client_options(), **self._settings)
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()

    async def publish(self, row: OutboxRow) -> Awaitable[RecordMetadata]:
        if self._producer is None:
            raise RuntimeError("the outbox producer is not started")
        envelope = row.envelope
        correlation_id = envelope.get("correlation_id") or envelope["event_id"]
        return await self._producer.send(
            row.topic,
            encode_envelope(envelope),
            key=row.key.encode(),
            headers=[
                ("content-type", b"application/json"),
                ("correlation_id", correlation_id.encode()),
                ("event_type", envelope["type"].encode()),
                ("event_id", envelope["event_id"].encode()),
            ],
        )
