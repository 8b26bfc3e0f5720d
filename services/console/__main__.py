import uvicorn
from pydantic import ValidationError

from shared.secret_checks import refusal_to_start

from .app import create_app
from .settings import ConsoleSettings, proxy_options

try:
    settings = ConsoleSettings()
except ValidationError as exc:
    raise SystemExit(refusal_to_start(exc)) from None
uvicorn.run(
    create_app(settings),
    host=settings.http_host,
    port=settings.http_port,
    log_level="warning",
    **proxy_options(settings),
)
