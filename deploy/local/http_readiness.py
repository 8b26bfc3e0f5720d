"""Waiting for a process the stack started to answer 200 on an HTTP path:
the services and the console on /health/ready, Prometheus on /-/ready."""

import subprocess
import time
import urllib.request
from pathlib import Path


def wait_for_http(
    name: str, process: subprocess.Popen[bytes], url: str, log_path: Path, timeout: float
) -> None:
    """Until `url` answers 200; an exited process or the timeout raises, with its log's tail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{name} exited with {process.returncode}; see {log_path}:\n{log_tail(log_path)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(
        f"{name} not ready after {timeout:.0f}s; see {log_path}:\n{log_tail(log_path)}"
    )


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
