"""The single-node Apache Kafka broker's KRaft configuration, and formatting its storage."""

from __future__ import annotations

import base64
import re
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

from .kafka_logs import tail
from .kafka_ports import LOOPBACK, pick_free_port

_NODE_ID = 1
_FORMAT_TIMEOUT_S = 120.0

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


def kraft_log_dir(data_dir: Path) -> Path:
    return data_dir / "kraft-logs"


def write_log4j2_config(data_dir: Path, log_file: Path) -> Path:
    path = data_dir / "log4j2.properties"
    path.write_text(_LOG4J2_TEMPLATE.format(log_file=log_file))
    return path


@dataclass(frozen=True)
class ListenerSecurity:
    """What a secured broker listens with: SASL/SCRAM over TLS for clients on the
    client port; mutual TLS with the broker's certificate on the controller
    listener and on `operator_port`, where only the operator (set-up, readiness
    probe) connects. With it the StandardAuthorizer denies what no ACL allows."""

    operator_port: int
    keystore_file: Path
    keystore_password: str
    ca_file: Path
    # The broker's certificate and key as PEM: the operator's client certificate.
    cert_file: Path
    key_file: Path
    super_user: str


def write_server_properties(
    data_dir: Path, port: int, security: ListenerSecurity | None = None
) -> Path:
    """(Re)write server.properties for ``port``, keeping the controller port of an earlier run.

    The client port may change between runs, but the controller endpoint is part
    of the quorum the data was written under, so it stays fixed per data_dir.
    """
    path = data_dir / "server.properties"
    controller_port = _stored_controller_port(path) or pick_free_port()
    if controller_port == port:
        raise RuntimeError(
            f"Port {port} is this data_dir's controller port ({path}); choose another client port."
        )
    settings = _server_settings(kraft_log_dir(data_dir), port, controller_port)
    if security is not None:
        settings.update(_secured_listeners(port, controller_port, security))
    # The keystore's password is in it.
    path.touch(0o600)
    path.chmod(0o600)
    path.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))
    return path


def _secured_listeners(
    port: int, controller_port: int, security: ListenerSecurity
) -> dict[str, str]:
    operator = security.operator_port
    return {
        "listeners": f"CLIENT://{LOOPBACK}:{port},OPERATOR://{LOOPBACK}:{operator},"
        f"CONTROLLER://{LOOPBACK}:{controller_port}",
        "advertised.listeners": f"CLIENT://{LOOPBACK}:{port},OPERATOR://{LOOPBACK}:{operator}",
        "inter.broker.listener.name": "OPERATOR",
        "listener.security.protocol.map": "CLIENT:SASL_SSL,OPERATOR:SSL,CONTROLLER:SSL",
        "sasl.enabled.mechanisms": "SCRAM-SHA-512",
        "listener.name.client.scram-sha-512.sasl.jaas.config": (
            "org.apache.kafka.common.security.scram.ScramLoginModule required;"
        ),
        "listener.name.operator.ssl.client.auth": "required",
        "listener.name.controller.ssl.client.auth": "required",
        "ssl.keystore.type": "PKCS12",
        "ssl.keystore.location": str(security.keystore_file),
        "ssl.keystore.password": security.keystore_password,
        "ssl.key.password": security.keystore_password,
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": str(security.ca_file),
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users": security.super_user,
        "allow.everyone.if.no.acl.found": "false",
    }


def _server_settings(log_dir: Path, port: int, controller_port: int) -> dict[str, str]:
    return {
        "process.roles": "broker,controller",
        "node.id": str(_NODE_ID),
        # Static voters: no --standalone bootstrap needed and nothing to keep in
        # sync between the format step and later starts.
        "controller.quorum.voters": f"{_NODE_ID}@{LOOPBACK}:{controller_port}",
        "listeners": f"PLAINTEXT://{LOOPBACK}:{port},CONTROLLER://{LOOPBACK}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{LOOPBACK}:{port}",
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


def format_storage(jvm: list[str], properties: Path, output_path: Path) -> None:
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
            f"Formatting Kafka storage failed (exit {result.returncode}):\n{tail(output_path)}"
        )


def _new_cluster_id() -> str:
    # Same shape as Kafka's Uuid.randomUuid(): 16 random bytes, base64url, unpadded.
    # It may start with "-", hence the `--cluster-id=<id>` form at the call site.
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode("ascii")
