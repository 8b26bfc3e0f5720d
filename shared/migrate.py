"""Applies numbered SQL migrations to one service's schema.

The shared plumbing migrations (outbox, inbox) are applied first, then the
service's own. An advisory lock per schema lets several replicas start at
once: one migrates, the others wait and then find nothing to do."""

import argparse
import asyncio
import os
import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

SHARED_MIGRATIONS = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    ident: str
    path: Path


def discover(source: str, directory: Path) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        if not _NAME.match(path.name):
            raise ValueError(f"migration file name must look like 001_some_change.sql: {path}")
        found.append(Migration(f"{source}/{path.name}", path))
    return found


def plan(schema: str, service_dir: Path) -> list[Migration]:
    return discover("shared", SHARED_MIGRATIONS) + discover(schema, service_dir)


async def migrate(dsn: str, schema: str, service_dir: Path) -> list[str]:
    """Apply what is missing; returns the idents applied now."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("SELECT pg_advisory_lock(hashtext($1))", f"migrate:{schema}")
        try:
            return await _apply_missing(conn, schema, plan(schema, service_dir))
        finally:
            await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", f"migrate:{schema}")
    finally:
        await conn.close()


async def _apply_missing(
    conn: asyncpg.Connection, schema: str, migrations: list[Migration]
) -> list[str]:
    await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    await conn.execute(
        f'CREATE TABLE IF NOT EXISTS "{schema}".schema_migrations '
        "(ident text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
    )
    done = {r["ident"] for r in await conn.fetch(f'SELECT ident FROM "{schema}".schema_migrations')}
    applied = []
    for migration in migrations:
        if migration.ident in done:
            continue
        async with conn.transaction():
            await conn.execute(f'SET LOCAL search_path TO "{schema}", public')
            await conn.execute(migration.path.read_text())
            await conn.execute(
                f'INSERT INTO "{schema}".schema_migrations (ident) VALUES ($1)', migration.ident
            )
        applied.append(migration.ident)
    return applied


def main() -> None:
    from services import MIGRATIONS

    parser = argparse.ArgumentParser(description="Apply database migrations.")
    parser.add_argument(
        "services", nargs="*", default=list(MIGRATIONS), help="schemas to migrate (default: all)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        required="DATABASE_URL" not in os.environ,
    )
    args = parser.parse_args()
    for name in args.services:
        applied = asyncio.run(migrate(args.database_url, name, MIGRATIONS[name]))
        print(f"{name}: applied {len(applied)} migration(s) {applied}")


if __name__ == "__main__":
    main()
