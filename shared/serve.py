"""Runs a service's app under uvicorn with the host and port from the settings."""

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from .settings import ServiceSettings


def serve(
    create_app: Callable[..., FastAPI], settings_class: type[ServiceSettings] = ServiceSettings
) -> None:
    """`settings_class`: a service with settings of its own (grievances) reads them here."""
    settings = settings_class()
    uvicorn.run(
        create_app(settings), host=settings.http_host, port=settings.http_port, log_level="warning"
    )
