"""Use cases of the grievances service."""

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import asyncpg

from shared.contracts.grievances import GrievanceReceivedV1, GrievanceSubmittedV1
from shared.envelope import Envelope
from shared.logging import get_logger
from shared.outbox import add_to_outbox
from shared.topics import GRIEVANCE_EVENTS

from ..adapters.cases_repository import CasesRepository
from ..domain.cases import NewCase, case_number, check_submission

SERVICE = "grievances"
log = get_logger(__name__)


async def open_case(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    submission: GrievanceSubmittedV1 = envelope.payload
    check_submission(submission)
    repository = CasesRepository(conn)
    # A channel that resends a submission under a new event id must not open a second case.
    existing = await repository.case_for_channel_reference(submission.channel, submission.channel_reference)
    if existing is not None:
        log.info("submission already opened a case", case_number=existing)
        return
    received_at = datetime.now(UTC)
    case = NewCase(uuid4(), case_number(received_at.year, await repository.next_sequence()), received_at)
    await repository.add_case(case, submission, envelope.event_id, by_whom=f"channel:{submission.channel}")
    await add_to_outbox(
        conn,
        topic=GRIEVANCE_EVENTS.name,
        event=GrievanceReceivedV1(
            case_id=case.case_id,
            case_number=case.case_number,
            channel=submission.channel,
            channel_reference=submission.channel_reference,
            kind=submission.kind,
            category=submission.category,
            subject=submission.subject,
            received_at=case.received_at,
        ),
        producer=SERVICE,
        cause=envelope,
    )
