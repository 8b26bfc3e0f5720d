"""deploy/local/backup.py on a PostgreSQL of its own: what was committed after the base
backup, up to the moment the data directory is destroyed, is there after a restore."""

import asyncio
import shutil

import asyncpg
import pytest

from deploy.local.backup import Archiver, BackupError, BackupPlace, base_backup, main, restore
from deploy.local.postgres import start_postgres
from tests.benchmarks.private_stack import free_port


async def _execute(url: str, *statements: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        rows: list[asyncpg.Record] = []
        for statement in statements:
            rows = await conn.fetch(statement)
        return rows
    finally:
        await conn.close()


@pytest.fixture
def server(tmp_path):
    pg = start_postgres(tmp_path / "data", free_port())
    yield pg
    pg.stop("immediate")


def test_a_restore_replays_every_commit_after_the_base_backup(server, tmp_path):
    place = BackupPlace(tmp_path / "backups")
    url = server.url()
    asyncio.run(_execute(url, "CREATE TABLE kept (n int PRIMARY KEY)"))
    archiver = Archiver(place, server.port, synchronous=True)
    archiver.start()
    try:
        asyncio.run(_execute(url, "INSERT INTO kept SELECT generate_series(1, 1000)"))
        base_backup(place, server.port)
        # Committed after the base backup: only the streamed WAL holds these.
        for n in range(1001, 1051):
            asyncio.run(_execute(url, f"INSERT INTO kept VALUES ({n})"))
        server.stop("immediate")
    finally:
        archiver.stop()
    shutil.rmtree(server.data_dir)

    restore(place, server.data_dir, server.port)
    server.start()
    [row] = asyncio.run(
        _execute(
            url,
            "SELECT count(*) AS n, max(n) AS last, current_setting('synchronous_standby_names') "
            "AS waits_for FROM kept",
        )
    )
    assert (row["n"], row["last"], row["waits_for"]) == (1050, 1050, "")
    # The restored server takes writes again, and waits for no archiver.
    asyncio.run(_execute(url, "INSERT INTO kept VALUES (1051)"))


def test_a_restore_refuses_a_data_directory_that_is_not_empty(server, tmp_path):
    place = BackupPlace(tmp_path / "backups")
    base_backup(place, server.port)
    with pytest.raises(BackupError, match="move it aside"):
        restore(place, server.data_dir, server.port)


def test_a_restore_without_a_base_backup_says_which_command_comes_first(tmp_path, capsys):
    with pytest.raises(SystemExit, match="run `base` first"):
        main(["restore", "--backup-dir", str(tmp_path), "--data-dir", str(tmp_path / "empty")])
