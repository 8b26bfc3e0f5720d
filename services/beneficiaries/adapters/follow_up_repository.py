"""SQL for case follow-up: trainings, assessments, graduation, notes, meals."""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from ..domain.follow_up import Assessment

# A person and everyone merged into them (at any depth): follow-up recorded
# under an absorbed person belongs to the survivor's case file.
FAMILY = """
    WITH RECURSIVE family(person_id) AS (
        SELECT $1::uuid
        UNION SELECT p.person_id FROM persons p JOIN family f ON p.merged_into = f.person_id
    )
"""


class FollowUpRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def active_person(self, person_id: UUID) -> tuple[bool, date | None] | None:
        """(not merged into anyone, first enrolment date), or None when there is
        no such person."""
        row = await self._conn.fetchrow(
            "SELECT merged_into IS NULL AS active, "
            "(SELECT min(started_on) FROM enrolments e WHERE e.person_id = p.person_id) "
            "AS first_enrolled FROM persons p WHERE person_id = $1 FOR UPDATE",
            person_id,
        )
        return (row["active"], row["first_enrolled"]) if row else None

    async def add_training(
        self,
        training_id: UUID,
        person_id: UUID,
        kind: str,
        title: str,
        attended_on: date,
        hours: Decimal,
        recorded_by: str,
        agency: str | None,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO trainings "
            "(training_id, person_id, kind, title, attended_on, hours, recorded_by, agency) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            training_id,
            person_id,
            kind,
            title,
            attended_on,
            hours,
            recorded_by,
            agency,
        )

    async def add_assessment(
        self,
        assessment_id: UUID,
        person_id: UUID,
        assessed_on: date,
        with_minors: bool,
        answers: list[bool],
        score: int,
        level: str,
        recorded_by: str,
        agency: str | None,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO assessments (assessment_id, person_id, assessed_on, with_minors, answers, "
            "score, level, recorded_by, agency) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            assessment_id,
            person_id,
            assessed_on,
            with_minors,
            answers,
            score,
            level,
            recorded_by,
            agency,
        )

    async def graduate(
        self, person_id: UUID, graduated_on: date, recorded_by: str, agency: str | None
    ) -> bool:
        return bool(
            await self._conn.fetchval(
                "INSERT INTO graduations (person_id, graduated_on, recorded_by, agency) "
                "VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (person_id, coalesce(agency, '')) DO NOTHING RETURNING true",
                person_id,
                graduated_on,
                recorded_by,
                agency,
            )
        )

    async def add_note(
        self, note_id: UUID, person_id: UUID, author: str, body: str, agency: str | None
    ) -> None:
        await self._conn.execute(
            "INSERT INTO case_notes (note_id, person_id, author, body, agency) "
            "VALUES ($1, $2, $3, $4, $5)",
            note_id,
            person_id,
            author,
            body,
            agency,
        )

    async def record_meals(
        self, report_id: UUID, kitchen_id: str, served_on: date, person_ids: list[UUID]
    ) -> None:
        await self._conn.execute(
            "INSERT INTO meals_received (report_id, person_id, kitchen_id, served_on) "
            "SELECT $1, p, $2, $3 FROM unnest($4::uuid[]) AS p ON CONFLICT DO NOTHING",
            report_id,
            kitchen_id,
            served_on,
            person_ids,
        )

    async def case_follow_up(self, person_id: UUID) -> dict[str, Any]:
        """Every note, assessment, training, graduation (with the agency that
        wrote it) and meal of the person and of those merged into her."""
        parts = {}
        for name, query in (
            (
                "trainings",
                "SELECT * FROM trainings WHERE person_id IN (SELECT person_id FROM family) "
                "ORDER BY attended_on",
            ),
            (
                "assessments",
                "SELECT assessment_id, assessed_on, with_minors, score, level, recorded_by, agency "
                "FROM assessments "
                "WHERE person_id IN (SELECT person_id FROM family) ORDER BY assessed_on",
            ),
            (
                "graduations",
                "SELECT graduated_on, recorded_by, agency FROM graduations "
                "WHERE person_id IN (SELECT person_id FROM family) ORDER BY graduated_on",
            ),
            (
                "notes",
                "SELECT note_id, author, body, written_at, agency FROM case_notes "
                "WHERE person_id IN (SELECT person_id FROM family) "
                "ORDER BY written_at",
            ),
            (
                "meals",
                "SELECT kitchen_id, served_on FROM meals_received "
                "WHERE person_id IN (SELECT person_id FROM family) "
                "ORDER BY served_on",
            ),
        ):
            parts[name] = [dict(r) for r in await self._conn.fetch(FAMILY + query, person_id)]
        return parts

    async def graduates_with_assessments(
        self, graduated_from: date | None, graduated_to: date | None
    ) -> list[tuple[date, list[Assessment]]]:
        """Each current person who graduated in the period, with every
        assessment of theirs and of those merged into them."""
        rows = await self._conn.fetch(
            """
            WITH RECURSIVE root(person_id, root_id) AS (
                SELECT person_id, person_id FROM persons WHERE merged_into IS NULL
                UNION SELECT p.person_id, r.root_id
                FROM persons p JOIN root r ON p.merged_into = r.person_id
            ), graduated AS (
                SELECT r.root_id, min(g.graduated_on) AS graduated_on
                FROM graduations g JOIN root r USING (person_id)
                GROUP BY r.root_id
            )
            SELECT g.graduated_on,
                   coalesce(array_agg(a.assessed_on ORDER BY a.assessed_on)
                            FILTER (WHERE a.assessment_id IS NOT NULL), '{}') AS days,
                   coalesce(array_agg(a.level ORDER BY a.assessed_on)
                            FILTER (WHERE a.assessment_id IS NOT NULL), '{}') AS levels
            FROM graduated g JOIN root r ON r.root_id = g.root_id
            LEFT JOIN assessments a ON a.person_id = r.person_id
            WHERE ($1::date IS NULL OR g.graduated_on >= $1)
              AND ($2::date IS NULL OR g.graduated_on <= $2)
            GROUP BY g.root_id, g.graduated_on
            """,
            graduated_from,
            graduated_to,
        )
        return [
            (
                r["graduated_on"],
                [Assessment(d, lvl) for d, lvl in zip(r["days"], r["levels"], strict=True)],
            )
            for r in rows
        ]
