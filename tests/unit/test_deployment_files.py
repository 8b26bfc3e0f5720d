"""Offline checks of the container deployment: docker-compose.yml, deploy/Dockerfile
and .dockerignore.

No Docker engine is needed (nor used): the files are parsed and checked against
the repository and against the code they deploy. What the services read comes
from shared.settings.ServiceSettings and which services exist from
services/*/__main__.py, so adding a setting or a service without deploying it
fails here."""

import ast
import base64
import fnmatch
import json
import re
import secrets
import shlex
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

from services import MIGRATIONS
from services.console.settings import ConsoleSettings
from shared.acting_assertion import new_key_pair
from shared.database_roles import password_variable, role_name
from shared.settings import GrievancesSettings, ServiceSettings

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "deploy" / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"

# Services deployed as HTTP apps: every package under services/ that can be run with -m.
APP_SERVICES = sorted(p.parent.name for p in (REPO / "services").glob("*/__main__.py"))
EXTENSIONS = {"pg_trgm", "fuzzystrmatch", "unaccent"}
COMPLETED = "service_completed_successfully"
HEALTHY = "service_healthy"
# What an operator sets, as README's production section says to make it: compose has no
# default for any of these.
_PRIVATE_KEY, _PUBLIC_KEY = new_key_pair()
DEPLOYMENT_SECRETS = {
    "POSTGRES_PASSWORD": secrets.token_urlsafe(32),
    "BENEFICIARIES_TOKEN": secrets.token_urlsafe(32),
    "KITCHENS_TOKEN": secrets.token_urlsafe(32),
    "GRIEVANCES_TOKEN": secrets.token_urlsafe(32),
    "OPS_TOKEN": secrets.token_urlsafe(32),
    "CONSOLE_SESSION_SECRET": secrets.token_urlsafe(32),
    "CONSOLE_METRICS_TOKEN": secrets.token_urlsafe(32),
    "CONSOLE_ASSERTION_PRIVATE_KEY": _PRIVATE_KEY,
    "CONSOLE_ASSERTION_PUBLIC_KEYS": _PUBLIC_KEY,
    "REPORTER_IDENTITY_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    "NOTICES_SMTP_PASSWORD": secrets.token_urlsafe(32),
    "NOTICES_SMS_GATEWAY_TOKEN": secrets.token_urlsafe(32),
    **{password_variable(schema): secrets.token_hex(32) for schema in MIGRATIONS},
    **{
        f"KAFKA_{principal.upper()}_PASSWORD": secrets.token_urlsafe(32)
        for principal in ("beneficiaries", "kitchens", "grievances", "ops")
    },
    "KAFKA_CLIENT_CREDENTIALS": f"agency.dif-jalisco:{secrets.token_urlsafe(32)}",
}
_SECRET_NAME = re.compile(r"(TOKEN|SECRET|PASSWORD|PRIVATE_KEY|IDENTITY_KEY|CREDENTIALS)")


# --------------------------------------------------------------------------- helpers


def load_compose(path: Path = COMPOSE_FILE) -> dict:
    return yaml.safe_load(path.read_text())


