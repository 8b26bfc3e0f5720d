"""Recording a person's follow-up, each piece with the agency whose caseworker
wrote it (None: someone acting for no agency), and the meals kitchens report
they received."""

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import asyncpg

from shared.contracts.kitchens import DailyReportAcceptedV1
from shared.errors import Rejected
from shared.programme_clock import programme_today

from ..adapters.follow_up_repository import FollowUpRepository
from ..domain.follow_up import (
    ElcsaResult,
    OutcomeIndicator,
    check_graduation,
    graduate_outcome,
    outcome_indicator,
    score_elcsa,
)


class NoSuchPerson(Rejected):
    def __init__(self) -> None:
        super().__init__("person_id", "no such person", code="no_such_person")


async def _active(repository: FollowUpRepository, person_id: UUID) -> date | None:
    found = await repository.active_person(person_id)
    if found is None:
        raise NoSuchPerson
    active, first_enrolled = found
    if not active:
        raise Rejected(
            "person_id",
            "was merged into another person; record follow-up on that person",
            code="person_merged_away",
        )
    return first_enrolled


async def record_training(
    conn: asyncpg.Connection,
    person_id: UUID,
    kind: str,
    title: str,
    attended_on: date,
    hours: Decimal,
    recorded_by: str,
    agency: str | None,
) -> UUID:
    repository = FollowUpRepository(conn)
    await _active(repository, person_id)
    if attended_on > programme_today():
        raise Rejected("attended_on", "is in the future", code="date_in_future")
    training_id = uuid4()
    await repository.add_training(
        training_id, person_id, kind, title, attended_on, hours, recorded_by, agency
    )
    return training_id


async def record_assessment(
    conn: asyncpg.Connection,
    person_id: UUID,
    assessed_on: date,
    with_minors: bool,
    answers: list[bool],
    recorded_by: str,
    agency: str | None,
) -> tuple[UUID, ElcsaResult]:
    repository = FollowUpRepository(conn)
    await _active(repository, person_id)
    if assessed_on > programme_today():
        raise Rejected("assessed_on", "is in the future", code="date_in_future")
    result = score_elcsa(answers, with_minors)
    assessment_id = uuid4()
    await repository.add_assessment(
        assessment_id,
        person_id,
        assessed_on,
        with_minors,
        answers,
        result.score,
        result.level,
        recorded_by,
        agency,
    )
    return assessment_id, result


async def record_graduation(
    conn: asyncpg.Connection,
    person_id: UUID,
    graduated_on: date,
    recorded_by: str,
    agency: str | None,
) -> None:
    repository = FollowUpRepository(conn)
    check_graduation(graduated_on, await _active(repository, person_id), programme_today())
    if not await repository.graduate(person_id, graduated_on, recorded_by, agency):
        raise Rejected("person_id", "has already graduated", code="already_graduated")


async def record_note(
    conn: asyncpg.Connection, person_id: UUID, author: str, body: str, agency: str | None
) -> UUID:
    repository = FollowUpRepository(conn)
    await _active(repository, person_id)
    note_id = uuid4()
    await repository.add_note(note_id, person_id, author, body, agency)
    return note_id


async def food_security_outcome(
    conn: asyncpg.Connection, graduated_from: date | None, graduated_to: date | None
) -> OutcomeIndicator:
    graduates = await FollowUpRepository(conn).graduates_with_assessments(
        graduated_from, graduated_to
    )
    return outcome_indicator(
        [graduate_outcome(assessments, graduated_on) for graduated_on, assessments in graduates]
    )


async def record_meals(conn: asyncpg.Connection, report: DailyReportAcceptedV1) -> None:
    """The registered beneficiaries a kitchen's accepted report says it served."""
    if report.beneficiary_person_ids:
        await FollowUpRepository(conn).record_meals(
            report.report_id, report.kitchen_id, report.report_date, report.beneficiary_person_ids
        )
