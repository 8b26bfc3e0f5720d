"""Runs a service's app under uvicorn with the host and port from the settings."""

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI
from pydantic import ValidationError

from .secret_checks import refusal_to_start
from .settings import ServiceSettings


def serve(
    create_app: Callable[..., FastAPI], settings_class: type[ServiceSettings] = ServiceSettings
) -> None:
    """`settings_class`: a service with settings of its own (grievances) reads them here."""
    try:
        settings = settings_class()
    except ValidationError as exc:
        raise SystemExit(refusal_to_start(exc)) from None
    uvicorn.run(
        create_app(settings), host=settings.http_host, port=settings.http_port, log_level="warning"
    )
