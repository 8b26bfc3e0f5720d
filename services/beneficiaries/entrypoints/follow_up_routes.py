"""HTTP for a caseworker's follow-up of a person, and the outcome indicator."""

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Request

from shared.errors import Rejected
from shared.http_refusals import refusal, refused
from shared.runtime import database_from

from ..service_layer import follow_up, record_access
from .acting import acting
from .request_bodies import ElcsaAssessment, Graduation, Note, Training

router = APIRouter(tags=["follow-up"])


async def _visible(conn, request: Request, person_id: UUID) -> str | None:
    """A caseworker records follow-up only for people her agency enrolled; what
    she records is her agency's (returned)."""
    who = acting(request)
    try:
        await record_access.ensure_visible(conn, who, person_id)
    except record_access.NotVisible:
        raise refusal(
            404, "person_id", f"no such person {person_id}", code="no_such_person"
        ) from None
    return who.agency


def _refused(exc: Rejected) -> HTTPException:
    status = (
        404 if isinstance(exc, follow_up.NoSuchPerson) else 409 if exc.field == "person_id" else 422
    )
    return refused(exc, status)


@router.post("/persons/{person_id}/trainings", status_code=201)
async def add_training(person_id: UUID, body: Training, request: Request) -> dict[str, UUID]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        agency = await _visible(conn, request, person_id)
        try:
            training_id = await follow_up.record_training(
                conn,
                person_id,
                body.kind,
                body.title,
                body.attended_on,
                body.hours,
                acting(request).who,
                agency,
            )
        except Rejected as exc:
            raise _refused(exc) from None
    return {"training_id": training_id}


@router.post("/persons/{person_id}/assessments", status_code=201)
async def add_assessment(
    person_id: UUID, body: ElcsaAssessment, request: Request
) -> dict[str, Any]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        agency = await _visible(conn, request, person_id)
        try:
            assessment_id, result = await follow_up.record_assessment(
                conn,
                person_id,
                body.assessed_on,
                body.with_minors,
                body.answers,
                acting(request).who,
                agency,
            )
        except Rejected as exc:
            raise _refused(exc) from None
    return {"assessment_id": assessment_id, "score": result.score, "level": result.level}


@router.post("/persons/{person_id}/graduation", status_code=201)
async def graduate(person_id: UUID, body: Graduation, request: Request) -> dict[str, date]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        agency = await _visible(conn, request, person_id)
        try:
            await follow_up.record_graduation(
                conn, person_id, body.graduated_on, acting(request).who, agency
            )
        except Rejected as exc:
            raise _refused(exc) from None
    return {"graduated_on": body.graduated_on}


@router.post("/persons/{person_id}/notes", status_code=201)
async def add_note(person_id: UUID, body: Note, request: Request) -> dict[str, UUID]:
    async with database_from(request).pool.acquire() as conn, conn.transaction():
        agency = await _visible(conn, request, person_id)
        try:
            note_id = await follow_up.record_note(
                conn, person_id, acting(request).who, body.body, agency
            )
        except Rejected as exc:
            raise _refused(exc) from None
    return {"note_id": note_id}


@router.get("/indicators/food-security")
async def food_security(
    request: Request, graduated_from: date | None = None, graduated_to: date | None = None
) -> dict[str, Any]:
    """Share of graduates whose ELCSA level improved between intake (first
    assessment) and graduation, and how many were at each level before and after."""
    async with database_from(request).pool.acquire() as conn:
        indicator = await follow_up.food_security_outcome(conn, graduated_from, graduated_to)
    return {
        "graduates": indicator.graduates,
        "assessable": indicator.assessable,
        "improved": indicator.improved,
        "share_improved": indicator.share_improved,
        "levels_before": indicator.levels_before,
        "levels_after": indicator.levels_after,
        "graduated_from": graduated_from,
        "graduated_to": graduated_to,
    }
