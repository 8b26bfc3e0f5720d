"""Satisfaction surveys: store, and open a non-conformity when scores are low."""

from dataclasses import dataclass
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
from ..domain.surveys import SurveyVerdict, check_complete, judge
from .publishing import publish


@dataclass(frozen=True)
class _Thresholds:
    """Below either, a survey opens a non-conformity."""

    average: float
    aspect: int


async def record_survey(
    conn: asyncpg.Connection, survey: SurveySubmittedV1, cause: Envelope[Any] | None
) -> UUID:
    """Must run inside the caller's transaction."""
    repository = SurveysRepository(conn)
    await _check_surveyed_on(repository, survey)
    check_complete(survey.scores)
    thresholds = await _thresholds(conn)
    verdict = judge(survey.scores, thresholds.average, thresholds.aspect)
    survey_id = uuid4()
    await repository.add_survey(
        survey_id, survey, verdict.average, cause.event_id if cause else None
    )
    await publish(conn, _recorded(survey_id, survey, verdict), cause)
    if verdict.below_threshold:
        await publish(conn, _below_threshold(survey_id, survey, verdict, thresholds), cause)
    return survey_id


async def _check_surveyed_on(repository: SurveysRepository, survey: SurveySubmittedV1) -> None:
    opened = await repository.kitchen_opened(survey.kitchen_id)
    if opened is None:
        raise UnknownKitchen(survey.kitchen_id)
    if not opened <= survey.surveyed_on <= programme_today():
        raise Rejected(
            "surveyed_on",
            f"{survey.surveyed_on} is not between the opening date {opened} and today",
            code="survey_date_out_of_range",
            params={"day": survey.surveyed_on, "opening_date": opened},
        )


async def _thresholds(conn: asyncpg.Connection) -> _Thresholds:
    parameters = await ConfigRepository(conn).parameters()
    return _Thresholds(
        parameters["survey_average_threshold"], int(parameters["survey_aspect_threshold"])
    )


def _recorded(
    survey_id: UUID, survey: SurveySubmittedV1, verdict: SurveyVerdict
) -> SurveyRecordedV1:
    return SurveyRecordedV1(
        survey_id=survey_id,
        kitchen_id=survey.kitchen_id,
        surveyed_on=survey.surveyed_on,
        average_score=verdict.average,
    )


def _below_threshold(
    survey_id: UUID, survey: SurveySubmittedV1, verdict: SurveyVerdict, thresholds: _Thresholds
) -> SurveyBelowThresholdV1:
    return SurveyBelowThresholdV1(
        survey_id=survey_id,
        kitchen_id=survey.kitchen_id,
        surveyed_on=survey.surveyed_on,
        scores=survey.scores,
        average_score=verdict.average,
        average_threshold=thresholds.average,
        aspect_threshold=thresholds.aspect,
        aspects_below=verdict.aspects_below,
    )
