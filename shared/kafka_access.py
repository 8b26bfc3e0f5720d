"""How one Kafka client proves who it is: the broker address, the protocol and,
over SASL, the principal's SCRAM credentials; over TLS, the CA that signed the
broker's certificate (and, for the set-up operator, its own certificate).

Every client the system builds (FastStream brokers, the outbox relay's
producer, admin clients, the console's ops screen, the tools and the tests)
takes its options from one of these, so no client can forget the credentials."""

import ssl
from dataclasses import dataclass
from typing import Any

from aiokafka.helpers import create_ssl_context
from faststream.security import BaseSecurity, SASLScram512

PLAINTEXT = "PLAINTEXT"
SASL_SSL = "SASL_SSL"
SSL = "SSL"
SECURITY_PROTOCOLS = (PLAINTEXT, SASL_SSL, SSL)
SCRAM_SHA_512 = "SCRAM-SHA-512"


@dataclass(frozen=True)
class KafkaAccess:
    bootstrap_servers: str
    security_protocol: str = PLAINTEXT
    username: str = ""
    password: str = ""
    ca_file: str = ""
    # Client certificate and key (PEM), for the SSL protocol's mutual TLS.
    cert_file: str = ""
    key_file: str = ""

    def __post_init__(self) -> None:
        if self.security_protocol not in SECURITY_PROTOCOLS:
            raise ValueError(
                f"kafka_security_protocol: {self.security_protocol!r} is not one of "
                f"{', '.join(SECURITY_PROTOCOLS)}"
            )
        if self.security_protocol == SASL_SSL and not (self.username and self.password):
            raise ValueError(
                "kafka_sasl_username and kafka_sasl_password: both are needed over SASL_SSL"
            )

    @property
    def authenticated(self) -> bool:
        return self.security_protocol != PLAINTEXT

    def ssl_context(self) -> ssl.SSLContext | None:
        if self.security_protocol == PLAINTEXT:
            return None
        return create_ssl_context(
            cafile=self.ca_file or None,
            certfile=self.cert_file or None,
            keyfile=self.key_file or None,
        )

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for aiokafka's producers, consumers and admin client."""
        options: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap_servers,
            "security_protocol": self.security_protocol,
        }
        if self.security_protocol != PLAINTEXT:
            options["ssl_context"] = self.ssl_context()
        if self.security_protocol == SASL_SSL:
            options.update(
                sasl_mechanism=SCRAM_SHA_512,
                sasl_plain_username=self.username,
                sasl_plain_password=self.password,
            )
        return options

    def faststream_security(self) -> BaseSecurity | None:
        if self.security_protocol == SASL_SSL:
            return SASLScram512(self.username, self.password, ssl_context=self.ssl_context())
        if self.security_protocol == SSL:
            return BaseSecurity(ssl_context=self.ssl_context())
        return None

    def environment(self) -> dict[str, str]:
        """The settings (shared/settings.py) a child process needs to connect as this principal."""
        return {
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "KAFKA_SECURITY_PROTOCOL": self.security_protocol,
            "KAFKA_SASL_MECHANISM": SCRAM_SHA_512,
            "KAFKA_SASL_USERNAME": self.username,
            "KAFKA_SASL_PASSWORD": self.password,
            "KAFKA_SSL_CA_FILE": self.ca_file,
        }

    def __repr__(self) -> str:
        # Never the password: these objects end up in tracebacks and logs.
        return (
            f"KafkaAccess({self.bootstrap_servers!r}, {self.security_protocol}, "
            f"username={self.username!r})"
        )
