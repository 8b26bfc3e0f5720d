"""Prometheus from Debian's `prometheus` package, for `make run` and the tests that need
one: it scrapes the targets it is given and evaluates deploy/prometheus/alerts.yml, the
rules compose runs too.

Its configuration and its data live under the data dir given (so `make run`'s charts keep
their hours across restarts); it listens on a free loopback port. A target's bearer token
goes into a file of its own, readable by its owner alone (0600), that the configuration
names: never on a command line, in the configuration's text or in a log."""

import json
import os
import signal
import socket
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .http_readiness import wait_for_http

LOOPBACK = "127.0.0.1"
RULES = Path(__file__).resolve().parents[1] / "prometheus" / "alerts.yml"
# Prometheus refuses a scrape timeout longer than the interval; 10 s is its default.
LONGEST_SCRAPE_SECONDS = 10.0


@dataclass(frozen=True)
class ScrapeTarget:
    job: str
    url: str  # where the process answers, e.g. http://127.0.0.1:8001
    token: str | None = None  # sent as `Authorization: Bearer`, when the target wants one


@dataclass
class RunningPrometheus:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def stop(self, timeout: float = 15.0) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def write_secret(path: Path, secret: str) -> None:
    """0600 before a byte is written, also when the file existed with other permissions."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secret)


def _scrape_config(
    target: ScrapeTarget, secrets_dir: Path, interval_seconds: float
) -> dict[str, Any]:
    address = urlsplit(target.url)
    config: dict[str, Any] = {
        "job_name": target.job,
        "scheme": address.scheme,
        "scrape_interval": f"{interval_seconds:g}s",
        "scrape_timeout": f"{min(interval_seconds, LONGEST_SCRAPE_SECONDS):g}s",
        "static_configs": [{"targets": [address.netloc]}],
    }
    if target.token is not None:
        token_file = secrets_dir / f"{target.job}-metrics-token"
        write_secret(token_file, target.token)
        config["authorization"] = {"type": "Bearer", "credentials_file": str(token_file)}
    return config


def write_config(data_dir: Path, targets: Sequence[ScrapeTarget], interval_seconds: float) -> Path:
    """prometheus.yml under `data_dir` (JSON, which is YAML), with its tokens' files beside it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    config = {
        "global": {
            "scrape_interval": f"{interval_seconds:g}s",
            "evaluation_interval": f"{interval_seconds:g}s",
        },
        "rule_files": [str(RULES)],
        "scrape_configs": [_scrape_config(t, data_dir, interval_seconds) for t in targets],
    }
    path = data_dir / "prometheus.yml"
    path.write_text(json.dumps(config, indent=2) + "\n")
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def start_prometheus(
    data_dir: Path,
    targets: Sequence[ScrapeTarget],
    *,
    interval_seconds: float = 15.0,
    ready_timeout: float = 60.0,
) -> RunningPrometheus:
    """Returns once Prometheus answers /-/ready; stopped again if it does not in time."""
    data_dir = data_dir.resolve()
    config = write_config(data_dir, targets, interval_seconds)
    port = free_port()
    log_path = data_dir / "prometheus.log"
    command = [
        "prometheus",
        f"--config.file={config}",
        f"--storage.tsdb.path={data_dir / 'tsdb'}",
        "--storage.tsdb.retention.time=7d",
        f"--web.listen-address={LOOPBACK}:{port}",
    ]
    with log_path.open("ab") as log:
        try:
            # A session of its own: a Ctrl-C in the terminal reaches the stack, which stops it.
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except FileNotFoundError:
            raise RuntimeError(
                "prometheus is missing: deploy/local/system-packages.sh installs Debian's package"
            ) from None
    running = RunningPrometheus(f"http://{LOOPBACK}:{port}", process, log_path)
    try:
        wait_for_http("Prometheus", process, f"{running.url}/-/ready", log_path, ready_timeout)
    except BaseException:
        running.stop()
        raise
    return running
