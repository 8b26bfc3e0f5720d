"""Securing the local broker: before it starts, a fresh CA and broker certificate
(deploy/kafka_tls.py) and the listener settings; once it runs, a fresh SCRAM
password per principal and the ACLs (deploy/kafka_setup.py). Passwords live in
this process's memory only and are handed to each child process in its
environment, so every start of `make run` or of a test session has new ones.

A cluster's nodes share the certificate; the credentials and ACLs are written once,
to the quorum's metadata log, and every node learns them from it (`secure` waits
until each node lets a principal in)."""

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from services import NAMES
from shared.kafka_access import SASL_SSL, KafkaAccess

from ..kafka_acls import OPS, agency_principal, gateway_principal, service_principal
from ..kafka_setup import generate_credentials, operator_access, set_up
from ..kafka_tls import OPERATOR, write_tls_files
from .kafka_broker import KafkaCluster, ListenerSecurity
from .kafka_ports import LOOPBACK, pick_free_port

# The agencies and tablet gateways of the demo data and of the tests.
AGENCIES = ("dif-jalisco", "sedis-jalisco", "ijm-jalisco")
GATEWAYS = ("jalisco",)


def listener_security(data_dir: Path) -> ListenerSecurity:
    tls_dir = data_dir / "tls"
    files = write_tls_files(tls_dir, (LOOPBACK, "localhost"))
    return ListenerSecurity(
        operator_port=pick_free_port(),
        keystore_file=files.keystore_file,
        keystore_password=files.keystore_password,
        ca_file=files.ca_file,
        cert_file=files.cert_file,
        key_file=files.key_file,
        super_user=OPERATOR,
    )


@dataclass(frozen=True)
class KafkaPrincipals:
    """How each principal connects. Without credentials (the tansu broker, or an
    external broker configured by the KAFKA_* settings) everyone connects as
    `operator` does."""

    operator: KafkaAccess
    bootstrap_servers: str
    ca_file: str = ""
    credentials: Mapping[str, str] = field(default_factory=dict, repr=False)
    # Whether the broker takes idempotent producers (Tansu does not).
    idempotence: bool = True

    @property
    def authenticated(self) -> bool:
        return bool(self.credentials)

    def access(self, principal: str) -> KafkaAccess:
        if not self.credentials:
            return self.operator
        return KafkaAccess(
            self.bootstrap_servers,
            SASL_SSL,
            principal,
            self.credentials[principal],
            self.ca_file,
        )

    def service(self, name: str) -> KafkaAccess:
        return self.access(service_principal(name))

    def agency(self, agency: str) -> KafkaAccess:
        return self.access(agency_principal(agency))

    def gateway(self, gateway: str = GATEWAYS[0]) -> KafkaAccess:
        return self.access(gateway_principal(gateway))

    @property
    def ops(self) -> KafkaAccess:
        return self.access(OPS)


_ADMITTED_TIMEOUT_S = 30.0


def secure(kafka: KafkaCluster) -> KafkaPrincipals:
    """Credentials and ACLs on nodes started with `listener_security`, topics with the
    cluster's replication factor; nodes without it are handed back as they are."""
    plain = KafkaAccess(kafka.bootstrap_servers)
    if kafka.security is None:
        return KafkaPrincipals(
            plain, kafka.bootstrap_servers, idempotence=kafka.supports_idempotence
        )
    operator = operator_access(kafka.operator_servers, kafka.security.ca_file.parent)
    credentials = generate_credentials(NAMES, AGENCIES, GATEWAYS)
    set_up(operator, credentials, kafka.replication_factor)
    principals = KafkaPrincipals(
        operator,
        kafka.bootstrap_servers,
        str(kafka.security.ca_file),
        credentials,
        kafka.supports_idempotence,
    )
    # Even a single node applies the credentials from its metadata log a moment
    # after the operator's request returns; a service started in that moment
    # fails its SCRAM sign-in and cannot bootstrap.
    for node in kafka.nodes:
        _wait_until_admitted(principals.ops, node.bootstrap_servers)
    return principals


def _wait_until_admitted(access: KafkaAccess, node: str) -> None:
    """Until `node` itself lets the principal sign in and list the topics: the
    credentials and ACLs reach it from the metadata log, a moment after they are written."""
    alone = KafkaAccess(node, access.security_protocol, access.username, access.password,
                        access.ca_file)  # fmt: skip
    deadline = time.monotonic() + _ADMITTED_TIMEOUT_S
    # A refused sign-in is expected while the credentials travel; aiokafka logs each
    # one as an error, which would greet whoever starts the stack. The last is raised.
    aiokafka_log = logging.getLogger("aiokafka")
    level = aiokafka_log.level
    aiokafka_log.setLevel(logging.CRITICAL)
    try:
        while True:
            try:
                asyncio.run(_list_topics(alone))
                return
            except (KafkaError, OSError) as exc:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kafka node {node} never let {access.username} in") from exc
                time.sleep(0.5)
    finally:
        aiokafka_log.setLevel(level)


async def _list_topics(access: KafkaAccess) -> None:
    admin = AIOKafkaAdminClient(**access.client_options(), client_id="set-up-check")
    await admin.start()
    try:
        await admin.list_topics()
    finally:
        await admin.close()
