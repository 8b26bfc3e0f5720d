"""The whole system on one machine: PostgreSQL, a Kafka broker, topics,
migrations, the three services and the console as child processes.

Either piece of infrastructure can be external: `DATABASE_URL` and
`KAFKA_BOOTSTRAP_SERVERS` point the stack at what already runs. An external
DATABASE_URL is the administrator's: it runs the migrations and creates (or
re-passwords) the roles the services connect as (docs/operations.md)."""

import asyncio
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from services import MIGRATIONS
from shared.acting_assertion import HEADER as ASSERTION_HEADER
from shared.acting_assertion import ActingPerson
from shared.database_roles import apply_roles, generate_passwords, role_url
from shared.migrate import migrate
from shared.settings import KafkaSettings, LocalKafkaSettings
from shared.topic_admin import ensure_topics

from .http_readiness import wait_for_http
from .kafka_broker import KafkaCluster, java_and_maven_available, start_broker, start_cluster
from .kafka_security import AGENCIES, KafkaPrincipals, listener_security, secure
from .kcat_library import link_current_librdkafka
from .postgres import RunningPostgres, ensure_database, start_postgres
from .prometheus import RunningPrometheus, ScrapeTarget, start_prometheus
from .reporter_key import reporter_identity_key
from .tokens import ConsoleKeys, ServiceTokens

DATABASE_NAME = "socialprogrammes"
# Resolved Kafka jars, shared by `make run`, the tests and the benchmarks.
JAR_CACHE = Path(__file__).resolve().parents[2] / ".data" / "cache"
SERVICE_ORDER = ("beneficiaries", "kitchens", "grievances")


@dataclass
class Ports:
    kafka: int = 9092
    postgres: int = 54329
    first_service: int = 8001
    # The client ports of Kafka nodes 2 and 3 (KAFKA_BROKERS=3); node 1's is `kafka`.
    more_kafka: tuple[int, ...] = (9093, 9094)

    def service(self, name: str) -> int:
        return self.first_service + SERVICE_ORDER.index(name)

    @property
    def console(self) -> int:
        return self.first_service + len(SERVICE_ORDER)


@dataclass
class ServiceProcess:
    name: str
    url: str
    process: subprocess.Popen
    log_path: Path


@dataclass
class Infrastructure:
    database_url: str
    bootstrap_servers: str
    kafka_description: str
    postgres_description: str
    kafka_idempotence: bool
    # Each principal's Kafka credentials; `kafka.operator` is the set-up's super user.
    kafka: KafkaPrincipals
    # The stack's own Kafka: one node or a cluster (None: an external one).
    broker: KafkaCluster | None = None
    postgres: RunningPostgres | None = None
    tokens: ServiceTokens = field(default_factory=lambda: ServiceTokens.generate(SERVICE_ORDER))
    console_keys: ConsoleKeys = field(default_factory=ConsoleKeys.generate)
    # Given to the grievances service alone: it opens sealed reporter identities.
    reporter_identity_key: str = ""
    # Each service's and the console's own PostgreSQL role (shared.database_roles): made
    # per start, set on the roles by prepare(), never written down.
    database_passwords: dict[str, str] = field(
        default_factory=lambda: generate_passwords(MIGRATIONS)
    )
    # Prometheus (issue 27): the token it sends to the console's /metrics, made per start,
    # and the server itself once start_services started one.
    metrics_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    prometheus: RunningPrometheus | None = None

    def database_url_of(self, schema: str) -> str:
        """The URL a service (or the console) connects with: its own role's."""
        return role_url(self.database_url, schema, self.database_passwords[schema])

    @property
    def kafka_replication_factor(self) -> int:
        return self.broker.replication_factor if self.broker is not None else 1

    def stop(self) -> None:
        if self.prometheus is not None:
            self.prometheus.stop()
        if self.broker is not None:
            self.broker.stop()
        if self.postgres is not None:
            self.postgres.stop()


def start_infrastructure(
    data_dir: Path,
    ports: Ports,
    *,
    kafka_flavour: str = "auto",
    kafka_security: bool = True,
    kafka_brokers: int | None = None,
) -> Infrastructure:
    """`kafka_security=False`: Apache Kafka open, as before SASL and ACLs (the benchmarks
    measure their cost); `kafka_brokers`: 1 or 3 nodes, None as KAFKA_BROKERS says."""
    data_dir.mkdir(parents=True, exist_ok=True)
    broker = None
    postgres, database_url, postgres_description = _start_database(data_dir, ports)
    try:
        if bootstrap := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
            kafka_description = f"external Kafka at {bootstrap}"
            principals = _external_kafka(bootstrap)
        else:
            broker, principals = _start_secured_broker(
                data_dir, ports, kafka_flavour, kafka_security, kafka_brokers
            )
            bootstrap, kafka_description = broker.bootstrap_servers, broker.description
        idempotence = principals.idempotence
    except BaseException:
        if postgres is not None:
            postgres.stop()
        raise
    return Infrastructure(
        database_url,
        bootstrap,
        kafka_description,
        postgres_description,
        idempotence,
        principals,
        broker,
        postgres,
        reporter_identity_key=reporter_identity_key(data_dir),
    )


