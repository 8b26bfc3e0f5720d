"""The console's FastAPI app: sessions, CSRF, the read-only guard, one router per screen."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import httpx
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from shared.acting_assertion import AssertionSigner
from shared.db import Database
from shared.logging import configure_logging, get_logger

from .auth.csrf import csrf_guard
from .auth.security_headers import SecurityHeadersMiddleware
from .auth.sessions import read_only_guard
from .auth.throttling import Throttles
from .clients.service_apis import Clients, ServiceClient
from .screens import (
    accounts,
    casework,
    enrolment,
    grievances,
    health,
    home,
    kitchen_names,
    kitchens,
    metrics,
    ops,
    ops_service_documents,
    own_account,
    people,
    reviews,
    sign_in,
)
from .screens.error_pages import add_error_pages
from .settings import ConsoleSettings

log = get_logger(__name__)
# One router per screen, in navigation order; each module names its entry (SCREEN) or None.
SCREEN_MODULES = (home, people, enrolment, reviews, casework, kitchens, grievances, ops, accounts)
# Routers outside the navigation: signing in, one's own password, the probes, Prometheus's,
# the services' documents the ops screen links.
OTHER_ROUTERS = (
    sign_in.router,
    own_account.router,
    health.router,
    metrics.router,
    ops_service_documents.router,
)


def create_app(
    settings: ConsoleSettings | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """`transport`, when given, carries the calls to the services instead of the network
    (an httpx.MockTransport, say)."""
    settings = settings or ConsoleSettings()
    configure_logging("console", settings.log_level)
    database = Database(settings.database_url, "console", max_size=settings.db_pool_max)
    app = FastAPI(
        title="Console",
        lifespan=_lifespan(settings, database, transport),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[
            Depends(csrf_guard),
            Depends(read_only_guard),
            Depends(own_account.password_change_guard),
            # A committee member's kitchen by its name in every page's header.
            Depends(kitchen_names.own_kitchen_name),
        ],
    )
    _add_sessions(app, settings)
    app.state.settings = settings
    app.state.database = database
    app.state.throttles = Throttles.from_settings(settings)
    app.state.screens = [m.SCREEN for m in SCREEN_MODULES if m.SCREEN is not None]
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    for router in (*OTHER_ROUTERS, *(m.router for m in SCREEN_MODULES)):
        app.include_router(router)
    add_error_pages(app)
    app.state.metrics = metrics.ConsoleMetrics()
    app.add_middleware(metrics.RequestMetrics, metrics=app.state.metrics)
    # Last added, outermost: error pages and static files carry the headers too.
    app.add_middleware(SecurityHeadersMiddleware, https=settings.served_over_https)
    return app


def _lifespan(
    settings: ConsoleSettings, database: Database, transport: httpx.AsyncBaseTransport | None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The database pool and one HTTP client per service, open while the app runs."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await database.open()
        app.state.clients = _clients(settings, transport)
        log.info("console started", http_port=settings.http_port)
        try:
            yield
        finally:
            await app.state.clients.close()
            await database.close()

    return lifespan


def _add_sessions(app: FastAPI, settings: ConsoleSettings) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie="console_session",
        max_age=int(settings.session_hours * 3600),
        same_site="lax",
        https_only=settings.served_over_https,
    )


def _clients(settings: ConsoleSettings, transport: httpx.AsyncBaseTransport | None) -> Clients:
    signer = AssertionSigner(settings.acting_assertion_private_key)

    def client(name: str) -> ServiceClient:
        url, token = getattr(settings, f"{name}_url"), getattr(settings, f"{name}_token")
        return ServiceClient.create(name, url, token, signer, transport)

    return Clients(client("beneficiaries"), client("kitchens"), client("grievances"))
