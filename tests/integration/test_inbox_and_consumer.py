"""The idempotent consume path against real PostgreSQL."""

import asyncio
import json
import uuid

import asyncpg

from shared.consumer import Outcome, RetryPolicy, TransactionalConsumer
from shared.contracts.base import ContractRegistry
from shared.errors import Rejected
from shared.inbox import Claim, claim_all
from shared.records import IncomingRecord
from shared.topics import Topic
from tests.integration.plumbing_fixtures import SequenceNoted, plumbing_schema

TOPIC = Topic("test.sequences", 1, "tests", "test topic", ContractRegistry(SequenceNoted))
FAST_RETRY = RetryPolicy(first_delay=0.01, max_delay=0.05)


class RecordedDeadLetters:
    def __init__(self) -> None:
        self.sent: list[tuple[IncomingRecord, str]] = []
        self.codes: list[str] = []

    async def send(self, record, reason, code, event_id) -> None:
        self.sent.append((record, reason))
        self.codes.append(code)


def record(sequence: int, event_id: uuid.UUID | None = None, offset: int = 0) -> IncomingRecord:
    envelope = {
        "event_id": str(event_id or uuid.uuid4()),
        "type": "test.sequence_noted",
        "version": 1,
        "occurred_at": "2026-11-21T10:00:00Z",
        "producer": "test",
        "key": "a",
        "payload": {"aggregate": "a", "sequence": sequence},
    }
    return IncomingRecord(TOPIC.name, 0, offset, b"a", json.dumps(envelope).encode())


async def bump(conn: asyncpg.Connection, envelope) -> None:
    await conn.execute(
        "INSERT INTO aggregates (name, sequence) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE "
        "SET sequence = aggregates.sequence + EXCLUDED.sequence",
        envelope.payload.aggregate,
        envelope.payload.sequence,
    )


async def test_a_redelivered_event_is_applied_once(infrastructure, tmp_path):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    consumer = TransactionalConsumer(database, TOPIC, {SequenceNoted: bump}, RecordedDeadLetters())
    event_id = uuid.uuid4()
    outcomes = [await consumer.process(record(5, event_id, offset=n)) for n in range(3)]
    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert await database.pool.fetchval("SELECT sequence FROM aggregates WHERE name = 'a'") == 5
    await database.close()


async def test_concurrent_claims_of_one_event_let_exactly_one_through(infrastructure, tmp_path):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    event_id = uuid.uuid4()

    async def try_claim() -> bool:
        async with database.pool.acquire() as conn, conn.transaction():
            won = bool(await claim_all(conn, [Claim(event_id, "t", "t", 0, 0)]))
            await asyncio.sleep(0.2)
            return won

    assert sorted(await asyncio.gather(*(try_claim() for _ in range(5)))) == [
        False,
        False,
        False,
        False,
        True,
    ]
    await database.close()


async def test_a_rejected_event_is_dead_lettered_and_leaves_no_trace(infrastructure, tmp_path):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)

    async def refuse(conn, envelope):
        await bump(conn, envelope)
        raise Rejected("payload.sequence", "is not the next one", code="out_of_sequence")

    dead_letters = RecordedDeadLetters()
    consumer = TransactionalConsumer(database, TOPIC, {SequenceNoted: refuse}, dead_letters)
    assert await consumer.process(record(1)) == Outcome.DEAD_LETTERED
    assert [reason for _, reason in dead_letters.sent] == ["payload.sequence: is not the next one"]
    assert dead_letters.codes == ["out_of_sequence"]
    assert await database.pool.fetchval("SELECT count(*) FROM aggregates") == 0
    assert await database.pool.fetchval("SELECT count(*) FROM inbox") == 0, (
        "a replay must be able to apply it later"
    )
    await database.close()


async def test_transient_failures_are_retried_in_place_until_they_pass(infrastructure, tmp_path):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    failures = iter([ConnectionRefusedError(), asyncpg.PostgresConnectionError(), None])

    async def flaky(conn, envelope):
        failure = next(failures)
        await bump(conn, envelope)
        if failure is not None:
            raise failure

    retries = []
    consumer = TransactionalConsumer(
        database,
        TOPIC,
        {SequenceNoted: flaky},
        RecordedDeadLetters(),
        retry=FAST_RETRY,
        on_retry=retries.append,
    )
    assert await consumer.process(record(2)) == Outcome.APPLIED
    assert len(retries) == 2
    assert await database.pool.fetchval("SELECT sequence FROM aggregates WHERE name = 'a'") == 2
    await database.close()


async def test_a_handler_bug_is_dead_lettered_after_bounded_attempts_without_leaking_values(
    infrastructure, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    calls = []

    async def buggy(conn, envelope):
        calls.append(1)
        raise KeyError("María Hernández")

    dead_letters = RecordedDeadLetters()
    consumer = TransactionalConsumer(
        database, TOPIC, {SequenceNoted: buggy}, dead_letters, retry=FAST_RETRY
    )
    assert await consumer.process(record(3)) == Outcome.DEAD_LETTERED
    assert len(calls) == FAST_RETRY.attempts_for_unexpected_errors
    assert [reason for _, reason in dead_letters.sent] == ["handler failed: KeyError"]
    assert dead_letters.codes == ["handler_failed"]
    await database.close()
