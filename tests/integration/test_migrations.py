"""The migration runner against real PostgreSQL."""

import asyncio
import uuid

import asyncpg

from services import MIGRATIONS
from shared.migrate import migrate, plan


async def test_replicas_starting_together_apply_each_migration_once(infrastructure):
    schema = f"m_{uuid.uuid4().hex[:8]}"
    directory = MIGRATIONS["kitchens"]
    results = await asyncio.gather(
        *(migrate(infrastructure.database_url, schema, directory) for _ in range(4))
    )
    expected = [m.ident for m in plan(schema, directory)]
    assert sorted(results, key=len) == [[], [], [], expected]
    conn = await asyncpg.connect(infrastructure.database_url)
    try:
        applied = await conn.fetch(
            f"SELECT ident FROM {schema}.schema_migrations ORDER BY applied_at"
        )
        assert [r["ident"] for r in applied] == expected
    finally:
        await conn.close()


async def test_every_topic_exists_with_its_partition_count(infrastructure):
    from shared.topic_admin import wanted_topics
    from tests.kafka_helpers import partition_counts

    wanted = wanted_topics()
    assert await partition_counts(infrastructure.kafka.operator, list(wanted)) == wanted
