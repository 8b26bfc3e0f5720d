"""A consumer of another service's topic handles its few event types and
skips the rest, instead of dead-lettering every event it does not need."""

import json
import uuid

import pytest

from shared.consumer import Outcome, TransactionalConsumer
from shared.contracts.base import ContractRegistry, EventContract
from shared.records import IncomingRecord
from shared.topics import Topic
from tests.integration.plumbing_fixtures import SequenceNoted, plumbing_schema
from tests.integration.test_inbox_and_consumer import RecordedDeadLetters, bump


class SomethingElse(EventContract):
    event_type = "test.something_else"
    event_version = 1

    note: str

    def partition_key(self) -> str:
        return self.note


TOPIC = Topic(
    "test.foreign",
    1,
    "another service",
    "test topic",
    ContractRegistry(SequenceNoted, SomethingElse),
)


def envelope_of(event_type: str, payload: dict) -> bytes:
    return json.dumps(
        {
            "event_id": str(uuid.uuid4()),
            "type": event_type,
            "version": 1,
            "occurred_at": "2026-11-21T10:00:00Z",
            "producer": "test",
            "key": "a",
            "payload": payload,
        }
    ).encode()


def test_without_the_option_every_type_needs_a_handler():
    with pytest.raises(ValueError, match="no handler for \\['SomethingElse'\\]"):
        TransactionalConsumer(None, TOPIC, {SequenceNoted: bump}, RecordedDeadLetters())


async def test_types_without_a_handler_are_skipped_and_handled_types_still_checked(
    infrastructure, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    dead_letters = RecordedDeadLetters()
    consumer = TransactionalConsumer(
        database, TOPIC, {SequenceNoted: bump}, dead_letters, ignore_other_types=True
    )
    values = [
        envelope_of("test.sequence_noted", {"aggregate": "a", "sequence": 3}),
        envelope_of("test.something_else", {"note": "registered on the topic, not handled here"}),
        envelope_of("kitchens.added_later", {"any": "type this code has never heard of"}),
        envelope_of("test.sequence_noted", {"aggregate": "a"}),
        b"not json",
    ]
    outcomes = [
        await consumer.process(IncomingRecord(TOPIC.name, 0, n, b"a", v))
        for n, v in enumerate(values)
    ]
    assert outcomes == [
        Outcome.APPLIED,
        Outcome.IGNORED,
        Outcome.IGNORED,
        Outcome.DEAD_LETTERED,
        Outcome.DEAD_LETTERED,
    ]
    assert dead_letters.sent[0][1] == "payload.sequence: Field required"
    assert await database.pool.fetchval("SELECT count(*) FROM inbox") == 1
    await database.close()
