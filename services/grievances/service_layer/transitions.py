"""Moving a case through its lifecycle, by an officer or by the reporter's receipt."""

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from shared.contracts.grievances import Assignee as AssigneeContract
from shared.contracts.grievances import CaseTransitionedV1
from shared.logging import get_logger
from shared.outbox import add_to_outbox
from shared.topics import GRIEVANCE_EVENTS

from ..adapters.cases_repository import CasesRepository
from ..domain.case_state import CaseState, decide, transition_detail
from ..domain.lifecycle import AWAITING_REPORTER, Command
from ..domain.policy import Policy
from ..domain.reporters import receipt_hash
from .intake import SERVICE

log = get_logger(__name__)
REPORTER = "reporter"


class CaseNotFound(LookupError):
    pass


async def transition_case(
    conn: asyncpg.Connection,
    policy: Policy,
    case_id: UUID,
    command: Command,
    by_whom: str,
    at: datetime,
) -> CaseState:
    async with conn.transaction():
        repository = CasesRepository(conn)
        state = await repository.lock_state(case_id)
        if state is None:
            raise CaseNotFound(case_id)
        changed = decide(state, command, at, policy.local_date(at), policy)
        await repository.save_state(changed)
        await repository.add_transition(
            case_id,
            command.action,
            state.status,
            changed.status,
            at,
            by_whom,
            transition_detail(command),
        )
        assignee = (
            AssigneeContract(kind=command.assignee.kind, ref=command.assignee.ref)
            if command.assignee
            else None
        )
        await add_to_outbox(
            conn,
            topic=GRIEVANCE_EVENTS.name,
            event=CaseTransitionedV1(
                case_id=case_id,
                case_number=state.case_number,
                action=command.action,
                from_status=state.status,
                to_status=changed.status,
                at=at,
                by=by_whom,
                assignee=assignee,
            ),
            producer=SERVICE,
        )
    log.info(
        "case transitioned",
        case_number=state.case_number,
        action=command.action,
        status=changed.status,
    )
    return changed


async def case_for_receipt(conn: asyncpg.Connection, receipt: str) -> UUID:
    case_id = await CasesRepository(conn).case_id_for_receipt(receipt_hash(receipt))
    if case_id is None:
        raise CaseNotFound("receipt")
    return case_id


async def follow_with_receipt(conn: asyncpg.Connection, receipt: str) -> dict[str, Any]:
    """What the reporter may see: the case's progress and the answer, no officer notes."""
    case = await CasesRepository(conn).case_with_timeline(await case_for_receipt(conn, receipt))
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
    """Adds the reporter's information; a case waiting for it resumes."""
    async with conn.transaction():
        case_id = await case_for_receipt(conn, receipt)
        repository = CasesRepository(conn)
        await repository.add_reporter_addition(case_id, at, "receipt", text)
        state = await repository.lock_state(case_id)
        if state.status == AWAITING_REPORTER:
            state = await transition_case(conn, policy, case_id, Command("resume"), REPORTER, at)
    return state.status
