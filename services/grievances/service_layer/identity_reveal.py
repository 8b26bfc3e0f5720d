"""The two-officer reveal of a named reporter: ask (with a reason), decide (another
officer), show (once, to the one who asked). Each step runs in one transaction with
its record; only `show_identity` is handed the key that opens a box."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.logging import get_logger
from shared.roles import Role

from ..adapters.reporter_identities_repository import ReporterIdentitiesRepository
from ..adapters.reveal_requests_repository import RevealRequestsRepository
from ..domain.reporters import Reporter
from ..domain.reveals import (
    REVEAL_ROLE,
    Decision,
    check_reveal_officer,
    decide,
    new_request,
    show,
)
from ..domain.sealed_identities import Opener

log = get_logger(__name__)


class NoNamedReporter(LookupError):
    pass


class NoSuchRequest(LookupError):
    pass


@dataclass(frozen=True)
class Officer:
    """The account acting, as the service verified it."""

    who: str
    role: Role | None


async def request_reveal(
    conn: asyncpg.Connection, case_id: UUID, officer: Officer, reason: str, at: datetime
) -> UUID:
    check_reveal_officer(officer.role)
    request = new_request(uuid4(), case_id, officer.who, reason, at)
    async with conn.transaction():
        if not await ReporterIdentitiesRepository(conn).has_identity(case_id):
            raise NoNamedReporter(case_id)
        await RevealRequestsRepository(conn).add(request)
    # The record holds who and why; the log says only that it happened.
    log.warning("reporter identity requested", case_id=str(case_id), officer=officer.who)
    return request.request_id


async def decide_reveal(
    conn: asyncpg.Connection,
    case_id: UUID,
    request_id: UUID,
    officer: Officer,
    decision: Decision,
    at: datetime,
) -> str:
    check_reveal_officer(officer.role)
    async with conn.transaction():
        repository = RevealRequestsRepository(conn)
        request = await repository.lock(case_id, request_id)
        if request is None:
            raise NoSuchRequest(request_id)
        await repository.save_decision(decide(request, officer.who, decision, at))
    log.warning(
        "reporter identity request decided",
        case_id=str(case_id),
        officer=officer.who,
        decision=decision,
    )
    return decision


async def show_identity(
    conn: asyncpg.Connection,
    opener: Opener,
    case_id: UUID,
    request_id: UUID,
    officer: Officer,
    at: datetime,
) -> Reporter:
    """Opens the box for the officer who asked, once; the showing is recorded with the
    approver in the same transaction, or nothing is shown."""
    check_reveal_officer(officer.role)
    async with conn.transaction():
        requests = RevealRequestsRepository(conn)
        request = await requests.lock(case_id, request_id)
        if request is None:
            raise NoSuchRequest(request_id)
        shown = show(request, officer.who, at)
        stored = await ReporterIdentitiesRepository(conn).box_of(case_id)
        if stored is None:
            raise NoNamedReporter(case_id)
        reporter = opener.open(stored.box, stored.key_id)
        await requests.save_decision(shown)
        await requests.record_showing(shown, REVEAL_ROLE)
    log.warning("reporter identity revealed", case_id=str(case_id), officer=officer.who)
    return reporter


async def requests_of(conn: asyncpg.Connection, case_id: UUID) -> list[dict[str, Any]]:
    return await RevealRequestsRepository(conn).of_case(case_id)
