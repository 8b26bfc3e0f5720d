"""Configuration read from the environment, the same names in every service."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
