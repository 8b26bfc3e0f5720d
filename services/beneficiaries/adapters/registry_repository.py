"""SQL for persons and their agency enrolments."""

from typing import Any
from uuid import UUID

import asyncpg

from shared.contracts.beneficiaries import EnrolmentSubmittedV1

from ..domain.enrolment import KnownRecord


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

    async def add_person(self, person_id: UUID, enrolment: EnrolmentSubmittedV1) -> None:
        p = enrolment.person
        await self._conn.execute(
            "INSERT INTO persons (person_id, given_names, paternal_surname, maternal_surname, sex, birth_date, "
            "curp, state, municipality, locality, phone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            person_id, p.given_names, p.paternal_surname, p.maternal_surname, p.sex, p.birth_date,
            p.national_id.strip().upper() if p.national_id_type == "CURP" and p.national_id else None,
            p.state, p.municipality, p.locality, p.phone,
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

    async def person_with_enrolments(self, person_id: UUID) -> dict[str, Any] | None:
        person = await self._conn.fetchrow("SELECT * FROM persons WHERE person_id = $1", person_id)
        if person is None:
            return None
        enrolments = await self._conn.fetch(
            "SELECT enrolment_id, agency, agency_record_id, programme, benefit_type, started_on, ended_on, "
            "consent_to_share FROM enrolments WHERE person_id = $1 ORDER BY started_on, agency",
            person_id,
        )
        return {**dict(person), "enrolments": [dict(e) for e in enrolments]}
