"""The console's configuration, from the environment."""

from pydantic import Field

from shared.settings import KafkaSettings


class ConsoleSettings(KafkaSettings):
    """The Kafka settings are the ops principal's: it reads every topic and group's
    offsets and replays dead letters (deploy/kafka_acls.py)."""

    database_url: str = Field(
        description="PostgreSQL URL; the console keeps its accounts in the `console` schema."
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8004
    log_level: str = "INFO"
    db_pool_max: int = 5
    session_secret: str = Field(
        min_length=32, description="Signs the session cookies; changing it signs everyone out."
    )
    session_hours: float = Field(
        default=8.0,
        gt=0,
        description="A session ends this long after sign-in, whatever the activity.",
    )
    cookie_secure: bool = Field(
        default=False, description="Send the session cookie over HTTPS only; set it behind TLS."
    )
    lockout_failures: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)
    beneficiaries_url: str = "http://127.0.0.1:8001"
    beneficiaries_token: str = Field(min_length=16)
    kitchens_url: str = "http://127.0.0.1:8002"
    kitchens_token: str = Field(min_length=16)
    grievances_url: str = "http://127.0.0.1:8003"
    grievances_token: str = Field(min_length=16)
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092", description="The ops screen reads offsets and dead letters here."
    )
