"""What a start of `make run` does with what an earlier one left: a live run is named with
the command that stops it, a dead run's processes are stopped (a reused pid is not), and
a port another program holds is named with the way around it. Real processes and sockets;
tests/e2e/test_make_run_signals.py drives the whole `make run`."""

import json
import os
import socket
import subprocess
import sys
import time

import psutil
import pytest

from deploy.local.kafka_ports import require_free_port
from deploy.local.run_guard import PROCESSES_FILE, RunGuard, StackInUse, require_free_ports
from tests.conftest import ROOT


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])


def test_a_second_start_on_the_same_data_is_told_how_to_stop_the_first(tmp_path):
    first = RunGuard(tmp_path, tmp_path / "postgres")
    first.claim()
    try:
        with pytest.raises(StackInUse) as refused:
            RunGuard(tmp_path, tmp_path / "postgres").claim()
        message = str(refused.value)
        assert f"pid {psutil.Process().pid}" in message and "kill" in message
        assert "\n" not in message
    finally:
        first.release()
    second = RunGuard(tmp_path, tmp_path / "postgres")
    second.claim()
    second.release()


def test_what_a_dead_run_left_running_is_stopped(tmp_path):
    left = _sleeper()
    try:
        dead_run = RunGuard(tmp_path, tmp_path / "postgres")
        dead_run.claim()
        dead_run.record("Kafka", left.pid)
        dead_run.release()  # as the kernel does when a run is killed

        next_run = RunGuard(tmp_path, tmp_path / "postgres")
        next_run.claim()
        assert next_run.stop_leftovers() == [f"Kafka (pid {left.pid})"]
        assert left.poll() is not None
        next_run.release()
    finally:
        left.kill()
        left.wait()


def test_a_pid_given_since_to_another_program_is_left_alone(tmp_path):
    other = _sleeper()
    try:
        created = psutil.Process(other.pid).create_time()
        (tmp_path / PROCESSES_FILE).write_text(json.dumps({"Kafka": [other.pid, created - 60]}))
        guard = RunGuard(tmp_path, tmp_path / "postgres")
        guard.claim()
        assert guard.stop_leftovers() == []
        assert other.poll() is None
        guard.release()
    finally:
        other.kill()
        other.wait()


def test_a_port_another_program_listens_on_is_named_with_the_way_around_it():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        with pytest.raises(StackInUse) as refused:
            require_free_ports({port: ("Kafka", "RUN_KAFKA_PORT")})
    message = str(refused.value)
    assert f"port {port} (Kafka)" in message
    assert f"pid {psutil.Process().pid}" in message
    assert "RUN_KAFKA_PORT=<free port> make run" in message
    require_free_ports({port: ("Kafka", "RUN_KAFKA_PORT")})


_SIGNALLED_RUN = """
import os, signal, time
from deploy.local.run import StopRequested, StopSignals
stop = StopSignals()
try:
    os.kill(os.getpid(), signal.SIGHUP)
    time.sleep(30)
except StopRequested as requested:
    print("stop requested by", requested, flush=True)
os.kill(os.getpid(), signal.SIGTERM)  # a second signal, during the teardown
print("the teardown goes on", flush=True)
"""


def test_a_hangup_breaks_off_the_run_and_its_output_goes_to_the_runs_log(tmp_path):
    """A closed terminal fails every write: after SIGHUP the run writes to its log, and a
    signal during the teardown does not break the teardown off."""
    ran = subprocess.run(
        [sys.executable, "-c", _SIGNALLED_RUN],
        env={**os.environ, "RUN_DATA_DIR": str(tmp_path)},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == ""
    log = (tmp_path / "logs" / "run.log").read_text()
    assert log == "stop requested by SIGHUP\nthe teardown goes on\n"


def _time_wait_on(port: int) -> bool:
    return any(
        c.laddr and c.laddr.port == port and c.status == psutil.CONN_TIME_WAIT
        for c in psutil.net_connections(kind="tcp")
    )


def test_a_port_a_stopped_broker_left_in_time_wait_is_free_and_a_listened_one_is_not():
    """A restart right after a stop met the stopped broker's connections in TIME_WAIT, and
    a bind without SO_REUSEADDR took them for a broker still running."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = server.accept()
    accepted.close()  # the broker's side closes first, so its end waits in TIME_WAIT
    client.close()
    server.close()
    deadline = time.monotonic() + 5
    while not _time_wait_on(port) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _time_wait_on(port)
    require_free_port(port)

    with socket.socket() as listening:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(("127.0.0.1", port))
        listening.listen()
        with pytest.raises(RuntimeError, match="already in use"):
            require_free_port(port)
