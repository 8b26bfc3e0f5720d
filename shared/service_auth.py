"""Who calls a service, and on whose behalf, as the service can prove it.

Every route but the open ones needs `Authorization: Bearer <token>` naming a
configured caller (`SERVICE_TOKENS="console:<secret>,ops:<secret>"`). The
token says which system calls, never who acts: the person comes only from the
console's signed assertion (`X-Acting-Assertion`, shared/acting_assertion.py),
verified against the console's public key, this service as its audience, and
its expiry. Headers such as `X-Acting-User` are not read at all.

Each route is one of three kinds (the service's definition names the first two):
- operational: any caller, `ops` included (a batch run; no person's data);
- public: the console, acting for no one or for a signed-in person (what the
  public may do through the console: file a grievance, follow it by receipt);
- every other route: the console's token and a valid assertion. The `ops`
  token never reaches a person's data.
The result travels to the routes as an `Acting` on `request.state.acting`."""

import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from . import acting_assertion
from .acting_assertion import AssertionRefused, AssertionVerifier
from .http_refusals import problem
from .roles import READ_ONLY, Role
from .secret_checks import refuse_weak_secret

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
# Swagger UI's own files, served with /docs (shared/api_docs.py).
OPEN_PREFIXES = ("/docs/assets/",)
# The one caller whose assertions are taken: the key that signs them is the console's.
ASSERTING_CALLER = "console"
# Reads sent as POST because their terms are personal data that must stay out of URLs and logs:
# a read-only role may send them.
READS_BY_POST = frozenset({"/persons/search", "/cases/search"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MIN_SECRET_LENGTH = 16


class RouteKind(Enum):
    OPERATIONAL = "operational"
    PUBLIC = "public"
    PERSON = "person"


def parse_service_tokens(spec: str) -> dict[str, str]:
    """`name:secret,name:secret` → {name: secret}; a malformed entry, a short or a
    placeholder secret is refused at start-up, not at the first call."""
    tokens: dict[str, str] = {}
    for entry in (e.strip() for e in spec.split(",")):
        if not entry:
            continue
        name, sep, secret = entry.partition(":")
        if not sep or not name.strip():
            raise ValueError(f"SERVICE_TOKENS entry {name.strip() or '?'!r}: want name:secret")
        refuse_weak_secret(f"SERVICE_TOKENS entry {name.strip()!r}", secret, MIN_SECRET_LENGTH)
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
    """Who calls (the service, from its token) and on whose behalf (from the verified
    assertion; all None when the call acts for no one)."""

    caller: str
    user: str | None = None
    role: Role | None = None
    agency: str | None = None
    kitchen: str | None = None
    reason: str | None = None

    @property
    def who(self) -> str:
        return self.user or self.caller


class Refused(Exception):
    def __init__(self, status: int, field: str, reason: str, *, code: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.status, self.field, self.reason, self.code = status, field, reason, code

    def response(self) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if self.status == 401 else None
        body = {"detail": [problem(self.field, self.reason, self.code)]}
        return JSONResponse(body, status_code=self.status, headers=headers)


def _pattern(route: str) -> re.Pattern[str]:
    """`POST /cases/{case_id}` → a pattern of the method and path, a template segment
    standing for one path segment."""
    method, _, path = route.partition(" ")
    segments = (
        "[^/]+" if part.startswith("{") and part.endswith("}") else re.escape(part)
        for part in path.split("/")
    )
    return re.compile(f"{re.escape(method)} {'/'.join(segments)}")


@dataclass(frozen=True)
class AccessPolicy:
    """What this service checks: its name (the audience of assertions), its callers'
    tokens, the console's public keys, and its operational and public routes, each
    written `METHOD /path/{template}` as the route is declared."""

    audience: str
    tokens: Mapping[str, str]
    verifier: AssertionVerifier
    operational: frozenset[str] = frozenset()
    public: frozenset[str] = frozenset()
    _patterns: list[tuple[re.Pattern[str], RouteKind]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        kinds = [(RouteKind.OPERATIONAL, r) for r in self.operational]
        kinds += [(RouteKind.PUBLIC, r) for r in self.public]
        object.__setattr__(self, "_patterns", [(_pattern(r), kind) for kind, r in kinds])

    def kind(self, method: str, path: str) -> RouteKind:
        request = f"{method} {path}"
        for pattern, kind in self._patterns:
            if pattern.fullmatch(request):
                return kind
        return RouteKind.PERSON

    def acting(self, method: str, path: str, headers: Mapping[str, str]) -> Acting:
        """The verified caller and person, or Refused."""
        caller = self._caller(headers.get("authorization"))
        acting = Acting(caller, *self._person(caller, headers.get(acting_assertion.HEADER)))
        kind = self.kind(method, path)
        if kind is not RouteKind.OPERATIONAL and caller != ASSERTING_CALLER:
            raise Refused(
                403,
                "Authorization",
                f"the {caller} token reaches operational routes only",
                code="caller_not_allowed",
            )
        if kind is RouteKind.PERSON and acting.user is None:
            raise Refused(
                401,
                acting_assertion.HEADER,
                "missing: this route acts for a signed-in person",
                code="acting_person_missing",
            )
        if acting.role in READ_ONLY and not _is_read(method, path):
            raise Refused(
                403,
                f"{acting_assertion.HEADER}.role",
                f"{acting.role} is read-only",
                code="role_read_only",
            )
        return acting

    def _caller(self, authorization: str | None) -> str:
        if not self.tokens:
            raise Refused(
                401,
                "Authorization",
                "this service has no SERVICE_TOKENS configured, so it refuses every caller",
                code="service_not_configured",
            )
        if not authorization:
            raise Refused(
                401,
                "Authorization",
                "missing: send Authorization: Bearer <token>",
                code="caller_not_authenticated",
            )
        caller = caller_of(authorization, self.tokens)
        if caller is None:
            raise Refused(
                401, "Authorization", "not a valid service token", code="caller_not_authenticated"
            )
        return caller

    def _person(
        self, caller: str, token: str | None
    ) -> tuple[str | None, Role | None, str | None, str | None, str | None]:
        if token is None:
            return None, None, None, None, None
        if caller != ASSERTING_CALLER:
            raise Refused(
                403,
                acting_assertion.HEADER,
                f"only the {ASSERTING_CALLER} signs for a person",
                code="caller_not_allowed",
            )
        if not self.verifier.configured:
            raise Refused(
                401,
                acting_assertion.HEADER,
                "this service has no ACTING_ASSERTION_PUBLIC_KEYS configured, "
                "so it acts for no one",
                code="service_not_configured",
            )
        try:
            person = self.verifier.verify(token, self.audience)
        except AssertionRefused as exc:
            raise Refused(401, exc.field, exc.reason, code="acting_assertion_refused") from None
        return person.user, person.role, person.agency, person.kitchen, person.reason


def _is_read(method: str, path: str) -> bool:
    return method in _SAFE_METHODS or (method == "POST" and path in READS_BY_POST)


def check_routes_exist(declared: Iterable[str], openapi_paths: Mapping[str, Any]) -> None:
    """A policy naming a route the service does not have is a typo that would leave the
    real route under the default; refuse it at start-up."""
    existing = {
        f"{method.upper()} {path}" for path, methods in openapi_paths.items() for method in methods
    }
    unknown = sorted(set(declared) - existing)
    if unknown:
        raise ValueError(f"access policy names routes this service does not have: {unknown}")


class ServiceTokenMiddleware:
    def __init__(self, app: ASGIApp, policy: AccessPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            request.state.acting = self.policy.acting(
                request.method, scope["path"], request.headers
            )
        except Refused as refused:
            await refused.response()(scope, receive, send)
            return
        await self.app(scope, receive, send)


def acting_from(request: Request) -> Acting:
    return request.state.acting
