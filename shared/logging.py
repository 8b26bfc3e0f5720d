"""Structured JSON logs. Event id and correlation id are bound per message
through contextvars, so every line a handler logs carries them."""

import logging
import sys

import structlog


def configure_logging(service: str, level: str = "INFO") -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=level.upper())
    # aiokafka logs every coordinator hiccup at INFO; keep its warnings only.
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
    # HTTP clients and the access log print every URL at INFO, query string included; a URL may
    # carry what a person typed, so they speak only of failures, whatever LOG_LEVEL says.
    for quiet in ("httpx", "httpcore", "uvicorn.access"):
        logging.getLogger(quiet).setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
