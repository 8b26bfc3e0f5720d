"""One real stack per test session: Apache Kafka (or the configured broker),
embedded PostgreSQL, topics, migrations and the three services as processes.
`services.headers(name)` is what a direct caller of a service's operational routes sends
(the ops token); calls on a person's behalf are built by tests/http_auth.py."""

import os
import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests import http_auth
from tests.benchmarks.private_stack import free_port

ROOT = Path(__file__).resolve().parents[1]
_ran_against: dict[str, str] = {}

# The default keeps CI quick on a shared 2-core machine, where wall-clock
# deadlines only measure the neighbours; `--hypothesis-profile=thorough` digs deeper.
settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("default")


@pytest.fixture(scope="session")
def infrastructure():
    from deploy.local.stack import Ports, prepare, start_infrastructure

    data_dir = ROOT / ".data" / "test" / uuid.uuid4().hex[:8]
    ports = Ports(
        kafka=free_port(),
        postgres=free_port(),
        first_service=0,
        more_kafka=(free_port(), free_port()),  # KAFKA_BROKERS=3: the session on a cluster
    )
    infra = start_infrastructure(
        data_dir, ports, kafka_flavour=os.environ.get("KAFKA_FLAVOUR", "auto")
    )
    _ran_against.update(kafka=infra.kafka_description, postgres=infra.postgres_description)
    try:
        prepare(infra)
        yield infra
    finally:
        infra.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def services(infrastructure):
    from deploy.local.stack import ServiceFleet, start_service, wait_until_ready

    log_dir = ROOT / ".data" / "test-logs"
    fleet = ServiceFleet(
        [
            start_service(infrastructure, name, free_port(), log_dir)
            for name in ("beneficiaries", "kitchens", "grievances")
        ],
        infrastructure.tokens,
        infrastructure.console_keys,
    )
    http_auth.register(fleet)
    try:
        for p in fleet.processes:
            wait_until_ready(p, 60)
        yield fleet
    finally:
        fleet.stop()


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`make test` runs two processes (pytest-xdist, `-n 2`). The tests on the session's
    stack (browser, e2e, integration) are one unit of work, so one process starts that
    stack once; the unit tests and the reliability suite, whose scenarios start private
    stacks, go a module at a time to whichever process is free."""
    from xdist.scheduler import LoadScopeScheduling

    class SessionStackInOneProcess(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::")[0]
            return module if module.startswith(OWN_STACKS_OR_NONE) else "session stack"

    return SessionStackInOneProcess(config, log)


OWN_STACKS_OR_NONE = ("tests/unit/", "tests/reliability/")


def pytest_sessionfinish(session):
    # In a worker process: what it ran against goes back to the controller's summary.
    if _ran_against and hasattr(session.config, "workeroutput"):
        session.config.workeroutput["ran_against"] = dict(_ran_against)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    _ran_against.update(getattr(node, "workeroutput", {}).get("ran_against", {}))


def pytest_terminal_summary(terminalreporter):
    if _ran_against:
        terminalreporter.write_sep("=", "ran against")
        terminalreporter.write_line(f"Kafka:      {_ran_against['kafka']}")
        terminalreporter.write_line(f"PostgreSQL: {_ran_against['postgres']}")
