"""Sign-in, sign-out and the language switch."""

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from .. import labels
from ..auth import account_service
from ..auth.lockout import LockoutPolicy
from ..auth.sessions import current_account, end_session, start_session
from ..auth.throttling import client_address, throttles
from ..rules.sign_in import safe_next
from .own_account import MUST_CHANGE
from .rendering import render

router = APIRouter()


@router.get("/sign-in")
async def sign_in_form(
    request: Request, next: str | None = None, notice: str | None = None
) -> Response:
    return render(
        request,
        "sign_in.html",
        next=safe_next(next),
        notice=notice if notice in ("signed_out", "expired") else None,
    )


@router.post("/sign-in")
async def sign_in(
    request: Request,
    username: str = Form(max_length=100),
    password: str = Form(max_length=200),
    next: str = Form(default="/"),
) -> Response:
    """An address past its allowance of failures gets 429 before any password is checked or
    any account's failures are counted (auth/throttling.py)."""
    settings = request.app.state.settings
    policy = LockoutPolicy(settings.lockout_failures, timedelta(minutes=settings.lockout_minutes))
    address = client_address(request)
    failures = throttles(request).sign_in_failures
    await failures.check(address)
    async with request.app.state.database.pool.acquire() as conn:
        signed_in = await account_service.sign_in(
            conn, username.strip().lower(), password, datetime.now(UTC), policy, address
        )
    if signed_in is None:
        await failures.count(address)
        return render(
            request,
            "sign_in.html",
            status_code=401,
            next=safe_next(next),
            refused=True,
            username=username,
        )
    start_session(request, signed_in.account, signed_in.epoch)
    if signed_in.must_change_password:
        request.session[MUST_CHANGE] = True
        return RedirectResponse("/account/password", status_code=303)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    account = await current_account(request)
    if account is not None:
        async with request.app.state.database.pool.acquire() as conn:
            await account_service.sign_out(conn, account.username, client_address(request))
    end_session(request)
    return RedirectResponse("/sign-in?notice=signed_out", status_code=303)


@router.get("/language/{code}")
async def switch_language(request: Request, code: str, next: str | None = None) -> Response:
    if code in labels.LANGUAGES:
        request.session["lang"] = code
    return RedirectResponse(safe_next(next), status_code=303)
