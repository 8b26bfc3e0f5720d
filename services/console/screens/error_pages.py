"""What a person sees when a page cannot be shown: each exception of errors.py,
and a form FastAPI refused, turned into a page (or a redirect to sign in)."""

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response

from shared.logging import get_logger
from shared.text import plain_reason, refusal_code, refusal_params

from ..errors import (
    PasswordChangeRequired,
    Refused,
    ServiceRefused,
    ServiceUnavailable,
    SignInRequired,
    TooManyAttempts,
)
from .rendering import refusal_words, render

log = get_logger(__name__)


async def to_sign_in(request: Request, exc: SignInRequired) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/sign-in?{urlencode({'next': target})}", status_code=303)


async def refused(request: Request, exc: Refused) -> Response:
    return render(request, "error.html", status_code=exc.status, message=exc.label, values={})


async def unavailable(request: Request, exc: ServiceUnavailable) -> Response:
    log.warning("service unavailable", service=exc.service, path=request.url.path)
    return render(
        request,
        "error.html",
        status_code=502,
        message="error.unavailable",
        values={"service": exc.service},
    )


def form_refusal(exc: RequestValidationError) -> ServiceRefused:
    """The first field FastAPI refused in a console form, as a refusal told by its code."""
    first = exc.errors()[0] if exc.errors() else {"type": "", "loc": ()}
    field = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    return ServiceRefused(
        422,
        field or "?",
        plain_reason({"type": first.get("type", ""), "msg": first.get("msg", "")}),
        code=refusal_code(first),
        params=refusal_params(first),
    )


async def invalid_form(request: Request, exc: RequestValidationError) -> Response:
    return await service_refused(request, form_refusal(exc))


async def service_refused(request: Request, exc: ServiceRefused) -> Response:
    log.info("refused", status=exc.status, field=exc.field, code=exc.code, path=request.url.path)
    return render(
        request,
        "error.html",
        status_code=exc.status,
        message="refusal.page",
        values={"sentence": refusal_words(request, exc)["sentence"]},
    )


async def too_many(request: Request, exc: TooManyAttempts) -> Response:
    log.warning("throttled", path=request.url.path, retry_after=exc.retry_after)
    page = render(
        request,
        "error.html",
        status_code=429,
        message="error.too_many",
        values={"minutes": max(1, -(-exc.retry_after // 60))},
    )
    page.headers["Retry-After"] = str(exc.retry_after)
    return page


async def to_password_change(request: Request, exc: PasswordChangeRequired) -> Response:
    return RedirectResponse("/account/password", status_code=303)


def add_error_pages(app: FastAPI) -> None:
    app.exception_handler(SignInRequired)(to_sign_in)
    app.exception_handler(Refused)(refused)
    app.exception_handler(ServiceUnavailable)(unavailable)
    app.exception_handler(RequestValidationError)(invalid_form)
    app.exception_handler(ServiceRefused)(service_refused)
    app.exception_handler(TooManyAttempts)(too_many)
    app.exception_handler(PasswordChangeRequired)(to_password_change)
