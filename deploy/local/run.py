"""`make run`: the whole system on this machine until Ctrl-C.

Data lives under .data/ (PostgreSQL, Kafka's log), so a restart keeps it."""

import asyncio
import signal
import threading
import time
from pathlib import Path

from services.kitchens.service_layer.handlers import programme_today

from .demo import publish_demo
from .stack import Ports, ServiceFleet, prepare, start_infrastructure, start_services

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / ".data" / "run"


def main() -> None:
    started = time.monotonic()
    ports = Ports()
    stop_requested = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop_requested.set())

    print("starting PostgreSQL and Kafka …", flush=True)
    infra = start_infrastructure(DATA_DIR, ports)
    fleet = ServiceFleet()
    try:
        prepare(infra)
        fleet = start_services(infra, ports, DATA_DIR / "logs")
        demo = asyncio.run(publish_demo(infra.bootstrap_servers, fleet.url("kitchens"), programme_today()))
        elapsed = time.monotonic() - started
        print(_banner(infra, fleet, demo, elapsed), flush=True)
        while not stop_requested.wait(0.5):
            for p in fleet.processes:
                if p.process.poll() is not None:
                    print(f"{p.name} exited with {p.process.returncode}; see {p.log_path}", flush=True)
                    stop_requested.set()
    finally:
        print("stopping services, Kafka and PostgreSQL …", flush=True)
        fleet.stop()
        infra.stop()
        print("stopped.", flush=True)


def _banner(infra, fleet: ServiceFleet, demo: dict[str, int], elapsed: float) -> str:
    lines = [
        f"ready in {elapsed:.1f}s",
        f"  Kafka       {infra.bootstrap_servers}  ({infra.kafka_description})",
        f"  PostgreSQL  {infra.database_url}  ({infra.postgres_description})",
    ]
    for p in fleet.processes:
        lines.append(f"  {p.name:<12}{p.url}  (health {p.url}/health/ready, metrics {p.url}/metrics, "
                     f"AsyncAPI {p.url}/asyncapi.json, OpenAPI {p.url}/docs; log {p.log_path})")
    lines.append(f"  demo data published: {demo}")
    lines.append("Ctrl-C stops everything.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
