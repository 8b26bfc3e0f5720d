"""Batch re-resolution against real PostgreSQL: which candidates a chunk
reads, and pairs of persons a review already covered, by intake's task or an
earlier run, are never put to review again."""

import dataclasses
import shutil
import uuid
from collections import Counter, defaultdict
from datetime import date

from services import MIGRATIONS
from services.beneficiaries.adapters.re_resolution_repository import ReResolutionRepository
from services.beneficiaries.adapters.registry_rows import (
    ENROLMENT_COLUMNS,
    PERSON_COLUMNS,
    enrolment_row,
    person_row,
)
from services.beneficiaries.domain.blocking_caps import LONE_KEY_CAP, searched_together
from services.beneficiaries.domain.identity import identity_of
from services.beneficiaries.domain.match_model import MatchModel, load_model
from services.beneficiaries.domain.resolution import CandidateRecord, score_candidate
from services.beneficiaries.service_layer.enrolments import EnrolmentIntake
from services.beneficiaries.service_layer.re_resolution import re_resolve
from shared.contracts.beneficiaries import EnrolmentSubmittedV1
from shared.db import Database, connect
from shared.migrate import migrate
from tests.benchmarks.synthetic_registry import generate
from tests.integration.test_registry_batches import apply_in_batches, envelope, registry_schema

PHONE = "3312345678"


def namesakes() -> tuple[EnrolmentSubmittedV1, EnrolmentSubmittedV1]:
    """Two agencies' records of people with the same names and a family's phone, born a year
    apart in different towns: with nothing but the name in common, the registry would tell
    them apart without a caseworker (resolution.BIRTH_DATES_DIFFER_ALONE)."""
    [record] = generate(1, seed=5)
    first = record.enrolment.model_copy(
        update={"agency": "dif-jalisco", "agency_record_id": "DIF-1"}
    )
    first = first.model_copy(update={"person": first.person.model_copy(update={"phone": PHONE})})
    person = first.person.model_copy(
        update={
            "birth_date": date(first.person.birth_date.year - 1, 8, 5),
            "curp": None,
            "phone": PHONE,
            "municipality": "Zapopan" if first.person.municipality != "Zapopan" else "Tonalá",
        }
    )
    return first, first.model_copy(
        update={"agency": "sedis-jalisco", "agency_record_id": "SED-1", "person": person}
    )


def around_their_score(
    a: EnrolmentSubmittedV1, b: EnrolmentSubmittedV1, lower: float, upper: float
) -> MatchModel:
    """The shipped model with thresholds set relative to this pair's score, so
    what it decides for them holds whatever the weights are."""
    default = load_model()
    score = score_candidate(
        default,
        identity_of(a.person),
        CandidateRecord(uuid.uuid4(), uuid.uuid4(), identity_of(b.person)),
    ).score
    return dataclasses.replace(
        default,
        version="test-reviewing",
        upper_threshold=score + upper,
        lower_threshold=score + lower,
    )


async def register(
    database: Database, model: MatchModel, *enrolments: EnrolmentSubmittedV1
) -> list[str]:
    async with database.pool.acquire() as conn, conn.transaction():
        replies = await EnrolmentIntake(model).register_all(
            conn, [(e, envelope(e)) for e in enrolments]
        )
    return [r.decision for r in replies]


async def test_a_pair_intake_already_put_to_review_is_not_put_again(infrastructure):
    first, second = namesakes()
    model = around_their_score(first, second, -1, 1)
    database = await registry_schema(infrastructure.database_url)
    try:
        assert await register(database, model, first) == ["new_person"]
        assert await register(database, model, second) == ["pending_review"]
        covered = await re_resolve(database.pool, model, chunk_size=1)
        await database.pool.execute("DELETE FROM reviewed_pairs")
        uncovered = await re_resolve(database.pool, model, chunk_size=1)
        tasks = await database.pool.fetch(
            "SELECT person_id, candidates FROM review_tasks WHERE run_id = $1", uncovered.run_id
        )
        persons = {
            r["person_id"] for r in await database.pool.fetch("SELECT person_id FROM persons")
        }
    finally:
        await database.close()

    assert covered.records_checked == 2 and covered.tasks_opened == 0, (
        "intake's task covers the pair"
    )
    # Without the pair on record the same run puts it to review:
    # that is what the first run left out.
    assert uncovered.tasks_opened == 1
    assert {
        tasks[0]["person_id"],
        *(uuid.UUID(c["person_id"]) for c in tasks[0]["candidates"]),
    } == persons


