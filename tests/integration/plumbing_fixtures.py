"""A throwaway schema with the shared plumbing tables, and a test-only contract."""

import uuid

import asyncpg
from pydantic import Field

from shared.contracts.base import EventContract
from shared.db import Database
from shared.migrate import migrate


class SequenceNoted(EventContract):
    event_type = "test.sequence_noted"
    event_version = 1

    aggregate: str
    sequence: int = Field(ge=1)

    def partition_key(self) -> str:
        return self.aggregate


async def plumbing_schema(database_url: str, tmp_path) -> Database:
    schema = f"t_{uuid.uuid4().hex[:10]}"
    empty = tmp_path / "no-service-migrations"
    empty.mkdir(exist_ok=True)
    await migrate(database_url, schema, empty)
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            f"CREATE TABLE {schema}.aggregates "
            "(name text PRIMARY KEY, sequence int NOT NULL DEFAULT 0)"
        )
    finally:
        await conn.close()
    database = Database(database_url, schema, max_size=20)
    await database.open()
    return database
