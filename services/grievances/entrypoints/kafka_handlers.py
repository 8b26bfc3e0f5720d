"""Kafka handlers of the grievances service: each runs in the consumer's
transaction, after the inbox claim."""

from datetime import UTC, datetime
from typing import Any

import asyncpg

from shared.envelope import Envelope

from ..adapters.policy_file import load_policy
from ..service_layer.automatic_cases import open_for_low_survey, open_for_monitoring_flag
from ..service_layer.intake import open_submitted


def _received_at(envelope: Envelope[Any]) -> datetime:
    # A tablet may queue submissions offline: the clock starts when the
    # grievance was made, never in the future.
    return min(envelope.occurred_at, datetime.now(UTC))


async def open_submitted_case(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    await open_submitted(conn, load_policy(), envelope.payload, _received_at(envelope), envelope)


async def open_case_for_low_survey(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    await open_for_low_survey(
        conn, load_policy(), envelope.payload, _received_at(envelope), envelope
    )


async def open_case_for_monitoring_flag(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    await open_for_monitoring_flag(
        conn, load_policy(), envelope.payload, _received_at(envelope), envelope
    )