def _external_kafka(bootstrap: str) -> KafkaPrincipals:
    """Everyone connects as the KAFKA_* settings say."""
    settings = KafkaSettings()
    return KafkaPrincipals(
        settings.kafka_access(), bootstrap, idempotence=settings.kafka_idempotence
    )


def _start_database(data_dir: Path, ports: Ports) -> tuple[RunningPostgres | None, str, str]:
    """The external PostgreSQL of DATABASE_URL, or an embedded one started here."""
    if database_url := os.environ.get("DATABASE_URL"):
        return None, database_url, f"external PostgreSQL ({_server_version(database_url)})"
    postgres = start_postgres(data_dir / "postgres", ports.postgres)
    return postgres, ensure_database(postgres, DATABASE_NAME), postgres.description


def _start_secured_broker(
    data_dir: Path, ports: Ports, flavour: str, secured: bool, brokers: int | None
) -> tuple[KafkaCluster, KafkaPrincipals]:
    """Tansu cannot be secured; it and an open Apache Kafka say so in one line."""
    brokers = brokers or LocalKafkaSettings().kafka_brokers
    broker = (
        _start_kafka_cluster(data_dir / "kafka-cluster", ports, secured, brokers)
        if brokers > 1
        else _start_kafka_node(data_dir / "kafka", ports.kafka, flavour, secured)
    )
    try:
        principals = secure(broker)
    except BaseException:
        broker.stop()
        raise
    if not principals.authenticated:
        print(
            f"WARNING: Kafka ({broker.description}) runs WITHOUT authentication, TLS or ACLs: "
            "any local process can read and write every topic.",
            file=sys.stderr,
            flush=True,
        )
    return broker, principals


def _start_kafka_node(data_dir: Path, port: int, flavour: str, secured: bool) -> KafkaCluster:
    if flavour == "auto":
        flavour = "apache" if java_and_maven_available() else "tansu"
    security = listener_security(data_dir) if secured and flavour == "apache" else None
    return KafkaCluster.of_one(
        start_broker(data_dir, port, cache_dir=JAR_CACHE, flavour=flavour, security=security)
    )


def _start_kafka_cluster(data_dir: Path, ports: Ports, secured: bool, brokers: int) -> KafkaCluster:
    """Apache Kafka only: Tansu has no replication."""
    return start_cluster(
        data_dir,
        [ports.kafka, *ports.more_kafka[: brokers - 1]],
        cache_dir=JAR_CACHE,
        security=listener_security(data_dir) if secured else None,
    )


def _server_version(database_url: str) -> str:
    async def read() -> str:
        conn = await asyncpg.connect(database_url)
        try:
            return await conn.fetchval("SELECT 'PostgreSQL ' || current_setting('server_version')")
        finally:
            await conn.close()

    return asyncio.run(read())


def prepare(infra: Infrastructure) -> None:
    """Topics, migrations, then the database roles and their grants; all are
    idempotent, so a restart re-runs them harmlessly (and rotates the roles' passwords).
    Also the librdkafka the documented kcat example needs (deploy/local/kcat_library.py)."""
    link_current_librdkafka()

    async def run() -> None:
        await ensure_topics(infra.kafka.operator, AGENCIES, infra.kafka_replication_factor)
        for name, directory in MIGRATIONS.items():
            await migrate(infra.database_url, name, directory)
        await apply_roles(infra.database_url, infra.database_passwords)

    asyncio.run(run())


@dataclass
class ServiceFleet:
    processes: list[ServiceProcess] = field(default_factory=list)
    tokens: ServiceTokens = field(default_factory=ServiceTokens)
    console_keys: ConsoleKeys | None = None

    def url(self, name: str) -> str:
        return next(p.url for p in self.processes if p.name == name)

    def headers(self, name: str, caller: str = "ops") -> dict[str, str]:
        """What a direct caller of a service's operational routes sends: its service token."""
        return self.tokens.headers(name, caller)

    def acting_headers(self, name: str, person: ActingPerson) -> dict[str, str]:
        """What the console sends when it calls `name` on `person`'s behalf: its token and a
        fresh assertion, signed with the console's key (it lives a minute: make one per call)."""
        if self.console_keys is None:
            raise LookupError("this fleet was started without the console's keys")
        return {
            **self.tokens.headers(name, "console"),
            ASSERTION_HEADER: self.console_keys.assertion(name, person),
        }

    def stop(self, timeout: float = 15.0) -> None:
        for p in self.processes:
            if p.process.poll() is None:
                p.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for p in self.processes:
            try:
                p.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.process.kill()
                p.process.wait()


