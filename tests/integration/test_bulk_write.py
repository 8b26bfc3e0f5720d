"""BulkWrite against real PostgreSQL: several tables in one statement."""

import uuid

import asyncpg
import pytest

from shared.bulk_write import BulkWrite
from tests.integration.plumbing_fixtures import plumbing_schema

PARENT = {"parent_id": "uuid", "name": "text", "born_on": "date"}
CHILD = {"child_id": "uuid", "parent_id": "uuid", "tags": "jsonb"}


@pytest.fixture
async def database(infrastructure, tmp_path):
    database = await plumbing_schema(infrastructure.database_url, tmp_path)
    async with database.pool.acquire() as conn:
        await conn.execute(
            "CREATE TABLE parents (parent_id uuid PRIMARY KEY, name text NOT NULL, born_on date)"
        )
        await conn.execute(
            "CREATE TABLE children (n bigint GENERATED ALWAYS AS IDENTITY, "
            "child_id uuid PRIMARY KEY, "
            "parent_id uuid NOT NULL REFERENCES parents, tags jsonb NOT NULL)"
        )
    yield database
    await database.close()


async def test_rows_may_point_at_rows_of_the_same_write_and_keep_their_order(database):
    parent = uuid.uuid4()
    children = [uuid.uuid4() for _ in range(50)]
    write = BulkWrite()
    # The child rows come first: foreign keys are checked when the whole statement is done.
    write.insert("children", CHILD, [(child, parent, {"i": i}) for i, child in enumerate(children)])
    write.insert("parents", PARENT, [(parent, "Ñandú", None)])
    async with database.pool.acquire() as conn:
        await write.execute(conn)
        rows = await conn.fetch("SELECT child_id, tags FROM children ORDER BY n")
        assert (
            await conn.fetchval("SELECT name FROM parents WHERE parent_id = $1", parent) == "Ñandú"
        )
    assert [r["child_id"] for r in rows] == children
    assert [r["tags"] for r in rows] == [{"i": i} for i in range(50)]


async def test_a_failing_row_fails_the_whole_write(database):
    write = BulkWrite()
    write.insert("parents", PARENT, [(uuid.uuid4(), "ok", None)])
    write.insert("children", CHILD, [(uuid.uuid4(), uuid.uuid4(), {})])  # no such parent
    async with database.pool.acquire() as conn:
        with pytest.raises(asyncpg.ForeignKeyViolationError):
            await write.execute(conn)
        assert await conn.fetchval("SELECT count(*) FROM parents") == 0


async def test_on_conflict_applies_to_its_table_and_empty_tables_are_left_out(database):
    parent = uuid.uuid4()
    async with database.pool.acquire() as conn:
        first = BulkWrite()
        first.insert("parents", PARENT, [(parent, "before", None)])
        await first.execute(conn)
        again = BulkWrite()
        again.insert(
            "parents",
            PARENT,
            [(parent, "after", None)],
            on_conflict="ON CONFLICT (parent_id) DO UPDATE SET name = EXCLUDED.name",
        )
        again.insert("children", CHILD, [])
        await again.execute(conn)
        assert await conn.fetchval("SELECT name FROM parents") == "after"
        await BulkWrite().execute(conn)  # nothing to write: no statement at all


async def test_a_selected_expression_runs_once_after_the_inserts(database):
    async with database.pool.acquire() as conn:
        await conn.execute("CREATE SEQUENCE ticks")
        write = BulkWrite()
        write.insert("parents", PARENT, [(uuid.uuid4(), "one", None)])
        write.select("nextval('ticks')")
        write.select("nextval('ticks')")
        await write.execute(conn)
        assert await conn.fetchval("SELECT last_value FROM ticks") == 1
        assert await conn.fetchval("SELECT count(*) FROM parents") == 1


async def test_a_read_in_the_write_numbers_its_arguments_and_sees_the_rows_before_it(database):
    """The read's $1 follows the inserts' arguments; it runs on the statement's
    snapshot, so it counts the rows there were, not the ones the write adds."""
    before = uuid.uuid4()
    async with database.pool.acquire() as conn:
        first = BulkWrite()
        first.insert("parents", PARENT, [(before, "first", None)])
        await first.execute(conn)
        write = BulkWrite()
        write.insert("parents", PARENT, [(uuid.uuid4(), "second", None)])
        write.read(
            ["named AS (SELECT name FROM parents WHERE parent_id = ANY($1::uuid[]))"],
            ["(SELECT array_agg(name) FROM named) AS names", "(SELECT count(*) FROM parents) AS n"],
            [before],
        )
        write.insert("children", CHILD, [(uuid.uuid4(), before, {"after": "the read"})])
        row = await write.execute(conn)
        assert row is not None
        assert (row["names"], row["n"]) == (["first"], 1)
        assert await conn.fetchval("SELECT count(*) FROM parents") == 2
        assert await conn.fetchval("SELECT tags FROM children") == {"after": "the read"}
        plain = BulkWrite()
        plain.insert("parents", PARENT, [(uuid.uuid4(), "third", None)])
        assert await plain.execute(conn) is None


async def test_a_json_array_goes_to_jsonb_as_text_when_its_type_says_so(database):
    """asyncpg would take a list in a jsonb[] argument for an array dimension of its own."""
    parent = uuid.uuid4()
    async with database.pool.acquire() as conn:
        write = BulkWrite()
        write.insert("parents", PARENT, [(parent, "p", None)])
        write.insert(
            "children",
            {**CHILD, "tags": "text::jsonb"},
            [(uuid.uuid4(), parent, '[{"a": 1}, [2, "tres"]]')],
        )
        await write.execute(conn)
        assert await conn.fetchval("SELECT tags FROM children") == [{"a": 1}, [2, "tres"]]
