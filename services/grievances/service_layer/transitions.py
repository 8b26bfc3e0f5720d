"""Moving a case through its lifecycle: one transaction with its timeline row and event."""

from datetime import datetime
from uuid import UUID

import asyncpg

from shared.contracts.grievances import Assignee as AssigneeContract
from shared.contracts.grievances import CaseTransitionedV1, GrievanceClosedV1
from shared.logging import get_logger

from ..adapters.cases_repository import CasesRepository
from ..adapters.notices_repository import NoticesRepository
from ..domain.case_state import CaseState, decide, transition_detail
from ..domain.lifecycle import CLOSED, REJECTED, Command
from ..domain.notices import reporter_hears_of
from ..domain.policy import Policy
from .publishing import publish

log = get_logger(__name__)
# Who the timeline says acted when the receipt's holder did, never the reporter's identity.
REPORTER = "reporter"
ENDED = (CLOSED, REJECTED)


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
        await _announce(conn, state, changed, command, by_whom, at)
    log.info(
        "case transitioned",
        case_number=state.case_number,
        action=command.action,
        status=changed.status,
    )
    return changed


async def _announce(
    conn: asyncpg.Connection,
    before: CaseState,
    after: CaseState,
    command: Command,
    by_whom: str,
    at: datetime,
) -> None:
    """The step's event; the end of a case for the system that opened it; a notice for a
    reporter who asked (never for the reporter's own steps, nor a whistleblower report)."""
    await publish(conn, _transitioned(before, after, command, by_whom, at))
    if after.status in ENDED:
        channel, reference = await CasesRepository(conn).channel_of(before.case_id)
        await publish(
            conn,
            GrievanceClosedV1(
                case_id=before.case_id,
                case_number=before.case_number,
                channel=channel,
                channel_reference=reference,
                ended_as=after.status,
                at=at,
            ),
        )
    if by_whom != REPORTER and reporter_hears_of(before.kind, command.action):
        await NoticesRepository(conn).queue_for_reporter(before.case_id, command.action, at)


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
