"""The console's configuration, from the environment."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

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
    # Accounts and abuse (issue 25): allowances per address (`limits` notation, "N per M
    # minutes"), past which the console answers 429 with Retry-After; how long an admin's
    # temporary password stays good.
    throttle_sign_in_failures: str = Field(
        default="10 per 15 minutes",
        description="Failed sign-ins (and wrong current passwords) from one address.",
    )
    throttle_intake: str = Field(
        default="10 per hour", description="Grievances filed without signing in, per address."
    )
    throttle_follow_up: str = Field(
        default="30 per hour", description="Look-ups of a case by its receipt, per address."
    )
    temporary_password_hours: float = Field(default=24.0, gt=0)
    beneficiaries_url: str = "http://127.0.0.1:8001"
    beneficiaries_token: str = Field(min_length=16)
    kitchens_url: str = "http://127.0.0.1:8002"
    kitchens_token: str = Field(min_length=16)
    grievances_url: str = "http://127.0.0.1:8003"
    grievances_token: str = Field(min_length=16)
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092", description="The ops screen reads offsets and dead letters here."
    )
