"""SQL for monitoring flags and surveys."""

import json
from datetime import date
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.kitchens import SurveySubmittedV1

from ..domain.monitoring import Flag


class MonitoringRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def add_flag(self, kitchen_id: str, flag: Flag) -> UUID | None:
        """The flag's id when it is new; None when the rule already fired for that kitchen and day."""
        return await self._conn.fetchval(
            "INSERT INTO monitoring_flags (flag_id, kitchen_id, rule, observed_on, summary, evidence) VALUES ($1, $2, $3, $4, $5, $6) "
            "ON CONFLICT (kitchen_id, rule, observed_on) DO NOTHING RETURNING flag_id",
            uuid4(),
            kitchen_id,
            flag.rule,
            flag.observed_on,
            flag.summary,
            flag.evidence,
        )

    async def add_survey(
        self,
        survey_id: UUID,
        survey: SurveySubmittedV1,
        average: float,
        source_event_id: UUID | None,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO surveys (survey_id, kitchen_id, surveyed_on, scores, average_score, comment, source_event_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            survey_id,
            survey.kitchen_id,
            survey.surveyed_on,
            json.loads(json.dumps(survey.scores)),
            average,
            survey.comment,
            source_event_id,
        )

    async def kitchen_opened(self, kitchen_id: str) -> date | None:
        return await self._conn.fetchval(
            "SELECT opening_date FROM kitchens WHERE kitchen_id = $1", kitchen_id
        )
