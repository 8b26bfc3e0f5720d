"""Cases the kitchens service's events open on their own: a poor survey opens a
non-conformity on the kitchen; a monitoring flag opens an internal case."""

from datetime import datetime
from typing import Any

import asyncpg

from shared.contracts.kitchens import MonitoringFlagRaisedV1, SurveyBelowThresholdV1
from shared.envelope import Envelope

from ..domain.automatic import from_low_survey, from_monitoring_flag
from ..domain.policy import Policy
from .intake import Intake, open_case

# Who the timeline says opened an automatic case.
AUTOMATIC = "system:kitchens"


async def open_for_low_survey(
    conn: asyncpg.Connection,
    policy: Policy,
    survey: SurveyBelowThresholdV1,
    received_at: datetime,
    cause: Envelope[Any],
) -> None:
    intake = Intake(received_at, AUTOMATIC, source_event_id=cause.event_id)
    await open_case(conn, policy, from_low_survey(survey, policy), intake, cause=cause)


async def open_for_monitoring_flag(
    conn: asyncpg.Connection,
    policy: Policy,
    flag: MonitoringFlagRaisedV1,
    received_at: datetime,
    cause: Envelope[Any],
) -> None:
    intake = Intake(received_at, AUTOMATIC, source_event_id=cause.event_id, internal=True)
    await open_case(conn, policy, from_monitoring_flag(flag, policy), intake, cause=cause)
