"""`make run`: the whole system on this machine until Ctrl-C.

Data lives under .data/ (PostgreSQL, Kafka's log), so a restart keeps it."""

import asyncio
import signal
import threading
import time
from pathlib import Path

from shared.acting_assertion import ActingPerson
from shared.programme_clock import programme_today
from shared.roles import Role

from ..kafka_acls import AGENCY_PREFIX, GATEWAY_PREFIX
from .demo import publish_demo
from .demo_accounts import create_demo_accounts
from .kafka_security import KafkaPrincipals
from .stack import Ports, ServiceFleet, prepare, start_infrastructure, start_services

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / ".data" / "run"
# Who registers the demo's kitchens, as the console would sign for an administrator.
DEMO_ADMIN = ActingPerson("demo.admin", Role.ADMIN)


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
        fleet = start_services(
            infra, ports, DATA_DIR / "logs", prometheus_dir=DATA_DIR / "prometheus"
        )
        demo = asyncio.run(
            publish_demo(
                infra.kafka,
                fleet.url("kitchens"),
                fleet.acting_headers("kitchens", DEMO_ADMIN),
                programme_today(),
            )
        )
        accounts = asyncio.run(create_demo_accounts(infra.database_url))
        elapsed = time.monotonic() - started
        print(_banner(infra, fleet, demo, accounts, elapsed), flush=True)
        while not stop_requested.wait(0.5):
            for p in fleet.processes:
                if p.process.poll() is not None:
                    print(
                        f"{p.name} exited with {p.process.returncode}; see {p.log_path}", flush=True
                    )
                    stop_requested.set()
    finally:
        print("stopping services, Kafka and PostgreSQL …", flush=True)
        fleet.stop()
        infra.stop()
        print("stopped.", flush=True)


def _banner(infra, fleet: ServiceFleet, demo: dict[str, int], accounts, elapsed: float) -> str:
    lines = [
        f"ready in {elapsed:.1f}s",
        f"  Kafka       {infra.bootstrap_servers}  ({infra.kafka_description})",
        *_kafka_credentials(infra.kafka),
        f"  PostgreSQL  {infra.database_url}  ({infra.postgres_description})",
    ]
    for p in fleet.processes:
        if p.name == "console":
            lines.append(
                f"  {p.name:<12}{p.url}  (sign in with a demo account below; log {p.log_path})"
            )
            continue
        lines.append(
            f"  {p.name:<12}{p.url}  (health {p.url}/health/ready, metrics {p.url}/metrics, "
            f"AsyncAPI {p.url}/asyncapi.json, OpenAPI {p.url}/docs; log {p.log_path})"
        )
        lines.append(
            f"  {'':<12}its operational routes take -H 'Authorization: Bearer "
            f"{fleet.tokens.token(p.name)}'; the rest acts for a person the console signs for"
        )
    if infra.prometheus is not None:
        lines.append(
            f"  {'Prometheus':<12}{infra.prometheus.url}  (alerts {infra.prometheus.url}/alerts, "
            f"targets {infra.prometheus.url}/targets; log {infra.prometheus.log_path})"
        )
    lines.append(f"  demo data published: {demo}")
    lines.append("  demo console accounts (username / password / role):")
    for account, password in accounts:
        scope = (
            f" {account.agency or account.kitchen_id}"
            if account.agency or account.kitchen_id
            else ""
        )
        lines.append(f"    {account.username:<20}{password:<26}{account.role.value}{scope}")
    lines.append("Ctrl-C stops everything.")
    return "\n".join(lines)


def _kafka_credentials(kafka: KafkaPrincipals) -> list[str]:
    """What an agency system or a tablet gateway signs in to Kafka with (docs/integration.md).
    The services' own passwords stay in their environments."""
    if not kafka.authenticated:
        return []
    lines = [f"  {'':<12}SASL_SSL, SCRAM-SHA-512, CA {kafka.ca_file}; principal / password:"]
    lines.extend(
        f"  {'':<12}  {principal:<28}{password}"
        for principal, password in kafka.credentials.items()
        if principal.startswith((AGENCY_PREFIX, GATEWAY_PREFIX))
    )
    return lines


if __name__ == "__main__":
    main()
