"""Configuration read from the environment, the same names in every service."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .kafka_access import SCRAM_SHA_512, KafkaAccess


class KafkaSettings(BaseSettings):
    """Kafka authentication: who this process is to the broker (SASL/SCRAM over TLS).
    The console reads the same names (services/console/settings.py)."""

    model_config = SettingsConfigDict(extra="ignore")

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


class ServiceSettings(KafkaSettings):
    database_url: str = Field(description="PostgreSQL URL; each service uses its own schema in it.")
    kafka_idempotence: bool = Field(
        default=True,
        description="Idempotent producer. Switch off for brokers without it (the tansu fallback).",
    )
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
    service_tokens: str = Field(
        default="",
        description="Who may call the HTTP API: `name:secret,name:secret` "
        "(shared/service_auth.py). Empty refuses every caller.",
    )
