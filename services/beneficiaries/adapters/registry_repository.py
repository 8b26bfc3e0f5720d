"""SQL for persons, their agency records, and what identity resolution needs:
normalised identities, blocking keys, candidates."""

from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg
import orjson

from shared.contracts.beneficiaries import EnrolmentSubmittedV1

from ..domain.enrolment import KnownRecord
from ..domain.identity import Identity
from ..domain.names import sound_text
from ..domain.resolution import CandidateRecord
from .parsed_identities import ParsedIdentities
from .reviewed_pairs import add_pairs_of_tasks


def identity_to_json(identity: Identity) -> dict[str, Any]:
    return {**identity._asdict(), "birth_date": identity.birth_date.isoformat(), "given": list(identity.given)}


def identity_from_json(data: dict[str, Any]) -> Identity:
    return Identity(**{**data, "birth_date": date.fromisoformat(data["birth_date"]), "given": tuple(data["given"])})


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
PERSON_COLUMNS = ("person_id", "given_names", "paternal_surname", "maternal_surname", "sex", "birth_date", "curp", "state",
                  "municipality", "locality", "phone")
ENROLMENT_COLUMNS = ("enrolment_id", "person_id", "agency", "agency_record_id", "programme", "benefit_type", "started_on",
                     "ended_on", "consent_to_share", "submitted_person", "source_event_id")
MATCH_RECORD_COLUMNS = ("enrolment_id", "person_id", "identity", "search_text", "sound_text")


def person_row(person_id: UUID, e: EnrolmentSubmittedV1, curp: str | None) -> tuple[Any, ...]:
    p = e.person
    return (person_id, p.given_names, p.paternal_surname, p.maternal_surname, p.sex, p.birth_date, curp, p.state,
            p.municipality, p.locality, p.phone)


def enrolment_row(enrolment_id: UUID, person_id: UUID, e: EnrolmentSubmittedV1, source_event_id: UUID) -> tuple[Any, ...]:
    return (enrolment_id, person_id, e.agency, e.agency_record_id, e.programme, e.benefit_type, e.started_on, e.ended_on,
            e.person.consent_to_share, e.person.model_dump(mode="json"), source_event_id)


def match_record_row(enrolment_id: UUID, person_id: UUID, identity: Identity) -> tuple[Any, ...]:
    text = search_text(identity)
    return (enrolment_id, person_id, identity_to_json(identity), text, sound_text(text))


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(f'${i}' for i in range(1, len(columns) + 1))})"


class RegistryRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def lock_agency_records(self, records: list[tuple[str, str]]) -> dict[tuple[str, str], KnownRecord]:
        """The agency records already registered, locked in one order so two
        batches holding the same records never wait on each other crosswise."""
        rows = await self._conn.fetch(
            "SELECT enrolment_id, person_id, agency, agency_record_id FROM enrolments "
            "WHERE (agency, agency_record_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) "
            "ORDER BY enrolment_id FOR UPDATE",
            [agency for agency, _ in records], [record_id for _, record_id in records],
        )
        return {(r["agency"], r["agency_record_id"]): KnownRecord(r["enrolment_id"], r["person_id"]) for r in rows}

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

    async def candidates(self, caps: dict[int, int], identities: ParsedIdentities) -> tuple[list[tuple[CandidateRecord, list[int]]], list[int]]:
        """Every record under the keys of `caps`, each with the keys it was
        found under, and the keys held by more records than their cap (left
        out: too common). Identities come from `identities` where it holds the
        row's version; the row's version is its xmin, the transaction that wrote it."""
        keys = sorted(caps)
        rows = await self._conn.fetch(
            """
            WITH hits AS (
                SELECT k.key, k.cap, b.enrolment_id, count(*) OVER (PARTITION BY k.key) AS n
                FROM unnest($1::bigint[], $2::int[]) AS k(key, cap)
                CROSS JOIN LATERAL (
                    SELECT enrolment_id FROM blocking_keys WHERE key = k.key LIMIT k.cap + 1
                ) AS b
            )
            SELECT m.enrolment_id, m.person_id, m.xmin::text::bigint AS version, m.identity::text AS identity,
                   array_agg(hits.key) AS keys
            FROM hits JOIN match_records AS m USING (enrolment_id)
            WHERE hits.n <= hits.cap
            GROUP BY m.enrolment_id
            UNION ALL
            SELECT DISTINCT NULL::uuid, NULL::uuid, NULL::bigint, NULL::text, ARRAY[key] FROM hits WHERE n > cap
            """,
            keys,
            [caps[key] for key in keys],
        )
        found = [(CandidateRecord(r["person_id"], r["enrolment_id"], identities.get(r["enrolment_id"], r["version"], r["identity"])),
                  r["keys"])
                 for r in rows if r["enrolment_id"] is not None]
        return found, [r["keys"][0] for r in rows if r["enrolment_id"] is None]

    async def add_persons(self, persons: list[tuple[UUID, EnrolmentSubmittedV1, str | None]]) -> None:
        await self._conn.executemany(_insert("persons", PERSON_COLUMNS), [person_row(*person) for person in persons])

    async def add_enrolments(self, enrolments: list[tuple[UUID, UUID, EnrolmentSubmittedV1, UUID]]) -> None:
        """(enrolment id, person id, enrolment, source event id) each."""
        await self._conn.executemany(_insert("enrolments", ENROLMENT_COLUMNS), [enrolment_row(*enrolment) for enrolment in enrolments])

    async def update_enrolments(self, enrolments: list[tuple[UUID, EnrolmentSubmittedV1, UUID]]) -> None:
        """(enrolment id, enrolment, source event id) each."""
        await self._conn.executemany(
            "UPDATE enrolments SET programme = $2, benefit_type = $3, started_on = $4, ended_on = $5, "
            "consent_to_share = $6, submitted_person = $7, source_event_id = $8, updated_at = now() "
            "WHERE enrolment_id = $1",
            [(enrolment_id, e.programme, e.benefit_type, e.started_on, e.ended_on, e.person.consent_to_share,
              e.person.model_dump(mode="json"), source_event_id) for enrolment_id, e, source_event_id in enrolments],
        )

    async def save_match_records(self, records: list[tuple[UUID, UUID, Identity, list[int]]], replaced: list[UUID]) -> None:
        """(enrolment id, person id, identity, blocking keys) each; the records
        in `replaced` were saved before and get their new identity and exactly their new keys."""
        await self._conn.executemany(
            _insert("match_records", MATCH_RECORD_COLUMNS) + " ON CONFLICT (enrolment_id) DO UPDATE "
            "SET identity = EXCLUDED.identity, search_text = EXCLUDED.search_text, sound_text = EXCLUDED.sound_text",
            [match_record_row(enrolment_id, person_id, identity) for enrolment_id, person_id, identity, _ in records],
        )
        if replaced:
            await self._conn.execute("DELETE FROM blocking_keys WHERE enrolment_id = ANY($1::uuid[])", replaced)
        # No ON CONFLICT: a record's keys are distinct and its old ones are gone, and the
        # speculative insertion it needs costs an extra index descent per key.
        await self._conn.execute(
            "INSERT INTO blocking_keys (key, enrolment_id) SELECT * FROM unnest($1::bigint[], $2::uuid[])",
            [key for _, _, _, keys in records for key in keys],
            [enrolment_id for enrolment_id, _, _, keys in records for _ in keys],
        )

    async def add_decisions(self, decisions: list[MatchDecisionRow]) -> None:
        await self._conn.executemany(
            "INSERT INTO match_decisions (decision_id, enrolment_id, person_id, outcome, reason, explanation, decided_by, "
            "source_event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            decisions,
        )

    async def open_review_tasks(self, tasks: list[tuple[UUID, UUID, UUID, str, list[dict[str, Any]]]]) -> None:
        """(task id, enrolment id, person id, reason, candidates) each."""
        await self._conn.executemany(
            "INSERT INTO review_tasks (review_task_id, enrolment_id, person_id, reason, candidates) VALUES ($1, $2, $3, $4, $5)",
            tasks,
        )
        await add_pairs_of_tasks(self._conn, tasks)
