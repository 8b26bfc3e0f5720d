"""The tablet intake over Kafka. A broken programme rule is answered with a
`kitchens.submission_rejected` event the tablet correlates by its event id; the
inbox row still commits, so a redelivery is not judged twice."""

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from shared.contracts.kitchens import SubmissionRejectedV1
from shared.envelope import Envelope
from shared.errors import Rejected
from shared.logging import get_logger

from ..domain.errors import NonOperatingDay
from ..domain.monitoring import non_operating_day_flag
from .events import SERVICE, programme_today, publish, raise_flags
from .purse import record_purchase
from .reports import take_report
from .surveys import record_survey

__all__ = ["SERVICE", "programme_today", "take_purchase", "take_survey", "take_tablet_report"]

log = get_logger(__name__)

UseCase = Callable[[asyncpg.Connection, Any, Envelope[Any]], Awaitable[Any]]


def answering_rejections(
    use_case: UseCase,
) -> Callable[[asyncpg.Connection, Envelope[Any]], Awaitable[None]]:
    async def handle(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
        submission = envelope.payload
        try:
            async with (
                conn.transaction()
            ):  # a savepoint: a refusal undoes partial effects, not the inbox row
                await use_case(conn, submission, envelope)
        except Rejected as refusal:
            log.info("submission rejected", field=refusal.field, reason=refusal.reason)
            await publish(
                conn,
                SubmissionRejectedV1(
                    kitchen_id=submission.kitchen_id,
                    submission_type=envelope.type,
                    submission_event_id=envelope.event_id,
                    field=refusal.field,
                    reason=refusal.reason,
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

    handle.__name__ = use_case.__name__
    return handle


take_tablet_report = answering_rejections(take_report)
take_purchase = answering_rejections(record_purchase)
take_survey = answering_rejections(record_survey)
