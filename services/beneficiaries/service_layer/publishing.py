"""Everything the registry publishes goes to its decisions topic through the outbox.

The reply to a record that came on an agency's own topic
(`beneficiaries.enrolments.<agency>`) also goes to that agency's decisions
topic, as that agency may see it (EnrolmentRegisteredV3: no other agency's
record ids, no caseworker's name). What happens to an agency's records later
(a review decided, a merge made or undone) is told on that agency's topic too,
if it has one (adapters/agency_topic_repository.py), with only its own records.
The full decisions topic is for ops; only the agency may read its own."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import asyncpg

from shared.bulk_write import BulkWrite
from shared.contracts.base import EventContract
from shared.contracts.beneficiaries import (
    AgencyRecordsMovedV1,
    EnrolmentRegisteredV2,
    EnrolmentRegisteredV3,
    EnrolmentRejectedV2,
    EnrolmentReviewDecidedV1,
)
from shared.envelope import Envelope
from shared.outbox import add_each_to_outbox, add_to_outbox, stage_in_outbox
from shared.topics import AGENCY_DECISIONS, REGISTRY_DECISIONS

SERVICE = "beneficiaries"

Caused = tuple[EventContract, Envelope[Any] | None]

# Set while records from an agency's own topic are applied (entrypoints/kafka_handlers.py):
# only such an agency is known to have a decisions topic of its own.
_replying_to_agency_topic: ContextVar[bool] = ContextVar("replying_to_agency_topic", default=False)


@contextmanager
def replying_to_agency_topics() -> Iterator[None]:
    token = _replying_to_agency_topic.set(True)
    try:
        yield
    finally:
        _replying_to_agency_topic.reset(token)


def _agency_reply(event: EventContract) -> tuple[str, EventContract] | None:
    """(the agency's decisions topic, the reply as the agency may see it), for a reply."""
    if not _replying_to_agency_topic.get():
        return None
    if isinstance(event, EnrolmentRegisteredV2):
        return AGENCY_DECISIONS.for_agency(event.agency), EnrolmentRegisteredV3.of(event)
    if isinstance(event, EnrolmentRejectedV2):
        return AGENCY_DECISIONS.for_agency(event.agency), event
    return None


def _by_topic(caused: Sequence[Caused]) -> dict[str, list[Caused]]:
    addressed: dict[str, list[Caused]] = {REGISTRY_DECISIONS.name: list(caused)}
    for event, cause in caused:
        if reply := _agency_reply(event):
            addressed.setdefault(reply[0], []).append((reply[1], cause))
    return addressed


async def publish(
    conn: asyncpg.Connection, event: EventContract, cause: Envelope[Any] | None = None
) -> None:
    await add_to_outbox(
        conn, topic=REGISTRY_DECISIONS.name, event=event, producer=SERVICE, cause=cause
    )
    if reply := _agency_reply(event):
        await add_to_outbox(conn, topic=reply[0], event=reply[1], producer=SERVICE, cause=cause)


async def tell_agencies(
    conn: asyncpg.Connection, events: Sequence[EnrolmentReviewDecidedV1 | AgencyRecordsMovedV1]
) -> None:
    """Events for agencies alone, each on its own agency's decisions topic."""
    for event in events:
        await add_to_outbox(
            conn,
            topic=AGENCY_DECISIONS.for_agency(event.agency),
            event=event,
            producer=SERVICE,
            cause=None,
        )


async def publish_each(conn: asyncpg.Connection, caused: Sequence[Caused]) -> None:
    """Many events, each with its own cause, in one outbox statement per topic."""
    for topic, events in _by_topic(caused).items():
        await add_each_to_outbox(conn, topic=topic, caused=events, producer=SERVICE)


def stage_each(write: BulkWrite, caused: Sequence[Caused]) -> None:
    """publish_each as part of a larger write."""
    for topic, events in _by_topic(caused).items():
        stage_in_outbox(write, topic=topic, caused=events, producer=SERVICE)
