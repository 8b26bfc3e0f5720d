"""`make run` as a newcomer meets it: closing its terminal (SIGHUP) and SIGTERM to `make`
stop every process it started, PostgreSQL, Kafka, the services and the console, as Ctrl-C
does, and free every port; a start that finds what a killed run left running stops it
first, and a second start beside a live one is told, in one line, how to stop the first.

The real `make run` on a data directory and ports of its own (RUN_*), its setup step
left out (`make -o setup`: the virtualenv is this one). The first start is cold, the
others warm on the same data."""

import contextlib
import fcntl
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import termios
import threading
import time
import uuid
from collections.abc import Iterator

import psutil
import pytest

from deploy.local.postgres_processes import read_postmaster_pid
from deploy.local.run_guard import LOCK_FILE, RunGuard, StackInUse
from tests.benchmarks.private_stack import free_port, free_port_block
from tests.conftest import ROOT

READY_TIMEOUT = 300.0
STOP_TIMEOUT = 120.0
MAKE_RUN = ["make", "--no-print-directory", "-o", "setup", "run", f"PY={sys.executable}"]
SERVICES = ("beneficiaries", "kitchens", "grievances", "console")


class Stack:
    """Where one module's `make run` keeps its data and listens."""

    def __init__(self) -> None:
        self.data_dir = ROOT / ".data" / "test" / f"make-run-{uuid.uuid4().hex[:8]}"
        self.kafka, self.postgres, self.first_http = free_port(), free_port(), free_port_block(4)

    @property
    def ports(self) -> list[int]:
        return [self.kafka, self.postgres, *range(self.first_http, self.first_http + 4)]

    def environment(self) -> dict[str, str]:
        inherited = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "MAKEFLAGS", "MFLAGS")
        }
        return {
            **inherited,
            "RUN_DATA_DIR": str(self.data_dir),
            "RUN_KAFKA_PORT": str(self.kafka),
            "RUN_POSTGRES_PORT": str(self.postgres),
            "RUN_FIRST_HTTP_PORT": str(self.first_http),
        }

    def postmaster(self) -> int | None:
        info = read_postmaster_pid(self.data_dir / "postgres")
        return info["pid"] if info else None


class Output:
    """Everything a process writes to `fd`, read as it comes."""

    def __init__(self, fd: int) -> None:
        self.text = ""
        self._fd = fd
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self._fd], [], [], 1.0)
                chunk = os.read(self._fd, 65536) if ready else b""
            except OSError:
                return
            if ready and not chunk:
                return
            self.text += chunk.decode(errors="replace")

    def wait_for(
        self, words: str, writer: subprocess.Popen, timeout: float = READY_TIMEOUT
    ) -> None:
        deadline = time.monotonic() + timeout
        while words not in self.text:
            assert time.monotonic() < deadline, f"no {words!r} within {timeout:.0f}s:\n{self.text}"
            assert writer.poll() is None, f"exited before {words!r}:\n{self.text}"
            time.sleep(0.5)


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    stack = Stack()
    yield stack
    # A failed test may leave its run up: stopped as its user would, then the stale-stack
    # guard stops whatever it left.
    guard = RunGuard(stack.data_dir, stack.data_dir / "postgres")
    try:
        guard.claim()
    except StackInUse:
        _stop_the_live_run(stack)
        guard.claim()
    guard.stop_leftovers()
    guard.release()
    shutil.rmtree(stack.data_dir, ignore_errors=True)


def _stop_the_live_run(stack: Stack) -> None:
    holder = int((stack.data_dir / LOCK_FILE).read_text().strip())
    with contextlib.suppress(psutil.NoSuchProcess):
        run = psutil.Process(holder)
        run.terminate()
        run.wait(STOP_TIMEOUT)


