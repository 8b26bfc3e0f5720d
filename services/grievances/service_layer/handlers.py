"""Kafka handlers of the grievances service: each runs in the consumer's
transaction, after the inbox claim."""

from datetime import UTC, datetime
from typing import Any

import asyncpg

from shared.contracts.grievances import GrievanceSubmittedV1
from shared.contracts.kitchens import MonitoringFlagRaisedV1, SurveyBelowThresholdV1
from shared.envelope import Envelope

from ..adapters.policy_file import load_policy
from ..domain.automatic import from_low_survey, from_monitoring_flag
from .intake import Intake, open_case

AUTOMATIC = "system:kitchens"


def _received_at(envelope: Envelope[Any]) -> datetime:
    # A tablet may queue submissions offline: the clock starts when the
    # grievance was made, never in the future.
    return min(envelope.occurred_at, datetime.now(UTC))


async def open_submitted_case(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    submission: GrievanceSubmittedV1 = envelope.payload
    intake = Intake(
        _received_at(envelope), f"channel:{submission.channel}", source_event_id=envelope.event_id
    )
    await open_case(conn, load_policy(), submission, intake, cause=envelope)


async def open_case_for_low_survey(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    survey: SurveyBelowThresholdV1 = envelope.payload
    intake = Intake(_received_at(envelope), AUTOMATIC, source_event_id=envelope.event_id)
    await open_case(
        conn, load_policy(), from_low_survey(survey, load_policy()), intake, cause=envelope
    )


async def open_case_for_monitoring_flag(conn: asyncpg.Connection, envelope: Envelope[Any]) -> None:
    flag: MonitoringFlagRaisedV1 = envelope.payload
    intake = Intake(
        _received_at(envelope), AUTOMATIC, source_event_id=envelope.event_id, internal=True
    )
    await open_case(
        conn, load_policy(), from_monitoring_flag(flag, load_policy()), intake, cause=envelope
    )
