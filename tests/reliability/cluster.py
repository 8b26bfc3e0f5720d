"""The private stack a reliability run injects faults into: it knows each
service's process and can kill, restart (with fault points armed) and add a
replica, and it can stop PostgreSQL and any Kafka node (node 1 is the only one
of a single-broker stack)."""

from __future__ import annotations

import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from deploy.local.kafka_broker import KafkaCluster, RunningBroker
from deploy.local.stack import (
    SERVICE_ORDER,
    Infrastructure,
    ServiceFleet,
    ServiceProcess,
    start_service,
    wait_until_ready,
)
from shared.acting_assertion import ActingPerson
from shared.kafka_access import KafkaAccess
from tests.benchmarks.private_stack import free_port
from tests.reliability.kafka_nodes import quorum_leader

READY_TIMEOUT = 90.0


@dataclass
class Cluster:
    infra: Infrastructure
    fleet: ServiceFleet
    replicas: list[ServiceProcess] = field(default_factory=list)
    # Every log a service process of this stack wrote to, replicas included.
    log_paths: set[Path] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.log_paths.update(p.log_path for p in self.fleet.processes)

    @property
    def kafka(self) -> KafkaAccess:
        return self.infra.kafka.operator

    @property
    def database_url(self) -> str:
        return self.infra.database_url

    def process(self, name: str) -> ServiceProcess:
        return next(p for p in self.fleet.processes if p.name == name)

    def url(self, name: str) -> str:
        return self.fleet.url(name)

    def acting_headers(self, name: str, person: ActingPerson) -> dict[str, str]:
        """What the console sends calling the service on `person`'s behalf: its token and a
        fresh signed assertion (it lives a minute: one per call)."""
        return self.fleet.acting_headers(name, person)

    def kill(self, name: str) -> None:
        _kill(self.process(name))

    def restart(self, name: str, env: dict[str, str] | None = None) -> None:
        """Stops the service (SIGTERM) if it runs and starts it on the same port
        with `env` added."""
        current = self.process(name)
        _terminate(current)
        port = int(current.url.rsplit(":", 1)[1])
        fresh = start_service(self.infra, name, port, current.log_path.parent, extra_env=env)
        self.fleet.processes[self.fleet.processes.index(current)] = fresh
        wait_until_ready(fresh, READY_TIMEOUT)

    def wait_for_exit(self, name: str, timeout: float) -> float:
        """Blocks until the service's process ends (an armed kill point fired);
        returns when, by the monotonic clock."""
        try:
            self.process(name).process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise TimeoutError(
                f"{name} was still running after {timeout:.0f}s: its fault point never fired"
            ) from None
        return time.monotonic()

    def start_replica(self, name: str, env: dict[str, str] | None = None) -> ServiceProcess:
        log_dir = self.process(name).log_path.parent / f"replica-{len(self.replicas) + 1}"
        replica = start_service(self.infra, name, free_port(), log_dir, env)
        self.replicas.append(replica)
        self.log_paths.add(replica.log_path)
        wait_until_ready(replica, READY_TIMEOUT)
        return replica

    def stop_replica(self, replica: ServiceProcess) -> None:
        _terminate(replica)
        self.replicas.remove(replica)

    def stop_postgres(self) -> None:
        """Immediate shutdown: no checkpoint, connections cut, crash recovery on the next start."""
        assert self.infra.postgres is not None, "the suite needs the stack's own PostgreSQL"
        self.infra.postgres.stop("immediate")

    def start_postgres(self) -> None:
        assert self.infra.postgres is not None
        self.infra.postgres.start()

    @property
    def brokers(self) -> KafkaCluster:
        assert self.infra.broker is not None, "the suite needs the stack's own Kafka"
        return self.infra.broker

    def broker(self, node_id: int = 1) -> RunningBroker:
        return self.brokers.node(node_id)

    def stop_broker(self, *, crash: bool, node_id: int = 1) -> str:
        """Says how the broker ended: a clean stop that overran its timeout is killed,
        and that must show."""
        broker = self.broker(node_id)
        started = time.monotonic()
        broker.kill() if crash else broker.stop()
        how = (
            "killed"
            if broker.process.returncode == -signal.SIGKILL
            else f"exited with {broker.process.returncode}"
        )
        return f"broker {how} after {time.monotonic() - started:.1f} s"

    def start_broker(self, node_id: int = 1) -> None:
        self.broker(node_id).start()

    def active_controller(self) -> tuple[int, int]:
        """(node id, epoch) of the KRaft quorum's leader, as the running nodes record it."""
        return quorum_leader(
            node.data_dir
            for node in self.brokers.nodes
            if node.process.poll() is None and node.data_dir is not None
        )

    def ensure_running(self) -> None:
        """After a scenario: every Kafka node and service up again without fault points,
        no replica left."""
        for node in self.brokers.nodes:
            node.start()  # returns at once when it runs
        for replica in list(self.replicas):
            self.stop_replica(replica)
        for name in SERVICE_ORDER:
            if self.process(name).process.poll() is not None:
                self.restart(name)


def _kill(p: ServiceProcess) -> None:
    if p.process.poll() is None:
        p.process.kill()
    p.process.wait()


def _terminate(p: ServiceProcess, timeout: float = 15.0) -> None:
    if p.process.poll() is None:
        p.process.send_signal(signal.SIGTERM)
        try:
            p.process.wait(timeout)
        except subprocess.TimeoutExpired:
            _kill(p)
