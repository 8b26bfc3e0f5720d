"""Read side of the registry for the console: search, case file, explanations."""

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from ..domain.names import sound_text

# What a case file holds beside the person's own row, each read by person id.
CASE_FILE_PARTS = {
    "enrolments": """
        SELECT e.enrolment_id, e.agency, e.agency_record_id, e.programme, e.benefit_type,
               e.started_on, e.ended_on, e.consent_to_share, e.submitted_person,
               (SELECT to_jsonb(d) - 'enrolment_id' FROM match_decisions d
                WHERE d.enrolment_id = e.enrolment_id
                ORDER BY d.decided_at DESC LIMIT 1) AS latest_decision
        FROM enrolments e WHERE e.person_id = $1 ORDER BY e.started_on, e.agency
    """,
    "support_overlaps": (
        "SELECT overlap_id, enrolment_a, enrolment_b, rule, raised_at, cleared_at, "
        "clear_reason FROM support_overlaps "
        "WHERE person_id = $1 ORDER BY raised_at"
    ),
    "merges": (
        "SELECT * FROM person_merges WHERE survivor_id = $1 OR absorbed_id = $1 ORDER BY merged_at"
    ),
    "review_tasks": (
        "SELECT t.review_task_id, t.enrolment_id, e.agency, e.consent_to_share, t.reason, "
        "t.status, t.opened_at, t.decided_at, t.decided_by "
        "FROM review_tasks t JOIN enrolments e USING (enrolment_id) "
        "WHERE t.person_id = $1 "
        "OR t.candidates @> jsonb_build_array(jsonb_build_object('person_id', $1::text)) "
        "ORDER BY t.opened_at"
    ),
}


# People matching a name ($1, its sound $5), a CURP ($2), a birth date ($3); with an
# agency ($6), people it enrolled, matched on records it may read
# (domain.visibility.may_see_details: its own, or shared by consent).
SEARCH = """
SELECT p.person_id, p.given_names, p.paternal_surname, p.maternal_surname, p.sex,
       p.birth_date, p.municipality,
       max(CASE WHEN $1::text IS NULL THEN 1
           ELSE greatest(similarity(m.search_text, $1), similarity(m.sound_text, $5))
           END) AS similarity
FROM match_records m JOIN persons p USING (person_id)
WHERE ($1::text IS NULL OR m.search_text % $1 OR m.sound_text % $5)
  AND ($2::text IS NULL OR m.identity ->> 'curp' = $2)
  AND ($3::date IS NULL OR (m.identity ->> 'birth_date')::date = $3)
  AND ($6::text IS NULL OR EXISTS (
      SELECT 1 FROM enrolments e WHERE e.person_id = p.person_id AND e.agency = $6
  ))
  AND ($6::text IS NULL OR EXISTS (
      SELECT 1 FROM enrolments r
      WHERE r.enrolment_id = m.enrolment_id AND (r.agency = $6 OR r.consent_to_share)
  ))
GROUP BY p.person_id
ORDER BY similarity DESC, p.person_id
LIMIT $4
"""


class RegistryReader:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def search(
        self,
        folded_name: str | None,
        curp: str | None,
        birth_date: date | None,
        limit: int,
        agency: str | None = None,
    ) -> list[dict[str, Any]]:
        """People matching the query; with `agency`, only those that agency
        enrolled, matched on the records it may read (its own and those shared
        by consent: a record not shared with it must not be what finds her)."""
        rows = await self._conn.fetch(
            SEARCH,
            folded_name,
            curp,
            birth_date,
            limit,
            sound_text(folded_name) if folded_name else None,
            agency,
        )
        return [dict(r) for r in rows]

    async def case_file(self, person_id: UUID) -> dict[str, Any] | None:
        person = await self._conn.fetchrow("SELECT * FROM persons WHERE person_id = $1", person_id)
        if person is None:
            return None
        case_file = dict(person)
        for part, query in CASE_FILE_PARTS.items():
            case_file[part] = [dict(r) for r in await self._conn.fetch(query, person_id)]
        return case_file

    async def enrolments_of(self, person_ids: list[UUID]) -> dict[UUID, list[dict[str, Any]]]:
        """Each person's agency records: whose, since when, shared or not, as sent."""
        rows = await self._conn.fetch(
            "SELECT enrolment_id, person_id, agency, started_on, consent_to_share, "
            "submitted_person "
            "FROM enrolments WHERE person_id = ANY($1::uuid[])",
            person_ids,
        )
        found: dict[UUID, list[dict[str, Any]]] = {}
        for r in rows:
            found.setdefault(r["person_id"], []).append(dict(r))
        return found

    async def decisions(self, enrolment_id: UUID) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            "SELECT decision_id, person_id, outcome, reason, explanation, decided_by, decided_at, "
            "source_event_id "
            "FROM match_decisions WHERE enrolment_id = $1 ORDER BY decided_at",
            enrolment_id,
        )
        return [dict(r) for r in rows]
