"""The tablet's submissions over Kafka. A refused submission is answered, and
the inbox row still commits, so a redelivery is not judged twice."""

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from shared.envelope import Envelope
from shared.errors import Rejected

from ..service_layer.monitoring_flags import close_flag_of_ended_case
from ..service_layer.purse import record_purchase
from ..service_layer.rejections import answer_rejection
from ..service_layer.reports import take_report
from ..service_layer.surveys import record_survey

UseCase = Callable[[asyncpg.Connection, Any, Envelope[Any]], Awaitable[Any]]
Handler = Callable[[asyncpg.Connection, Envelope[Any]], Awaitable[None]]


def answering_rejections(use_case: UseCase) -> Handler:
    async def handle(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
        try:
            # A savepoint: a refusal undoes the use case's partial effects, not the inbox row.
            async with conn.transaction():
                await use_case(conn, envelope.payload, envelope)
        except Rejected as refusal:
            await answer_rejection(conn, envelope, refusal)

    handle.__name__ = use_case.__name__
    return handle


take_tablet_report = answering_rejections(take_report)
take_purchase = answering_rejections(record_purchase)
take_survey = answering_rejections(record_survey)


async def close_flag_of_closed_case(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    await close_flag_of_ended_case(conn, envelope.payload)
