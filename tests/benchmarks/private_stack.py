"""A private stack for a benchmark run: PostgreSQL, Kafka, topics, migrations
and the three services under `.data/bench/<id>` on free ports, removed
afterwards. Ctrl-C and SIGTERM tear it down cleanly."""

from __future__ import annotations

import contextlib
import random
import shutil
import signal
import socket
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy.local.stack import (
    SERVICE_ORDER,
    Infrastructure,
    Ports,
    ServiceFleet,
    prepare,
    start_infrastructure,
    start_services,
)

ROOT = Path(__file__).resolve().parents[2]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Below Linux's ephemeral range (32768-60999): a port the kernel hands out
# for outgoing connections could be taken by a Kafka or PostgreSQL client the
# moment a service restarting on it lets go, and the restart would fail to bind.
LISTEN_PORTS = range(20_000, 32_768)


def free_port() -> int:
    for _ in range(200):
        port = random.choice(LISTEN_PORTS)
        if _bindable(port):
            return port
    raise RuntimeError(f"found no free port in {LISTEN_PORTS.start}-{LISTEN_PORTS.stop - 1}")


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_block(size: int) -> int:
    """A first port such that `size` consecutive ports are free
    (start_services numbers them in a row)."""
    for _ in range(100):
        first = free_port()
        if first + size <= LISTEN_PORTS.stop and all(_bindable(first + i) for i in range(size)):
            return first
    raise RuntimeError(f"found no {size} consecutive free ports")


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def report_services(fleet: ServiceFleet) -> None:
    for p in fleet.processes:
        state = "running" if p.process.poll() is None else f"exited with {p.process.returncode}"
        log(f"--- {p.name} ({state}), last lines of its log:\n{tail(p.log_path)}")


def _raise_keyboard_interrupt(*_) -> None:
    raise KeyboardInterrupt


@contextmanager
def private_stack(
    *, kafka_security: bool = True, kafka_brokers: int | None = None
) -> Iterator[tuple[Infrastructure, ServiceFleet]]:
    """`kafka_security=False`: Apache Kafka without SASL, TLS or ACLs, to measure what they cost.
    `kafka_brokers`: 1 or 3 Kafka nodes (None: as KAFKA_BROKERS says)."""
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)  # SIGTERM tears down like Ctrl-C
    data_dir = ROOT / ".data" / "bench" / uuid.uuid4().hex[:8]
    ports = Ports(
        kafka=free_port(),
        postgres=free_port(),
        first_service=free_port_block(len(SERVICE_ORDER)),
        more_kafka=(free_port(), free_port()),
    )
    infra: Infrastructure | None = None
    fleet = ServiceFleet()
    started = time.monotonic()
    try:
        log(f"starting a private stack in {data_dir.relative_to(ROOT)} …")
        infra = start_infrastructure(
            data_dir, ports, kafka_security=kafka_security, kafka_brokers=kafka_brokers
        )
        prepare(infra)
        fleet = start_services(infra, ports, data_dir / "logs", with_console=False)
        log(
            f"stack ready in {time.monotonic() - started:.1f}s ({infra.kafka_description}; "
            f"{infra.postgres_description})"
        )
        yield infra, fleet
    finally:
        signal.signal(
            signal.SIGINT, signal.SIG_IGN
        )  # a second Ctrl-C must not cut the teardown short
        log("stopping services, Kafka and PostgreSQL …")
        fleet.stop()
        if infra is not None:
            infra.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
        with contextlib.suppress(OSError):  # .data/bench, unless another run still uses it
            data_dir.parent.rmdir()
        signal.signal(signal.SIGINT, signal.default_int_handler)
