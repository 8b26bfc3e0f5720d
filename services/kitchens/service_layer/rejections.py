"""A tablet submission that breaks a programme rule is answered with
`kitchens.submission_rejected`, which the tablet correlates by its event id.
A report for a day the kitchen does not operate is also monitored."""

from typing import Any

import asyncpg

from shared.contracts.kitchens import SubmissionRejectedV2
from shared.envelope import Envelope
from shared.errors import Rejected
from shared.logging import get_logger

from ..domain.errors import NonOperatingDay
from ..domain.monitoring import non_operating_day_flag
from .monitoring_flags import raise_flags
from .publishing import publish

log = get_logger(__name__)


async def answer_rejection(
    conn: asyncpg.Connection, envelope: Envelope[Any], refusal: Rejected
) -> None:
    """Must run inside the caller's transaction, after the refused effects were undone."""
    log.info("submission rejected", field=refusal.field, code=refusal.code, reason=refusal.reason)
    submission = envelope.payload
    await publish(
        conn,
        SubmissionRejectedV2(
            kitchen_id=submission.kitchen_id,
            submission_type=envelope.type,
            submission_event_id=envelope.event_id,
            field=refusal.field,
            reason=refusal.reason,
            code=refusal.code,
            params=refusal.params,
        ),
        envelope,
    )
    if isinstance(refusal, NonOperatingDay):
        await raise_flags(
            conn,
            submission.kitchen_id,
            [non_operating_day_flag(submission.report_date, refusal.reason)],
            envelope,
        )
