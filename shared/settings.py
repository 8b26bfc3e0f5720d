"""Configuration read from the environment: the names every service reads, and a
service's own where it has some (GrievancesSettings)."""

import base64
import binascii
from typing import Literal

from pydantic import Field, SecretStr, TypeAdapter, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .acting_assertion import public_keys
from .kafka_access import SCRAM_SHA_512, KafkaAccess
from .secret_checks import refuse_weak_secret, refuse_weak_url_password
from .service_auth import parse_service_tokens

REPORTER_KEY_BYTES = 32
# Escalation level -> the addresses of its officers (GrievancesSettings).
MAILBOXES = TypeAdapter(dict[int, list[str]])


class KafkaSettings(BaseSettings):
    """Kafka authentication: who this process is to the broker (SASL/SCRAM over TLS).
    The console reads the same names (services/console/settings.py)."""

    # A refused value may be a secret: errors name the setting, never repeat the value.
    model_config = SettingsConfigDict(extra="ignore", hide_input_in_errors=True)

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_security_protocol: str = Field(
        default="SASL_SSL",
        description="SASL_SSL (SCRAM over TLS, what our brokers want) or PLAINTEXT "
        "(only for the tansu fallback broker, which has no authentication).",
    )
    kafka_sasl_mechanism: str = Field(
        default=SCRAM_SHA_512, description="The only mechanism our brokers offer."
    )
    kafka_sasl_username: str = Field(default="", description="This process's Kafka principal.")
    kafka_sasl_password: str = Field(default="", description="Its SCRAM password.")
    kafka_ssl_ca_file: str = Field(
        default="",
        description="PEM file of the CA that signed the broker's certificate; "
        "empty trusts the system's CAs.",
    )
    kafka_idempotence: bool = Field(
        default=True,
        description="Idempotent producer. Switch off for brokers without it (the tansu fallback).",
    )

    def kafka_access(self) -> KafkaAccess:
        """Raises ValueError naming the setting when the credentials cannot work."""
        if self.kafka_sasl_mechanism != SCRAM_SHA_512:
            raise ValueError(
                f"kafka_sasl_mechanism: {self.kafka_sasl_mechanism!r} is not offered; "
                f"use {SCRAM_SHA_512}"
            )
        return KafkaAccess(
            self.kafka_bootstrap_servers,
            self.kafka_security_protocol.upper(),
            self.kafka_sasl_username,
            self.kafka_sasl_password,
            self.kafka_ssl_ca_file,
        )


# The local stack's Kafka (deploy/local/stack.py: `make run`, the test and benchmark stacks).
class LocalKafkaSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    kafka_brokers: Literal[1, 3] = Field(
        default=1,
        description="1: one Apache Kafka node. 3: a cluster of three KRaft nodes, each broker "
        "and controller, every topic on all three with min.insync.replicas=2, so one node "
        "may be lost without losing an acknowledged record. Ignored when "
        "KAFKA_BOOTSTRAP_SERVERS points at a Kafka that already runs.",
    )


class ServiceSettings(KafkaSettings):
    database_url: str = Field(description="PostgreSQL URL; each service uses its own schema in it.")
    kafka_max_poll_interval_ms: int = Field(
        default=300_000,
        ge=1_000,
        description="Longest a consumer may spend on one record before the broker hands "
        "its partitions to another member. "
        "The reliability suite lowers it to make a slow handler observable.",
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    db_pool_max: int = 10
    outbox_batch_size: int = 500
    consumer_batch_max: int = Field(
        default=500,
        description="Most records one consumer takes from Kafka at once "
        "(and applies together, where it can).",
    )
    # Who calls and who acts (shared/service_auth.py, shared/acting_assertion.py): the callers'
    # tokens, and the console's public keys that prove the person behind a call.
    service_tokens: str = Field(
        default="",
        description="Who may call the HTTP API: `name:secret,name:secret` "
        "(shared/service_auth.py). Empty refuses every caller; a short or placeholder "
        "secret stops the service at start-up.",
    )
    acting_assertion_public_keys: str = Field(
        default="",
        description="The console's Ed25519 public keys (base64url, comma-separated while a key "
        "is rotated) that verify who acts behind a call. Empty: no route that acts for a "
        "person can be reached.",
    )

    @field_validator("database_url")
    @classmethod
    def _database_password_is_real(cls, value: str) -> str:
        return refuse_weak_url_password("DATABASE_URL", value)

    @field_validator("service_tokens")
    @classmethod
    def _tokens_are_real_secrets(cls, value: str) -> str:
        parse_service_tokens(value)
        return value

    @field_validator("acting_assertion_public_keys")
    @classmethod
    def _keys_are_keys(cls, value: str) -> str:
        public_keys(value)
        return value


class GrievancesSettings(ServiceSettings):
    # Sealing reporter identities (grievances only: no other service is given the key).
    reporter_identity_key: SecretStr = Field(
        description="The private key that opens sealed reporter identities: the base64 of 32 "
        "random bytes (`python -m services.grievances.rotate_reporter_key --print-new-key`). "
        "Intake seals with its public key; only the two-officer reveal opens with it. "
        "Changing it takes `rotate_reporter_key`, or the stored identities stay sealed."
    )

    # Notices to reporters who asked for them and to escalated cases' officers (grievances
    # only; issue 28). With no SMTP host and no SMS gateway, notices wait in their table.
    notices_smtp_host: str = Field(default="", description="SMTP server for e-mail notices.")
    notices_smtp_port: int = Field(default=587, ge=1, le=65535)
    notices_smtp_starttls: bool = Field(default=True, description="STARTTLS after connecting.")
    notices_smtp_tls: bool = Field(default=False, description="TLS from the start (port 465).")
    notices_smtp_username: str = Field(default="")
    notices_smtp_password: SecretStr = Field(default=SecretStr(""))
    notices_sender: str = Field(
        default="quejas@localhost", description="The From address of every notice."
    )
    notices_sms_gateway_url: str = Field(
        default="",
        description="An SMS gateway taking POST {to, text} as JSON with a bearer token.",
    )
    notices_sms_gateway_token: SecretStr = Field(default=SecretStr(""))
    notices_follow_url: str = Field(
        default="http://localhost:8000/grievances/follow",
        description="The console's page where a receipt's holder follows the case.",
    )
    notices_escalation_mailboxes: str = Field(
        default="{}",
        description='Escalation level -> its officers\' addresses, as JSON: {"1": ["a@x.mx"]}.',
    )
    notices_interval_seconds: float = Field(default=30, gt=0)

    @field_validator("notices_escalation_mailboxes")
    @classmethod
    def _mailboxes_by_level(cls, value: str) -> str:
        MAILBOXES.validate_json(value)
        return value

    def escalation_mailboxes(self) -> dict[int, list[str]]:
        return MAILBOXES.validate_json(self.notices_escalation_mailboxes)

    @field_validator("reporter_identity_key")
    @classmethod
    def _a_32_byte_key(cls, value: SecretStr) -> SecretStr:
        try:
            raw = base64.b64decode(value.get_secret_value().strip(), validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != REPORTER_KEY_BYTES:
            raise ValueError(
                f"REPORTER_IDENTITY_KEY must be the base64 of {REPORTER_KEY_BYTES} random bytes"
            )
        # 32 bytes of zeros are still 32 bytes: a key that regular is not random.
        refuse_weak_secret("REPORTER_IDENTITY_KEY", value.get_secret_value().strip(), 44)
        return value
