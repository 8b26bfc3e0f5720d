"""Backup size and time, restore time, for a registry of N people.

A PostgreSQL of its own under `.data/bench/<id>` (no Kafka, no services): every schema
migrated, the registry preloaded (tests/benchmarks/registry_preload.py), the WAL archive
streaming synchronously as docs/operations.md runs it, then a base backup
(deploy/local/backup.py), the data directory deleted and restored. Prints the database's
size, the backup's size, the backup's and the restore's seconds, and checks the restored
registry holds every person:

    python -m tests.benchmarks.backup_restore --people 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import time
import uuid

import asyncpg

from deploy.local.backup import Archiver, BackupPlace, base_backup, restore
from deploy.local.postgres import RunningPostgres, ensure_database, start_postgres
from deploy.local.stack import DATABASE_NAME
from services import MIGRATIONS
from shared.migrate import migrate
from tests.benchmarks.private_stack import ROOT, free_port, log
from tests.benchmarks.registry_preload import preload


async def _prepare(database_url: str, people: int, seed: int) -> None:
    for name, directory in MIGRATIONS.items():
        await migrate(database_url, name, directory)
    await preload(database_url, "beneficiaries", people, seed, 0, log)


async def _counts(database_url: str) -> tuple[int, int, int]:
    """Persons, enrolments, and the database's bytes on disk."""
    conn = await asyncpg.connect(database_url)
    try:
        row = await conn.fetchrow(
            "SELECT (SELECT count(*) FROM beneficiaries.persons) AS persons, "
            "(SELECT count(*) FROM beneficiaries.enrolments) AS enrolments, "
            "pg_database_size(current_database()) AS bytes"
        )
        return row["persons"], row["enrolments"], row["bytes"]
    finally:
        await conn.close()


def _measure(server: RunningPostgres, database_url: str, place: BackupPlace) -> list[str]:
    before = asyncio.run(_counts(database_url))
    archiver = Archiver(place, server.port, synchronous=True)
    archiver.start()
    try:
        started = time.monotonic()
        base = base_backup(place, server.port)
        backup_seconds = time.monotonic() - started
        server.stop("immediate")
    finally:
        archiver.stop()
    shutil.rmtree(server.data_dir)
    started = time.monotonic()
    restore(place, server.data_dir, server.port)
    restore_seconds = time.monotonic() - started
    server.start()
    after = asyncio.run(_counts(database_url))
    if after[:2] != before[:2]:
        raise SystemExit(f"restored {after[:2]} persons/enrolments, backed up {before[:2]}")
    size = sum(f.stat().st_size for f in base.iterdir())
    return [
        f"registry: {before[0]:,} persons, {before[1]:,} enrolments; "
        f"database {before[2] / 1e9:.2f} GB on disk",
        f"base backup (tar, gzip, with its WAL): {size / 1e9:.2f} GB in {backup_seconds:.0f} s",
        f"restore (unpack, replay the archive to its end, checkpoint): {restore_seconds:.0f} s",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    data_dir = ROOT / ".data" / "bench" / uuid.uuid4().hex[:8]
    server = start_postgres(data_dir / "postgres", free_port())
    try:
        database_url = ensure_database(server, DATABASE_NAME)
        log(f"preloading {args.people:,} people …")
        asyncio.run(_prepare(database_url, args.people, args.seed))
        for line in _measure(server, database_url, BackupPlace(data_dir / "backups")):
            print(line, flush=True)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
