import uvicorn

from .app import create_app
from .settings import ConsoleSettings

settings = ConsoleSettings()
uvicorn.run(
    create_app(settings),
    host=settings.http_host,
    port=settings.http_port,
    log_level="warning",
    proxy_headers=False,
)
