"""One small HTTP client per service. Each carries the console's service token
and, per call on a signed-in person's behalf, an assertion the console signs
for that one service (shared/acting_assertion.py): the account's username,
role and scope, and the reason when a person's record is read."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx

from shared.acting_assertion import HEADER, ActingPerson, AssertionSigner

from ..auth.roles import Account
from ..errors import NotFound, ServiceRefused, ServiceUnavailable

MAX_REASON = 200


def acting_person(account: Account, reason: str | None = None) -> ActingPerson:
    return ActingPerson(
        account.username,
        account.role,
        account.agency,
        account.kitchen_id,
        reason.strip()[:MAX_REASON] or None if reason else None,
    )


def _refusal(response: httpx.Response) -> ServiceRefused:
    """The first problem of the service's refusal (shared/http_refusals.py); an answer
    without one (a proxy's page) is a refusal of the request as a whole."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    first = detail[0] if isinstance(detail, list) and detail else detail
    if not isinstance(first, dict):
        return ServiceRefused(
            response.status_code, "?", str(detail or response.reason_phrase), code="refused"
        )
    params = first.get("params")
    return ServiceRefused(
        response.status_code,
        str(first.get("field") or "?"),
        str(first.get("reason") or ""),
        code=str(first.get("code") or "refused"),
        params=params if isinstance(params, dict) else None,
    )


@dataclass
class ServiceClient:
    """`name` is also the audience of the assertions: one made for this service is
    refused by any other."""

    name: str
    http: httpx.AsyncClient
    signer: AssertionSigner

    @classmethod
    def create(
        cls,
        name: str,
        base_url: str,
        token: str,
        signer: AssertionSigner,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> "ServiceClient":
        http = httpx.AsyncClient(
            base_url=base_url,
            timeout=15.0,
            transport=transport,
            headers={"Authorization": f"Bearer {token}"},
        )
        return cls(name, http, signer)

    def acting_headers(self, account: Account, reason: str | None = None) -> dict[str, str]:
        return {HEADER: self.signer.sign(self.name, acting_person(account, reason))}

    async def get(
        self,
        path: str,
        account: Account | None,
        *,
        params: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> Any:
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        return await self._call("GET", path, account, reason, params=clean)

    async def post(
        self,
        path: str,
        account: Account | None,
        body: dict[str, Any],
        *,
        entry_id: UUID | None = None,
    ) -> Any:
        """`entry_id`: the tablet's id for a committee's entry, which the service applies
        once however often it is sent (services/kitchens/entrypoints/submission_routes.py)."""
        entry = {"Idempotency-Key": str(entry_id)} if entry_id else {}
        return await self._call("POST", path, account, None, json=body, entry=entry)

    async def search(
        self, path: str, account: Account, body: dict[str, Any], *, reason: str | None = None
    ) -> Any:
        """A read whose terms are personal data (names, CURPs, birth dates): sent as a POST
        body, so that no URL, access log or HTTP client log line holds them."""
        clean = {k: v for k, v in body.items() if v not in (None, "")}
        return await self._call("POST", path, account, reason, json=clean)

    async def put(self, path: str, account: Account, body: dict[str, Any]) -> Any:
        return await self._call("PUT", path, account, None, json=body)

    async def patch(self, path: str, account: Account, body: dict[str, Any]) -> Any:
        return await self._call("PATCH", path, account, None, json=body)

    async def _call(
        self,
        method: str,
        path: str,
        account: Account | None,
        reason: str | None,
        entry: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        # No account: a public page (a receipt holder), which acts as no one but the console itself.
        headers = {**(self.acting_headers(account, reason) if account else {}), **(entry or {})}
        try:
            response = await self.http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError:
            raise ServiceUnavailable(self.name) from None
        if response.status_code == 404:
            raise NotFound()
        if response.status_code >= 500 or response.status_code == 401:
            raise ServiceUnavailable(self.name)
        if response.status_code >= 400:
            raise _refusal(response)
        return response.json()

    async def close(self) -> None:
        await self.http.aclose()


@dataclass
class Clients:
    beneficiaries: ServiceClient
    kitchens: ServiceClient
    grievances: ServiceClient

    async def close(self) -> None:
        for client in (self.beneficiaries, self.kitchens, self.grievances):
            await client.close()
