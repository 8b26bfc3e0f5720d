"""Batches of records through the consume path against real PostgreSQL:
applied together when they can be, one by one when one of them is poison,
always in record order and at most once."""

import uuid

import asyncpg

from shared.bulk_write import BulkWrite
from shared.consumer import Outcome, RetryPolicy, TransactionalConsumer
from shared.errors import Rejected
from shared.inbox import ClaimsInWrite
from shared.records import IncomingRecord
from tests.integration.plumbing_fixtures import SequenceNoted, plumbing_schema
from tests.integration.test_inbox_and_consumer import TOPIC, RecordedDeadLetters, record

FAST_RETRY = RetryPolicy(first_delay=0.01, max_delay=0.05)


class AppendLog:
    """A batch handler that appends each event's sequence to its aggregate's
    list, and remembers how many events each call received. `claims_in_write`:
    its write claims the events too, as the registry's last write does."""

    def __init__(self, refuse: int | None = None, claims_in_write: bool = False) -> None:
        self.calls: list[int] = []
        self.refuse = refuse
        self.claims_in_write = claims_in_write

    async def __call__(
        self, conn: asyncpg.Connection, envelopes, beside: asyncpg.Pool, claims: ClaimsInWrite
    ) -> None:
        self.calls.append(len(envelopes))
        for envelope in envelopes:
            if envelope.payload.sequence == self.refuse:
                raise Rejected("payload.sequence", "is the poison one", code="poison")
        if self.claims_in_write:
            write = BulkWrite()
            claims.stage(write)
            await write.execute(conn)
        await conn.executemany(
            "INSERT INTO aggregates (name, sequence) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE "
            "SET sequence = aggregates.sequence * 100 + EXCLUDED.sequence",
            [(e.payload.aggregate, e.payload.sequence) for e in envelopes],
        )


def not_json(offset: int) -> IncomingRecord:
    return IncomingRecord(TOPIC.name, 0, offset, b"a", b"{not json")


async def test_a_batch_is_applied_in_one_call_and_in_order(infrastructure, tmp_path):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    handler = AppendLog()
    consumer = TransactionalConsumer(
        database, TOPIC, {}, RecordedDeadLetters(), batch_handlers={SequenceNoted: handler}
    )
    outcomes = await consumer.process_batch([record(n, offset=n) for n in range(1, 6)])
    assert outcomes == [Outcome.APPLIED] * 5
    assert handler.calls == [5]
    assert (
        await database.pool.fetchval("SELECT sequence FROM aggregates WHERE name = 'a'")
        == 102030405
    )
    assert await database.pool.fetchval("SELECT count(*) FROM inbox") == 5
    await database.close()


async def test_duplicates_inside_a_batch_and_across_batches_are_applied_once(
    infrastructure, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    handler = AppendLog()
    consumer = TransactionalConsumer(
        database, TOPIC, {}, RecordedDeadLetters(), batch_handlers={SequenceNoted: handler}
    )
    first, second = uuid.uuid4(), uuid.uuid4()
    outcomes = await consumer.process_batch(
        [record(1, first, 0), record(1, first, 1), record(2, second, 2)]
    )
    assert outcomes == [Outcome.APPLIED, Outcome.DUPLICATE, Outcome.APPLIED]
    again = await consumer.process_batch(
        [record(1, first, 0), record(2, second, 2), record(3, offset=3)]
    )
    assert again == [Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.APPLIED]
    assert handler.calls == [3, 2, 3, 1], (
        "a batch holding an event applied before is rolled back, then applied without it"
    )
    assert await database.pool.fetchval("SELECT sequence FROM aggregates WHERE name = 'a'") == 10203
    await database.close()


async def test_a_poison_event_is_isolated_and_the_rest_of_its_batch_still_applies(
    infrastructure, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    handler = AppendLog(refuse=3)
    dead_letters = RecordedDeadLetters()
    consumer = TransactionalConsumer(
        database, TOPIC, {}, dead_letters, retry=FAST_RETRY, batch_handlers={SequenceNoted: handler}
    )
    outcomes = await consumer.process_batch([record(n, offset=n) for n in range(1, 6)])
    assert outcomes == [
        Outcome.APPLIED,
        Outcome.APPLIED,
        Outcome.DEAD_LETTERED,
        Outcome.APPLIED,
        Outcome.APPLIED,
    ]
    assert handler.calls == [5, 1, 1, 1, 1, 1], "the failed batch, then each event alone"
    assert [reason for _, reason in dead_letters.sent] == ["payload.sequence: is the poison one"]
    assert (
        await database.pool.fetchval("SELECT sequence FROM aggregates WHERE name = 'a'") == 1020405
    )
    assert await database.pool.fetchval("SELECT count(*) FROM inbox") == 4
    await database.close()


async def test_an_unparseable_record_splits_the_batch_without_reordering_effects(
    infrastructure, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    handler = AppendLog()
    dead_letters = RecordedDeadLetters()
    consumer = TransactionalConsumer(
        database, TOPIC, {}, dead_letters, batch_handlers={SequenceNoted: handler}
    )
    batch = [record(1, offset=0), record(2, offset=1), not_json(2), record(3, offset=3)]
    outcomes = await consumer.process_batch(batch)
    assert outcomes == [Outcome.APPLIED, Outcome.APPLIED, Outcome.DEAD_LETTERED, Outcome.APPLIED]
    assert handler.calls == [2, 1]
    assert [r.offset for r, _ in dead_letters.sent] == [2]
    assert await database.pool.fetchval("SELECT sequence FROM aggregates WHERE name = 'a'") == 10203
    await database.close()


async def test_a_batch_interrupted_by_a_bad_moment_is_retried_whole(infrastructure, tmp_path):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    handler = AppendLog()
    failures = iter([ConnectionResetError("database went away")])

    async def flaky(conn, envelopes, beside, claims) -> None:
        await handler(conn, envelopes, beside, claims)
        if (failure := next(failures, None)) is not None:
            raise failure

    consumer = TransactionalConsumer(
        database,
        TOPIC,
        {},
        RecordedDeadLetters(),
        retry=FAST_RETRY,
        batch_handlers={SequenceNoted: flaky},
    )
    outcomes = await consumer.process_batch([record(n, offset=n) for n in range(1, 4)])
    assert outcomes == [Outcome.APPLIED] * 3
    assert handler.calls == [3, 3]
    assert await database.pool.fetchval("SELECT sequence FROM aggregates WHERE name = 'a'") == 10203
    await database.close()


async def test_a_handler_that_claims_in_its_own_write_is_applied_in_one_transaction(
    infrastructure, tmp_path
):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    handler = AppendLog(claims_in_write=True)
    consumer = TransactionalConsumer(
        database, TOPIC, {}, RecordedDeadLetters(), batch_handlers={SequenceNoted: handler}
    )
    first = uuid.uuid4()
    outcomes = await consumer.process_batch([record(1, first, 0), record(2, offset=1)])
    assert outcomes == [Outcome.APPLIED] * 2
    assert handler.calls == [2], "the consumer did not claim the events a second time"
    again = await consumer.process_batch([record(1, first, 0), record(3, offset=2)])
    assert again == [Outcome.DUPLICATE, Outcome.APPLIED]
    assert handler.calls == [2, 2, 1]
    assert await database.pool.fetchval("SELECT sequence FROM aggregates WHERE name = 'a'") == 10203
    assert await database.pool.fetchval("SELECT count(*) FROM inbox") == 3
    await database.close()
