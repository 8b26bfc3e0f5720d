"""The registry's Kafka subscribers, as bootstrap wires them: each hands its
events to one use case, in the consumer's transaction, which claims them in
the inbox (a batch handler's last write does that, shared/inbox.py)."""

from collections.abc import Sequence
from typing import Any

import asyncpg

from shared.contracts.kitchens import DailyReportAcceptedV1
from shared.envelope import Envelope
from shared.errors import Rejected
from shared.inbox import ClaimsInWrite

from ..service_layer.agency_notices import note_agencies_with_topics
from ..service_layer.enrolments import default_intake, reply_rejected
from ..service_layer.follow_up import record_meals
from ..service_layer.publishing import replying_to_agency_topics

# A batch handler: enrolments are decided together, in order (service_layer/enrolments.py).
take_enrolments = default_intake()


async def take_agency_enrolments(
    conn: asyncpg.Connection,
    envelopes: Sequence[Envelope[Any]],
    beside: asyncpg.Pool,
    claims: ClaimsInWrite,
) -> None:
    """Enrolments from an agency's own topic (shared/parsing.py has checked each is
    that agency's): decided as any, and answered on the agency's decisions topic too,
    where the agency is told later what becomes of them."""
    await note_agencies_with_topics(conn, (e.payload.agency for e in envelopes))
    with replying_to_agency_topics():
        await take_enrolments(conn, envelopes, beside, claims)


async def record_meals_served(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    report: DailyReportAcceptedV1 = envelope.payload
    await record_meals(conn, report)


def _readable_id(payload: dict[str, Any], field: str, max_length: int) -> str | None:
    value = payload.get(field)
    return value if isinstance(value, str) and 0 < len(value) <= max_length else None


async def answer_invalid_enrolment(
    conn: asyncpg.Connection, envelope: Envelope[dict[str, Any]], rejection: Rejected
) -> bool:
    """A payload that breaks the contract is answered like any rejection, as
    long as it names the agency record it is about; otherwise the agency could
    not correlate the answer and only the dead-letter topic can hold it."""
    agency = _readable_id(envelope.payload, "agency", 60)
    record_id = _readable_id(envelope.payload, "agency_record_id", 100)
    if agency is None or record_id is None:
        return False
    await reply_rejected(conn, envelope, agency, record_id, rejection)
    return True


async def answer_invalid_agency_enrolment(
    conn: asyncpg.Connection, envelope: Envelope[dict[str, Any]], rejection: Rejected
) -> bool:
    with replying_to_agency_topics():
        return await answer_invalid_enrolment(conn, envelope, rejection)
