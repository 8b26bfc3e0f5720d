"""The registry's intake applied to many enrolments in one transaction, as the
consumer does under load, against real PostgreSQL: the batch must decide
exactly what the same enrolments decide one after the other."""

import asyncio
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import pytest

from services import MIGRATIONS
from services.beneficiaries.adapters.name_counts_repository import listed_name_counts
from services.beneficiaries.domain.identity import blocking_keys, identity_of
from services.beneficiaries.domain.match_model import load_model
from services.beneficiaries.domain.name_counts import RegistryFrequencies
from services.beneficiaries.service_layer import enrolments as enrolments_module
from services.beneficiaries.service_layer.enrolments import EnrolmentIntake, default_intake
from shared.consumer import Outcome, TransactionalConsumer
from shared.contracts.beneficiaries import EnrolmentSubmittedV1
from shared.db import Database, StatementListener
from shared.envelope import Envelope
from shared.migrate import migrate
from shared.records import IncomingRecord
from shared.topics import ENROLMENTS
from tests.benchmarks.synthetic_registry import generate
from tests.integration.test_inbox_and_consumer import RecordedDeadLetters


async def registry_schema(
    database_url: str, on_statement: StatementListener | None = None
) -> Database:
    schema = f"b_{uuid.uuid4().hex[:10]}"
    await migrate(database_url, schema, MIGRATIONS["beneficiaries"])
    database = Database(database_url, schema, on_statement=on_statement)
    await database.open()
    return database


def envelope(enrolment: EnrolmentSubmittedV1) -> Envelope[Any]:
    return Envelope[Any](
        event_id=uuid.uuid4(),
        type=enrolment.event_type,
        version=enrolment.event_version,
        occurred_at=datetime.now(UTC),
        producer="agency.test",
        key=enrolment.partition_key(),
        payload=enrolment,
    )


async def apply_in_batches(
    database: Database,
    enrolments: list[EnrolmentSubmittedV1],
    size: int,
    intake: EnrolmentIntake | None = None,
    *,
    beside: bool = True,
) -> None:
    """As the consumer does, the pool goes with each batch for the candidate reads
    beside its transaction; without `beside`, reads and writes share the
    transaction's connection."""
    for start in range(0, len(enrolments), size):
        async with database.pool.acquire() as conn, conn.transaction():
            await (intake or default_intake())(
                conn,
                [envelope(e) for e in enrolments[start : start + size]],
                database.pool if beside else None,
            )


