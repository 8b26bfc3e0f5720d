"""The console's FastAPI app: sessions, CSRF, the read-only guard, one router per screen."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from shared.db import Database
from shared.logging import configure_logging, get_logger

from .auth.csrf import csrf_guard
from .auth.sessions import read_only_guard
from .clients.service_apis import Clients, ServiceClient
from .errors import Refused, ServiceRefused, ServiceUnavailable, SignInRequired
from .screens import accounts, grievances, home, kitchens, ops, people, reviews, sign_in
from .screens.rendering import render
from .settings import ConsoleSettings

log = get_logger(__name__)
# One router per screen; each module names its navigation entry (SCREEN) or None.
SCREEN_MODULES = (home, people, reviews, kitchens, grievances, ops, accounts)


def _clients(settings: ConsoleSettings, transport: httpx.AsyncBaseTransport | None) -> Clients:
    return Clients(
        ServiceClient.create(
            "beneficiaries", settings.beneficiaries_url, settings.beneficiaries_token, transport
        ),
        ServiceClient.create("kitchens", settings.kitchens_url, settings.kitchens_token, transport),
        ServiceClient.create(
            "grievances", settings.grievances_url, settings.grievances_token, transport
        ),
    )


def create_app(
    settings: ConsoleSettings | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    settings = settings or ConsoleSettings()
    configure_logging("console", settings.log_level)
    database = Database(settings.database_url, "console", max_size=settings.db_pool_max)

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

    app = FastAPI(
        title="Console",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(csrf_guard), Depends(read_only_guard)],
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret,
        session_cookie="console_session",
        max_age=int(settings.session_hours * 3600),
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.screens = [m.SCREEN for m in SCREEN_MODULES if m.SCREEN is not None]
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(sign_in.router)
    for module in SCREEN_MODULES:
        app.include_router(module.router)
    _error_pages(app)

    @app.get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "live"}

    @app.get("/health/ready", include_in_schema=False)
    async def ready() -> JSONResponse:
        try:
            await database.pool.fetchval("SELECT 1")
        except Exception:
            return JSONResponse(
                {"status": "not ready", "checks": {"database": False}}, status_code=503
            )
        return JSONResponse({"status": "ready", "checks": {"database": True}})

    return app


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def to_sign_in(request: Request, exc: SignInRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?{urlencode({'next': target})}", status_code=303)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return render(request, "error.html", status_code=exc.status, message=exc.label, values={})

    @app.exception_handler(ServiceUnavailable)
    async def unavailable(request: Request, exc: ServiceUnavailable) -> Response:
        log.warning("service unavailable", service=exc.service, path=request.url.path)
        return render(
            request,
            "error.html",
            status_code=502,
            message="error.unavailable",
            values={"service": exc.service},
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_form(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        field = (
            ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
            or "?"
        )
        return render(
            request,
            "error.html",
            status_code=422,
            message="form.refused",
            values={"field": field, "reason": first.get("msg", "")},
        )

    @app.exception_handler(ServiceRefused)
    async def service_refused(request: Request, exc: ServiceRefused) -> Response:
        return render(
            request,
            "error.html",
            status_code=exc.status,
            message="form.refused",
            values={"field": exc.field, "reason": exc.reason},
        )
