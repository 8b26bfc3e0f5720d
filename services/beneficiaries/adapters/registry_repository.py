"""SQL for persons, their agency records, and what identity resolution needs:
normalised identities, blocking keys, candidates."""

from uuid import UUID

import asyncpg

from shared.bulk_write import BulkWrite
from shared.contracts.beneficiaries import EnrolmentSubmittedV1

from ..domain.blocking_caps import LONE_KEY_CAP, StoredCandidates
from ..domain.enrolment import KnownRecord
from ..domain.identity import Identity
from ..domain.resolution import CandidateRecord
from .parsed_identities import ParsedIdentities
from .registry_rows import (
    DECISION_COLUMNS,
    IntakeRows,
    MatchDecisionRow,
    enrolment_update_row,
    identity_from_json,
)


class RegistryRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    @property
    def connection(self) -> asyncpg.Connection:
        return self._conn

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

    async def lock_and_read(
        self,
        records: list[tuple[str, str]],
        keys: list[int],
        searched: dict[int, int],
        identities: ParsedIdentities,
    ) -> tuple[dict[tuple[str, str], KnownRecord], StoredCandidates | None]:
        """`lock`, then in the same round trip, if none of `records` is
        registered already (no record is updated), `candidates(searched)`;
        None instead when some is, as the keys to search then differ (migration 017)."""
        rows = await self._conn.fetch(
            "SELECT * FROM lock_and_read_for_intake("
            "$1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::int[], $6)",
            [agency for agency, _ in records],
            [record_id for _, record_id in records],
            keys,
            *_searched(searched),
            LONE_KEY_CAP,
        )
        known = {
            (r["agency"], r["agency_record_id"]): KnownRecord(r["enrolment_id"], r["person_id"])
            for r in rows
            if r["agency"] is not None
        }
        return known, None if known else _stored_candidates(rows, identities)

    async def candidates(
        self, caps: dict[int, int], identities: ParsedIdentities, updated: list[UUID]
    ) -> StoredCandidates:
        """blocking_caps.stored_candidates over the stored records, in one
        statement (migration 017's intake_candidates): what it returns, and
        its rule, are the same. Identities come from `identities` where it
        holds the row's version; the row's version is its xmin, the
        transaction that wrote it."""
        rows = await self._conn.fetch(
            "SELECT * FROM intake_candidates($1::bigint[], $2::int[], $3, $4::uuid[])",
            *_searched(caps),
            LONE_KEY_CAP,
            updated,
        )
        return _stored_candidates(rows, identities)

    async def update_enrolments(
        self, enrolments: list[tuple[UUID, EnrolmentSubmittedV1, UUID]]
    ) -> None:
        """(enrolment id, enrolment, source event id) each. The records' blocking keys go
        too: IntakeRows.stage gives them exactly their new keys."""
        await self._conn.executemany(
            "UPDATE enrolments SET programme = $2, benefit_type = $3, started_on = $4, "
            "ended_on = $5, consent_to_share = $6, submitted_person = $7, source_event_id = $8, "
            "updated_at = now() WHERE enrolment_id = $1",
            [enrolment_update_row(*enrolment) for enrolment in enrolments],
        )
        await self._conn.execute(
            "DELETE FROM blocking_keys WHERE enrolment_id = ANY($1::uuid[])",
            [enrolment_id for enrolment_id, _, _ in enrolments],
        )

    async def save_chunk(self, rows: IntakeRows, write: BulkWrite) -> asyncpg.Record | None:
        """A chunk of the intake's records, in `write` beside what the caller
        staged there (its events, a read): one statement, after one more that
        updates the records sent again, if any. Returns the write's row."""
        if rows.updated:  # their old keys go before the write gives them their new ones
            await self.update_enrolments(rows.updated)
        rows.stage(write)
        return await write.execute(self._conn)

    async def sample_identities(self, records: int) -> list[Identity]:
        """`records` identities drawn at random, for estimating the match model."""
        rows = await self._conn.fetch(
            "SELECT identity FROM match_records ORDER BY random() LIMIT $1", records
        )
        return [identity_from_json(r["identity"]) for r in rows]

    async def labelled_pairs(self, limit: int) -> list[tuple[Identity, Identity, bool]]:
        """Pairs of records a caseworker's verdict labels the same person or
        not (migration 013's review_labels), the latest first."""
        rows = await self._conn.fetch(
            "SELECT a.identity AS a, b.identity AS b, l.same FROM review_labels l "
            "JOIN match_records a ON a.enrolment_id = l.enrolment_id "
            "JOIN match_records b ON b.enrolment_id = l.candidate_enrolment_id "
            "ORDER BY l.decided_at DESC LIMIT $1",
            limit,
        )
        return [(identity_from_json(r["a"]), identity_from_json(r["b"]), r["same"]) for r in rows]

    async def add_decisions(self, decisions: list[MatchDecisionRow]) -> None:
        write = BulkWrite()
        write.insert("match_decisions", DECISION_COLUMNS, decisions)
        await self.execute(write)

    async def execute(self, write: BulkWrite) -> None:
        await write.execute(self._conn)


def _searched(caps: dict[int, int]) -> tuple[list[int], list[int]]:
    """The keys in order, and their caps."""
    keys = sorted(caps)
    return keys, [caps[key] for key in keys]


def _stored_candidates(
    rows: list[asyncpg.Record], identities: ParsedIdentities
) -> StoredCandidates:
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
                r["held_for_review"],
            ),
        )
        for r in rows
        if r["enrolment_id"] is not None
    ]
    return found, [r["keys"][0] for r in rows if r["enrolment_id"] is None]
