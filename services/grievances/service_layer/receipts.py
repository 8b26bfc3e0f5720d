"""What an anonymous reporter does with the receipt alone: follow the case and add
to it. The reporter sees the case's progress and the answer, never officers' notes."""

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from ..adapters.cases_repository import CasesRepository
from ..domain.lifecycle import AWAITING_REPORTER, Command
from ..domain.policy import Policy
from ..domain.reporters import receipt_hash
from .transitions import CaseNotFound, transition_case

# Who the timeline says acted, never the reporter's identity.
REPORTER = "reporter"


async def follow_with_receipt(conn: asyncpg.Connection, receipt: str) -> dict[str, Any]:
    case_id = await _case_of(conn, receipt)
    case = await CasesRepository(conn).case_with_timeline(case_id)
    if case is None:
        raise CaseNotFound("receipt")
    return {
        "case_number": case["case_number"],
        "status": case["status"],
        "received_at": case["received_at"],
        "answer": case["answer"],
        "timeline": [{"status": t["status"], "at": t["at"]} for t in case["timeline"]],
        "information_added": len(case["reporter_additions"]),
    }


async def add_information_with_receipt(
    conn: asyncpg.Connection, policy: Policy, receipt: str, text: str, at: datetime
) -> str:
    """Adds the reporter's information; a case waiting for it resumes. Returns the status."""
    async with conn.transaction():
        case_id = await _case_of(conn, receipt)
        repository = CasesRepository(conn)
        await repository.add_reporter_addition(case_id, at, "receipt", text)
        state = await repository.lock_state(case_id)
        if state is None:
            raise CaseNotFound("receipt")
        if state.status == AWAITING_REPORTER:
            state = await transition_case(conn, policy, case_id, Command("resume"), REPORTER, at)
    return state.status


async def _case_of(conn: asyncpg.Connection, receipt: str) -> UUID:
    case_id = await CasesRepository(conn).case_id_for_receipt(receipt_hash(receipt))
    if case_id is None:
        raise CaseNotFound("receipt")
    return case_id
