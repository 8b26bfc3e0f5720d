"""SQL for the access log and the facts scoping needs: whose enrolments a person has."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg
import orjson

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
        shown: Sequence[dict[str, Any]],
        detail: str = "full",
    ) -> None:
        """One row per person read; `shown`, beside `person_ids`, the field
        names each person's read showed (one for all when it holds one)."""
        per_person = dict(
            zip(person_ids, shown if len(shown) > 1 else list(shown) * len(person_ids), strict=True)
        )
        await self._conn.execute(
            "INSERT INTO access_log (caller, acting_user, acting_role, acting_agency, person_id, "
            "record, record_id, detail, reason, shown) "
            "SELECT $1, $2, $3, $4, p.person_id, $6, $7, $8, $9, p.shown::jsonb "
            "FROM unnest($5::uuid[], $10::text[]) AS p(person_id, shown)",
            acting.caller,
            acting.who,
            acting.role,
            acting.agency,
            list(per_person),
            record,
            record_id,
            detail,
            reason,
            [orjson.dumps(s).decode() for s in per_person.values()],
        )

    async def of_person(self, person_id: UUID, limit: int) -> list[dict[str, Any]]:
        rows = await self._conn.fetch(
            "SELECT accessed_at, caller, acting_user, acting_role, acting_agency, record, "
            "record_id, detail, reason, shown "
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

    async def records_of(self, person_ids: Sequence[UUID]) -> list[dict[str, Any]]:
        """The agency and consent of every record the persons hold now."""
        rows = await self._conn.fetch(
            "SELECT agency, consent_to_share FROM enrolments WHERE person_id = ANY($1::uuid[])",
            list(person_ids),
        )
        return [dict(r) for r in rows]

    async def enrolment_agencies(self, person_id: UUID) -> list[str]:
        return [
            r["agency"]
            for r in await self._conn.fetch(
                "SELECT agency FROM enrolments WHERE person_id = $1", person_id
            )
        ]
