"""SQL for the access log and the facts scoping needs: whose enrolments a person has."""

from typing import Any
from uuid import UUID

import asyncpg

from shared.service_auth import Acting


class AccessLog:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def record(
        self,
        acting: Acting,
        person_ids: list[UUID],
        record: str,
        reason: str,
        *,
        record_id: UUID | None = None,
        detail: str = "full",
    ) -> None:
        await self._conn.execute(
            "INSERT INTO access_log (caller, acting_user, acting_role, acting_agency, person_id, "
            "record, record_id, detail, reason) "
            "SELECT $1, $2, $3, $4, p, $6, $7, $8, $9 FROM unnest($5::uuid[]) AS p",
            acting.caller,
            acting.who,
            acting.role,
            acting.agency,
            list(dict.fromkeys(person_ids)),
            record,
            record_id,
            detail,
            reason,
        )

    async def of_person(self, person_id: UUID, limit: int) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            "SELECT accessed_at, caller, acting_user, acting_role, acting_agency, record, "
            "record_id, detail, reason "
            "FROM access_log WHERE person_id = $1 ORDER BY access_id DESC LIMIT $2",
            person_id,
            limit,
        )
        return [dict(r) for r in rows]

    async def enrolment(self, enrolment_id: UUID) -> dict[str, Any] | None:
        row = await self._conn.fetchrow(
            "SELECT person_id, agency, consent_to_share FROM enrolments WHERE enrolment_id = $1",
            enrolment_id,
        )
        return dict(row) if row else None

    async def merged_persons(self, merge_id: UUID) -> tuple[UUID, UUID] | None:
        row = await self._conn.fetchrow(
            "SELECT survivor_id, absorbed_id FROM person_merges WHERE merge_id = $1", merge_id
        )
        return (row["survivor_id"], row["absorbed_id"]) if row else None

    async def enrolment_agencies(self, person_id: UUID) -> list[str]:
        return [
            r["agency"]
            for r in await self._conn.fetch(
                "SELECT agency FROM enrolments WHERE person_id = $1", person_id
            )
        ]
