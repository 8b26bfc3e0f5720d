"""The postmaster's lifecycle: start one, or adopt a live one, clearing what a dead one left.

The postmaster runs in its own session (pg_ctl daemonizes it and is started with
``start_new_session=True``), so a Ctrl-C in the parent's terminal does not reach
it; the parent must stop it. Nothing is registered with ``atexit``: if the
parent dies without stopping the server, the next start on the same data dir
adopts it.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .postgres_binaries import pg_ctl
from .postgres_errors import PostgresError, log_tail
from .postgres_permissions import make_log_dir, prepare_data_dir, system_user
from .postgres_processes import orphans, postmaster_alive, read_postmaster_pid
from .postgres_settings import HBA_RULES, HOST, SERVER_SETTINGS

_SOCKET_PATH_MAX = 107  # sizeof(sockaddr_un.sun_path) - 1 on Linux


@dataclass(frozen=True)
class Postmaster:
    pid: int
    socket_dir: Path | None
    log_file: Path


def launch_postmaster(data_dir: Path, port: int, deadline: float) -> Postmaster:
    """Start the postmaster for data_dir on port, or adopt a live one; not yet ready."""
    prepare_data_dir(data_dir)
    log_file = make_log_dir(data_dir)
    if not _adopt_live_postmaster(data_dir, port, deadline, log_file):
        _start_postmaster(data_dir, port, deadline, log_file)
    return _running_postmaster(data_dir, log_file)


def _adopt_live_postmaster(data_dir: Path, port: int, deadline: float, log_file: Path) -> bool:
    """True once a live postmaster of data_dir is ready on port; False if none runs
    (a dead one's leftovers are cleared)."""
    while True:
        info = read_postmaster_pid(data_dir)
        if info is None:
            return False
        if not postmaster_alive(info["pid"]):
            _clear_dead_postmaster(data_dir, info, deadline)
            return False
        if info["port"] is not None and info["port"] != port:
            raise PostgresError(
                f"a postmaster (pid {info['pid']}) is already running on {data_dir} "
                f"but on port {info['port']}, not {port}; stop it first"
            )
        if info["status"] in ("ready", "standby"):
            return True
        if time.monotonic() > deadline:
            raise PostgresError(
                f"postmaster {info['pid']} on {data_dir} stuck in status {info['status']!r}\n"
                f"--- tail of {log_file} ---\n{log_tail(log_file)}"
            )
        time.sleep(0.1)  # starting (e.g. crash recovery) or stopping: wait and re-check


def _clear_dead_postmaster(data_dir: Path, info: dict[str, Any], deadline: float) -> None:
    """Remove a stale postmaster.pid ourselves: postgres would refuse to start if the
    pid is a zombie or was reused by another process of the same user. Then let
    orphaned children of the dead postmaster exit, or postgres fails with
    "pre-existing shared memory block is still in use"."""
    (data_dir / "postmaster.pid").unlink(missing_ok=True)
    if info["socket_dir"] and info["port"]:
        _remove_stale_socket_lock(Path(info["socket_dir"]), info["port"])
    _wait_for_orphans(data_dir, deadline)


def _start_postmaster(data_dir: Path, port: int, deadline: float, log_file: Path) -> None:
    socket_dir = _socket_dir_for(data_dir, port)
    _remove_stale_socket_lock(socket_dir, port)
    # Rewritten in place (initdb made it), so it keeps the server's owner and mode.
    (data_dir / "pg_hba.conf").write_text(HBA_RULES)
    settings = dict(SERVER_SETTINGS)
    settings.update(
        listen_addresses=HOST,
        port=str(port),
        unix_socket_directories=str(socket_dir),
    )
    # pg_ctl hands -o to /bin/sh, hence shlex.quote
    opts = " ".join(f"-c {shlex.quote(f'{k}={v}')}" for k, v in settings.items())
    remaining = max(1.0, deadline - time.monotonic())
    pg_ctl(
        data_dir,
        ["-w", "-t", str(max(1, int(remaining))), "-l", str(log_file), "-o", opts, "start"],
        timeout=remaining + 15,
        log_file=log_file,
    )


def _running_postmaster(data_dir: Path, log_file: Path) -> Postmaster:
    info = read_postmaster_pid(data_dir)
    if info is None or not postmaster_alive(info["pid"]):
        raise PostgresError(
            f"postmaster for {data_dir} not running after start\n"
            f"--- tail of {log_file} ---\n{log_tail(log_file)}"
        )
    socket_dir = Path(info["socket_dir"]) if info["socket_dir"] else None
    return Postmaster(pid=info["pid"], socket_dir=socket_dir, log_file=log_file)


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
    pw = system_user()
    if pw is not None:
        os.chown(short, pw.pw_uid, pw.pw_gid)
    short.chmod(0o700)
    return short


def _remove_stale_socket_lock(socket_dir: Path, port: int) -> None:
    """Remove .s.PGSQL.<port>(.lock) left by a dead postmaster (e.g. a zombie pid)."""
    lock = socket_dir / f".s.PGSQL.{port}.lock"
    try:
        pid = int(lock.read_text().splitlines()[0])
    except (OSError, IndexError, ValueError):
        return
    if not postmaster_alive(pid):
        lock.unlink(missing_ok=True)
        (socket_dir / f".s.PGSQL.{port}").unlink(missing_ok=True)


def _wait_for_orphans(data_dir: Path, deadline: float) -> None:
    while True:
        left = orphans(data_dir)
        if not left:
            return
        if time.monotonic() > deadline:
            raise PostgresError(
                f"stale postmaster.pid removed, but postgres processes {left} still run "
                f"in {data_dir}; kill them and retry"
            )
        time.sleep(0.1)
