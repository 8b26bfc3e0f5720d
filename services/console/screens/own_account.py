"""Her own account: any signed-in person changes her password with the current one. A session
signed in with an admin's temporary password may do nothing else until she has."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from shared.errors import Rejected

from ..auth import account_service
from ..auth.passwords import WeakPassword
from ..auth.sessions import SignedIn, start_session
from ..auth.throttling import client_address, throttles
from ..errors import PasswordChangeRequired
from .rendering import render

router = APIRouter(prefix="/account")
SCREEN = None
# The session key saying the account signed in with a temporary password.
MUST_CHANGE = "must_change"
# What a session that must change its password may still open.
_OPEN_WHILE_CHANGING = ("/account/password", "/sign-out", "/language/", "/health/")


async def password_change_guard(request: Request) -> None:
    """Every page but the password form (and signing out) sends such a session to that form."""
    if request.session.get(MUST_CHANGE) and not request.url.path.startswith(_OPEN_WHILE_CHANGING):
        raise PasswordChangeRequired()


def _form(request: Request, status_code: int = 200, **context: object) -> Response:
    return render(
        request,
        "account_password.html",
        status_code=status_code,
        must_change=bool(request.session.get(MUST_CHANGE)),
        **context,
    )


@router.get("/password")
async def password_form(request: Request, account: SignedIn, done: str | None = None) -> Response:
    return _form(request, changed=done == "changed")


@router.post("/password")
async def change_password(
    request: Request,
    account: SignedIn,
    current_password: Annotated[str, Form(max_length=200)],
    new_password: Annotated[str, Form(max_length=200)],
    repeated: Annotated[str, Form(max_length=200)],
) -> Response:
    """A wrong current password counts as a failed sign-in from this address: a session left
    open cannot be used to guess the password by the thousand."""
    if new_password != repeated:
        return _form(request, 422, problem="account.password_mismatch")
    address = client_address(request)
    failures = throttles(request).sign_in_failures
    await failures.check(address)
    try:
        async with request.app.state.database.pool.acquire() as conn:
            epoch = await account_service.change_password(
                conn, account.username, current_password, new_password, address
            )
    except WeakPassword as weak:
        return _form(request, 422, problem=weak.label)
    except Rejected:
        await failures.count(address)
        return _form(request, 422, problem="account.wrong_current")
    start_session(request, account, epoch)
    return RedirectResponse("/account/password?done=changed", status_code=303)
