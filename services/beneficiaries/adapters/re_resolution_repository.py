"""SQL for batch re-resolution: records in chunks with their candidates from
other persons, and the review tasks a run opens."""

from typing import Any
from uuid import UUID

import asyncpg
import orjson

from ..domain.blocking_caps import key_caps
from ..domain.resolution import CandidateRecord
from .registry_repository import identity_from_json
from .reviewed_pairs import add_pairs_of_tasks

CHUNK = "SELECT enrolment_id, person_id, identity FROM match_records WHERE enrolment_id > $1 ORDER BY enrolment_id LIMIT $2"

# Each step is bounded by the chunk, never by the registry: the keys' members
# are read through the key index (at most the key's cap + 1, which is enough to
# tell an over-common key), and the candidates through the primary key. Joining
# match_records as a set let the planner hash the whole table on every chunk.
# Keys and caps are the intake's (blocking_caps.key_caps), so a run finds the
# candidates the intake would.
CANDIDATES_OF_CHUNK = """
WITH chunk_keys AS MATERIALIZED (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) AS ck(source, source_person, key)
), members AS (
    SELECT k.key, k.cap, m.enrolment_id, count(*) OVER (PARTITION BY k.key) AS n
    FROM unnest($4::bigint[], $5::int[]) AS k(key, cap)
    CROSS JOIN LATERAL (SELECT b.enrolment_id FROM blocking_keys b WHERE b.key = k.key LIMIT k.cap + 1) m
), found AS (
    SELECT m.enrolment_id AS other, array_agg(ck.source) AS sources, array_agg(ck.source_person) AS source_persons
    FROM members m JOIN chunk_keys ck USING (key)
    WHERE m.n BETWEEN 2 AND m.cap AND m.enrolment_id <> ck.source
    GROUP BY m.enrolment_id
)
-- Each candidate once, with every chunk record of another person it is a
-- candidate of: a record is parsed once per chunk, not once per record that finds it.
SELECT m.enrolment_id, m.person_id, m.identity, s.sources
FROM found f
-- LIMIT 1 (the primary key gives one row anyway) keeps this a lookup per candidate.
CROSS JOIN LATERAL (SELECT enrolment_id, person_id, identity FROM match_records WHERE enrolment_id = f.other LIMIT 1) m
CROSS JOIN LATERAL (
    SELECT array_agg(DISTINCT u.source) AS sources FROM unnest(f.sources, f.source_persons) AS u(source, person) WHERE u.person <> m.person_id
) s
WHERE s.sources IS NOT NULL
"""


class ReResolutionRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def start_run(self, run_id: UUID, model_version: str) -> None:
        await self._conn.execute("INSERT INTO re_resolution_runs (run_id, model_version) VALUES ($1, $2)", run_id, model_version)

    async def finish_run(self, run_id: UUID, checked: int, opened: int) -> None:
        await self._conn.execute(
            "UPDATE re_resolution_runs SET finished_at = now(), records_checked = $2, tasks_opened = $3 WHERE run_id = $1",
            run_id, checked, opened,
        )

    async def chunk(self, after: UUID, size: int, cap: int) -> tuple[list[CandidateRecord], dict[UUID, list[CandidateRecord]]]:
        """The next `size` records after `after`, and for each the records of
        other persons sharing a blocking key held by no more than its cap (at most `cap`)."""
        records = [CandidateRecord(r["person_id"], r["enrolment_id"], identity_from_json(r["identity"]))
                   for r in await self._conn.fetch(CHUNK, after, size)]
        sources, source_persons, source_keys, caps = [], [], [], {}
        for record in records:
            record_caps = key_caps(record.identity, cap)
            caps.update(record_caps)
            for key in record_caps:
                sources.append(record.record_id)
                source_persons.append(record.person_id)
                source_keys.append(key)
        candidates: dict[UUID, list[CandidateRecord]] = {}
        if records:
            rows = await self._conn.fetch(CANDIDATES_OF_CHUNK, sources, source_persons, source_keys, list(caps), list(caps.values()))
            for r in rows:
                candidate = CandidateRecord(r["person_id"], r["enrolment_id"], identity_from_json(r["identity"]))
                for source in r["sources"]:
                    candidates.setdefault(source, []).append(candidate)
        return records, candidates

    async def open_tasks(self, tasks: list[tuple[UUID, UUID, UUID, str, list[dict[str, Any]]]], run_id: UUID) -> None:
        """(task id, enrolment id, person id, reason, candidates) each, in one statement, and the pairs they name."""
        ids, enrolment_ids, person_ids, reasons, candidates = (list(column) for column in zip(*tasks, strict=True))
        # As text: a list of lists would go to asyncpg as a two-dimensional array, not as jsonb values.
        await self._conn.execute(
            "INSERT INTO review_tasks (review_task_id, enrolment_id, person_id, reason, candidates, run_id) "
            "SELECT t.id, t.enrolment_id, t.person_id, t.reason, t.candidates::jsonb, $6 "
            "FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS t(id, enrolment_id, person_id, reason, candidates)",
            ids, enrolment_ids, person_ids, reasons, [orjson.dumps(c).decode() for c in candidates], run_id,
        )
        await add_pairs_of_tasks(self._conn, tasks)