def _alive(process: psutil.Process) -> bool:
    """Running, and not a zombie that a container's init has yet to reap."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _started_by(root: int, stack: Stack) -> list[psutil.Process]:
    """Every process under `root`, and the postmaster (pg_ctl daemonises it away from us)."""
    processes = psutil.Process(root).children(recursive=True)
    postmaster = stack.postmaster()
    assert postmaster is not None, "no postmaster.pid: PostgreSQL did not start"
    processes.append(psutil.Process(postmaster))
    commands = [" ".join(p.cmdline()) for p in processes]
    assert any("kafka.Kafka" in c or "--listener-url" in c for c in commands), commands
    for name in SERVICES:
        assert any(f"-m services.{name}" in c for c in commands), (name, commands)
    return processes


def _assert_all_stopped(processes: list[psutil.Process], stack: Stack) -> None:
    deadline = time.monotonic() + STOP_TIMEOUT
    while any(_alive(p) for p in processes) and time.monotonic() < deadline:
        time.sleep(0.5)
    alive = [p.pid for p in processes if _alive(p)]
    assert not alive, f"still running: {alive}"
    listening = {
        c.laddr.port
        for c in psutil.net_connections(kind="tcp")
        if c.status == psutil.CONN_LISTEN and c.laddr
    }
    assert not listening & set(stack.ports), f"ports still taken: {listening & set(stack.ports)}"


def _become_controlled_by_the_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    # As in a newcomer's terminal: a test run started under nohup (or by a CI runner that
    # ignores SIGHUP) would hand the ignored hang-up down, and bash would outlive the
    # terminal without hanging up its job.
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def test_closing_the_terminal_stops_everything_make_run_started(stack):
    """A terminal closing hangs up its shell, and the kernel hangs up the foreground job
    after it: `make` and the Python beneath it get SIGHUP, and make does not pass it on."""
    main, terminal = pty.openpty()
    # `; true` keeps bash from exec-ing make: bash stays the terminal's session leader.
    shell = subprocess.Popen(
        ["bash", "-c", " ".join(MAKE_RUN) + "; true"],
        stdin=terminal, stdout=terminal, stderr=terminal,
        cwd=ROOT, env=stack.environment(),
        start_new_session=True, preexec_fn=_become_controlled_by_the_terminal,
    )  # fmt: skip
    os.close(terminal)
    output = Output(main)
    try:
        output.wait_for("Ctrl-C stops everything.", shell)
        started = _started_by(shell.pid, stack)
    finally:
        os.close(main)  # the terminal window closes
    _assert_all_stopped(started, stack)
    shell.wait(10)
    log = (stack.data_dir / "logs" / "run.log").read_text()
    assert log.rstrip().endswith("stopped."), log


def _make_run(stack: Stack) -> tuple[subprocess.Popen, Output]:
    make = subprocess.Popen(
        MAKE_RUN, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        cwd=ROOT, env=stack.environment(), start_new_session=True,
    )  # fmt: skip
    assert make.stdout is not None
    return make, Output(make.stdout.fileno())


def _the_run(make: subprocess.Popen) -> psutil.Process:
    return next(p for p in psutil.Process(make.pid).children() if "deploy.local.run" in p.cmdline())


def test_sigterm_to_make_stops_everything_make_run_started(stack):
    make, output = _make_run(stack)
    output.wait_for("Ctrl-C stops everything.", make)
    started = _started_by(make.pid, stack)
    make.send_signal(signal.SIGTERM)
    _assert_all_stopped(started, stack)
    make.wait(10)
    assert "stopped." in output.text


def test_a_second_start_beside_a_live_one_says_how_to_stop_it(stack):
    make, output = _make_run(stack)
    try:
        output.wait_for("Ctrl-C stops everything.", make)
        run = _the_run(make)
        second = subprocess.run(
            [sys.executable, "-m", "deploy.local.run"],
            cwd=ROOT, env=stack.environment(), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert second.returncode == 1
        assert second.stderr.strip().splitlines() == [
            f"`make run` is already running on {stack.data_dir} (pid {run.pid}): stop it with "
            f"Ctrl-C in its terminal or `kill {run.pid}`, then run `make run` again"
        ]
    finally:
        make.send_signal(signal.SIGTERM)
        make.wait(STOP_TIMEOUT)


def test_a_start_stops_what_a_killed_run_left_running(stack):
    make, output = _make_run(stack)
    output.wait_for("Ctrl-C stops everything.", make)
    left = [p for p in _started_by(make.pid, stack) if "deploy.local.run" not in p.cmdline()]
    run = _the_run(make)
    run.kill()  # no teardown: PostgreSQL, Kafka and the services stay up
    make.wait(10)
    assert all(_alive(p) for p in left)

    again, output = _make_run(stack)
    output.wait_for("Ctrl-C stops everything.", again)
    assert "stopped what an earlier `make run` left running" in output.text
    assert not any(_alive(p) for p in left)
    again.send_signal(signal.SIGTERM)
    again.wait(STOP_TIMEOUT)
    assert "stopped." in output.text
