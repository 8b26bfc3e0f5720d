"""Opening a case, whichever channel it came from."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.grievances import GrievanceReceivedV1, GrievanceSubmittedV1
from shared.envelope import Envelope
from shared.logging import get_logger

from ..adapters.cases_repository import CasesRepository
from ..adapters.notices_repository import NoticesRepository
from ..adapters.reporter_identities_repository import ReporterIdentitiesRepository
from ..domain.cases import NewCase, check_submission, new_case
from ..domain.policy import Policy
from ..domain.reporters import new_receipt, receipt_hash
from ..domain.sealed_identities import SealedAddress, SealedIdentity
from .publishing import publish

log = get_logger(__name__)


@dataclass(frozen=True)
class Intake:
    """How a submission arrived. A named reporter arrives already sealed: the use case
    never sees her name."""

    received_at: datetime
    by_whom: str
    source_event_id: UUID | None = None
    intake_officer: str | None = None
    internal: bool = False
    reporter: SealedIdentity | None = None
    notice_address: SealedAddress | None = None
    issue_receipt: bool = False
    earlier_receipt: str | None = None


@dataclass(frozen=True)
class Opened:
    """What the submitter is told. Never the link to an earlier case: that would tell
    whoever guesses a reporter's name whether she reported the same subject."""

    case_id: UUID | None
    case_number: str
    receipt: str | None = None


async def open_case(
    conn: asyncpg.Connection,
    policy: Policy,
    submission: GrievanceSubmittedV1,
    intake: Intake,
    cause: Envelope[Any] | None = None,
) -> Opened:
    """Must run inside the caller's transaction."""
    check_submission(submission)
    repository = CasesRepository(conn)
    # A channel that resends a submission (or a source event seen again) must not
    # open a second case.
    existing = await repository.case_for_channel_reference(
        submission.channel, submission.channel_reference
    )
    if existing is not None:
        log.info("submission already opened a case", case_number=existing)
        return Opened(None, existing)
    case = await _numbered_case(repository, policy, submission, intake.received_at)
    receipt = new_receipt() if intake.issue_receipt else None
    related = await _earlier_case_of_same_reporter(conn, policy, submission, intake)
    await repository.add_case(case, submission, _intake_details(intake, receipt, related))
    if intake.reporter is not None:
        await ReporterIdentitiesRepository(conn).store(case.case_id, intake.reporter)
    if intake.notice_address is not None:
        await NoticesRepository(conn).store_address(case.case_id, intake.notice_address)
    await repository.add_transition(
        case.case_id, "receive", None, case.status, case.received_at, intake.by_whom, {}
    )
    await publish(conn, _received(case, submission), cause)
    log.info(
        "case opened",
        case_number=case.case_number,
        related_case_id=str(related) if related else None,
    )
    return Opened(case.case_id, case.case_number, receipt)


async def open_submitted(
    conn: asyncpg.Connection,
    policy: Policy,
    submission: GrievanceSubmittedV1,
    received_at: datetime,
    cause: Envelope[Any],
) -> None:
    """A channel's system (a kitchen tablet, an agency) submitted it over Kafka."""
    intake = Intake(received_at, f"channel:{submission.channel}", source_event_id=cause.event_id)
    await open_case(conn, policy, submission, intake, cause=cause)


async def _numbered_case(
    repository: CasesRepository,
    policy: Policy,
    submission: GrievanceSubmittedV1,
    received_at: datetime,
) -> NewCase:
    """Numbered in the year of the day it was received, in the programme's time zone."""
    received_on = policy.local_date(received_at)
    return new_case(
        uuid4(),
        submission,
        received_at,
        received_on,
        await repository.next_number(received_on.year),
        policy,
    )


async def _earlier_case_of_same_reporter(
    conn: asyncpg.Connection, policy: Policy, submission: GrievanceSubmittedV1, intake: Intake
) -> UUID | None:
    """Same named reporter, or the holder of an earlier receipt, about the same
    subject within the duplicate window."""
    repository = CasesRepository(conn)
    candidates: list[UUID] = []
    if intake.reporter is not None:
        candidates += await ReporterIdentitiesRepository(conn).cases_with_fingerprint(
            intake.reporter.fingerprint
        )
    if intake.earlier_receipt:
        earlier = await repository.case_id_for_receipt(receipt_hash(intake.earlier_receipt))
        candidates += [earlier] if earlier else []
    if not candidates:
        return None
    since = intake.received_at - timedelta(days=policy.duplicate_window_days)
    return await repository.earlier_case_about(
        candidates, submission.subject.kind, submission.subject.ref, since
    )


def _intake_details(intake: Intake, receipt: str | None, related: UUID | None) -> dict[str, Any]:
    """Only the receipt's hash is kept: the receipt itself is in the reply, once."""
    return {
        "source_event_id": intake.source_event_id,
        "intake_officer": intake.intake_officer,
        "internal": intake.internal,
        "receipt_hash": receipt_hash(receipt) if receipt else None,
        "related_case_id": related,
    }


def _received(case: NewCase, submission: GrievanceSubmittedV1) -> GrievanceReceivedV1:
    return GrievanceReceivedV1(
        case_id=case.case_id,
        case_number=case.case_number,
        channel=submission.channel,
        channel_reference=submission.channel_reference,
        kind=submission.kind,
        category=submission.category,
        subject=submission.subject,
        received_at=case.received_at,
    )
