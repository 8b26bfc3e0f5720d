"""How the plumbing tells a bad message from a bad moment."""

import asyncio
from collections.abc import Mapping
from datetime import date
from typing import Any

import asyncpg
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaTimeoutError,
    NotEnoughReplicasError,
    RequestTimedOutError,
)
from pydantic import ValidationError

from .text import field_path, plain_reason, refusal_code, refusal_params

MAX_REASON_LENGTH = 1_000

# What a refusal's parameters may hold: numbers in their unit (centavos, days),
# dates as ISO strings, codes. Never a person's data nor the value the caller sent.
ParamValue = str | int | float | bool | None
ParamInput = ParamValue | date


def json_params(params: Mapping[str, ParamInput] | None) -> dict[str, ParamValue]:
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in (params or {}).items()
    }


class Rejected(Exception):
    """A domain rule refused the event. It goes to the dead-letter topic with this reason.

    `code` is the machine's name for the rule (snake_case, stable: the console
    labels each one in the reader's language) and `params` what the sentence
    needs; `reason` stays the English sentence for API users and logs."""

    def __init__(
        self,
        field: str,
        reason: str,
        *,
        code: str,
        params: Mapping[str, ParamInput] | None = None,
    ) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.code = code
        self.params = json_params(params)


class InvalidMessage(Exception):
    """The record is not a valid event for this topic (JSON, envelope, type, version or payload).
    `code` says which in a word a screen can label, as a refusal's does (dlq.code)."""

    def __init__(self, description: str, *, code: str) -> None:
        super().__init__(description)
        self.code = code


class InvalidPayload(InvalidMessage):
    """A well-formed envelope of a known type whose payload breaks the contract.
    The envelope is kept so a service can answer the sender instead of only dead-lettering."""

    def __init__(self, envelope: Any, rejection: Rejected, description: str) -> None:
        super().__init__(description, code=rejection.code)
        self.envelope = envelope
        self.rejection = rejection


class NotHandledHere(Exception):
    """A well-formed envelope of a type this consumer chose not to handle."""

    def __init__(self, event_type: str) -> None:
        super().__init__(event_type)
        self.event_type = event_type


TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,
    asyncpg.SerializationError,
    asyncpg.DeadlockDetectedError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    KafkaConnectionError,
    KafkaTimeoutError,
    RequestTimedOutError,
    NotEnoughReplicasError,
)


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, TRANSIENT_ERRORS)


def describe_validation_error(exc: ValidationError, prefix: str = "") -> str:
    """Names each failing field and why, without echoing the input (it may hold personal data)."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        location = field_path(tuple(p for p in (prefix, *error["loc"]) if p != ""))
        parts.append(f"{location}: {plain_reason(error)}")
    return cap("; ".join(parts))


def rejection_from_validation(exc: ValidationError) -> Rejected:
    """The first failing field names the rejection; the reason lists every problem."""
    first = exc.errors(include_input=False, include_url=False)[0]
    field = field_path(first["loc"])
    return Rejected(
        field,
        describe_validation_error(exc).removeprefix(f"{field}: "),
        code=refusal_code(first),
        params=refusal_params(first),
    )


# The dead-letter code of a handler that kept failing for a reason no rule names.
HANDLER_FAILED = "handler_failed"


def describe_unexpected(exc: BaseException) -> str:
    """Exception messages can quote row values; keep only what identifies the failure."""
    if isinstance(exc, asyncpg.PostgresError):
        constraint = getattr(exc, "constraint_name", None)
        detail = f" on constraint {constraint}" if constraint else ""
        return f"handler failed: {type(exc).__name__} (SQLSTATE {exc.sqlstate}){detail}"
    return f"handler failed: {type(exc).__name__}"


def cap(text: str) -> str:
    return text if len(text) <= MAX_REASON_LENGTH else text[: MAX_REASON_LENGTH - 1] + "…"
