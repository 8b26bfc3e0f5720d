"""CSRF: one random token per session, put in every form and checked on every POST."""

import hmac
import secrets

from fastapi import Request

from ..errors import Refused

FIELD = "csrf_token"
_SAFE = ("GET", "HEAD", "OPTIONS")


def csrf_token(request: Request) -> str:
    """The session's token; the sign-in form gets one before anyone signs in."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def csrf_guard(request: Request) -> None:
    if request.method in _SAFE:
        return
    expected = request.session.get("csrf")
    form = await request.form()
    presented = form.get(FIELD)
    if not (
        isinstance(presented, str)
        and expected
        and hmac.compare_digest(presented.encode(), expected.encode())
    ):
        raise Refused("error.csrf")