async def test_a_pair_an_earlier_run_put_to_review_is_not_put_again(infrastructure):
    first, second = namesakes()
    model = around_their_score(first, second, -1, 1)
    database = await registry_schema(infrastructure.database_url)
    try:
        # Each a person of her own at intake; the model of the runs would hold them side by side.
        apart = around_their_score(first, second, 50, 60)
        assert await register(database, apart, first, second) == ["new_person", "new_person"]
        earlier = await re_resolve(database.pool, model, chunk_size=1)
        later = await re_resolve(database.pool, model, chunk_size=1)
        pairs = await database.pool.fetch("SELECT person_a, person_b FROM reviewed_pairs")
        tasks = await database.pool.fetch("SELECT run_id FROM review_tasks")
        published = await database.pool.fetchval(
            "SELECT count(*) FROM outbox "
            "WHERE envelope->>'type' = 'beneficiaries.review_task_opened'"
        )
    finally:
        await database.close()

    # Both records find the other person: one task for the pair, not two.
    assert earlier.tasks_opened == 1 and later.tasks_opened == 0
    assert [t["run_id"] for t in tasks] == [earlier.run_id]
    assert published == 1, "each task opened is published"
    assert len(pairs) == 1 and pairs[0]["person_a"] < pairs[0]["person_b"]


async def test_a_chunk_reads_the_later_records_sharing_a_key_that_is_not_over_common(
    infrastructure,
):
    enrolments = [r.enrolment for r in generate(150, seed=21)]
    database = await registry_schema(infrastructure.database_url)
    cap = 4  # under every family cap (blocking_caps), and over the lone-key cap + 1
    try:
        await apply_in_batches(database, enrolments, 50)
        keys = await database.pool.fetch("SELECT key, enrolment_id FROM blocking_keys")
        read: dict[uuid.UUID, set[uuid.UUID]] = {}
        checked: list[uuid.UUID] = []
        async with database.pool.acquire() as conn:
            repository = ReResolutionRepository(conn)
            async for page in repository.pages(page_size=40):
                checked.extend(r.record_id for r in page)
                later = await repository.later_candidates(page, cap)
                read.update({r.record_id: set(later.get(r.record_id, [])) for r in page})
        stored = await database.pool.fetch("SELECT enrolment_id FROM match_records")
    finally:
        await database.close()

    members: dict[int, set[uuid.UUID]] = defaultdict(set)
    for k in keys:
        members[k["key"]].add(k["enrolment_id"])
    shared: Counter[tuple[uuid.UUID, uuid.UUID]] = Counter()
    smallest: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
    for held in members.values():
        if len(held) <= cap:
            for pair in ((a, b) for a in held for b in held if b > a):
                shared[pair] += 1
                smallest[pair] = min(smallest.get(pair, cap), len(held))
    expected: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for (a, b), n in shared.items():
        # The key's members other than `a` itself.
        if searched_together(n, smallest[a, b] - 1):
            expected[a].add(b)
    assert checked == sorted(r["enrolment_id"] for r in stored), "every record once, in order"
    assert read == {record: expected[record] for record in checked}
    assert any(read.values()), "the set must hold records with candidates"
    assert any(len(held) > cap for held in members.values()), "and keys over the cap"
    assert any(n == 1 and smallest[pair] - 1 > LONE_KEY_CAP for pair, n in shared.items()), (
        "and pairs left out for sharing one key alone, held by too many"
    )


def insert(table: str, columns: tuple[str, ...]) -> str:
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        f"({', '.join(f'${i}' for i in range(1, len(columns) + 1))})"
    )


async def test_the_migration_records_the_pairs_of_tasks_opened_before_it(infrastructure, tmp_path):
    directory = MIGRATIONS["beneficiaries"]
    for path in directory.glob("*.sql"):
        if path.name < "007":
            shutil.copy(path, tmp_path)
    schema = f"b_{uuid.uuid4().hex[:10]}"
    await migrate(infrastructure.database_url, schema, tmp_path)
    first, second = namesakes()
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    records = {person: uuid.uuid4() for person in (a, b, c)}
    conn = await connect(infrastructure.database_url, schema)
    try:
        third = first.model_copy(update={"agency_record_id": "DIF-2"})
        for person, enrolment in ((a, first), (b, second), (c, third)):
            await conn.execute(
                insert("persons", PERSON_COLUMNS), *person_row(person, enrolment, None)
            )
            await conn.execute(
                insert("enrolments", ENROLMENT_COLUMNS),
                *enrolment_row(records[person], person, enrolment, uuid.uuid4()),
            )
        for person, candidates in ((b, [a, c]), (a, [b]), (c, [c])):
            await conn.execute(
                "INSERT INTO review_tasks "
                "(review_task_id, enrolment_id, person_id, reason, candidates) "
                "VALUES ($1, $2, $3, 'test', $4)",
                uuid.uuid4(),
                records[person],
                person,
                [{"person_id": str(p)} for p in candidates],
            )
        await migrate(infrastructure.database_url, schema, directory)
        pairs = {
            (r["person_a"], r["person_b"])
            for r in await conn.fetch("SELECT person_a, person_b FROM reviewed_pairs")
        }
    finally:
        await conn.execute(f"DROP SCHEMA {schema} CASCADE")
        await conn.close()

    assert pairs == {(min(a, b), max(a, b)), (min(b, c), max(b, c))}
