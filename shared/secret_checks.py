"""Secrets a deployment must choose itself: refused at start-up when short or a
known placeholder, with one message naming the setting.

The placeholders are the words people type when a value is "to be changed"
and the defaults earlier versions of docker-compose.yml shipped with; a
secret anyone can read in this repository opens the door to anyone."""

from urllib.parse import unquote, urlsplit

from pydantic import ValidationError

PLACEHOLDER_WORDS = (
    "changeme",
    "change-me",
    "change_me",
    "local-only",
    "placeholder",
    "example",
    "secret",
    "password",
    "default",
    "socialprogrammes",
)
# Fewer distinct characters than this is a pattern ("aaaa…", "abab…"), not a random secret.
MIN_DISTINCT_CHARACTERS = 8


def secret_problem(value: str, min_length: int) -> str | None:
    """Why the value cannot serve as a secret, or None."""
    if len(value) < min_length:
        return f"too short: want at least {min_length} characters"
    lowered = value.lower()
    for word in PLACEHOLDER_WORDS:
        if word in lowered:
            return f"looks like a placeholder (contains {word!r}): generate a random secret"
    if len(set(value)) < MIN_DISTINCT_CHARACTERS:
        return "too regular to be random: generate a random secret"
    return None


def refuse_weak_secret(setting: str, value: str, min_length: int) -> str:
    problem = secret_problem(value, min_length)
    if problem is not None:
        raise ValueError(f"{setting}: {problem}")
    return value


def refuse_weak_url_password(setting: str, url: str, min_length: int = 16) -> str:
    """A database URL may carry no password (a local trust or peer login, a passfile); one it
    carries must be a real secret."""
    password = urlsplit(url).password
    if password:
        refuse_weak_secret(f"{setting} (its password)", unquote(password), min_length)
    return url


def refusal_to_start(exc: ValidationError) -> str:
    """Settings the process cannot start with, one line each, naming the setting and
    never repeating its value."""
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        setting = ".".join(str(part) for part in error["loc"]).upper() or "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        lines.append(message if message.startswith(setting) else f"{setting}: {message}")
    return "refusing to start: " + "; ".join(lines)
