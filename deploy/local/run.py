"""`make run`: the whole system on this machine until Ctrl-C, SIGTERM, or the terminal
closing (SIGHUP): each of them stops every process it started, in order, and a child
process the orderly stop missed is stopped after it (deploy/local/run_guard.py).

Data lives under .data/ (PostgreSQL, Kafka's log), so a restart keeps it. RUN_DATA_DIR,
RUN_KAFKA_PORT, RUN_POSTGRES_PORT and RUN_FIRST_HTTP_PORT (the first of the three
services' and the console's four) move it aside of another program or stack."""

import asyncio
import contextlib
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from shared.acting_assertion import ActingPerson
from shared.programme_clock import programme_today
from shared.roles import Role

from ..kafka_acls import AGENCY_PREFIX, GATEWAY_PREFIX
from .demo import publish_demo
from .demo_accounts import create_demo_accounts
from .kafka_security import KafkaPrincipals
from .run_guard import RunGuard, StackInUse, require_free_ports
from .stack import (
    SERVICE_ORDER,
    Infrastructure,
    Ports,
    ServiceFleet,
    prepare,
    start_infrastructure,
    start_services,
)

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("RUN_DATA_DIR") or ROOT / ".data" / "run").resolve()
# Who registers the demo's kitchens, as the console would sign for an administrator.
DEMO_ADMIN = ActingPerson("demo.admin", Role.ADMIN)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class StopRequested(BaseException):
    """Raised where the main thread is when a stop signal arrives; a BaseException, so no
    `except Exception` on the way swallows it."""


class StopSignals:
    """The first stop signal interrupts the start-up or the wait; once stopping, the
    signals only keep the output off a terminal that has gone."""

    def __init__(self) -> None:
        self.stopping = False
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGHUP:
            _write_output_to_log()
        if not self.stopping:
            self.stopping = True
            raise StopRequested(signal.Signals(signum).name)


def _write_output_to_log() -> None:
    """A closed terminal fails every write with EIO, and a print would break off the
    teardown: from here on the output goes to the run's log."""
    log_dir = DATA_DIR / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / "run.log", "ab") as log:
        os.dup2(log.fileno(), sys.stdout.fileno())
        os.dup2(log.fileno(), sys.stderr.fileno())


def _ports() -> Ports:
    defaults = Ports()
    return Ports(
        kafka=int(os.environ.get("RUN_KAFKA_PORT") or defaults.kafka),
        postgres=int(os.environ.get("RUN_POSTGRES_PORT") or defaults.postgres),
        first_service=int(os.environ.get("RUN_FIRST_HTTP_PORT") or defaults.first_service),
    )


def _needed_ports(ports: Ports) -> dict[int, tuple[str, str]]:
    """What this start listens on (an external Kafka or PostgreSQL is not ours to check)."""
    needed = {ports.service(name): (name, "RUN_FIRST_HTTP_PORT") for name in SERVICE_ORDER}
    needed[ports.console] = ("console", "RUN_FIRST_HTTP_PORT")
    if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        needed[ports.kafka] = ("Kafka", "RUN_KAFKA_PORT")
    if not os.environ.get("DATABASE_URL"):
        needed[ports.postgres] = ("PostgreSQL", "RUN_POSTGRES_PORT")
    return needed


def _claim(guard: RunGuard, ports: Ports) -> None:
    """This data directory's lock, an earlier run's leftovers stopped, every port free;
    otherwise one line per obstacle, saying what to do, and exit."""
    try:
        guard.claim()
        if stopped := guard.stop_leftovers():
            print(
                f"stopped what an earlier `make run` left running: {', '.join(stopped)}",
                flush=True,
            )
        require_free_ports(_needed_ports(ports))
    except StackInUse as exc:
        guard.release()
        sys.exit(str(exc))


def main() -> None:
    started = time.monotonic()
    ports = _ports()
    guard = RunGuard(DATA_DIR, DATA_DIR / "postgres")
    _claim(guard, ports)
    stop_signals = StopSignals()
    infra: Infrastructure | None = None
    fleet = ServiceFleet()
    try:
        print("starting PostgreSQL and Kafka …", flush=True)
        infra = start_infrastructure(DATA_DIR, ports)
        for number, node in enumerate(infra.broker.nodes if infra.broker else (), start=1):
            guard.record(f"Kafka node {number}", node.process.pid)
        guard.record("PostgreSQL", infra.postgres.pid if infra.postgres else None)
        fleet = _start(infra, ports, guard, started)
        _wait_for_a_stop(fleet)
    except StopRequested:
        pass
    finally:
        stop_signals.stopping = True
        _stop(guard, fleet, infra)


