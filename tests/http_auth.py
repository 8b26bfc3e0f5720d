"""What the tests send when they call a service's API directly, as the console
does: the console's service token of the service behind the URL and an
assertion, signed with the session's console key, of who acts, in which scope
and why. The session's fleet registers itself here, so helpers that only know
a URL can authenticate without every call site passing headers.

An assertion is good for one call (a service refuses one it has taken): build the
headers per call, or give a client that makes many calls `auth=FreshAssertions(url)`."""

from collections.abc import Generator
from typing import Any

import httpx

from deploy.local.stack import ServiceFleet, ServiceProcess
from shared.acting_assertion import HEADER, AssertionSigner
from shared.roles import SCOPE_OF, Role

TEST_REASON = "automated test"
# Who plain calls (headers_for) act as, and the role of any call that names none: a
# supervisor sees every agency's people, as the services' own tests need; tests about
# scope name the person they act as.
TEST_USER = "test.supervisor"
TEST_ROLE = "supervisor"
_fleets: list[ServiceFleet] = []


def register(fleet: ServiceFleet) -> None:
    _fleets.append(fleet)


def _service_at(url: str) -> tuple[ServiceFleet, ServiceProcess]:
    for fleet in _fleets:
        for process in fleet.processes:
            if url == process.url or url.startswith(process.url + "/"):
                return fleet, process
    raise LookupError(f"no running service at {url}")


def signed_headers(url: str, claims: dict[str, Any], **signer: Any) -> dict[str, str]:
    """The console's token and an assertion of exactly these claims (issuer, audience,
    times and id added unless given), validly signed: what a test needs to show that
    the service judges the claims, not just the signature."""
    fleet, process = _service_at(url)
    if fleet.console_keys is None:
        raise LookupError("the session's fleet has no console keys")
    audience = claims.pop("aud", process.name)
    token = AssertionSigner(fleet.console_keys.private, **signer).sign_claims(audience, claims)
    return {**fleet.tokens.headers(process.name, "console"), HEADER: token}


def headers_for(url: str) -> dict[str, str]:
    return acting_headers(url, user=TEST_USER)


def acting_headers(
    url: str,
    *,
    user: str | None = None,
    role: str | None = None,
    agency: str | None = None,
    kitchen: str | None = None,
    reason: str | None = TEST_REASON,
) -> dict[str, str]:
    """Everything a call made on someone's behalf carries: the console's credentials for
    the service behind `url` and who acts, in which scope, why. Tests that cross a
    boundary build their requests here, so how the acting person is proven is decided in
    one place. The role is sent as given: a misspelt one is the service's to refuse.
    Without `user` the assertion names no account (no `sub`), as a call by the calling
    service itself would: a route that acts for a person refuses it."""
    claims = {
        "sub": user,
        "role": role or TEST_ROLE,
        "agency": agency,
        "kitchen": kitchen,
        "purpose": reason,
    }
    return signed_headers(url, {name: value for name, value in claims.items() if value})


# Every role an assertion may carry, as the boundary tests try them one by one.
ALL_ROLES = tuple(role.value for role in Role)


def as_role(
    url: str,
    role: str,
    *,
    user: str | None = None,
    agency: str = "dif-jalisco",
    kitchen: str = "CDMX-IZT-0042",
) -> dict[str, str]:
    """A properly signed call by a test account of `role`, carrying the scope that role
    needs (shared.roles.SCOPE_OF) and no other: the attack tests try every role this way."""
    scope = SCOPE_OF.get(Role(role))
    scoped = {scope: {"agency": agency, "kitchen": kitchen}[scope]} if scope else {}
    return acting_headers(url, user=user or f"{role}-test", role=role, **scoped)


class FreshAssertions(httpx.Auth):
    """A client's every request signed afresh for the same person, as the console's calls
    are: `httpx.AsyncClient(base_url=api, auth=FreshAssertions(api))`. Without `user` it
    acts as the test supervisor, as `headers_for` does. A call that brings its own
    assertion (a test acting as someone else for one call) keeps it."""

    def __init__(self, url: str, **who: str | None) -> None:
        self.url = url
        self.who = who or {"user": TEST_USER}

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if HEADER not in request.headers:
            request.headers.update(acting_headers(self.url, **self.who))
        yield request