async def grouping(
    database: Database,
) -> tuple[set[frozenset[tuple[str, str]]], list[tuple[str, str, str]], set[frozenset[str]]]:
    """Which agency records ended up as one person, every decision taken, and
    the open support overlaps, in terms that do not depend on the ids handed out."""
    rows = await database.pool.fetch("SELECT person_id, agency, agency_record_id FROM enrolments")
    persons: dict[uuid.UUID, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        persons[r["person_id"]].add((r["agency"], r["agency_record_id"]))
    decisions = await database.pool.fetch(
        "SELECT e.agency, e.agency_record_id, d.outcome "
        "FROM match_decisions AS d JOIN enrolments AS e USING (enrolment_id)"
    )
    overlaps = await database.pool.fetch(
        "SELECT a.agency_record_id AS a, b.agency_record_id AS b FROM support_overlaps AS o "
        "JOIN enrolments AS a ON a.enrolment_id = o.enrolment_a "
        "JOIN enrolments AS b ON b.enrolment_id = o.enrolment_b "
        "WHERE o.cleared_at IS NULL"
    )
    return (
        {frozenset(records) for records in persons.values()},
        sorted((d[0], d[1], d[2]) for d in decisions),
        {frozenset((o["a"], o["b"])) for o in overlaps},
    )


async def test_a_batch_decides_what_the_same_enrolments_decide_one_by_one(infrastructure):
    """Also when the batch reads its candidates in chunks of 7 records, beside its
    transaction while it writes the chunks resolved, or on it before writing any."""
    enrolments = [r.enrolment for r in generate(400, seed=11)]
    one_by_one = await registry_schema(infrastructure.database_url)
    batched = [await registry_schema(infrastructure.database_url) for _ in range(3)]
    try:
        await apply_in_batches(one_by_one, enrolments, 1)
        await apply_in_batches(batched[0], enrolments, 150)
        await apply_in_batches(batched[1], enrolments, 150, EnrolmentIntake(load_model(), chunk=7))
        await apply_in_batches(
            batched[2], enrolments, 150, EnrolmentIntake(load_model(), chunk=7), beside=False
        )
        expected = await grouping(one_by_one)
        for database in batched:
            persons, decisions, overlaps = await grouping(database)
            assert (persons, decisions, overlaps) == expected
            assert len(persons) < len(enrolments), (
                "the set must hold records of one person that the batch had to link"
            )
            assert overlaps, "and people holding overlapping support"
            replies = await database.pool.fetch(
                "SELECT envelope FROM outbox "
                "WHERE envelope->>'type' = 'beneficiaries.enrolment_registered'"
            )
            assert len(replies) == len(enrolments)
    finally:
        await one_by_one.close()
        for database in batched:
            await database.close()


async def test_a_resend_inside_the_batch_updates_the_record_the_batch_just_created(infrastructure):
    [first, *_] = [r.enrolment for r in generate(1, seed=3)]
    moved = first.model_copy(
        update={"person": first.person.model_copy(update={"phone": "3312345678"})}
    )
    database = await registry_schema(infrastructure.database_url)
    try:
        await apply_in_batches(database, [first, moved], 2)
        assert await database.pool.fetchval("SELECT count(*) FROM enrolments") == 1
        assert (
            await database.pool.fetchval("SELECT submitted_person->>'phone' FROM enrolments")
            == "3312345678"
        )
        decisions = await database.pool.fetch(
            "SELECT envelope->'payload'->>'decision' AS decision FROM outbox ORDER BY id"
        )
        assert [d["decision"] for d in decisions] == ["new_person", "record_updated"]
        assert await database.pool.fetchval("SELECT count(*) FROM blocking_keys") > 0
    finally:
        await database.close()


@pytest.mark.parametrize(
    "beside", [True, False], ids=["earlier chunk written first", "written together"]
)
async def test_a_resend_in_a_later_chunk_updates_the_record_an_earlier_chunk_created(
    infrastructure, beside
):
    [first, *_] = [r.enrolment for r in generate(1, seed=3)]
    renamed = first.model_copy(
        update={
            "person": first.person.model_copy(
                update={"given_names": "Xóchitl", "phone": "3312345678"}
            )
        }
    )
    database = await registry_schema(infrastructure.database_url)
    try:
        await apply_in_batches(
            database, [first, renamed], 2, EnrolmentIntake(load_model(), chunk=1), beside=beside
        )
        assert await database.pool.fetchval("SELECT count(*) FROM enrolments") == 1
        assert (
            await database.pool.fetchval("SELECT submitted_person->>'phone' FROM enrolments")
            == "3312345678"
        )
        stored = await database.pool.fetch("SELECT key FROM blocking_keys")
        assert sorted(r["key"] for r in stored) == sorted(
            set(blocking_keys(identity_of(renamed.person)))
        )
        decisions = await database.pool.fetch(
            "SELECT envelope->'payload'->>'decision' AS decision FROM outbox ORDER BY id"
        )
        assert [d["decision"] for d in decisions] == ["new_person", "record_updated"]
    finally:
        await database.close()


async def test_a_resend_in_a_later_batch_keeps_exactly_the_new_identitys_keys(infrastructure):
    [first, *_] = [r.enrolment for r in generate(1, seed=3)]
    renamed = first.model_copy(
        update={
            "person": first.person.model_copy(
                update={"given_names": "Xóchitl", "phone": "3312345678"}
            )
        }
    )
    database = await registry_schema(infrastructure.database_url)
    try:
        await apply_in_batches(database, [first], 1)
        await apply_in_batches(database, [renamed], 1)
        stored = await database.pool.fetch("SELECT key FROM blocking_keys")
        assert sorted(r["key"] for r in stored) == sorted(
            set(blocking_keys(identity_of(renamed.person)))
        )
    finally:
        await database.close()


async def test_a_record_resent_early_in_a_batch_is_a_later_chunks_candidate_as_resent(
    infrastructure,
):
    """Each chunk reads the stored candidates under its records' keys, and the
    stored version of a record the batch has already updated comes back with
    them: the later record must meet the updated version."""
    [first, *_] = [r.enrolment for r in generate(1, seed=3)]
    renamed = first.model_copy(
        update={"person": first.person.model_copy(update={"given_names": "Xóchitl"})}
    )
    elsewhere = renamed.model_copy(update={"agency": "dif-jalisco", "agency_record_id": "dif-1"})
    one_by_one, batched = (
        await registry_schema(infrastructure.database_url),
        await registry_schema(infrastructure.database_url),
    )
    try:
        await apply_in_batches(one_by_one, [first, renamed, elsewhere], 1)
        await apply_in_batches(batched, [first], 1)
        await apply_in_batches(
            batched, [renamed, elsewhere], 2, EnrolmentIntake(load_model(), chunk=1)
        )
        persons, decisions, _ = await grouping(batched)
        assert (persons, decisions) == (await grouping(one_by_one))[:2]
        assert ("dif-jalisco", "dif-1", "linked") in decisions
    finally:
        await one_by_one.close()
        await batched.close()


def namesake(
    template: EnrolmentSubmittedV1,
    agency_record_id: str,
    given: str,
    paternal: str,
    maternal: str,
    born: date,
) -> EnrolmentSubmittedV1:
    person = template.person.model_copy(
        update={
            "given_names": given,
            "paternal_surname": paternal,
            "maternal_surname": maternal,
            "birth_date": born,
            "national_id": None,
            "national_id_type": None,
            "phone": None,
        }
    )
    return template.model_copy(update={"agency_record_id": agency_record_id, "person": person})


def crowded_keys(
    template: EnrolmentSubmittedV1,
) -> tuple[
    EnrolmentSubmittedV1,
    list[EnrolmentSubmittedV1],
    list[EnrolmentSubmittedV1],
    EnrolmentSubmittedV1,
    EnrolmentSubmittedV1,
]:
    """A record; two sharing one key alone with it, the given name with a
    surname's initial sound (Hernández: E) and the day and month; two sharing
    the given name and birth date alone; one sharing the first key only, one
    both."""
    stored = namesake(template, "s", "Guadalupe", "Hernández", "García", date(1984, 3, 7))
    same_initial = [
        namesake(template, f"i{n}", "Guadalupe", surname, "Ruiz", date(1990 + n, 3, 7))
        for n, surname in enumerate(("Escobar", "Estrada"))
    ]
    same_birth = [
        namesake(template, f"b{n}", "Guadalupe", surname, "Mendoza", date(1984, 3, 7))
        for n, surname in enumerate(("Torres", "Vega"))
    ]
    return (
        stored,
        same_initial,
        same_birth,
        namesake(template, "x", "Guadalupe", "Esparza", "Pérez", date(1970, 3, 7)),
        namesake(template, "y", "Guadalupe", "Herrera", "Soto", date(1984, 3, 7)),
    )


async def last_records_candidates_in_chunks_of_one(
    database_url: str, stored: list[EnrolmentSubmittedV1], batch: list[EnrolmentSubmittedV1]
) -> int:
    """`batch` applied in one batch, a chunk per record, after `stored`: it must
    decide what the same records decide one by one. Returns how many persons
    the batch's last record was compared with."""
    one_by_one, batched = await registry_schema(database_url), await registry_schema(database_url)
    try:
        for database in (one_by_one, batched):
            await apply_in_batches(database, stored, 1)
        await apply_in_batches(one_by_one, batch, 1)
        await apply_in_batches(batched, batch, len(batch), EnrolmentIntake(load_model(), chunk=1))
        assert await grouping(batched) == await grouping(one_by_one)
        return await batched.pool.fetchval(
            "SELECT (d.explanation->>'candidates_considered')::int "
            "FROM match_decisions AS d JOIN enrolments AS e USING (enrolment_id) "
            "WHERE e.agency_record_id = $1",
            batch[-1].agency_record_id,
        )
    finally:
        await one_by_one.close()
        await batched.close()


async def test_a_record_met_early_under_one_crowded_key_is_a_candidate_of_a_later_chunk_sharing_two(
    infrastructure,
):
    """The database sends a stored record's identity only when it can be a
    candidate (blocking_caps.searched_together). Here a chunk meets it under one
    crowded key alone, and the next chunk's record shares that key and another
    crowded one with it: that chunk must read both keys, the first one again, to
    know the record is its candidate."""
    [template, *_] = [r.enrolment for r in generate(1, seed=3)]
    stored, same_initial, same_birth, earlier_chunk, later_chunk = crowded_keys(template)
    shared = {
        k: set(blocking_keys(identity_of(r.person)))
        & set(blocking_keys(identity_of(stored.person)))
        for k, r in (("x", earlier_chunk), ("y", later_chunk))
    }
    assert len(shared["x"]) == 1 and len(shared["y"]) == 2 and shared["x"] < shared["y"]

    considered = await last_records_candidates_in_chunks_of_one(
        infrastructure.database_url,
        [stored, *same_initial, *same_birth],
        [earlier_chunk, later_chunk],
    )
    assert considered == 1, "`stored` alone: the others share one crowded key with the record"


async def test_a_key_left_by_a_record_the_batch_updates_is_sized_without_it(infrastructure):
    """Three records share one key; the batch first moves one of them off it
    (a corrected birth date), then resolves a record sharing that key alone
    with the other two. One after the other, the key then holds two records
    and both are its candidates: the database must send their identities."""
    [template, *_] = [r.enrolment for r in generate(1, seed=3)]
    stored, same_initial, _, sharing_one_key, _ = crowded_keys(template)
    moved = same_initial[1].model_copy(
        update={
            "person": same_initial[1].person.model_copy(update={"birth_date": date(1991, 5, 9)})
        }
    )
    assert (
        await last_records_candidates_in_chunks_of_one(
            infrastructure.database_url, [stored, *same_initial], [moved, sharing_one_key]
        )
        == 2
    )


class LentConnections:
    """The pool a batch gets for its work beside the transaction, noting every
    statement the connections it lends send."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self.statements: list[str] = []

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[asyncpg.Connection]:
        def note(logged: Any) -> None:
            self.statements.append(logged.query)

        async with self._pool.acquire() as conn:
            conn.add_query_logger(note)
            try:
                yield conn
            finally:
                conn.remove_query_logger(note)


async def test_a_batch_reads_candidates_beside_its_transaction_and_writes_each_chunk_in_it(
    infrastructure,
):
    enrolments = [r.enrolment for r in generate(6, seed=5)]
    database = await registry_schema(infrastructure.database_url)
    lent, in_transaction = LentConnections(database.pool), []

    def note(logged: Any) -> None:
        in_transaction.append(logged.query)

    try:
        async with database.pool.acquire() as conn:
            conn.add_query_logger(note)
            try:
                async with conn.transaction():
                    await EnrolmentIntake(load_model(), chunk=2)(
                        conn, [envelope(e) for e in enrolments], lent
                    )
            finally:
                conn.remove_query_logger(note)
        chunks = (len(enrolments) + 1) // 2
        assert sum("intake_candidates(" in q for q in lent.statements) == chunks, (
            "a candidate read per chunk, beside"
        )
        assert not any(
            word in q for q in lent.statements for word in ("INSERT", "UPDATE", "DELETE")
        )
        assert not any("intake_candidates(" in q for q in in_transaction)
        assert sum("lock_for_intake(" in q for q in in_transaction) == 1
        assert sum("INSERT INTO enrolments" in q for q in in_transaction) == chunks, (
            "a write per chunk"
        )
        assert await database.pool.fetchval("SELECT count(*) FROM enrolments") == len(enrolments)
    finally:
        await database.close()


async def statements_of_one_batch(
    database: Database, intake: EnrolmentIntake, enrolments: list[EnrolmentSubmittedV1]
) -> list[str]:
    """The statements one batch sends in its transaction, lent connections too."""
    sent: list[str] = []

    def note(logged: Any) -> None:
        sent.append(logged.query)

    lent = LentConnections(database.pool)
    async with database.pool.acquire() as conn:
        conn.add_query_logger(note)
        try:
            async with conn.transaction():
                await intake(conn, [envelope(e) for e in enrolments], lent)
        finally:
            conn.remove_query_logger(note)
    return [q for q in sent if not q.startswith(("BEGIN", "COMMIT"))] + lent.statements


async def test_a_light_batch_locks_and_reads_in_one_round_trip_and_writes_in_one_more(
    infrastructure,
):
    """A batch of records new to the registry, in one chunk: its locks and candidates
    come in one statement, and its rows, events, review tasks, name counts and the
    overlap state of the persons it links to in one more. A batch resending a
    record reads its candidates on their own, as that record's keys are not searched:
    both decide what the same records decide one by one (the tests above)."""
    model = load_model()
    first, second, third, fourth = [r.enrolment for r in generate(4, seed=29)][:4]
    database = await registry_schema(infrastructure.database_url)
    try:
        intake = EnrolmentIntake(model)
        await statements_of_one_batch(database, intake, [first])  # the name counts' first read
        light = await statements_of_one_batch(database, intake, [second, third])
        assert [q.split("(")[0] for q in light] == [
            "SELECT * FROM lock_and_read_for_intake",
            "WITH w0 AS ",
        ], light
        again = await statements_of_one_batch(database, intake, [first, fourth])
        assert sum("lock_and_read_for_intake(" in q for q in again) == 1
        assert sum("intake_candidates(" in q for q in again) == 1, "read once the lock saw it"
        assert await database.pool.fetchval("SELECT count(*) FROM enrolments") == 4
    finally:
        await database.close()


async def test_a_chunk_whose_write_fails_fails_its_whole_batch(infrastructure):
    """The write fails while later chunks are being resolved and written: the
    batch raises, its transaction rolls back, and the consumer can try again."""
    enrolments = [r.enrolment for r in generate(6, seed=5)]
    database = await registry_schema(infrastructure.database_url)
    try:
        await database.pool.execute(
            "CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.agency_record_id = '{enrolments[3].agency_record_id}' "
            "THEN RAISE EXCEPTION 'refused by the test'; END IF; "
            "RETURN NEW; END $$; "
            "CREATE TRIGGER refuse_one BEFORE INSERT ON enrolments "
            "FOR EACH ROW EXECUTE FUNCTION refuse_one()"
        )
        with pytest.raises(asyncpg.RaiseError, match="refused by the test"):
            await apply_in_batches(database, enrolments, 6, EnrolmentIntake(load_model(), chunk=2))
        assert await database.pool.fetchval("SELECT count(*) FROM enrolments") == 0
        await database.pool.execute("DROP TRIGGER refuse_one ON enrolments")
        await apply_in_batches(database, enrolments, 6, EnrolmentIntake(load_model(), chunk=2))
        assert await database.pool.fetchval("SELECT count(*) FROM enrolments") == len(enrolments)
    finally:
        await database.close()


async def held_open_while_another_batch_applies(
    database: Database, held: list[EnrolmentSubmittedV1], other: list[EnrolmentSubmittedV1]
) -> bool:
    """Applies `held` and keeps its transaction open while a second batch with
    `other` starts, then commits and lets the second one finish. Returns whether
    the second batch had to wait for the first one's commit."""
    async with database.pool.acquire() as conn, conn.transaction():
        await default_intake()(conn, [envelope(e) for e in held], database.pool)
        second = asyncio.create_task(apply_in_batches(database, other, len(other)))
        await asyncio.sleep(0.5)
        waited = not second.done()
    await second
    return waited


async def test_a_new_persons_records_in_two_concurrent_batches_make_one_person(infrastructure):
    [first, *_] = [r.enrolment for r in generate(1, seed=3)]
    same_woman = first.model_copy(update={"agency": "dif", "agency_record_id": "DIF-concurrent-1"})
    database = await registry_schema(infrastructure.database_url)
    try:
        assert await held_open_while_another_batch_applies(database, [first], [same_woman])
        assert await database.pool.fetchval("SELECT count(DISTINCT person_id) FROM enrolments") == 1
        decisions = await database.pool.fetch(
            "SELECT envelope->'payload'->>'decision' AS decision FROM outbox "
            "WHERE envelope->>'type' = 'beneficiaries.enrolment_registered' ORDER BY id"
        )
        assert [d["decision"] for d in decisions] == ["new_person", "linked"]
    finally:
        await database.close()


async def test_a_record_sent_to_two_concurrent_batches_is_created_by_one_and_updated_by_the_other(
    infrastructure,
):
    [first, *_] = [r.enrolment for r in generate(1, seed=3)]
    resent = first.model_copy(
        update={"person": first.person.model_copy(update={"phone": "3312345678"})}
    )
    database = await registry_schema(infrastructure.database_url)
    try:
        assert await held_open_while_another_batch_applies(database, [first], [resent])
        assert await database.pool.fetchval("SELECT count(*) FROM enrolments") == 1
        assert (
            await database.pool.fetchval("SELECT submitted_person->>'phone' FROM enrolments")
            == "3312345678"
        )
        decisions = await database.pool.fetch(
            "SELECT envelope->'payload'->>'decision' AS decision FROM outbox "
            "WHERE envelope->>'type' = 'beneficiaries.enrolment_registered' ORDER BY id"
        )
        assert [d["decision"] for d in decisions] == ["new_person", "record_updated"]
    finally:
        await database.close()


async def test_name_counts_are_read_again_beside_the_batches_once_stale(
    infrastructure, monkeypatch
):
    """At a million people the re-read is a fifth of a second every batch waited for:
    after the first read, a batch that finds the counts stale leaves the re-read to a
    task beside it and decides with the counts it has. Here the re-read is held until
    the batch has committed."""
    enrolments = [r.enrolment for r in generate(700, seed=5)]
    database = await registry_schema(infrastructure.database_url)
    try:
        intake = EnrolmentIntake(load_model(), names=RegistryFrequencies(max_age=0.0))
        await apply_in_batches(database, enrolments[:400], 400, intake)
        assert intake.rereads.running is None, "the first read is the batch's own"
        first_read = intake.names.read_at
        release = asyncio.Event()

        async def held_read(conn: asyncpg.Connection) -> dict[tuple[str, str], int]:
            await release.wait()
            return await listed_name_counts(conn)

        monkeypatch.setattr(enrolments_module, "listed_name_counts", held_read)
        await asyncio.wait_for(apply_in_batches(database, enrolments[400:], 300, intake), 60)
        assert intake.names.read_at == first_read and intake.rereads.running is not None
        release.set()
        await intake.rereads.running
        counted = await database.pool.fetchval(
            "SELECT records FROM name_counts WHERE kind = 'given' AND name = ''"
        )
        assert intake.names.read_at is not None and intake.names.read_at > (first_read or 0)
        assert intake.names.counted == counted >= 700
    finally:
        await database.close()


async def test_a_batch_claims_its_enrolments_in_its_last_write_and_a_redelivery_changes_nothing(
    infrastructure,
):
    """Through the consumer, in chunks of 7 written as they are decided: no
    statement of the inbox's own, and the batch delivered again is found applied."""
    sent: list[str] = []
    database = await registry_schema(
        infrastructure.database_url, on_statement=lambda q: sent.append(q.query)
    )
    consumer = TransactionalConsumer(
        database,
        ENROLMENTS,
        {},
        RecordedDeadLetters(),
        batch_handlers={EnrolmentSubmittedV1: EnrolmentIntake(load_model(), chunk=7)},
    )
    records = [
        IncomingRecord(
            ENROLMENTS.name, 0, offset, b"k", envelope(r.enrolment).model_dump_json().encode()
        )
        for offset, r in enumerate(generate(15, seed=5)[:20])
    ]
    try:
        assert await consumer.process_batch(records) == [Outcome.APPLIED] * len(records)
        claiming = [q for q in sent if "INSERT INTO inbox" in q]
        assert claiming and all("INSERT INTO enrolments" in q for q in claiming)
        assert await database.pool.fetchval("SELECT count(*) FROM inbox") == len(records)
        assert await consumer.process_batch(records) == [Outcome.DUPLICATE] * len(records)
        assert await database.pool.fetchval("SELECT count(*) FROM enrolments") == len(records)
        assert await database.pool.fetchval("SELECT count(*) FROM outbox") == len(records)
    finally:
        await database.close()
