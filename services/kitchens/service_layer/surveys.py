"""Satisfaction surveys: store, and open a non-conformity when scores are low."""

from typing import Any
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.kitchens import SurveyBelowThresholdV1, SurveyRecordedV1, SurveySubmittedV1
from shared.envelope import Envelope
from shared.errors import Rejected
from shared.programme_clock import programme_today

from ..adapters.config_repository import ConfigRepository
from ..adapters.surveys_repository import SurveysRepository
from ..domain.errors import UnknownKitchen
from ..domain.surveys import check_complete, judge
from .publishing import publish


async def record_survey(
    conn: asyncpg.Connection, survey: SurveySubmittedV1, cause: Envelope[Any] | None
) -> UUID:
    """Must run inside the caller's transaction."""
    repository = SurveysRepository(conn)
    opened = await repository.kitchen_opened(survey.kitchen_id)
    if opened is None:
        raise UnknownKitchen(survey.kitchen_id)
    if not opened <= survey.surveyed_on <= programme_today():
        raise Rejected(
            "surveyed_on",
            f"{survey.surveyed_on} is not between the opening date {opened} and today",
        )
    check_complete(survey.scores)
    parameters = await ConfigRepository(conn).parameters()
    average_threshold, aspect_threshold = (
        parameters["survey_average_threshold"],
        int(parameters["survey_aspect_threshold"]),
    )
    verdict = judge(survey.scores, average_threshold, aspect_threshold)
    survey_id = uuid4()
    await repository.add_survey(
        survey_id, survey, verdict.average, cause.event_id if cause else None
    )
    await publish(
        conn,
        SurveyRecordedV1(
            survey_id=survey_id,
            kitchen_id=survey.kitchen_id,
            surveyed_on=survey.surveyed_on,
            average_score=verdict.average,
        ),
        cause,
    )
    if verdict.below_threshold:
        await publish(
            conn,
            SurveyBelowThresholdV1(
                survey_id=survey_id,
                kitchen_id=survey.kitchen_id,
                surveyed_on=survey.surveyed_on,
                scores=survey.scores,
                average_score=verdict.average,
                average_threshold=average_threshold,
                aspect_threshold=aspect_threshold,
                aspects_below=verdict.aspects_below,
            ),
            cause,
        )
    return survey_id
