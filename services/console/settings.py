"""The console's configuration, from the environment."""

from typing import TypedDict

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import SettingsConfigDict

from shared.acting_assertion import private_key
from shared.secret_checks import refuse_weak_secret, refuse_weak_url_password
from shared.settings import KafkaSettings

MIN_SESSION_SECRET = 32
MIN_SERVICE_TOKEN = 16


class ConsoleSettings(KafkaSettings):
    """The Kafka settings are the ops principal's: it reads every topic and group's
    offsets and replays dead letters (deploy/kafka_acls.py)."""

    # A refused value may be a secret: errors name the setting, never repeat the value.
    model_config = SettingsConfigDict(extra="ignore", hide_input_in_errors=True)

    database_url: str = Field(
        description="PostgreSQL URL; the console keeps its accounts in the `console` schema."
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8004
    log_level: str = "INFO"
    db_pool_max: int = 5
    session_secret: str = Field(
        description="Signs the session cookies; changing it signs everyone out. At least "
        f"{MIN_SESSION_SECRET} random characters."
    )
    session_hours: float = Field(
        default=8.0,
        gt=0,
        description="A session ends this long after sign-in, whatever the activity.",
    )
    served_over_https: bool = Field(
        default=False,
        description="Browsers reach the console over HTTPS (behind TLS): the session cookie is "
        "sent over HTTPS only and every answer carries Strict-Transport-Security.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Addresses of the TLS proxies in front of the console, comma-separated. "
        "Their X-Forwarded-For and X-Forwarded-Proto are believed, so that throttling and "
        "lock-outs count the browser's address, not the proxy's (one proxy address for "
        "everyone would let anyone lock everyone out). Empty: no header is believed.",
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
    beneficiaries_token: str
    kitchens_url: str = "http://127.0.0.1:8002"
    kitchens_token: str
    grievances_url: str = "http://127.0.0.1:8003"
    grievances_token: str
    acting_assertion_private_key: str = Field(
        description="The console's Ed25519 private key (base64url of 32 bytes) that signs who "
        "acts behind each call to a service; the services hold its public key. "
        "`python -m shared.acting_assertion` makes a pair."
    )
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092", description="The ops screen reads offsets and dead letters here."
    )
    # Prometheus (issue 27): who may read the console's /metrics, and where the ops screen
    # reads its charts and firing alerts.
    metrics_token: str = Field(
        default="",
        description="Prometheus sends it as `Authorization: Bearer` to read /metrics; empty "
        f"turns /metrics off. At least {MIN_SERVICE_TOKEN} random characters.",
    )
    prometheus_url: str = Field(
        default="",
        description="Prometheus's address (http://host:9090); empty: the ops screen says it "
        "has no charts or alerts and shows the rest.",
    )

    @field_validator("database_url")
    @classmethod
    def _database_password_is_real(cls, value: str) -> str:
        return refuse_weak_url_password("DATABASE_URL", value)

    @field_validator("session_secret")
    @classmethod
    def _session_secret_is_real(cls, value: str) -> str:
        return refuse_weak_secret("SESSION_SECRET", value, MIN_SESSION_SECRET)

    @field_validator("beneficiaries_token", "kitchens_token", "grievances_token")
    @classmethod
    def _token_is_real(cls, value: str, info: ValidationInfo) -> str:
        return refuse_weak_secret(str(info.field_name).upper(), value, MIN_SERVICE_TOKEN)

    @field_validator("metrics_token")
    @classmethod
    def _metrics_token_is_real(cls, value: str) -> str:
        return value and refuse_weak_secret("METRICS_TOKEN", value, MIN_SERVICE_TOKEN)

    @field_validator("acting_assertion_private_key")
    @classmethod
    def _key_is_a_key(cls, value: str) -> str:
        # 32 random bytes are 43 base64url characters; a key of zeros is a key all the same.
        refuse_weak_secret("ACTING_ASSERTION_PRIVATE_KEY", value.strip(), 43)
        private_key(value)
        return value


class ProxyOptions(TypedDict):
    proxy_headers: bool
    forwarded_allow_ips: str | None


def proxy_options(settings: ConsoleSettings) -> ProxyOptions:
    """uvicorn's: forwarded headers believed from the trusted proxies only, and from no
    one when none is set (a browser could otherwise name any address it likes)."""
    proxies = [a.strip() for a in settings.trusted_proxies.split(",") if a.strip()]
    if not proxies:
        return {"proxy_headers": False, "forwarded_allow_ips": None}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(proxies)}
