"""Runs a service's app under uvicorn with the host and port from the settings."""

from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from .settings import ServiceSettings


def serve(create_app: Callable[[ServiceSettings], FastAPI]) -> None:
    settings = ServiceSettings()
    uvicorn.run(
        create_app(settings), host=settings.http_host, port=settings.http_port, log_level="warning"
    )
