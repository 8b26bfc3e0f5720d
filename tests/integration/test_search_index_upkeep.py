"""The person search's pending index entries merged beside the intake, against real PostgreSQL."""

from services.beneficiaries.adapters.read_repository import RegistryReader
from services.beneficiaries.adapters.search_index_repository import (
    SEARCH_INDEXES,
    merge_pending_search_entries,
)
from tests.benchmarks.synthetic_registry import generate
from tests.integration.test_registry_batches import apply_in_batches, registry_schema


async def test_the_intake_leaves_merging_to_the_job_and_people_are_found_after_it(infrastructure):
    database = await registry_schema(infrastructure.database_url)
    try:
        limits = await database.pool.fetch(
            "SELECT relname, reloptions FROM pg_class "
            "WHERE relname = ANY($1::text[]) AND relnamespace = $2::regnamespace",
            list(SEARCH_INDEXES),
            database.schema,
        )
        assert {r["relname"]: r["reloptions"] for r in limits} == {
            name: ["gin_pending_list_limit=32768"] for name in SEARCH_INDEXES
        }

        await apply_in_batches(database, [r.enrolment for r in generate(60, seed=11)], 20)
        async with database.pool.acquire() as conn:
            assert await merge_pending_search_entries(conn) > 0
            assert await merge_pending_search_entries(conn) == 0
            name = await conn.fetchval(
                "SELECT search_text FROM match_records ORDER BY search_text LIMIT 1"
            )
            async with conn.transaction():
                await conn.execute(
                    "SET LOCAL enable_seqscan = off"
                )  # the merged index must answer, not a scan of the table
                plan = "\n".join(
                    r[0]
                    for r in await conn.fetch(
                        "EXPLAIN SELECT 1 FROM match_records WHERE search_text % $1", name
                    )
                )
                found = await RegistryReader(conn).search(name, None, None, 5)
        assert "match_records_search" in plan
        assert found and found[0]["similarity"] == 1.0
    finally:
        await database.close()