def _environ_without(*secrets_of_others: str) -> dict[str, str]:
    """The shell's environment less the keys another process alone may hold."""
    return {k: v for k, v in os.environ.items() if k not in secrets_of_others}


def service_environment(infra: Infrastructure, port: int, name: str) -> dict[str, str]:
    env = {
        **_environ_without("REPORTER_IDENTITY_KEY", "ACTING_ASSERTION_PRIVATE_KEY"),
        "DATABASE_URL": infra.database_url_of(name),
        **infra.kafka.service(name).environment(),
        "KAFKA_IDEMPOTENCE": "true" if infra.kafka_idempotence else "false",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(port),
        "SERVICE_TOKENS": infra.tokens.setting(name),
        "ACTING_ASSERTION_PUBLIC_KEYS": infra.console_keys.public,
    }
    if name == "grievances":
        env["REPORTER_IDENTITY_KEY"] = infra.reporter_identity_key
    return env


def console_environment(infra: Infrastructure, fleet: ServiceFleet, port: int) -> dict[str, str]:
    """The console reaches each service with its own token and signs who acts with the
    private key; sessions are signed with a secret made per start."""
    env = {
        **_environ_without("REPORTER_IDENTITY_KEY"),
        "DATABASE_URL": infra.database_url_of("console"),
        **infra.kafka.ops.environment(),
        "KAFKA_IDEMPOTENCE": "true" if infra.kafka_idempotence else "false",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(port),
        "SESSION_SECRET": secrets.token_urlsafe(32),
        "ACTING_ASSERTION_PRIVATE_KEY": infra.console_keys.private,
        "METRICS_TOKEN": infra.metrics_token,
    }
    if infra.prometheus is not None:
        env["PROMETHEUS_URL"] = infra.prometheus.url
    for name in SERVICE_ORDER:
        env[f"{name.upper()}_URL"] = fleet.url(name)
        env[f"{name.upper()}_TOKEN"] = infra.tokens.token(name, "console")
    return env


def _spawn(name: str, env: dict[str, str], port: int, log_dir: Path) -> ServiceProcess:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    with open(log_path, "ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", f"services.{name}"],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return ServiceProcess(name, f"http://127.0.0.1:{port}", process, log_path)


def start_service(
    infra: Infrastructure,
    name: str,
    port: int,
    log_dir: Path,
    extra_env: Mapping[str, str] | None = None,
) -> ServiceProcess:
    """`extra_env` overrides settings for this process only (the reliability
    suite arms fault points with it)."""
    return _spawn(
        name, {**service_environment(infra, port, name), **(extra_env or {})}, port, log_dir
    )


def start_console(
    infra: Infrastructure,
    fleet: ServiceFleet,
    port: int,
    log_dir: Path,
    extra_env: Mapping[str, str] | None = None,
) -> ServiceProcess:
    env = {**console_environment(infra, fleet, port), **(extra_env or {})}
    return _spawn("console", env, port, log_dir)


def start_prometheus_for(
    infra: Infrastructure,
    fleet: ServiceFleet,
    console_url: str,
    data_dir: Path,
    interval_seconds: float = 15.0,
) -> RunningPrometheus:
    """Prometheus scraping every service of `fleet` and the console at `console_url` (with
    the infrastructure's metrics token)."""
    targets = [ScrapeTarget(p.name, p.url) for p in fleet.processes if p.name != "console"]
    targets.append(ScrapeTarget("console", console_url, infra.metrics_token))
    return start_prometheus(data_dir, targets, interval_seconds=interval_seconds)


def start_services(
    infra: Infrastructure,
    ports: Ports,
    log_dir: Path,
    *,
    ready_timeout: float = 60.0,
    with_console: bool = True,
    prometheus_dir: Path | None = None,
) -> ServiceFleet:
    """With `prometheus_dir`, a Prometheus keeping its data there watches the services and
    the console (`make run`); it stops with the infrastructure."""
    fleet = ServiceFleet(
        [start_service(infra, name, ports.service(name), log_dir) for name in SERVICE_ORDER],
        infra.tokens,
        infra.console_keys,
    )
    try:
        for p in fleet.processes:
            wait_until_ready(p, ready_timeout)
        if prometheus_dir is not None:
            console_url = f"http://127.0.0.1:{ports.console}"
            infra.prometheus = start_prometheus_for(infra, fleet, console_url, prometheus_dir)
        if with_console:
            console = start_console(infra, fleet, ports.console, log_dir)
            fleet.processes.append(console)
            wait_until_ready(console, ready_timeout)
    except BaseException:
        fleet.stop()
        raise
    return fleet


def wait_until_ready(p: ServiceProcess, timeout: float) -> None:
    wait_for_http(p.name, p.process, f"{p.url}/health/ready", p.log_path, timeout)
