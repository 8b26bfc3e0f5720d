"""Service tokens: every route but the operational ones needs
`Authorization: Bearer <token>` naming a configured caller.

`SERVICE_TOKENS="console:<secret>,ops:<secret>"` lists who may call; the
caller's name and the acting person the caller vouches for (`X-Acting-*`
headers; `X-Access-Reason` percent-encoded, as header values are ASCII)
travel to the routes as an `Acting` on `request.state.acting`. The headers
are trusted only because the token is: a caller that holds a token answers
for what it says about its users."""

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from .http_refusals import problem

# Probes, scrapers and the API documents stay open: they carry no personal data.
OPEN_PATHS = frozenset(
    {
        "/health/live",
        "/health/ready",
        "/metrics",
        "/asyncapi.json",
        "/docs",
        "/docs/oauth2-redirect",
        "/openapi.json",
    }
)
READ_ONLY_ROLES = frozenset({"auditor"})
# Reads sent as POST because their terms are personal data that must stay out of URLs and logs:
# a read-only role may send them.
READS_BY_POST = frozenset({"/persons/search"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MIN_SECRET_LENGTH = 16


def parse_service_tokens(spec: str) -> dict[str, str]:
    """`name:secret,name:secret` → {name: secret}; a malformed entry is refused
    at start-up, not at the first call."""
    tokens: dict[str, str] = {}
    for entry in (e.strip() for e in spec.split(",")):
        if not entry:
            continue
        name, sep, secret = entry.partition(":")
        if not sep or not name.strip() or len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"SERVICE_TOKENS entry {name.strip() or '?'!r}: want name:secret with a secret of "
                f"at least {MIN_SECRET_LENGTH} characters"
            )
        if name.strip() in tokens:
            raise ValueError(f"SERVICE_TOKENS names {name.strip()!r} twice")
        tokens[name.strip()] = secret
    return tokens


def caller_of(authorization: str | None, tokens: Mapping[str, str]) -> str | None:
    """The caller whose secret the header carries. Every secret is compared, in constant time."""
    if not authorization:
        return None
    scheme, _, presented = authorization.partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        return None
    presented_bytes = presented.strip().encode()
    found = None
    for name, secret in tokens.items():
        if hmac.compare_digest(presented_bytes, secret.encode()):
            found = name
    return found


@dataclass(frozen=True)
class Acting:
    """Who calls (the service, from its token) and on whose behalf (from its headers)."""

    caller: str
    user: str | None = None
    role: str | None = None
    agency: str | None = None
    kitchen: str | None = None
    reason: str | None = None

    @property
    def who(self) -> str:
        return self.user or self.caller

    @classmethod
    def from_headers(cls, caller: str, headers: Mapping[str, str]) -> "Acting":
        def header(name: str) -> str | None:
            value = (headers.get(name) or "").strip()
            return value or None

        reason = header("x-access-reason")
        return cls(
            caller,
            header("x-acting-user"),
            header("x-acting-role"),
            header("x-acting-agency"),
            header("x-acting-kitchen"),
            unquote(reason).strip() or None if reason else None,
        )


def _refusal(status: int, field: str, reason: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"detail": [problem(field, reason)]}, status_code=status, headers=headers)


class ServiceTokenMiddleware:
    def __init__(self, app: ASGIApp, tokens: Mapping[str, str]) -> None:
        self.app = app
        self.tokens = dict(tokens)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._check(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _check(self, request: Request) -> JSONResponse | None:
        header = request.headers.get("authorization")
        if not self.tokens:
            return _refusal(
                401,
                "Authorization",
                "this service has no SERVICE_TOKENS configured, so it refuses every caller",
            )
        if not header:
            return _refusal(
                401, "Authorization", "missing: send Authorization: Bearer <service token>"
            )
        caller = caller_of(header, self.tokens)
        if caller is None:
            return _refusal(401, "Authorization", "not a valid service token")
        acting = Acting.from_headers(caller, request.headers)
        if acting.role in READ_ONLY_ROLES and not _is_read(request):
            return _refusal(403, "X-Acting-Role", f"{acting.role} is read-only")
        request.state.acting = acting
        return None


def _is_read(request: Request) -> bool:
    return request.method in _SAFE_METHODS or request.url.path in READS_BY_POST


def acting_from(request: Request) -> Acting:
    return request.state.acting
