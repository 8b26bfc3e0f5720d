"""SQL for the overlap rule table and the overlaps raised."""

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg

from shared.bulk_write import BulkWrite

from ..domain.overlaps import HeldEnrolment, OpenOverlap, OverlapRule, Pair


class OverlapState(NamedTuple):
    held: dict[UUID, list[HeldEnrolment]]
    open_overlaps: list[OpenOverlap]
    rules: list[OverlapRule]


# OverlapRepository.state_of's read, also made by a larger write (stage_state_read).
STATE_QUERIES = (
    """held AS (
        SELECT person_id, enrolment_id, agency, programme, benefit_type, started_on, ended_on
        FROM enrolments WHERE person_id = ANY($1::uuid[])
    )""",
    """touching AS (
        SELECT overlap_id, person_id, enrolment_a, enrolment_b FROM support_overlaps
        WHERE cleared_at IS NULL AND (person_id = ANY($1::uuid[])
              OR enrolment_a = ANY(ARRAY(SELECT enrolment_id FROM held))
              OR enrolment_b = ANY(ARRAY(SELECT enrolment_id FROM held)))
        ORDER BY overlap_id FOR UPDATE
    )""",
)
STATE_COLUMNS = (
    "(SELECT array_agg(h) FROM held AS h) AS held",
    "(SELECT array_agg(t ORDER BY t.overlap_id) FROM touching AS t) AS touching",
    "(SELECT array_agg((name, benefit_a, benefit_b) ORDER BY name) FROM overlap_rules) AS rules",
)


def stage_state_read(write: BulkWrite, person_ids: list[UUID]) -> None:
    """OverlapRepository.state_of made by `write`'s statement, its row then read
    by overlap_state. On that statement's snapshot: the enrolments the write
    inserts are not among those held."""
    write.read(STATE_QUERIES, STATE_COLUMNS, person_ids)


def overlap_state(row: Mapping[str, Any], person_ids: list[UUID]) -> OverlapState:
    held: dict[UUID, list[HeldEnrolment]] = {person_id: [] for person_id in person_ids}
    for person_id, *enrolment in row["held"] or ():
        held[person_id].append(HeldEnrolment(*enrolment))
    return OverlapState(
        held,
        [
            OpenOverlap(overlap_id, person_id, (a, b))
            for overlap_id, person_id, a, b in row["touching"] or ()
        ],
        [OverlapRule(*rule) for rule in row["rules"] or ()],
    )


class OverlapRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def state_of(self, person_ids: list[UUID]) -> OverlapState:
        """What these persons' overlaps are decided from, in one statement: each
        person's enrolments, the open overlaps owned by them or naming one of
        those enrolments (locked), and the rule table."""
        row = await self._conn.fetchrow(
            f"WITH {', '.join(STATE_QUERIES)} SELECT {', '.join(STATE_COLUMNS)}", person_ids
        )
        return overlap_state(row, person_ids)

    async def raise_overlaps(self, overlaps: list[tuple[UUID, UUID, Pair, str]]) -> None:
        """(overlap id, person id, pair, rule) each."""
        await self._conn.executemany(
            "INSERT INTO support_overlaps (overlap_id, person_id, enrolment_a, enrolment_b, rule) "
            "VALUES ($1, $2, $3, $4, $5)",
            [
                (overlap_id, person_id, a, b, rule)
                for overlap_id, person_id, (a, b), rule in overlaps
            ],
        )

    async def clear(self, overlap_ids: list[UUID], reason: str) -> None:
        await self._conn.execute(
            "UPDATE support_overlaps SET cleared_at = now(), clear_reason = $2 "
            "WHERE overlap_id = ANY($1::uuid[])",
            overlap_ids,
            reason,
        )

    async def reassign(self, owners: list[tuple[UUID, UUID]]) -> None:
        """(overlap id, new owner) each: both enrolments of the overlap now
        belong to that person."""
        await self._conn.executemany(
            "UPDATE support_overlaps SET person_id = $2 WHERE overlap_id = $1", owners
        )

    async def persons_with_lapsed_overlaps(self, today: date) -> list[UUID]:
        """Owners of open overlaps one of whose enrolments ended before `today`."""
        return [
            r["person_id"]
            for r in await self._conn.fetch(
                "SELECT DISTINCT o.person_id FROM support_overlaps AS o "
                "JOIN enrolments AS a ON a.enrolment_id = o.enrolment_a "
                "JOIN enrolments AS b ON b.enrolment_id = o.enrolment_b "
                "WHERE o.cleared_at IS NULL AND (a.ended_on < $1 OR b.ended_on < $1) "
                "ORDER BY o.person_id",
                today,
            )
        ]
