"""Securing the local broker: before it starts, a fresh CA and broker certificate
(deploy/kafka_tls.py) and the listener settings; once it runs, a fresh SCRAM
password per principal and the ACLs (deploy/kafka_setup.py). Passwords live in
this process's memory only and are handed to each child process in its
environment, so every start of `make run` or of a test session has new ones."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from services import NAMES
from shared.kafka_access import SASL_SSL, KafkaAccess

from ..kafka_acls import OPS, agency_principal, gateway_principal, service_principal
from ..kafka_setup import generate_credentials, operator_access, set_up
from ..kafka_tls import OPERATOR, write_tls_files
from .kafka_broker import ListenerSecurity, RunningBroker
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


def secure(broker: RunningBroker) -> KafkaPrincipals:
    """Credentials and ACLs on a broker started with `listener_security`;
    a broker without it is handed back as it is."""
    plain = KafkaAccess(broker.bootstrap_servers)
    if broker.security is None:
        return KafkaPrincipals(plain, broker.bootstrap_servers)
    operator = operator_access(
        f"{LOOPBACK}:{broker.security.operator_port}", broker.security.ca_file.parent
    )
    credentials = generate_credentials(NAMES, AGENCIES, GATEWAYS)
    set_up(operator, credentials)
    return KafkaPrincipals(
        operator, broker.bootstrap_servers, str(broker.security.ca_file), credentials
    )
