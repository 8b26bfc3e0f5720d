"""What an agency is told, on its own decisions topic, about its records after the
registry's reply: the outcome of a review of one of them, and a merge or its undoing
that moved some of them to another person. Only the agency's own records, never who
decided nor why (a reason may speak of other agencies' people); nothing to an agency
without a topic of its own."""

from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any, Literal
from uuid import UUID

import asyncpg

from shared.contracts.beneficiaries import (
    AgencyRecord,
    AgencyRecordsMovedV1,
    EnrolmentReviewDecidedV1,
)

from ..adapters.agency_topic_repository import AgencyTopicRepository
from .publishing import tell_agencies


async def note_agencies_with_topics(conn: asyncpg.Connection, agencies: Iterable[str]) -> None:
    """Agencies heard on their own enrolments topic: each has a decisions topic too."""
    await AgencyTopicRepository(conn).note(agencies)


async def tell_records_moved(
    conn: asyncpg.Connection,
    moved: Sequence[UUID],
    to_person: UUID,
    from_person: UUID,
    cause: Literal["merged", "unmerged"],
    review_task_id: UUID | None = None,
) -> None:
    told = await AgencyTopicRepository(conn).records_of_told_agencies(moved)
    await tell_agencies(
        conn,
        [
            AgencyRecordsMovedV1(
                agency=agency,
                person_id=to_person,
                previous_person_id=from_person,
                records=[
                    AgencyRecord(
                        enrolment_id=r["enrolment_id"], agency_record_id=r["agency_record_id"]
                    )
                    for r in rows
                ],
                cause=cause,
                review_task_id=review_task_id,
            )
            for agency, rows in groupby(told, key=lambda r: r["agency"])
        ],
    )


async def tell_review_decided(
    conn: asyncpg.Connection,
    task: dict[str, Any],
    decision: Literal["same_person", "different_people"],
    person_id: UUID,
) -> None:
    told = await AgencyTopicRepository(conn).records_of_told_agencies([task["enrolment_id"]])
    await tell_agencies(
        conn,
        [
            EnrolmentReviewDecidedV1(
                review_task_id=task["review_task_id"],
                enrolment_id=record["enrolment_id"],
                agency=record["agency"],
                agency_record_id=record["agency_record_id"],
                decision=decision,
                person_id=person_id,
            )
            for record in told
        ],
    )
