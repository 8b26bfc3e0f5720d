"""What a reporter does with the receipt alone, named or anonymous: follow the case (its
public status, the officer's questions, the answer or the rejection's reason), reply with
more information, and appeal a decision within the window. The reporter never sees
officers' notes, who worked the case, or whether it was linked to an earlier one."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from shared.contracts.grievances import ReporterRepliedV1

from ..adapters.cases_repository import CasesRepository
from ..domain.case_state import CaseState
from ..domain.lifecycle import AWAITING_REPORTER, Command, allowed_actions, window_closes_on
from ..domain.policy import Policy
from ..domain.reporters import receipt_hash
from .publishing import publish
from .transitions import REPORTER, CaseNotFound, transition_case


async def follow_with_receipt(
    conn: asyncpg.Connection, policy: Policy, receipt: str, today: date
) -> dict[str, Any]:
    """`today` is the programme's calendar day, for whether the appeal window is open."""
    case_id = await _case_of(conn, receipt)
    case = await CasesRepository(conn).case_with_timeline(case_id)
    if case is None:
        raise CaseNotFound("receipt")
    appeal_until = window_closes_on(case["decided_on"], policy.reopen_window_days)
    return {
        "case_number": case["case_number"],
        "status": case["status"],
        "received_at": case["received_at"],
        "answer": case["answer"],
        "rejection_reason": case["rejection_reason"] if case["status"] == "rejected" else None,
        "questions": [
            {"at": t["at"], "question": t["detail"]["question"]}
            for t in case["timeline"]
            if t["action"] == "await_reporter" and t["detail"].get("question")
        ],
        "timeline": [
            {"action": t["action"], "status": t["status"], "at": t["at"]} for t in case["timeline"]
        ],
        "replies": [{"at": a["added_at"], "text": a["text"]} for a in case["reporter_additions"]],
        "information_added": len(case["reporter_additions"]),
        "appeal_until": appeal_until,
        "may_appeal": "appeal" in allowed_actions(case["status"])
        and appeal_until is not None
        and today <= appeal_until,
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
        resumed = state.status == AWAITING_REPORTER
        if resumed:
            state = await transition_case(conn, policy, case_id, Command("resume"), REPORTER, at)
        await publish(
            conn,
            ReporterRepliedV1(
                case_id=case_id, case_number=state.case_number, at=at, resumed=resumed
            ),
        )
    return state.status


async def appeal_with_receipt(
    conn: asyncpg.Connection, policy: Policy, receipt: str, reason: str, at: datetime
) -> CaseState:
    """The reporter appeals a resolution, a closing or a rejection, within the window; the
    case goes back to work with a new resolution deadline (Rejected otherwise)."""
    async with conn.transaction():
        case_id = await _case_of(conn, receipt)
        return await transition_case(
            conn, policy, case_id, Command("appeal", reason=reason), REPORTER, at
        )


async def _case_of(conn: asyncpg.Connection, receipt: str) -> UUID:
    case_id = await CasesRepository(conn).case_id_for_receipt(receipt_hash(receipt))
    if case_id is None:
        raise CaseNotFound("receipt")
    return case_id
