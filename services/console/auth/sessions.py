"""Sessions in a signed cookie (Starlette's SessionMiddleware, itsdangerous):
who is signed in, since when, the account's session epoch and the CSRF token.
The account is read again on every request, so an unlock, a sign-out
elsewhere or a deleted account takes effect at once."""

import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from ..errors import Refused, SignInRequired
from .accounts_repository import AccountsRepository
from .roles import Account, Role


def start_session(request: Request, account: Account, epoch: int) -> None:
    """A fresh session (never the one the sign-in form came with: no fixation)."""
    language = request.session.get("lang")
    request.session.clear()
    request.session.update(
        user=account.username, epoch=epoch, since=time.time(), csrf=secrets.token_urlsafe(32)
    )
    if language:
        request.session["lang"] = language


def end_session(request: Request) -> None:
    language = request.session.get("lang")
    request.session.clear()
    if language:
        request.session["lang"] = language


async def current_account(request: Request) -> Account | None:
    if hasattr(request.state, "account"):
        return request.state.account
    account = None
    username, epoch, since = (request.session.get(k) for k in ("user", "epoch", "since"))
    if username is not None:
        # start_session always writes an epoch: a session without one is ended like an old one.
        if epoch is None or time.time() - float(since or 0) > _session_seconds(request):
            end_session(request)
        else:
            async with request.app.state.database.pool.acquire() as conn:
                account = await AccountsRepository(conn).signed_in(username, int(epoch))
            if account is None:
                end_session(request)
    request.state.account = account
    return account


def _session_seconds(request: Request) -> float:
    return request.app.state.settings.session_hours * 3600


def require_role(*roles: Role) -> Callable[[Request], Awaitable[Account]]:
    """A dependency: the signed-in account if its role is one of `roles` (any role when none
    is given)."""

    async def signed_in_account(request: Request) -> Account:
        account = await current_account(request)
        if account is None:
            raise SignInRequired()
        if roles and account.role not in roles:
            raise Refused()
        return account

    return signed_in_account


# Any signed-in account, as a route parameter: `account: SignedIn`.
SignedIn = Annotated[Account, Depends(require_role())]


# Forms an auditor may send: they change no programme data (signing out, searches whose terms
# must stay out of the URL, the reason for opening a case file, her own password).
AUDITOR_FORMS = frozenset(
    {"/sign-out", "/people", "/people/open", "/grievances", "/account/password"}
)


async def read_only_guard(request: Request) -> None:
    """Auditors only look: every form they send is refused, except AUDITOR_FORMS."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.url.path in AUDITOR_FORMS:
        return
    account = await current_account(request)
    if account is not None and account.read_only:
        raise Refused("error.read_only")
