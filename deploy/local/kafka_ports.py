"""The loopback ports a local broker listens on."""

from __future__ import annotations

import socket

LOOPBACK = "127.0.0.1"


def pick_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def require_free_port(port: int) -> None:
    # Otherwise the readiness probe could talk to whatever already owns the port
    # and report a broker that never started as ready. SO_REUSEADDR, as the broker binds:
    # the connections of a broker just stopped linger in TIME_WAIT for a minute, and
    # without it they alone would make the port look taken.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError as exc:
            raise RuntimeError(f"Port {LOOPBACK}:{port} is already in use") from exc
