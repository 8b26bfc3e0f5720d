"""SQL for which agencies read a decisions topic of their own, and which of a set of
records belong to such agencies."""

from collections.abc import Iterable
from uuid import UUID

import asyncpg


class AgencyTopicRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def note(self, agencies: Iterable[str]) -> None:
        """Agencies heard on their own topics. Sorted, so that two batches noting the same
        new agencies take their row locks in one order."""
        await self._conn.execute(
            "INSERT INTO agency_topics (agency) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
            sorted(set(agencies)),
        )

    async def records_of_told_agencies(self, enrolment_ids: Iterable[UUID]) -> list[asyncpg.Record]:
        """(enrolment_id, agency, agency_record_id) of those records whose agency has a
        topic of its own, by agency and record."""
        return await self._conn.fetch(
            "SELECT e.enrolment_id, e.agency, e.agency_record_id "
            "FROM enrolments e JOIN agency_topics t USING (agency) "
            "WHERE e.enrolment_id = ANY($1::uuid[]) "
            "ORDER BY e.agency, e.agency_record_id",
            list(enrolment_ids),
        )
