"""SQL for batch re-resolution: every record, and the later candidates of a
chunk of records. The tasks a run opens go through
review_repository.open_review_tasks."""

from collections.abc import AsyncIterator
from uuid import UUID

import asyncpg

from ..domain.blocking_caps import LONE_KEY_CAP, key_caps
from ..domain.resolution import CandidateRecord
from .registry_rows import identity_from_json

PAGE = (
    "SELECT enrolment_id, person_id, identity FROM match_records "
    "WHERE enrolment_id > $1 ORDER BY enrolment_id LIMIT $2"
)

# Each step is bounded by the chunk, never by the registry: the keys' members
# are read through the key index, at most the key's cap + 1, which is enough
# to tell an over-common key. Keys and caps are the intake's
# (blocking_caps.key_caps), so a run finds the candidates the intake would.
# A pair that shares one key alone is kept only when that key singles the
# record out (blocking_caps.searched_together): the key's members other than
# the record itself, n - 1, are at most LONE_KEY_CAP. Only ids: the run holds
# every identity already.
LATER_CANDIDATES_OF_CHUNK = """
WITH chunk_keys AS MATERIALIZED (
    SELECT * FROM unnest($1::uuid[], $2::bigint[]) AS ck(source, key)
), members AS (
    SELECT k.key, k.cap, m.enrolment_id, count(*) OVER (PARTITION BY k.key) AS n
    FROM unnest($3::bigint[], $4::int[]) AS k(key, cap)
    CROSS JOIN LATERAL (
        SELECT b.enrolment_id FROM blocking_keys b WHERE b.key = k.key LIMIT k.cap + 1
    ) m
)
SELECT source, array_agg(later) AS later
FROM (
    SELECT ck.source, m.enrolment_id AS later
    FROM members m JOIN chunk_keys ck USING (key)
    WHERE m.n BETWEEN 2 AND m.cap AND m.enrolment_id > ck.source
    GROUP BY ck.source, m.enrolment_id
    HAVING count(*) > 1 OR min(m.n) - 1 <= $5
) AS pairs
GROUP BY source
"""


class ReResolutionRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def start_run(self, run_id: UUID, model_version: str) -> None:
        await self._conn.execute(
            "INSERT INTO re_resolution_runs (run_id, model_version) VALUES ($1, $2)",
            run_id,
            model_version,
        )

    async def finish_run(self, run_id: UUID, checked: int, opened: int) -> None:
        await self._conn.execute(
            "UPDATE re_resolution_runs "
            "SET finished_at = now(), records_checked = $2, tasks_opened = $3 WHERE run_id = $1",
            run_id,
            checked,
            opened,
        )

    async def pages(self, page_size: int = 20_000) -> AsyncIterator[list[CandidateRecord]]:
        """Every record with its identity, in id order. Page by page, each its
        own statement, so no transaction stays open for the whole read."""
        after = UUID(int=0)
        while rows := await self._conn.fetch(PAGE, after, page_size):
            yield [
                CandidateRecord(
                    r["person_id"], r["enrolment_id"], identity_from_json(r["identity"])
                )
                for r in rows
            ]
            after = rows[-1]["enrolment_id"]

    async def later_candidates(
        self, chunk: list[CandidateRecord], cap: int
    ) -> dict[UUID, list[UUID]]:
        """For each record of `chunk`, the records with a greater id sharing a
        blocking key held by no more than its cap (at most `cap`), whoever's
        they are, as the intake would search them
        (blocking_caps.searched_together)."""
        if not chunk:
            return {}
        sources: list[UUID] = []
        source_keys: list[int] = []
        caps: dict[int, int] = {}
        for record in chunk:
            record_caps = key_caps(record.identity, cap)
            caps.update(record_caps)
            sources.extend([record.record_id] * len(record_caps))
            source_keys.extend(record_caps)
        rows = await self._conn.fetch(
            LATER_CANDIDATES_OF_CHUNK,
            sources,
            source_keys,
            list(caps),
            list(caps.values()),
            LONE_KEY_CAP,
        )
        return {r["source"]: r["later"] for r in rows}
