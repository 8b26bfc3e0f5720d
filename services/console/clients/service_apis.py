"""One small HTTP client per service. Each carries the console's service token
and, per call, who is acting: the signed-in account's username, role and
scope, and the reason when a person's record is read."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from ..auth.roles import Account
from ..errors import NotFound, ServiceRefused, ServiceUnavailable


def acting_headers(account: Account, reason: str | None = None) -> dict[str, str]:
    headers = {"X-Acting-User": account.username, "X-Acting-Role": account.role.value}
    if account.agency:
        headers["X-Acting-Agency"] = account.agency
    if account.kitchen_id:
        headers["X-Acting-Kitchen"] = account.kitchen_id
    if reason:
        # Percent-encoded: header values are ASCII on the wire, reasons are Spanish.
        headers["X-Access-Reason"] = quote(reason.strip()[:200], safe=" ")
    return headers


def officer_headers(account: Account) -> dict[str, str]:
    """The grievances service records which officer takes an intake or moves a case by this
    header (its own check, beside the acting user)."""
    return {"X-Officer-Id": account.username}


def _refusal(response: httpx.Response) -> ServiceRefused:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    if isinstance(detail, list) and detail:
        detail = detail[0]
    if isinstance(detail, dict):
        field = (
            detail.get("field")
            or ".".join(str(p) for p in detail.get("loc", ()) if p != "body")
            or "?"
        )
        return ServiceRefused(
            response.status_code,
            str(field),
            str(detail.get("reason") or detail.get("msg") or detail),
        )
    return ServiceRefused(response.status_code, "?", str(detail or response.reason_phrase))


@dataclass
class ServiceClient:
    name: str
    http: httpx.AsyncClient

    @classmethod
    def create(
        cls, name: str, base_url: str, token: str, transport: httpx.AsyncBaseTransport | None = None
    ) -> "ServiceClient":
        http = httpx.AsyncClient(
            base_url=base_url,
            timeout=15.0,
            transport=transport,
            headers={"Authorization": f"Bearer {token}"},
        )
        return cls(name, http)

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
        headers: dict[str, str] | None = None,
    ) -> Any:
        return await self._call("POST", path, account, None, json=body, extra_headers=headers)

    async def search(
        self, path: str, account: Account, body: dict[str, Any], *, reason: str | None = None
    ) -> Any:
        """A read whose terms are personal data (names, CURPs, birth dates): sent as a POST
        body, so that no URL, access log or HTTP client log line holds them."""
        clean = {k: v for k, v in body.items() if v not in (None, "")}
        return await self._call("POST", path, account, reason, json=clean)

    async def put(self, path: str, account: Account, body: dict[str, Any]) -> Any:
        return await self._call("PUT", path, account, None, json=body)

    async def _call(
        self,
        method: str,
        path: str,
        account: Account | None,
        reason: str | None,
        extra_headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        # No account: a public page (a receipt holder), which acts as no one but the console itself.
        headers = {**(acting_headers(account, reason) if account else {}), **(extra_headers or {})}
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
