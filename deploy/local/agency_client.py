"""What an agency system does to talk to us: plain JSON envelopes produced
with a plain Kafka client. Used by the demo data and by the tests."""

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from aiokafka import AIOKafkaProducer

from shared.kafka_access import KafkaAccess


def agency_envelope(
    *,
    event_type: str,
    producer: str,
    key: str,
    payload: dict[str, Any],
    version: int = 1,
    event_id: UUID | None = None,
) -> dict[str, Any]:
    return {
        "event_id": str(event_id or uuid4()),
        "type": event_type,
        "version": version,
        "occurred_at": datetime.now(UTC).isoformat(),
        "producer": producer,
        "key": key,
        "payload": payload,
    }


async def publish_raw(
    kafka: KafkaAccess, topic: str, records: list[tuple[str, bytes]], *, idempotence: bool = True
) -> None:
    """Sends (key, value) pairs in order, waiting for every acknowledgement; idempotent
    (a broker without idempotent producers, Tansu, needs `idempotence=False`)."""
    producer = AIOKafkaProducer(
        **kafka.client_options(), acks="all", enable_idempotence=idempotence
    )
    await producer.start()
    try:
        for key, value in records:
            await producer.send_and_wait(topic, value=value, key=key.encode())
    finally:
        await producer.stop()


async def publish_envelopes(
    kafka: KafkaAccess, topic: str, envelopes: list[dict[str, Any]], *, idempotence: bool = True
) -> None:
    records = [(e["key"], json.dumps(e).encode()) for e in envelopes]
    await publish_raw(kafka, topic, records, idempotence=idempotence)
