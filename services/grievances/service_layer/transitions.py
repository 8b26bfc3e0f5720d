"""Moving a case through its lifecycle: one transaction with its timeline row and event."""

from datetime import datetime
from uuid import UUID

import asyncpg

from shared.contracts.grievances import Assignee as AssigneeContract
from shared.contracts.grievances import CaseTransitionedV1
from shared.logging import get_logger

from ..adapters.cases_repository import CasesRepository
from ..domain.case_state import CaseState, decide, transition_detail
from ..domain.lifecycle import Command
from ..domain.policy import Policy
from .publishing import publish

log = get_logger(__name__)


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
        await publish(conn, _transitioned(state, changed, command, by_whom, at))
    log.info(
        "case transitioned",
        case_number=state.case_number,
        action=command.action,
        status=changed.status,
    )
    return changed


def _transitioned(
    before: CaseState, after: CaseState, command: Command, by_whom: str, at: datetime
) -> CaseTransitionedV1:
    return CaseTransitionedV1(
        case_id=before.case_id,
        case_number=before.case_number,
        action=command.action,
        from_status=before.status,
        to_status=after.status,
        at=at,
        by=by_whom,
        assignee=(
            AssigneeContract(kind=command.assignee.kind, ref=command.assignee.ref)
            if command.assignee
            else None
        ),
    )
