"""SQL for persons, their agency records, and what identity resolution needs:
normalised identities, blocking keys, candidates."""

from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg
import orjson

from shared.bulk_write import BulkWrite
from shared.contracts.beneficiaries import EnrolmentSubmittedV1

from ..domain.blocking_caps import LONE_KEY_CAP
from ..domain.enrolment import KnownRecord
from ..domain.identity import Identity
from ..domain.names import sound_text
from ..domain.resolution import CandidateRecord
from .parsed_identities import ParsedIdentities


def identity_to_json(identity: Identity) -> dict[str, Any]:
    return {
        **identity._asdict(),
        "birth_date": identity.birth_date.isoformat(),
        "given": list(identity.given),
    }


def identity_from_json(data: dict[str, Any]) -> Identity:
    return Identity(
        **{
            **data,
            "birth_date": date.fromisoformat(data["birth_date"]),
            "given": tuple(data["given"]),
        }
    )


def identity_from_text(stored: str) -> Identity:
    """The identity column read as text, for the rows a batch has not parsed before."""
    return identity_from_json(orjson.loads(stored))


class MatchDecisionRow(NamedTuple):
    decision_id: UUID
    enrolment_id: UUID
    person_id: UUID
    outcome: str
    reason: str
    explanation: dict[str, Any]
    decided_by: str
    source_event_id: UUID | None


def search_text(identity: Identity) -> str:
    return " ".join((*identity.given, identity.paternal, identity.maternal)).strip()


# Each row builder below gives its values in its table's column order; the
# intake's inserts and the benchmarks' bulk load (COPY) both use them.
PERSON_COLUMNS = {
    "person_id": "uuid",
    "given_names": "text",
    "paternal_surname": "text",
    "maternal_surname": "text",
    "sex": "text",
    "birth_date": "date",
    "curp": "text",
    "state": "text",
    "municipality": "text",
    "locality": "text",
    "phone": "text",
}
ENROLMENT_COLUMNS = {
    "enrolment_id": "uuid",
    "person_id": "uuid",
    "agency": "text",
    "agency_record_id": "text",
    "programme": "text",
    "benefit_type": "text",
    "started_on": "date",
    "ended_on": "date",
    "consent_to_share": "boolean",
    "submitted_person": "jsonb",
    "source_event_id": "uuid",
}
MATCH_RECORD_COLUMNS = {
    "enrolment_id": "uuid",
    "person_id": "uuid",
    "identity": "jsonb",
    "search_text": "text",
    "sound_text": "text",
}
BLOCKING_KEY_COLUMNS = {"key": "bigint", "enrolment_id": "uuid"}
DECISION_COLUMNS = {
    "decision_id": "uuid",
    "enrolment_id": "uuid",
    "person_id": "uuid",
    "outcome": "text",
    "reason": "text",
    "explanation": "jsonb",
    "decided_by": "text",
    "source_event_id": "uuid",
}


def person_row(person_id: UUID, e: EnrolmentSubmittedV1, curp: str | None) -> tuple[Any, ...]:
    p = e.person
    return (
        person_id,
        p.given_names,
        p.paternal_surname,
        p.maternal_surname,
        p.sex,
        p.birth_date,
        curp,
        p.state,
        p.municipality,
        p.locality,
        p.phone,
    )


def enrolment_row(
    enrolment_id: UUID, person_id: UUID, e: EnrolmentSubmittedV1, source_event_id: UUID
) -> tuple[Any, ...]:
    return (
        enrolment_id,
        person_id,
        e.agency,
        e.agency_record_id,
        e.programme,
        e.benefit_type,
        e.started_on,
        e.ended_on,
        e.person.consent_to_share,
        e.person.model_dump(mode="json"),
        source_event_id,
    )


def match_record_row(enrolment_id: UUID, person_id: UUID, identity: Identity) -> tuple[Any, ...]:
    text = search_text(identity)
    return (enrolment_id, person_id, identity_to_json(identity), text, sound_text(text))


def stage_new_records(
    write: BulkWrite,
    persons: list[tuple[UUID, EnrolmentSubmittedV1, str | None]],
    enrolments: list[tuple[UUID, UUID, EnrolmentSubmittedV1, UUID]],
    match_records: list[tuple[UUID, UUID, Identity, list[int]]],
    decisions: list[MatchDecisionRow],
) -> None:
    """Persons as (person id, enrolment, CURP), enrolments as (enrolment id, person id, enrolment, source event id),
    match records as (enrolment id, person id, identity, blocking keys). A match record saved before gets
    its new identity; its old keys must be gone (RegistryRepository.update_enrolments)."""
    write.insert("persons", PERSON_COLUMNS, [person_row(*person) for person in persons])
    write.insert(
        "enrolments", ENROLMENT_COLUMNS, [enrolment_row(*enrolment) for enrolment in enrolments]
    )
    write.insert(
        "match_records",
        MATCH_RECORD_COLUMNS,
        [
            match_record_row(enrolment_id, person_id, identity)
            for enrolment_id, person_id, identity, _ in match_records
        ],
        on_conflict="ON CONFLICT (enrolment_id) DO UPDATE SET identity = EXCLUDED.identity, "
        "search_text = EXCLUDED.search_text, sound_text = EXCLUDED.sound_text",
    )
    # No ON CONFLICT: a record's keys are distinct and its old ones are gone, and the
    # speculative insertion it needs costs an extra index descent per key.
    write.insert(
        "blocking_keys",
        BLOCKING_KEY_COLUMNS,
        [(key, enrolment_id) for enrolment_id, _, _, keys in match_records for key in keys],
    )
    write.insert("match_decisions", DECISION_COLUMNS, decisions)


class RegistryRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def lock(
        self, records: list[tuple[str, str]], keys: list[int]
    ) -> dict[tuple[str, str], KnownRecord]:
        """Holds the blocking keys, then the agency records already registered,
        which it returns (migration 011). Records that share a key are resolved
        one after the other, so two records of one new person arriving together
        cannot both create her, and a record two batches carry is created by
        one and updated by the other."""
        rows = await self._conn.fetch(
            "SELECT * FROM lock_for_intake($1::text[], $2::text[], $3::bigint[])",
            [agency for agency, _ in records],
            [record_id for _, record_id in records],
            keys,
        )
        return {
            (r["agency"], r["agency_record_id"]): KnownRecord(r["enrolment_id"], r["person_id"])
            for r in rows
        }

    async def candidates(
        self, caps: dict[int, int], identities: ParsedIdentities, updated: list[UUID]
    ) -> tuple[list[tuple[UUID, list[int], CandidateRecord | None]], list[int]]:
        """Every record under the keys of `caps`, each with the keys it was
        found under, and the keys held by more records than their cap (left
        out: too common). A record comes with its identity only when it can be
        a candidate of a record searching some of these keys (blocking_caps.
        searched_together, counted over all of them). A key's size for that
        leaves out the `updated` records: the batch may give them other keys
        before it resolves a record sharing this one. Identities come from
        `identities` where it holds the row's version; the row's version is
        its xmin, the transaction that wrote it."""
        keys = sorted(caps)
        rows = await self._conn.fetch(
            """
            WITH hits AS (
                SELECT k.key, k.cap, b.enrolment_id, count(*) OVER (PARTITION BY k.key) AS n,
                       count(*) FILTER (WHERE b.enrolment_id <> ALL($4::uuid[])) OVER (PARTITION BY k.key) AS n_staying
                FROM unnest($1::bigint[], $2::int[]) AS k(key, cap)
                CROSS JOIN LATERAL (
                    SELECT enrolment_id FROM blocking_keys WHERE key = k.key LIMIT k.cap + 1
                ) AS b
            ), found AS MATERIALIZED (
                SELECT enrolment_id, array_agg(key) AS keys, count(*) > 1 OR min(n_staying) <= $3 AS may_be_candidate
                FROM hits WHERE n <= cap
                GROUP BY enrolment_id
            )
            -- Two branches: as one left join, the planner fetched every match record and filtered after.
            SELECT f.enrolment_id, f.keys, m.person_id, m.xmin::text::bigint AS version, m.identity::text AS identity
            FROM found AS f JOIN match_records AS m USING (enrolment_id)
            WHERE f.may_be_candidate
            UNION ALL
            SELECT enrolment_id, keys, NULL::uuid, NULL::bigint, NULL::text FROM found WHERE NOT may_be_candidate
            UNION ALL
            SELECT DISTINCT NULL::uuid, ARRAY[key], NULL::uuid, NULL::bigint, NULL::text FROM hits WHERE n > cap
            """,
            keys,
            [caps[key] for key in keys],
            LONE_KEY_CAP,
            updated,
        )
        found = [
            (
                r["enrolment_id"],
                r["keys"],
                None
                if r["person_id"] is None
                else CandidateRecord(
                    r["person_id"],
                    r["enrolment_id"],
                    identities.get(r["enrolment_id"], r["version"], r["identity"]),
                ),
            )
            for r in rows
            if r["enrolment_id"] is not None
        ]
        return found, [r["keys"][0] for r in rows if r["enrolment_id"] is None]

    async def update_enrolments(
        self, enrolments: list[tuple[UUID, EnrolmentSubmittedV1, UUID]]
    ) -> None:
        """(enrolment id, enrolment, source event id) each. The records' blocking keys go
        too: stage_new_records gives them exactly their new keys."""
        await self._conn.executemany(
            "UPDATE enrolments SET programme = $2, benefit_type = $3, started_on = $4, ended_on = $5, "
            "consent_to_share = $6, submitted_person = $7, source_event_id = $8, updated_at = now() "
            "WHERE enrolment_id = $1",
            [
                (
                    enrolment_id,
                    e.programme,
                    e.benefit_type,
                    e.started_on,
                    e.ended_on,
                    e.person.consent_to_share,
                    e.person.model_dump(mode="json"),
                    source_event_id,
                )
                for enrolment_id, e, source_event_id in enrolments
            ],
        )
        await self._conn.execute(
            "DELETE FROM blocking_keys WHERE enrolment_id = ANY($1::uuid[])",
            [enrolment_id for enrolment_id, _, _ in enrolments],
        )

    async def add_decisions(self, decisions: list[MatchDecisionRow]) -> None:
        write = BulkWrite()
        write.insert("match_decisions", DECISION_COLUMNS, decisions)
        await self.execute(write)

    async def execute(self, write: BulkWrite) -> None:
        await write.execute(self._conn)
