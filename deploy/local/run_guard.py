"""What one `make run` leaves for the next: a lock while it lives, and the processes it
started, so that a start finds a stale stack and stops it, or says in one line what to do.

The lock (`run.lock`, an flock) is let go by the kernel however the run ends, SIGKILL
included: held, it means another `make run` on this data directory is alive, and this
one stops there with the command that stops the other. Free, the processes the last run
wrote down (`processes.json`, each with its start time, so a pid the system has since
given to another program is left alone) and the postmaster of the data directory are
what a run that died without its teardown left running: they are stopped. A port the
stack needs that is still taken after that belongs to another program: the start names
the port, who holds it and how to move aside."""

import contextlib
import fcntl
import json
import os
import signal
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO

import psutil

from .postgres_processes import postmaster_alive, read_postmaster_pid

LOCK_FILE = "run.lock"
PROCESSES_FILE = "processes.json"
# Long enough for Kafka's controlled shutdown and PostgreSQL's checkpoint.
STOP_TIMEOUT = 30.0
INFRASTRUCTURE = frozenset({"Kafka", "PostgreSQL"})
_LISTENING_ADDRESSES = frozenset({"127.0.0.1", "0.0.0.0", "::", "::1"})


class StackInUse(Exception):
    """Another run, or another program, holds what this start needs; the message says what
    to do, a line per obstacle."""


class RunGuard:
    def __init__(self, data_dir: Path, postgres_dir: Path) -> None:
        self.data_dir = data_dir
        self.postgres_dir = postgres_dir
        self._lock: IO[str] | None = None
        self._started: dict[str, tuple[int, float]] = {}

    def claim(self) -> None:
        """Hold the lock, or raise StackInUse naming the live run that holds it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = (self.data_dir / LOCK_FILE).open("a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            lock.close()
            raise StackInUse(
                f"`make run` is already running on {self.data_dir} (pid {holder}): stop it "
                f"with Ctrl-C in its terminal or `kill {holder}`, then run `make run` again"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        self._lock = lock

    def stop_leftovers(self) -> list[str]:
        """Stop what an earlier run that died without its teardown left running; their names."""
        left = {
            name: process
            for name, process in self._recorded().items()
            if process is not None and _alive(process)
        }
        if postmaster := self._postmaster():
            left["PostgreSQL"] = postmaster
        # The services first, as the orderly stop does: they commit offsets and close pools
        # while Kafka and PostgreSQL still answer.
        _stop(p for name, p in left.items() if name not in INFRASTRUCTURE)
        _stop(p for name, p in left.items() if name in INFRASTRUCTURE)
        return [f"{name} (pid {process.pid})" for name, process in left.items()]

    def record(self, name: str, pid: int | None) -> None:
        """Write down a process this run started, for a next run to find if this one dies."""
        if pid is None:
            return
        with contextlib.suppress(psutil.NoSuchProcess):
            self._started[name] = (pid, psutil.Process(pid).create_time())
        path = self.data_dir / PROCESSES_FILE
        path.write_text(json.dumps(self._started, indent=1))

    def stop_the_rest(self) -> None:
        """After the orderly stop: any child process still alive and this data directory's
        postmaster (the orderly stop may have been cut short); then forget them."""
        rest = psutil.Process().children(recursive=True)
        if postmaster := self._postmaster():
            rest.append(postmaster)
        _stop(rest)
        (self.data_dir / PROCESSES_FILE).unlink(missing_ok=True)

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _recorded(self) -> dict[str, psutil.Process | None]:
        try:
            started = json.loads((self.data_dir / PROCESSES_FILE).read_text())
        except (OSError, ValueError):
            return {}
        return {name: _same_process(pid, created) for name, (pid, created) in started.items()}

    def _postmaster(self) -> psutil.Process | None:
        info = read_postmaster_pid(self.postgres_dir)
        if info is None or not postmaster_alive(info["pid"]):
            return None
        with contextlib.suppress(psutil.NoSuchProcess):
            return psutil.Process(info["pid"])
        return None


def _alive(process: psutil.Process) -> bool:
    """Running, and not a zombie that a container's init has yet to reap."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _same_process(pid: int, created: float) -> psutil.Process | None:
    """The process, if the pid still names the one written down (not a reused pid)."""
    try:
        process = psutil.Process(pid)
        return process if abs(process.create_time() - created) < 0.5 else None
    except psutil.NoSuchProcess:
        return None


def _stop(processes: Iterable[psutil.Process]) -> None:
    """SIGTERM (SIGINT for a postmaster: its fast shutdown), then SIGKILL past the timeout."""
    targets = [process for process in processes if _alive(process)]
    for process in targets:
        with contextlib.suppress(psutil.NoSuchProcess):
            is_postmaster = process.name() == "postgres"
            process.send_signal(signal.SIGINT if is_postmaster else signal.SIGTERM)
    for process in _still_alive(targets, STOP_TIMEOUT):
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def _still_alive(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Those still alive after `timeout` (psutil.wait_procs would wait out a zombie that is
    not our child)."""
    deadline = time.monotonic() + timeout
    while (alive := [p for p in processes if _alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


def require_free_ports(needed: Mapping[int, tuple[str, str]]) -> None:
    """Raise StackInUse naming each port that something listens on; `needed` maps a port to
    what it is for and the variable that moves it."""
    holders = _listeners(set(needed))
    if holders:
        raise StackInUse(
            "\n".join(_port_taken(port, *needed[port], holders[port]) for port in sorted(holders))
        )


def _listeners(ports: set[int]) -> dict[int, int | None]:
    """Port -> pid of the process listening on it (None where it cannot be told)."""
    held: dict[int, int | None] = {}
    for connection in psutil.net_connections(kind="tcp"):
        address = connection.laddr
        if (
            connection.status == psutil.CONN_LISTEN
            and address
            and address.port in ports
            and address.ip in _LISTENING_ADDRESSES
        ):
            held[address.port] = connection.pid
    return held


def _port_taken(port: int, what: str, variable: str, pid: int | None) -> str:
    holder = "another program"
    if pid is not None:
        with contextlib.suppress(psutil.Error):
            holder = f"pid {pid} ({' '.join(psutil.Process(pid).cmdline())[:80]})"
    return (
        f"port {port} ({what}) is taken by {holder}, not by a `make run` of this checkout: "
        f"stop it (`ss -ltnp 'sport = :{port}'` names it), or move aside with "
        f"`{variable}=<free port> make run`"
    )
