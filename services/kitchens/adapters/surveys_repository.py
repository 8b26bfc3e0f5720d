"""SQL for satisfaction surveys."""

import json
from datetime import date
from uuid import UUID

import asyncpg

from shared.contracts.kitchens import SurveySubmittedV1


class SurveysRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def kitchen_opened(self, kitchen_id: str) -> date | None:
        return await self._conn.fetchval(
            "SELECT opening_date FROM kitchens WHERE kitchen_id = $1", kitchen_id
        )

    async def add_survey(
        self,
        survey_id: UUID,
        survey: SurveySubmittedV1,
        average: float,
        source_event_id: UUID | None,
    ) -> None:
        await self._conn.execute(
            """
            INSERT INTO surveys (
                survey_id, kitchen_id, surveyed_on, scores, average_score, comment, source_event_id
            ) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            survey_id,
            survey.kitchen_id,
            survey.surveyed_on,
            json.loads(json.dumps(survey.scores)),
            average,
            survey.comment,
            source_event_id,
        )