_VARIABLE = re.compile(
    r"\$(?:\$|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?+])?(?P<arg>[^}]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariable(Exception):
    pass


def interpolate(value, env: dict[str, str] | None = None):
    """Compose's variable substitution, for a value read from the YAML.

    With the default empty env this is what a deployment gets when nobody sets
    anything: ${X:-default} gives the default, ${X} gives "" and ${X:?msg}
    raises (compose would refuse to start)."""
    if not isinstance(value, str):
        return value
    env = env or {}

    def replace(m: re.Match) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group("braced") or m.group("bare")
        op, arg = m.group("op"), m.group("arg") or ""
        current = env.get(name)
        unset_or_empty = not current if op and op.startswith(":") else current is None
        if op in (":-", "-"):
            return arg if unset_or_empty else current
        if op in (":?", "?"):
            if unset_or_empty:
                raise MissingVariable(f"{name}: {arg}")
            return current
        if op in (":+", "+"):
            return "" if unset_or_empty else arg
        return current or ""

    return _VARIABLE.sub(replace, value)


def environment(service: dict) -> dict[str, object]:
    """A service's environment as a mapping; NAME without a value (taken from the
    host's environment at run time) maps to None."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = {}
        for item in env:
            name, sep, value = item.partition("=")
            pairs[name] = value if sep else None
        return pairs
    return dict(env)


def as_argv(command) -> list[str]:
    if command is None:
        return []
    return shlex.split(command) if isinstance(command, str) else [str(c) for c in command]


def dockerfile_instructions(path: Path = DOCKERFILE) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions, pending = [], ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # comment lines inside a continued instruction are ignored by docker
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        if full:
            keyword, _, args = full.partition(" ")
            instructions.append((keyword.upper(), args.strip()))
    return instructions


def exec_form_or_words(args: str) -> list[str]:
    if args.startswith("["):
        return json.loads(args)
    return shlex.split(args)


def dockerfile_cmd() -> list[str]:
    cmds = [exec_form_or_words(a) for k, a in dockerfile_instructions() if k == "CMD"]
    return cmds[-1] if cmds else []


def builds_our_image(service: dict) -> bool:
    build = service.get("build")
    if build is None:
        return False
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    return ((REPO / context) / dockerfile).resolve() == DOCKERFILE.resolve()


def _dockerfile_of(service: dict) -> Path:
    build = service["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    return REPO / context / dockerfile


def effective_command(service: dict) -> list[str]:
    if "command" in service:
        return as_argv(service["command"])
    return dockerfile_cmd() if builds_our_image(service) else []


def python_module(argv: list[str]) -> str | None:
    """The module of `python -m module ...`, or None."""
    if len(argv) >= 3 and PurePosixPath(argv[0]).name.startswith("python") and argv[1] == "-m":
        return argv[2]
    return None


def module_file(module: str) -> Path | None:
    base = REPO.joinpath(*module.split("."))
    for candidate in (base / "__main__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def depends_on(service: dict) -> dict[str, str]:
    """Dependency name -> condition (short syntax means service_started)."""
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def volume_parts(volume) -> tuple[str, str | None, str]:
    """(type, source, target) of a short ("src:dst[:mode]") or long volume entry."""
    if isinstance(volume, dict):
        return (
            volume.get("type", "volume"),
            interpolate(volume.get("source")),
            volume.get("target", ""),
        )
    parts = interpolate(volume).split(":")
    if len(parts) == 1:  # anonymous volume
        return "volume", None, parts[0]
    kind = "bind" if parts[0].startswith((".", "/", "~")) else "volume"
    return kind, parts[0], parts[1]


def healthcheck_argv(service: dict) -> list[str]:
    check = service.get("healthcheck") or {}
    if check.get("disable"):
        return []
    return as_argv(check.get("test"))


# What each app reads: the services share ServiceSettings, the console and grievances
# have their own.
SETTINGS_OF = {"console": ConsoleSettings, "grievances": GrievancesSettings}


def settings_of(name: str) -> type:
    return SETTINGS_OF.get(name, ServiceSettings)


def settings_env_names(settings_class: type = ServiceSettings) -> dict[str, bool]:
    """Environment variable name -> required, for every field of the settings class."""
    prefix = settings_class.model_config.get("env_prefix", "")
    names = {}
    for field_name, field in settings_class.model_fields.items():
        alias = field.validation_alias if isinstance(field.validation_alias, str) else None
        names[(alias or prefix + field_name).upper()] = field.is_required()
    return names


def dockerignore_patterns() -> list[str]:
    if not DOCKERIGNORE.exists():
        return []
    lines = (line.strip() for line in DOCKERIGNORE.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _ignore_match(pattern: str, path: str) -> bool:
    pattern = pattern.strip("/")
    if pattern.startswith("**/"):
        return any(
            fnmatch.fnmatchcase(part, pattern[3:]) for part in path.split("/")
        ) or fnmatch.fnmatchcase(path, pattern[3:])
    return fnmatch.fnmatchcase(path, pattern)


def ignored_by_dockerignore(path: str) -> bool:
    """Whether path (or a directory above it) is left out of the build context.
    Close enough to docker's rules for the patterns used here: later patterns
    win and a leading ! re-includes."""
    parts = PurePosixPath(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for raw in dockerignore_patterns():
        negate = raw.startswith("!")
        pattern = raw[1:] if negate else raw
        if any(_ignore_match(pattern, p) for p in prefixes):
            ignored = not negate
    return ignored


def copy_sources() -> list[str]:
    """Sources of COPY/ADD instructions that take them from the build context."""
    sources = []
    for keyword, args in dockerfile_instructions():
        if keyword not in ("COPY", "ADD"):
            continue
        words = exec_form_or_words(args)
        flags = [w for w in words if w.startswith("--")]
        if any(f.startswith("--from") for f in flags):
            continue
        paths = [w for w in words if not w.startswith("--")]
        assert len(paths) >= 2, f"{keyword} {args}: needs a source and a destination"
        sources.extend(paths[:-1])
    return sources


# The variables compose requires (${NAME:?...}): a deployment sets them, so the checks read
# the file as one that did, each with a value of its own.
_REQUIRED = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):\?")
DEPLOYMENT_ENV = {
    name: f"set-{name.lower().replace('_', '-')}-0123456789"
    for name in _REQUIRED.findall(COMPOSE_FILE.read_text())
}


def _definitely(value) -> str:
    """The value once the operator has set the required secrets, and nothing else."""
    try:
        resolved = interpolate(value, {**DEPLOYMENT_ENV, **DEPLOYMENT_SECRETS})
    except MissingVariable:
        pytest.fail(f"{value!r} needs a variable that has no default")
    return "" if resolved is None else str(resolved)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def compose() -> dict:
    return load_compose()


@pytest.fixture(scope="module")
def compose_services(compose) -> dict[str, dict]:
    return compose["services"]


def _service_running(compose_services: dict, module: str) -> str:
    found = [
        n for n, s in compose_services.items() if python_module(effective_command(s)) == module
    ]
    assert len(found) == 1, (
        f"expected one compose service running `python -m {module}`, found {found}"
    )
    return found[0]


def _app(compose_services: dict, name: str) -> dict:
    assert name in compose_services, f"services/{name} has no compose service {name}"
    return compose_services[name]


# --------------------------------------------------------------------------- compose file


def test_compose_file_parses(compose):
    assert isinstance(compose, dict)
    assert isinstance(compose.get("services"), dict) and compose["services"]
    for name, service in compose["services"].items():
        assert isinstance(service, dict), name
        assert "image" in service or "build" in service, f"{name}: neither image nor build"


def test_build_contexts_and_dockerfiles_exist(compose_services):
    for name, service in compose_services.items():
        build = service.get("build")
        if build is None:
            continue
        context = build if isinstance(build, str) else build.get("context", ".")
        dockerfile = (
            "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
        )
        assert (REPO / context).is_dir(), f"{name}: build context {context} missing"
        assert ((REPO / context) / dockerfile).is_file(), f"{name}: Dockerfile {dockerfile} missing"


def test_mounted_files_exist_and_named_volumes_are_declared(compose, compose_services):
    declared = set((compose.get("volumes") or {}).keys())
    for name, service in compose_services.items():
        for volume in service.get("volumes") or []:
            kind, source, _ = volume_parts(volume)
            if kind == "bind":
                assert (REPO / source).exists(), f"{name}: mounts {source}, which does not exist"
            elif kind == "volume" and source:
                assert source in declared, (
                    f"{name}: named volume {source} not declared under volumes:"
                )
        env_files = service.get("env_file") or []
        for env_file in [env_files] if isinstance(env_files, str) else env_files:
            path = env_file if isinstance(env_file, str) else env_file.get("path")
            required = True if isinstance(env_file, str) else env_file.get("required", True)
            assert not required or (REPO / path).is_file(), f"{name}: env_file {path} missing"


def test_depends_on_targets_exist_with_matching_conditions(compose_services):
    for name, service in compose_services.items():
        for target, condition in depends_on(service).items():
            assert target in compose_services, f"{name} depends on undefined service {target}"
            assert condition in ("service_started", HEALTHY, COMPLETED), (
                f"{name} -> {target}: {condition}"
            )
            dependency = compose_services[target]
            if condition == HEALTHY:
                has_check = bool(healthcheck_argv(dependency)) or (
                    builds_our_image(dependency)
                    and "healthcheck" not in dependency
                    and any(k == "HEALTHCHECK" for k, _ in dockerfile_instructions())
                )
                assert has_check, (
                    f"{name} waits for {target} to be healthy, but it has no healthcheck"
                )
            if condition == COMPLETED:
                restart = str(dependency.get("restart", "no"))
                assert restart in ("no", "on-failure") or restart.startswith("on-failure"), (
                    f"{name} waits for {target} to complete, but it restarts ({restart})"
                )


def test_every_service_package_is_deployed(compose_services):
    assert APP_SERVICES, "no services/*/__main__.py found"
    deployed = {python_module(effective_command(s)) for s in compose_services.values()}
    missing = [n for n in APP_SERVICES if f"services.{n}" not in deployed]
    assert not missing, f"not run by any compose service: {missing}"


def test_every_python_module_run_exists(compose_services):
    for name, service in compose_services.items():
        module = python_module(effective_command(service))
        if module is not None:
            assert module_file(module), (
                f"{name}: runs python -m {module}, which is not in the repository"
            )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_runs_its_package(compose_services, name):
    service = _app(compose_services, name)
    module = python_module(effective_command(service))
    assert module == f"services.{name}", f"{name} runs {effective_command(service)}"
    assert (REPO / "services" / name / "__main__.py").is_file()
    assert builds_our_image(service), f"{name}: not built from deploy/Dockerfile"
    assert service.get("restart") == "unless-stopped"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_sets_every_setting(compose_services, name):
    env = environment(_app(compose_services, name))
    missing = sorted(set(settings_env_names(settings_of(name))) - set(env))
    assert not missing, f"{name} does not set {missing} (read by {settings_of(name).__name__})"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_required_settings_are_definitely_set(compose_services, name):
    env = environment(_app(compose_services, name))
    for var, required in settings_env_names(settings_of(name)).items():
        if required:
            assert var in env and env[var] is not None, f"{name}: {var} is required and not set"
            assert _definitely(env[var]).strip(), f"{name}: {var} is required and may end up empty"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_environment_is_valid_settings(compose_services, name):
    env = environment(_app(compose_services, name))
    for var, value in env.items():
        assert value is None or (
            isinstance(value, (str, int, float)) and not isinstance(value, bool)
        ), f"{name}: {var}={value!r}; compose wants strings (quote booleans)"
    names = settings_env_names(settings_of(name))
    values = {var.lower(): _definitely(env[var]) for var in names if env.get(var) is not None}
    settings = settings_of(name)(**values)  # raises on a value the app would reject
    assert settings.http_host not in ("127.0.0.1", "localhost", "::1"), (
        f"{name}: HTTP_HOST={settings.http_host} is unreachable from outside the container"
    )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_health_and_ports_match_http_port(compose_services, name):
    service = _app(compose_services, name)
    port = int(_definitely(environment(service)["HTTP_PORT"]))
    check = " ".join(healthcheck_argv(service))
    assert "/health/ready" in check, f"{name}: healthcheck does not hit /health/ready: {check!r}"
    urls = re.findall(r"https?://[^\s'\"]+/health/ready", check)
    assert urls, f"{name}: no readiness URL in {check!r}"
    for url in urls:
        assert urlsplit(url).port == port, f"{name}: healthcheck {url} but HTTP_PORT={port}"
    for mapping in service.get("ports") or []:
        target = (
            mapping.get("target")
            if isinstance(mapping, dict)
            else str(mapping).split("/")[0].rsplit(":", 1)[-1]
        )
        assert int(target) == port, (
            f"{name}: publishes container port {target} but listens on {port}"
        )


def test_app_services_use_distinct_ports(compose_services):
    ports = [_definitely(environment(_app(compose_services, n))["HTTP_PORT"]) for n in APP_SERVICES]
    assert len(set(ports)) == len(ports), ports


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_waits_for_migrations_and_topics(compose_services, name):
    deps = depends_on(_app(compose_services, name))
    for module in ("shared.migrate", "deploy.kafka_setup"):
        job = _service_running(compose_services, module)
        assert deps.get(job) == COMPLETED, (
            f"{name} must wait for {job} ({module}) to complete successfully"
        )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_service_points_at_the_compose_infrastructure(compose_services, name):
    env = environment(_app(compose_services, name))

    database = urlsplit(_definitely(env["DATABASE_URL"]))
    assert database.hostname in compose_services, (
        f"{name}: database host {database.hostname} is not a compose service"
    )
    pg_env = {
        k: _definitely(v) for k, v in environment(compose_services[database.hostname]).items()
    }
    assert database.path.lstrip("/") == pg_env.get("POSTGRES_DB"), f"{name}: wrong database"
    assert database.username == role_name(name), f"{name}: not its own database role"
    roles_job = environment(compose_services[_service_running(compose_services, ROLES_JOB)])
    assert database.password == _definitely(roles_job[password_variable(name)]), (
        f"{name}: its password is not the one the {ROLES_JOB} job sets"
    )
    assert database.password != pg_env.get("POSTGRES_PASSWORD"), f"{name}: the owner's password"

    if "KAFKA_BOOTSTRAP_SERVERS" not in settings_env_names(settings_of(name)):
        return  # an app without a Kafka setting
    for server in _definitely(env["KAFKA_BOOTSTRAP_SERVERS"]).split(","):
        host, _, port = server.strip().rpartition(":")
        assert host in compose_services, f"{name}: Kafka host {host} is not a compose service"
        advertised = _definitely(
            environment(compose_services[host]).get("KAFKA_ADVERTISED_LISTENERS", "")
        )
        assert f"//{host}:{port}" in advertised, (
            f"{name}: {server} is not advertised by {host} ({advertised})"
        )


def test_the_console_reaches_each_service_with_a_token_the_service_accepts(compose_services):
    from shared.service_auth import parse_service_tokens

    console = environment(_app(compose_services, "console"))
    for name in ("beneficiaries", "kitchens", "grievances"):
        accepted = parse_service_tokens(
            _definitely(environment(_app(compose_services, name))["SERVICE_TOKENS"])
        )
        assert accepted.get("console") == _definitely(console[f"{name.upper()}_TOKEN"]), name
        url = urlsplit(_definitely(console[f"{name.upper()}_URL"]))
        assert url.hostname == name and url.port == int(
            _definitely(environment(compose_services[name])["HTTP_PORT"])
        )


def _variables(text: str) -> list[tuple[str, str | None, str]]:
    return [
        (m.group("braced") or m.group("bare"), m.group("op"), m.group("arg") or "")
        for m in _VARIABLE.finditer(text)
        if m.group(0) != "$$"
    ]


def test_every_secret_is_required_with_a_message_and_has_no_default():
    found = {name: (op, arg) for name, op, arg in _variables(COMPOSE_FILE.read_text())}
    secret_names = {name for name in found if _SECRET_NAME.search(name)}
    assert secret_names == set(DEPLOYMENT_SECRETS) - {"CONSOLE_ASSERTION_PUBLIC_KEYS"}, secret_names
    for name, op, arg in _variables(COMPOSE_FILE.read_text()):
        if name in DEPLOYMENT_SECRETS:
            assert op == ":?" and arg.strip(), f"${{{name}}} must be ${{{name}:?message}}"


@pytest.mark.parametrize("missing", sorted(DEPLOYMENT_SECRETS))
def test_compose_refuses_to_start_without_each_secret(compose_services, missing):
    # Every other variable compose requires is set, so that only `missing` can be missed.
    everything = {**DEPLOYMENT_ENV, **DEPLOYMENT_SECRETS}
    env = {name: value for name, value in everything.items() if name != missing}
    values = [
        value
        for service in compose_services.values()
        for value in environment(service).values()
        if isinstance(value, str)
    ]
    with pytest.raises(MissingVariable, match=missing):
        for value in values:
            interpolate(value, env)


def test_only_the_console_is_published(compose_services):
    published = sorted(name for name, service in compose_services.items() if service.get("ports"))
    assert published == ["console"]


def test_the_services_verify_what_the_console_signs(compose_services):
    from shared.acting_assertion import (
        ActingPerson,
        AssertionSigner,
        AssertionVerifier,
    )
    from shared.roles import Role

    console = environment(_app(compose_services, "console"))
    signer = AssertionSigner(_definitely(console["ACTING_ASSERTION_PRIVATE_KEY"]))
    for name in ("beneficiaries", "kitchens", "grievances"):
        keys = _definitely(
            environment(_app(compose_services, name))["ACTING_ASSERTION_PUBLIC_KEYS"]
        )
        signed = signer.sign(name, ActingPerson("ana", Role.SUPERVISOR))
        assert AssertionVerifier(keys).verify(signed, name).user == "ana"


# The values docker-compose.yml used to fall back to, and the words people type for "later".
OLD_DEFAULTS = (
    "local-only-beneficiaries-console-token",
    "local-only-ops-token-change-me",
    "local-only-console-session-secret-change-me",
    "socialprogrammes",
    "changeme-changeme-changeme-changeme",
    "secretsecretsecretsecretsecret123",
)


@pytest.mark.parametrize("placeholder", OLD_DEFAULTS)
def test_the_services_and_the_console_refuse_placeholder_secrets_naming_the_setting(placeholder):
    from pydantic import ValidationError

    good = {name.lower(): value for name, value in DEPLOYMENT_SECRETS.items()}
    service_cases = {
        "SERVICE_TOKENS": {
            "service_tokens": f"console:{good['beneficiaries_token']},ops:{placeholder}"
        },
        "DATABASE_URL": {"database_url": f"postgresql://u:{placeholder}@postgres/db"},
    }
    for setting, values in service_cases.items():
        with pytest.raises(ValidationError, match=setting):
            ServiceSettings(**{"database_url": "postgresql://u@postgres/db", **values})
    console = {
        "database_url": "postgresql://u@postgres/db",
        "session_secret": good["console_session_secret"],
        "beneficiaries_token": good["beneficiaries_token"],
        "kitchens_token": good["kitchens_token"],
        "grievances_token": good["grievances_token"],
        "acting_assertion_private_key": good["console_assertion_private_key"],
    }
    ConsoleSettings(**console)
    for setting in ("session_secret", "kitchens_token"):
        with pytest.raises(ValidationError, match=setting.upper()):
            ConsoleSettings(**{**console, setting: placeholder})


def test_short_secrets_are_refused_even_when_random():
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="SERVICE_TOKENS entry 'ops': too short") as refused:
        ServiceSettings(database_url="postgresql://u@h/db", service_tokens="ops:Xk9q2LmZ")
    # The refusal names the setting and never repeats the value: it may be a real secret.
    assert "Xk9q2LmZ" not in str(refused.value)


def test_the_reporter_identity_key_is_required_and_given_to_grievances_alone(compose_services):
    for name, service in compose_services.items():
        env = environment(service)
        if name != "grievances":
            assert "REPORTER_IDENTITY_KEY" not in env, f"{name} must not hold the reporter key"
            continue
        with pytest.raises(MissingVariable, match="REPORTER_IDENTITY_KEY"):
            interpolate(env["REPORTER_IDENTITY_KEY"])


# --------------------------------------------------------------------------- database roles

ROLES_JOB = "shared.database_roles"


def test_the_roles_job_runs_as_the_owner_after_the_migrations(compose_services):
    name = _service_running(compose_services, ROLES_JOB)
    job = compose_services[name]
    migrate = _service_running(compose_services, "shared.migrate")
    assert depends_on(job).get(migrate) == COMPLETED, f"{name} must run after {migrate}"
    env = environment(job)
    assert _definitely(env["DATABASE_URL"]) == _definitely(
        environment(compose_services[migrate])["DATABASE_URL"]
    ), f"{name} must connect as the role that migrates (the schemas' owner)"
    for app in APP_SERVICES:
        assert depends_on(compose_services[app]).get(name) == COMPLETED, (
            f"{app} must wait for {name}: its role may not exist yet"
        )


@pytest.mark.parametrize("schema", list(MIGRATIONS))
def test_each_roles_password_is_a_required_secret(compose_services, schema):
    """No default: compose refuses to start without it."""
    job = environment(compose_services[_service_running(compose_services, ROLES_JOB)])
    with pytest.raises(MissingVariable):
        interpolate(job[password_variable(schema)])
    with pytest.raises(MissingVariable):
        interpolate(environment(compose_services[schema])["DATABASE_URL"])


def test_each_app_connects_as_a_different_role(compose_services):
    users = {
        urlsplit(_definitely(environment(compose_services[app])["DATABASE_URL"])).username
        for app in APP_SERVICES
    }
    assert len(users) == len(APP_SERVICES), users


# --------------------------------------------------------------------------- infrastructure


def _by_image(compose_services: dict, repository: str) -> tuple[str, dict]:
    found = [
        (n, s)
        for n, s in compose_services.items()
        if str(s.get("image", "")).split(":")[0] == repository
    ]
    assert len(found) == 1, f"expected one {repository} service, found {[n for n, _ in found]}"
    return found[0]


def _kafka_nodes(compose_services: dict) -> dict[str, dict]:
    return {
        n: s
        for n, s in compose_services.items()
        if str(s.get("image", "")).split(":")[0] == "apache/kafka"
    }


def test_kafka_creates_no_topics_by_itself(compose_services):
    topics = compose_services[_service_running(compose_services, "deploy.kafka_setup")]
    for name, kafka in _kafka_nodes(compose_services).items():
        env = environment(kafka)
        assert str(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).lower() == "false"
        assert "broker" in env.get("KAFKA_PROCESS_ROLES", "") and "controller" in env.get(
            "KAFKA_PROCESS_ROLES", ""
        )
        assert depends_on(topics).get(name) == HEALTHY
        log_dirs = [d for d in _definitely(env.get("KAFKA_LOG_DIRS", "")).split(",") if d]
        assert log_dirs, "KAFKA_LOG_DIRS not set: the image's default is not on a volume"
        targets = {
            volume_parts(v)[2].rstrip("/")
            for v in kafka.get("volumes") or []
            if volume_parts(v)[0] == "volume"
        }
        assert all(d.rstrip("/") in targets for d in log_dirs), (
            f"{name}: Kafka log dirs {log_dirs} not on volumes {targets}"
        )


def _listener_ports(env: dict) -> dict[str, str]:
    return {
        listener.split("://")[0]: listener.rsplit(":", 1)[1]
        for listener in _definitely(env["KAFKA_LISTENERS"]).split(",")
    }


def test_kafka_is_three_voting_brokers_with_three_replicas_and_two_in_sync(compose_services):
    """Issue 27: one node may be lost and nothing acknowledged with it."""
    nodes = {n: {k: _definitely(v) for k, v in environment(s).items()}
             for n, s in _kafka_nodes(compose_services).items()}  # fmt: skip
    assert len(nodes) == 3, sorted(nodes)
    assert sorted(env["KAFKA_NODE_ID"] for env in nodes.values()) == ["1", "2", "3"]
    voters = {
        f"{env['KAFKA_NODE_ID']}@{name}:{_listener_ports(env)['CONTROLLER']}"
        for name, env in nodes.items()
    }
    for name, env in nodes.items():
        assert set(env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")) == voters, name
        assert f"CLIENT://{name}:" in env["KAFKA_ADVERTISED_LISTENERS"], name
        assert f"OPERATOR://{name}:" in env["KAFKA_ADVERTISED_LISTENERS"], name
        for key in ("DEFAULT_REPLICATION_FACTOR", "OFFSETS_TOPIC_REPLICATION_FACTOR",
                    "TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                    "SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR"):  # fmt: skip
            assert env[f"KAFKA_{key}"] == "3", (name, key)
        for key in ("MIN_INSYNC_REPLICAS", "TRANSACTION_STATE_LOG_MIN_ISR",
                    "SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR"):  # fmt: skip
            assert env[f"KAFKA_{key}"] == "2", (name, key)
        assert env.get("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE") == "false", name
    assert len({env["CLUSTER_ID"] for env in nodes.values()}) == 1, "one cluster, one id"
    data = [
        volume_parts(v)[1]
        for s in _kafka_nodes(compose_services).values()
        for v in s.get("volumes") or []
        if volume_parts(v)[2] == "/var/lib/kafka/data"
    ]
    assert len(set(data)) == 3, f"each node needs a data volume of its own: {data}"


def test_kafka_set_up_reaches_every_node_and_replicates_three_times(compose_services):
    nodes = _kafka_nodes(compose_services)
    argv = effective_command(
        compose_services[_service_running(compose_services, "deploy.kafka_setup")]
    )
    servers = argv[argv.index("--bootstrap-servers") + 1].split(",")
    assert argv[argv.index("--replication-factor") + 1] == "3"
    operators = {
        f"{name}:{_listener_ports(environment(s))['OPERATOR']}" for name, s in nodes.items()
    }
    assert set(servers) == operators
    tls = as_argv(
        compose_services[_service_running(compose_services, "deploy.kafka_tls")]["command"]
    )
    named = {tls[i + 1] for i, word in enumerate(tls) if word == "--hostname"}
    assert set(nodes) <= named, f"the certificate must name every broker: {sorted(named)}"


def test_kafka_keeps_scram_over_tls_and_acls_on_every_node(compose_services):
    for name, kafka in _kafka_nodes(compose_services).items():
        env = {k: _definitely(v) for k, v in environment(kafka).items()}
        protocols = dict(
            p.split(":") for p in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
        )
        assert protocols == {"CLIENT": "SASL_SSL", "OPERATOR": "SSL", "CONTROLLER": "SSL"}, name
        assert env["KAFKA_SASL_ENABLED_MECHANISMS"] == "SCRAM-SHA-512", name
        assert env["KAFKA_LISTENER_NAME_OPERATOR_SSL_CLIENT_AUTH"] == "required", name
        assert env["KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH"] == "required", name
        assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] == "OPERATOR", name
        assert env["KAFKA_AUTHORIZER_CLASS_NAME"].endswith("StandardAuthorizer"), name
        assert env["KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"] == "false", name


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_app_bootstraps_from_every_broker(compose_services, name):
    env = environment(_app(compose_services, name))
    if "KAFKA_BOOTSTRAP_SERVERS" not in env:
        return
    hosts = {s.rpartition(":")[0] for s in _definitely(env["KAFKA_BOOTSTRAP_SERVERS"]).split(",")}
    assert hosts == set(_kafka_nodes(compose_services)), hosts


def test_postgres_volume_and_extensions(compose_services):
    name, postgres = _by_image(compose_services, "postgres")
    tag = str(postgres["image"]).partition(":")[2]
    targets = [volume_parts(v)[2].rstrip("/") for v in postgres.get("volumes") or []]
    if tag[:2].isdigit() and int(tag[:2]) >= 18:
        # the 18+ image refuses to start with a volume on /var/lib/postgresql/data
        assert "/var/lib/postgresql" in targets and "/var/lib/postgresql/data" not in targets, (
            targets
        )

    init_sql = ""
    for volume in postgres.get("volumes") or []:
        kind, source, target = volume_parts(volume)
        if kind == "bind" and target.startswith("/docker-entrypoint-initdb.d"):
            path = REPO / source
            assert path.exists(), f"{name}: init script mount {source} does not exist"
            files = sorted(path.glob("*.sql")) if path.is_dir() else [path]
            init_sql += "\n".join(f.read_text() for f in files)
    migrate = compose_services[_service_running(compose_services, "shared.migrate")]
    assert depends_on(migrate).get(name) == HEALTHY

    wanted = set(EXTENSIONS)
    local = REPO / "deploy" / "local" / "postgres.py"
    if local.is_file():  # whatever the local stack creates, the deployment must create too
        for node in ast.parse(local.read_text()).body:
            if isinstance(node, ast.Assign) and any(
                getattr(t, "id", None) == "DEFAULT_EXTENSIONS" for t in node.targets
            ):
                wanted |= set(ast.literal_eval(node.value))
    created = set(
        re.findall(
            r"create\s+extension\s+(?:if\s+not\s+exists\s+)?\"?(\w+)", init_sql, re.IGNORECASE
        )
    )
    assert wanted <= created, f"init scripts create {sorted(created)}, need {sorted(wanted)}"


# --------------------------------------------------------------------------- Dockerfile and
# .dockerignore


def test_dockerfile_basics():
    instructions = dockerfile_instructions()
    froms = [a for k, a in instructions if k == "FROM"]
    assert froms and froms[-1].split()[0].startswith("python:3.11-slim"), froms
    users = [a for k, a in instructions if k == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the image must not run as root"
    runs = " ".join(a for k, a in instructions if k == "RUN")
    assert re.search(r"pip install --no-cache-dir --no-deps --no-build-isolation \.(\s|$)", runs), (
        "the project must be installed with pip install . (its dependencies from the lock)"
    )


_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def test_every_base_image_is_pinned_by_digest(compose_services):
    """A tag can be re-pushed; a digest names one build."""
    for argument in (a for k, a in dockerfile_instructions() if k == "FROM"):
        assert _DIGEST.search(argument.split()[0]), f"deploy/Dockerfile: FROM {argument}"
    for name, service in compose_services.items():
        if "image" in service and "build" not in service:
            assert _DIGEST.search(str(service["image"])), f"{name}: {service['image']}"
        elif not builds_our_image(service):
            # An image of ours from another Dockerfile (Prometheus's): its base is pinned.
            froms = [a for k, a in dockerfile_instructions(_dockerfile_of(service)) if k == "FROM"]
            assert froms, f"{name}: its Dockerfile has no FROM"
            for argument in froms:
                assert _DIGEST.search(argument.split()[0]), f"{name}: FROM {argument}"


def test_dockerfile_copy_sources_exist_and_are_in_the_build_context():
    sources = copy_sources()
    assert sources
    for source in sources:
        matches = (
            list(REPO.glob(source.rstrip("/")))
            if any(c in source for c in "*?[")
            else [REPO / source]
        )
        assert matches and all(m.exists() for m in matches), (
            f"COPY source {source} not in the repository"
        )
        for match in matches:
            relative = match.relative_to(REPO).as_posix()
            assert not ignored_by_dockerignore(relative), (
                f"COPY source {relative} is excluded by .dockerignore"
            )


def test_dockerfile_copies_what_the_install_and_the_commands_need(compose_services):
    copied = {PurePosixPath(s.rstrip("/")).parts[0] for s in copy_sources()}
    assert "pyproject.toml" in copied
    for name, service in compose_services.items():
        if not builds_our_image(service):
            continue
        module = python_module(effective_command(service))
        if module is not None:
            assert module.split(".")[0] in copied, (
                f"{name} runs {module}, which the image does not contain"
            )
    module = python_module(dockerfile_cmd())
    assert module is None or module_file(module), (
        f"the Dockerfile's CMD runs a missing module {module}"
    )


def test_dockerignore_keeps_local_state_out():
    for path in (".venv", ".git", ".data", "tests", "docs", "services/kitchens/__pycache__"):
        assert ignored_by_dockerignore(path), f"{path} would be sent to the Docker daemon"


# --------------------------------------------------------------------------- Prometheus
# (issue 27): compose's watches what make run's does, with the same rules file.


def test_prometheus_evaluates_the_rules_make_run_evaluates(compose_services):
    from deploy.local.prometheus import RULES

    service = compose_services["prometheus"]
    mounts = {volume_parts(v)[2]: volume_parts(v)[1] for v in service["volumes"]}
    config_path = REPO / mounts["/etc/prometheus/prometheus.yml"]
    config = yaml.safe_load(config_path.read_text())
    [rule_file] = config["rule_files"]
    assert (REPO / mounts[rule_file]).resolve() == RULES.resolve()


def test_prometheus_scrapes_every_app_at_its_port_and_the_console_with_its_token(
    compose, compose_services
):
    service = compose_services["prometheus"]
    mounts = {volume_parts(v)[2]: volume_parts(v)[1] for v in service["volumes"]}
    config = yaml.safe_load((REPO / mounts["/etc/prometheus/prometheus.yml"]).read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert sorted(jobs) == APP_SERVICES
    for name in APP_SERVICES:
        port = _definitely(environment(compose_services[name])["HTTP_PORT"])
        assert jobs[name]["static_configs"] == [{"targets": [f"{name}:{port}"]}], name
    token_file = jobs["console"]["authorization"]["credentials_file"]
    secret = token_file.removeprefix("/run/secrets/")
    assert secret in service["secrets"]
    console_token = environment(compose_services["console"])["METRICS_TOKEN"]
    assert f"${{{compose['secrets'][secret]['environment']}:?" in str(console_token)
    assert _definitely(environment(compose_services["console"])["PROMETHEUS_URL"]) == (
        "http://prometheus:9090"
    )


def test_prometheus_compose_config_is_valid_for_promtool(compose_services):
    import shutil
    import subprocess

    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing: deploy/local/system-packages.sh installs it"
    config = REPO / "deploy" / "prometheus" / "compose-prometheus.yml"
    result = subprocess.run(
        [promtool, "check", "config", "--syntax-only", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_ops_screens_service_links_are_pages_of_the_console(compose_services):
    """Only the console is published, and the services' addresses it is given are names
    inside compose's network: each service link the ops screen shows a browser is a path
    on the console, one of its own routes."""
    from starlette.routing import Match

    from services.console.app import create_app
    from services.console.screens.ops import _links
    from services.console.screens.ops_service_documents import DOCUMENTS

    console = {
        name.lower(): _definitely(value)
        for name, value in environment(_app(compose_services, "console")).items()
    }
    app = create_app(ConsoleSettings(**console))
    links = _links()
    assert {link["service"] for link in links} == set(MIGRATIONS) - {"console"}
    for link in links:
        assert urlsplit(console[f"{link['service']}_url"]).hostname == link["service"]
        for document in DOCUMENTS:
            href = f"{link['base']}/{document}"
            assert href.startswith("/") and not urlsplit(href).netloc, href
            scope = {"type": "http", "method": "GET", "path": href, "root_path": ""}
            assert any(route.matches(scope)[0] == Match.FULL for route in app.routes), href
