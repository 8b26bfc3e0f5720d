"""Accounts: list, create, unlock, disable, enable, reset a password. Admins only."""

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from shared.errors import Rejected

from .. import labels
from ..auth import account_service
from ..auth.accounts_repository import AccountsRepository
from ..auth.passwords import WeakPassword
from ..auth.roles import Account, Role, Screen
from ..auth.sessions import require_role
from ..errors import ServiceRefused
from ..rules.sign_in import event_detail
from .kitchen_names import kitchen_names
from .rendering import language, refusal_words, render

router = APIRouter(prefix="/admin")
SCREEN = Screen("/admin/accounts", "nav.admin", frozenset({Role.ADMIN}))
AdminAccount = Annotated[Account, Depends(require_role(Role.ADMIN))]


def _detail_in_words(event: dict[str, Any], lang: str) -> str:
    """The sign-in trail's detail in the reader's words (a role created by its label)."""
    found = event_detail(event["outcome"], event["detail"])
    if found is None:
        return ""
    key, values = found
    if "role" in values and labels.known(values["role"]):
        values = {**values, "role": labels.translate(values["role"], lang)}
    return labels.translate(key, lang, **values)


async def _page(request: Request, status_code: int = 200, **context: object) -> Response:
    async with request.app.state.database.pool.acquire() as conn:
        repository = AccountsRepository(conn)
        accounts, events = await repository.listing(), await repository.recent_events()
    lang = language(request)
    events = [{**e, "said": _detail_in_words(e, lang)} for e in events]
    committees = [a["kitchen_id"] for a in accounts if a["kitchen_id"]]
    return render(
        request,
        "admin_accounts.html",
        status_code=status_code,
        accounts=accounts,
        events=events,
        roles=list(Role),
        # A committee member's account names her kitchen by its name.
        kitchen_names=(
            await kitchen_names(request, request.state.account, committees) if committees else {}
        ),
        **context,
    )


@router.get("/accounts")
async def accounts(
    request: Request, account: AdminAccount, done: str | None = None, username: str | None = None
) -> Response:
    notice = {
        "created": "admin.created",
        "unlocked": "admin.unlocked",
        "disabled": "admin.disabled_done",
        "enabled": "admin.enabled_done",
    }.get(done or "")
    return await _page(request, notice=notice, notice_username=username)


@router.post("/accounts")
async def create(
    request: Request,
    account: AdminAccount,
    username: Annotated[str, Form(max_length=64)],
    display_name: Annotated[str, Form(max_length=200)],
    role: Annotated[Role, Form()],
    password: Annotated[str, Form(max_length=200)],
    agency: Annotated[str, Form(max_length=100)] = "",
    kitchen_id: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    new = Account(
        username.strip().lower(),
        display_name.strip() or username.strip(),
        role,
        agency.strip() or None,
        kitchen_id.strip() or None,
    )
    try:
        async with request.app.state.database.pool.acquire() as conn:
            await account_service.create_account(
                conn, new, password, account.username, initial_until=_temporary_until(request)
            )
    except WeakPassword as weak:
        return await _page(request, status_code=422, problem_label=weak.label)
    except Rejected as exc:
        return await _page(request, status_code=422, problem=_problem(request, exc))
    return _done("created", new.username)


def _problem(request: Request, exc: Rejected) -> dict[str, str]:
    """The account rule refused, told by its code like a service's refusal."""
    return refusal_words(
        request, ServiceRefused(422, exc.field, exc.reason, code=exc.code, params=exc.params)
    )


def _done(what: str, username: str) -> RedirectResponse:
    return RedirectResponse(
        f"/admin/accounts?{urlencode({'done': what, 'username': username})}", status_code=303
    )


@router.post("/accounts/{username}/unlock")
async def unlock(request: Request, username: str, account: AdminAccount) -> Response:
    try:
        async with request.app.state.database.pool.acquire() as conn:
            await account_service.unlock(conn, username, account.username)
    except Rejected as exc:
        return await _page(request, status_code=404, problem=_problem(request, exc))
    return _done("unlocked", username)


@router.post("/accounts/{username}/disable")
async def disable(request: Request, username: str, account: AdminAccount) -> Response:
    return await _set_disabled(request, username, account, disabled=True)


@router.post("/accounts/{username}/enable")
async def enable(request: Request, username: str, account: AdminAccount) -> Response:
    return await _set_disabled(request, username, account, disabled=False)


async def _set_disabled(
    request: Request, username: str, account: Account, disabled: bool
) -> Response:
    try:
        async with request.app.state.database.pool.acquire() as conn:
            await account_service.set_disabled(conn, username, disabled, account.username)
    except Rejected as exc:
        return await _page(request, status_code=422, problem=_problem(request, exc))
    return _done("disabled" if disabled else "enabled", username)


def _temporary_until(request: Request) -> datetime:
    """Until when a password an admin gives (a new account's, a reset's) opens the account."""
    hours = request.app.state.settings.temporary_password_hours
    return datetime.now(UTC) + timedelta(hours=hours)


@router.post("/accounts/{username}/reset")
async def reset(request: Request, username: str, account: AdminAccount) -> Response:
    """The temporary password is shown in this one answer, which no browser or proxy keeps."""
    hours = request.app.state.settings.temporary_password_hours
    try:
        async with request.app.state.database.pool.acquire() as conn:
            password = await account_service.reset_password(
                conn, username, account.username, datetime.now(UTC), timedelta(hours=hours)
            )
    except Rejected as exc:
        return await _page(request, status_code=422, problem=_problem(request, exc))
    page = await _page(
        request, temporary={"username": username, "password": password, "hours": f"{hours:g}"}
    )
    page.headers["Cache-Control"] = "no-store"
    return page
