"""The local Apache Kafka nodes' KRaft configuration, and formatting their storage.

A node is broker and controller in one JVM. Alone it is a cluster of one; three of them
form a quorum of three controllers, and topics are replicated three times with
`min.insync.replicas=2`: a write acknowledged with acks=all is on two nodes at least, and
any one node may be lost."""

from __future__ import annotations

import base64
import re
import subprocess
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .kafka_logs import tail
from .kafka_ports import LOOPBACK, pick_free_port

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


@dataclass(frozen=True)
class Membership:
    """A node's place in its quorum: its id, and each voter's controller port (every
    node is a voter)."""

    node_id: int = 1
    voters: Mapping[int, int] = field(default_factory=dict)

    @property
    def controller_port(self) -> int:
        return self.voters[self.node_id]

    @property
    def replication_factor(self) -> int:
        return min(3, len(self.voters))

    @property
    def min_insync_replicas(self) -> int:
        return max(1, self.replication_factor - 1)


def quorum_voters(data_dirs: list[Path]) -> dict[int, int]:
    """Node id (1, 2, ...) -> controller port, one node per data dir.

    The client ports may change between runs, but the controller endpoints are part
    of the quorum the data was written under, so they stay as the first node's
    server.properties recorded them; fresh ports for fresh data."""
    stored = _stored_voters(data_dirs[0] / "server.properties")
    if sorted(stored) == list(range(1, len(data_dirs) + 1)):
        return stored
    ports: set[int] = set()
    while len(ports) < len(data_dirs):
        ports.add(pick_free_port())
    return dict(enumerate(sorted(ports), start=1))


def write_server_properties(
    data_dir: Path,
    port: int,
    security: ListenerSecurity | None = None,
    membership: Membership | None = None,
) -> Path:
    """(Re)write server.properties for ``port``; alone (no `membership`) the node keeps
    the controller port of an earlier run (`quorum_voters`)."""
    path = data_dir / "server.properties"
    membership = membership or Membership(1, quorum_voters([data_dir]))
    if port in membership.voters.values():
        raise RuntimeError(
            f"Port {port} is a controller port of this quorum ({path}); choose another client port."
        )
    settings = _server_settings(kraft_log_dir(data_dir), port, membership)
    if security is not None:
        settings.update(_secured_listeners(port, membership.controller_port, security))
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


def _server_settings(log_dir: Path, port: int, membership: Membership) -> dict[str, str]:
    controller_port = membership.controller_port
    return {
        "process.roles": "broker,controller",
        "node.id": str(membership.node_id),
        # Static voters: no --standalone bootstrap needed and nothing to keep in
        # sync between the format step and later starts.
        "controller.quorum.voters": ",".join(
            f"{node}@{LOOPBACK}:{voter_port}"
            for node, voter_port in sorted(membership.voters.items())
        ),
        "listeners": f"PLAINTEXT://{LOOPBACK}:{port},CONTROLLER://{LOOPBACK}:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://{LOOPBACK}:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(log_dir),
        **_replication_settings(membership),
        # The default 50 partitions make the first consumer group wait while
        # they are all created; one coordinator partition is plenty here.
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


def _replication_settings(membership: Membership) -> dict[str, str]:
    """Three replicas, two in sync for an acks=all write; one node alone must satisfy
    every internal topic with a single replica."""
    replicas, min_isr = str(membership.replication_factor), str(membership.min_insync_replicas)
    return {
        "default.replication.factor": replicas,
        "min.insync.replicas": min_isr,
        "offsets.topic.replication.factor": replicas,
        "transaction.state.log.replication.factor": replicas,
        "transaction.state.log.min.isr": min_isr,
        "share.coordinator.state.topic.replication.factor": replicas,
        "share.coordinator.state.topic.min.isr": min_isr,
        # No leader from a replica that fell out of sync: that would lose acknowledged writes.
        "unclean.leader.election.enable": "false",
    }


def _stored_voters(properties_path: Path) -> dict[int, int]:
    if not properties_path.exists():
        return {}
    match = re.search(
        r"^controller\.quorum\.voters=(\S+)\s*$", properties_path.read_text(), re.MULTILINE
    )
    voters = re.findall(r"(\d+)@[^:,\s]+:(\d+)", match.group(1)) if match else []
    return {int(node): int(port) for node, port in voters}


def formatted_cluster_id(data_dirs: list[Path]) -> str | None:
    """The cluster id a node's storage was formatted with, if any node's was."""
    for data_dir in data_dirs:
        meta = kraft_log_dir(data_dir) / "meta.properties"
        if meta.exists() and (found := re.search(r"^cluster\.id=(\S+)", meta.read_text(), re.M)):
            return found.group(1)
    return None


def format_storage(
    jvm: list[str], properties: Path, output_path: Path, cluster_id: str | None = None
) -> None:
    """Every node of one cluster is formatted with the same `cluster_id`."""
    command = [
        *jvm, "kafka.tools.StorageTool", "format",
        f"--cluster-id={cluster_id or new_cluster_id()}",
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


def new_cluster_id() -> str:
    # Same shape as Kafka's Uuid.randomUuid(): 16 random bytes, base64url, unpadded.
    # It may start with "-", hence the `--cluster-id=<id>` form at the call site.
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode("ascii")
