"""The two-officer reveal of a named reporter, for identity-reveal officers (through the
console): ask with a reason, another officer decides, the one who asked is shown the
identity once. The acting officer is the one the service verified
(`acting_from(request)`), never a name in the body. Reads of the requests and of the
reveals are for those officers and auditors (roles_served.py)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg
from fastapi import APIRouter, Request

from shared.acting_assertion import HEADER as ASSERTION
from shared.errors import Rejected
from shared.http_refusals import refusal, refused
from shared.runtime import database_from
from shared.service_auth import acting_from

from ..adapters.reveal_requests_repository import RevealRequestsRepository
from ..domain.reveals import NotPermitted
from ..domain.sealed_identities import KeyMismatch, Opener
from ..service_layer.identity_reveal import (
    NoNamedReporter,
    NoSuchRequest,
    Officer,
    decide_reveal,
    request_reveal,
    requests_of,
    show_identity,
)
from .body_parsing import JsonBody, documented, parse
from .request_bodies import RevealDecisionIn, RevealRequestIn
from .roles_served import ROUTE_ROLES

router = APIRouter(tags=["identity reveal"], dependencies=ROUTE_ROLES.dependencies)
NO_REQUEST = ("request_id", "no such request for this case")
# A step is refused for who the officer is or her role: both come from the assertion's claims.
CLAIM_OF = {"officer": f"{ASSERTION}.sub", "role": f"{ASSERTION}.role"}


def _officer(request: Request) -> Officer:
    acting = acting_from(request)
    # Two steps by the calling service itself (no account) would pass for two officers.
    if acting.user is None:
        raise refusal(
            403,
            CLAIM_OF["officer"],
            "each reveal step needs the account of the officer acting",
            code="reveal_needs_an_account",
        )
    return Officer(acting.who, acting.role)


@asynccontextmanager
async def _refusing(request: Request, rejected_status: int) -> AsyncIterator[asyncpg.Connection]:
    """One connection, and the reveal's refusals as HTTP answers."""
    try:
        async with database_from(request).pool.acquire() as conn:
            yield conn
    except NotPermitted as exc:
        raise refusal(403, CLAIM_OF.get(exc.field, exc.field), exc.reason, code=exc.code) from None
    except Rejected as exc:
        raise refused(exc, rejected_status) from None
    except NoNamedReporter:
        raise refusal(
            404, "case_id", "no named reporter for this case", code="no_named_reporter"
        ) from None
    except NoSuchRequest:
        raise refusal(404, *NO_REQUEST, code="no_such_reveal_request") from None
    except KeyMismatch:
        raise refusal(
            409,
            "key",
            "sealed under a key this service does not hold: finish the key rotation",
            code="sealing_key_missing",
        ) from None


@router.post(
    "/cases/{case_id}/reveal-requests",
    status_code=201,
    openapi_extra=documented(RevealRequestIn),
)
async def ask(case_id: UUID, request: Request, body: JsonBody) -> dict[str, Any]:
    parsed = parse(RevealRequestIn, body)
    async with _refusing(request, 422) as conn:
        request_id = await request_reveal(
            conn, case_id, _officer(request), parsed.reason, datetime.now(UTC)
        )
    return {"request_id": request_id, "status": "pending"}


@router.post(
    "/cases/{case_id}/reveal-requests/{request_id}/decision",
    openapi_extra=documented(RevealDecisionIn),
)
async def decision(
    case_id: UUID, request_id: UUID, request: Request, body: JsonBody
) -> dict[str, Any]:
    parsed = parse(RevealDecisionIn, body)
    async with _refusing(request, 409) as conn:
        status = await decide_reveal(
            conn, case_id, request_id, _officer(request), parsed.decision, datetime.now(UTC)
        )
    return {"request_id": request_id, "status": status}


@router.post("/cases/{case_id}/reveal-requests/{request_id}/identity")
async def identity(case_id: UUID, request_id: UUID, request: Request) -> dict[str, Any]:
    """Shown once: a second call for the same request is refused."""
    opener: Opener = request.app.state.reporter_opener
    async with _refusing(request, 409) as conn:
        reporter = await show_identity(
            conn, opener, case_id, request_id, _officer(request), datetime.now(UTC)
        )
    return {"full_name": reporter.full_name, "contact": reporter.contact}


@router.get("/cases/{case_id}/reveal-requests")
async def requests_of_case(case_id: UUID, request: Request) -> list[dict[str, Any]]:
    async with database_from(request).pool.acquire() as conn:
        return await requests_of(conn, case_id)


@router.get("/reveal-requests")
async def pending(request: Request) -> list[dict[str, Any]]:
    """Requests waiting for a second officer, oldest first, across cases."""
    async with database_from(request).pool.acquire() as conn:
        return await RevealRequestsRepository(conn).pending()


@router.get("/cases/{case_id}/reporter-identity/reveals")
async def reveals(case_id: UUID, request: Request) -> list[dict[str, Any]]:
    async with database_from(request).pool.acquire() as conn:
        return await RevealRequestsRepository(conn).reveals_of(case_id)