def _start(infra: Infrastructure, ports: Ports, guard: RunGuard, started: float) -> ServiceFleet:
    prepare(infra)
    fleet = start_services(infra, ports, DATA_DIR / "logs", prometheus_dir=DATA_DIR / "prometheus")
    for p in fleet.processes:
        guard.record(p.name, p.process.pid)
    if infra.prometheus is not None:
        guard.record("Prometheus", infra.prometheus.process.pid)
    demo = asyncio.run(
        publish_demo(
            infra.kafka,
            fleet.url("kitchens"),
            lambda: fleet.acting_headers("kitchens", DEMO_ADMIN),
            programme_today(),
        )
    )
    accounts = asyncio.run(create_demo_accounts(infra.database_url))
    elapsed = time.monotonic() - started
    print(_banner(infra, fleet, demo, accounts, elapsed), flush=True)
    return fleet


def _wait_for_a_stop(fleet: ServiceFleet) -> None:
    """Until a stop signal (StopRequested) or until a service exits by itself."""
    while True:
        time.sleep(0.5)
        for p in fleet.processes:
            if p.process.poll() is not None:
                print(f"{p.name} exited with {p.process.returncode}; see {p.log_path}", flush=True)
                return


def _stop(guard: RunGuard, fleet: ServiceFleet, infra: Infrastructure | None) -> None:
    """Services first, then Kafka and PostgreSQL; whatever is still up after that, too."""
    _say("stopping services, Kafka and PostgreSQL …")
    for step in (fleet.stop, infra.stop if infra else None, guard.stop_the_rest):
        if step is None:
            continue
        try:
            step()
        except Exception as exc:
            _say(f"while stopping: {type(exc).__name__}: {exc}")
    guard.release()
    _say("stopped.")


def _say(line: str) -> None:
    """A line of the teardown, which no reader gone from a pipe may break off."""
    with contextlib.suppress(OSError):
        print(line, flush=True)


# The banner's first column: the longest name it holds ("beneficiaries") and a space.
NAMES = 14


def _banner(infra, fleet: ServiceFleet, demo: dict[str, int], accounts, elapsed: float) -> str:
    lines = [
        f"ready in {elapsed:.1f}s",
        f"  {'Kafka':<{NAMES}}{infra.bootstrap_servers}  ({infra.kafka_description})",
        *_kafka_credentials(infra.kafka),
        f"  {'PostgreSQL':<{NAMES}}{infra.database_url}  ({infra.postgres_description})",
    ]
    for p in fleet.processes:
        if p.name == "console":
            lines.append(
                f"  {p.name:<{NAMES}}{p.url}  (sign in with a demo account below; log {p.log_path})"
            )
            continue
        lines.append(
            f"  {p.name:<{NAMES}}{p.url}  (health {p.url}/health/ready, metrics {p.url}/metrics, "
            f"AsyncAPI {p.url}/asyncapi.json, OpenAPI {p.url}/docs; log {p.log_path})"
        )
        lines.append(
            f"  {'':<{NAMES}}its operational routes take -H 'Authorization: Bearer "
            f"{fleet.tokens.token(p.name)}'; the rest acts for a person the console signs for"
        )
    if infra.prometheus is not None:
        url = infra.prometheus.url
        lines.append(
            f"  {'Prometheus':<{NAMES}}{url}  (alerts {url}/alerts, "
            f"targets {url}/targets; log {infra.prometheus.log_path})"
        )
    lines.append(f"  demo data published: {demo}")
    lines.append("  demo console accounts (username / password / role):")
    width = max((len(password) for _, password in accounts), default=0) + 2
    for account, password in accounts:
        scope = (
            f" {account.agency or account.kitchen_id}"
            if account.agency or account.kitchen_id
            else ""
        )
        lines.append(f"    {account.username:<20}{password:<{width}}{account.role.value}{scope}")
    lines.append("Ctrl-C stops everything.")
    return "\n".join(lines)


def _kafka_credentials(kafka: KafkaPrincipals) -> list[str]:
    """What an agency system or a tablet gateway signs in to Kafka with (docs/integration.md).
    The services' own passwords stay in their environments."""
    if not kafka.authenticated:
        return []
    lines = [f"  {'':<{NAMES}}SASL_SSL, SCRAM-SHA-512, CA {kafka.ca_file}; principal / password:"]
    lines.extend(
        f"  {'':<{NAMES}}  {principal:<28}{password}"
        for principal, password in kafka.credentials.items()
        if principal.startswith((AGENCY_PREFIX, GATEWAY_PREFIX))
    )
    return lines


if __name__ == "__main__":
    main()
