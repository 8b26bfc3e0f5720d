"""SQL for persons, their agency records, and what identity resolution needs:
normalised identities, blocking keys, candidates."""

from dataclasses import asdict
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from shared.contracts.beneficiaries import EnrolmentSubmittedV1

from ..domain.enrolment import KnownRecord
from ..domain.identity import Identity
from ..domain.names import sound_text
from ..domain.resolution import CandidateRecord


def identity_to_json(identity: Identity) -> dict[str, Any]:
    return {**asdict(identity), "birth_date": identity.birth_date.isoformat(), "given": list(identity.given)}


def identity_from_json(data: dict[str, Any]) -> Identity:
    return Identity(**{**data, "birth_date": date.fromisoformat(data["birth_date"]), "given": tuple(data["given"])})


def search_text(identity: Identity) -> str:
    return " ".join((*identity.given, identity.paternal, identity.maternal)).strip()


class RegistryRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def lock_agency_record(self, agency: str, agency_record_id: str) -> KnownRecord | None:
        row = await self._conn.fetchrow(
            "SELECT enrolment_id, person_id FROM enrolments WHERE agency = $1 AND agency_record_id = $2 FOR UPDATE",
            agency,
            agency_record_id,
        )
        return KnownRecord(row["enrolment_id"], row["person_id"]) if row else None

    async def lock_keys(self, keys: list[int]) -> None:
        """Records that share a blocking key are resolved one after the other,
        so two records of one new person arriving together cannot both create her.
        Sorted, so two transactions never wait on each other in opposite orders;
        in the two-integer lock space, apart from the relay's single-bigint lock."""
        await self._conn.execute(
            "SELECT pg_advisory_xact_lock((k >> 32)::int, ((k & 4294967295) - 2147483648)::int) "
            "FROM unnest($1::bigint[]) AS k ORDER BY k",
            keys,
        )

    async def candidates(self, keys: list[int], cap: int) -> list[CandidateRecord]:
        rows = await self._conn.fetch(
            """
            WITH hits AS (
                SELECT k.key, b.enrolment_id, count(*) OVER (PARTITION BY k.key) AS n
                FROM unnest($1::bigint[]) AS k(key)
                CROSS JOIN LATERAL (
                    SELECT enrolment_id FROM blocking_keys WHERE key = k.key LIMIT $2 + 1
                ) AS b
            )
            SELECT DISTINCT m.enrolment_id, m.person_id, m.identity
            FROM hits JOIN match_records AS m USING (enrolment_id)
            WHERE hits.n <= $2
            """,
            keys,
            cap,
        )
        return [CandidateRecord(r["person_id"], r["enrolment_id"], identity_from_json(r["identity"])) for r in rows]

    async def add_person(self, person_id: UUID, enrolment: EnrolmentSubmittedV1, curp: str | None) -> None:
        p = enrolment.person
        await self._conn.execute(
            "INSERT INTO persons (person_id, given_names, paternal_surname, maternal_surname, sex, birth_date, "
            "curp, state, municipality, locality, phone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            person_id, p.given_names, p.paternal_surname, p.maternal_surname, p.sex, p.birth_date,
            curp, p.state, p.municipality, p.locality, p.phone,
        )

    async def add_enrolment(self, enrolment_id: UUID, person_id: UUID, e: EnrolmentSubmittedV1, source_event_id: UUID) -> None:
        await self._conn.execute(
            "INSERT INTO enrolments (enrolment_id, person_id, agency, agency_record_id, programme, benefit_type, "
            "started_on, ended_on, consent_to_share, submitted_person, source_event_id) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            enrolment_id, person_id, e.agency, e.agency_record_id, e.programme, e.benefit_type,
            e.started_on, e.ended_on, e.person.consent_to_share, e.person.model_dump(mode="json"), source_event_id,
        )

    async def update_enrolment(self, enrolment_id: UUID, e: EnrolmentSubmittedV1, source_event_id: UUID) -> None:
        await self._conn.execute(
            "UPDATE enrolments SET programme = $2, benefit_type = $3, started_on = $4, ended_on = $5, "
            "consent_to_share = $6, submitted_person = $7, source_event_id = $8, updated_at = now() "
            "WHERE enrolment_id = $1",
            enrolment_id, e.programme, e.benefit_type, e.started_on, e.ended_on,
            e.person.consent_to_share, e.person.model_dump(mode="json"), source_event_id,
        )

    async def save_match_record(self, enrolment_id: UUID, person_id: UUID, identity: Identity, keys: list[int]) -> None:
        text = search_text(identity)
        await self._conn.execute(
            """
            WITH record AS (
                INSERT INTO match_records (enrolment_id, person_id, identity, search_text, sound_text) VALUES ($1, $2, $3, $4, $6)
                ON CONFLICT (enrolment_id) DO UPDATE
                SET identity = EXCLUDED.identity, search_text = EXCLUDED.search_text, sound_text = EXCLUDED.sound_text
            ), stale AS (
                DELETE FROM blocking_keys WHERE enrolment_id = $1 AND NOT key = ANY($5::bigint[])
            )
            INSERT INTO blocking_keys (key, enrolment_id) SELECT k, $1 FROM unnest($5::bigint[]) AS k
            ON CONFLICT DO NOTHING
            """,
            enrolment_id, person_id, identity_to_json(identity), text, keys, sound_text(text),
        )

    async def add_decision(
        self, decision_id: UUID, enrolment_id: UUID, person_id: UUID, outcome: str, reason: str,
        explanation: dict[str, Any], decided_by: str, source_event_id: UUID | None,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO match_decisions (decision_id, enrolment_id, person_id, outcome, reason, explanation, decided_by, "
            "source_event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            decision_id, enrolment_id, person_id, outcome, reason, explanation, decided_by, source_event_id,
        )

    async def open_review_task(self, task_id: UUID, enrolment_id: UUID, person_id: UUID, reason: str, candidates: list[dict[str, Any]]) -> None:
        await self._conn.execute(
            "INSERT INTO review_tasks (review_task_id, enrolment_id, person_id, reason, candidates) VALUES ($1, $2, $3, $4, $5)",
            task_id, enrolment_id, person_id, reason, candidates,
        )
