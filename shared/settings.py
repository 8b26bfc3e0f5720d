"""Configuration read from the environment: the names every service reads, and a
service's own where it has some (GrievancesSettings)."""

import base64
import binascii

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPORTER_KEY_BYTES = 32


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    database_url: str = Field(description="PostgreSQL URL; each service uses its own schema in it.")
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
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


class GrievancesSettings(ServiceSettings):
    # Sealing reporter identities (grievances only: no other service is given the key).
    reporter_identity_key: SecretStr = Field(
        description="The private key that opens sealed reporter identities: the base64 of 32 "
        "random bytes (`python -m services.grievances.rotate_reporter_key --print-new-key`). "
        "Intake seals with its public key; only the two-officer reveal opens with it. "
        "Changing it takes `rotate_reporter_key`, or the stored identities stay sealed."
    )

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
        return value
