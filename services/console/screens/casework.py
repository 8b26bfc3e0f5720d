"""A caseworker's follow-up of a person, beside her case file: a training, the ELCSA
questionnaire, graduation against the programme's criteria, picking the person to merge in;
and the programme's outcome indicator with its trend."""

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from shared.programme_clock import programme_today

from .. import labels
from ..auth.roles import Account, Role, Screen
from ..auth.sessions import require_role
from ..errors import NotFound, ServiceRefused
from ..rules.casework import (
    ELCSA_ITEMS,
    ELCSA_SCALE,
    Unanswered,
    elcsa_answers,
    graduation_criteria,
    merge_choices,
    quarters,
    trend_bars,
)
from ..rules.pictures import elcsa_picture
from .people import REASONS
from .rendering import language, render

router = APIRouter()
SCREEN = Screen(
    "/outcomes", "nav.outcomes", frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR})
)
Reader = Annotated[Account, Depends(require_role(*SCREEN.roles))]
Writer = Annotated[Account, Depends(require_role(Role.CASEWORKER, Role.SUPERVISOR))]
TREND_QUARTERS = 8


def _t(request: Request, key: str, **values: object) -> str:
    return labels.translate(key, language(request), **values)


def _case_file(person_id: UUID, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"/people/{person_id}{anchor}", status_code=303)


async def _person(request: Request, account: Account, person_id: UUID) -> dict[str, Any] | None:
    """Her case file as the registry shows it to this account, read for the reason the file
    was opened for; None when it has not been opened in this session (it asks for one)."""
    reason = request.session.get(REASONS, {}).get(str(person_id))
    if reason is None:
        return None
    found: dict[str, Any] = await request.app.state.clients.beneficiaries.get(
        f"/persons/{person_id}", account, reason=reason
    )
    return found


async def _person_form(
    request: Request, account: Account, person_id: UUID, template: str
) -> Response:
    """A follow-up form about her, dated today by default; back to her case file when it
    has not been opened in this session."""
    person = await _person(request, account, person_id)
    if person is None:
        return _case_file(person_id)
    return render(request, template, person=person, today=programme_today())


async def _post(request: Request, account: Account, path: str, body: dict[str, Any]) -> Any:
    """A follow-up command; a refusal is told by its code on the error page."""
    return await request.app.state.clients.beneficiaries.post(path, account, body)


@router.get("/people/{person_id}/training")
async def training_form(request: Request, person_id: UUID, account: Writer) -> Response:
    return await _person_form(request, account, person_id, "casework_training.html")


@router.post("/people/{person_id}/training")
async def record_training(
    request: Request,
    person_id: UUID,
    account: Writer,
    kind: Annotated[str, Form(max_length=20)],
    title: Annotated[str, Form(min_length=1, max_length=200)],
    attended_on: Annotated[date, Form()],
    hours: Annotated[str, Form(max_length=6)],
) -> Response:
    await _post(
        request,
        account,
        f"/persons/{person_id}/trainings",
        {"kind": kind, "title": title, "attended_on": attended_on.isoformat(), "hours": hours},
    )
    return _case_file(person_id, "#trainings")


@router.get("/people/{person_id}/assessment")
async def assessment_household(request: Request, person_id: UUID, account: Writer) -> Response:
    """First the household: with minors it answers 15 items, without 8."""
    return await _person_form(request, account, person_id, "casework_household.html")


@router.post("/people/{person_id}/assessment/questions")
async def assessment_questions(
    request: Request,
    person_id: UUID,
    account: Writer,
    with_minors: Annotated[bool, Form()],
    assessed_on: Annotated[date, Form()],
) -> Response:
    person = await _person(request, account, person_id)
    if person is None:
        return _case_file(person_id)
    page = render(
        request,
        "casework_assessment.html",
        person=person,
        with_minors=with_minors,
        assessed_on=assessed_on,
        items=range(1, ELCSA_ITEMS[with_minors] + 1),
    )
    page.headers["Cache-Control"] = "no-store"
    return page


@router.post("/people/{person_id}/assessment")
async def record_assessment(
    request: Request,
    person_id: UUID,
    account: Writer,
    with_minors: Annotated[bool, Form()],
    assessed_on: Annotated[date, Form()],
) -> Response:
    try:
        answers = elcsa_answers(await request.form(), with_minors)
    except Unanswered as missing:
        raise ServiceRefused(
            422,
            "answers",
            "a question is not answered",
            code="elcsa_unanswered",
            params={"item": missing.item},
        ) from None
    recorded = await _post(
        request,
        account,
        f"/persons/{person_id}/assessments",
        {"assessed_on": assessed_on.isoformat(), "with_minors": with_minors, "answers": answers},
    )
    return RedirectResponse(
        f"/people/{person_id}/assessment/{recorded['assessment_id']}", status_code=303
    )


@router.get("/people/{person_id}/assessment/{assessment_id}")
async def assessment_result(
    request: Request, person_id: UUID, assessment_id: UUID, account: Writer
) -> Response:
    """The score and level the registry computed, against the scale it used."""
    person = await _person(request, account, person_id)
    if person is None:
        return _case_file(person_id)
    found = [a for a in person["assessments"] if a["assessment_id"] == str(assessment_id)]
    if not found:
        raise NotFound()
    return render(
        request,
        "casework_assessment_result.html",
        person=person,
        assessment=found[0],
        scale=ELCSA_SCALE[found[0]["with_minors"]],
        items=ELCSA_ITEMS[found[0]["with_minors"]],
    )


@router.get("/people/{person_id}/graduation")
async def graduation_form(
    request: Request, person_id: UUID, account: Writer, on: date | None = None
) -> Response:
    person = await _person(request, account, person_id)
    if person is None:
        return _case_file(person_id)
    today = programme_today()
    criteria = graduation_criteria(person, on or today, today)
    return render(
        request,
        "casework_graduation.html",
        person=person,
        on=on or today,
        criteria=criteria,
        all_met=all(c.met for c in criteria),
    )


@router.post("/people/{person_id}/graduation")
async def graduate(
    request: Request, person_id: UUID, account: Writer, graduated_on: Annotated[date, Form()]
) -> Response:
    """The criteria are checked again on the date sent: the case file may have changed since
    the form was shown."""
    person = await _person(request, account, person_id)
    if person is None:
        return _case_file(person_id)
    unmet = [
        _t(request, c.label)
        for c in graduation_criteria(person, graduated_on, programme_today())
        if not c.met
    ]
    if unmet:
        raise ServiceRefused(
            422,
            "graduated_on",
            "the graduation criteria are not met",
            code="graduation_criteria_unmet",
            params={"criteria": "; ".join(unmet)},
        )
    await _post(
        request,
        account,
        f"/persons/{person_id}/graduation",
        {"graduated_on": graduated_on.isoformat()},
    )
    return _case_file(person_id)


@router.post("/people/{person_id}/merge/search")
async def merge_search(
    request: Request,
    person_id: UUID,
    account: Writer,
    name: Annotated[str, Form(max_length=200)] = "",
    curp: Annotated[str, Form(max_length=18)] = "",
) -> Response:
    """People to merge in, found by name or CURP through the registry's search (a POST: the
    terms stay out of URLs and logs) and shown by name, municipality and age."""
    person = await _person(request, account, person_id)
    if person is None:
        return _case_file(person_id)
    found: list[dict[str, Any]] = []
    if name.strip() or curp.strip():
        found = await request.app.state.clients.beneficiaries.search(
            "/persons/search",
            account,
            {"name": name.strip(), "curp": curp.strip()},
            reason=request.session[REASONS][str(person_id)],
        )
    page = render(
        request,
        "casework_merge.html",
        person=person,
        name=name,
        curp=curp,
        searched=bool(name.strip() or curp.strip()),
        choices=merge_choices(found, str(person_id), programme_today()),
    )
    page.headers["Cache-Control"] = "no-store"
    return page


@router.get("/outcomes")
async def outcomes(request: Request, account: Reader) -> Response:
    """The share of graduates whose food security improved, overall and per quarter, and
    their food-security levels at intake and at graduation."""
    registry = request.app.state.clients.beneficiaries
    overall = await registry.get("/indicators/food-security", account)
    rows = []
    for year, quarter, first, last in quarters(programme_today(), TREND_QUARTERS):
        found = await registry.get(
            "/indicators/food-security",
            account,
            params={"graduated_from": first.isoformat(), "graduated_to": last.isoformat()},
        )
        rows.append({**found, "year": year, "quarter": quarter, "first": first, "last": last})
    lang = language(request)
    # A registry not yet answering the levels draws nothing and says so.
    levels = elcsa_picture(
        overall.get("levels_before", {}),
        overall.get("levels_after", {}),
        lambda key, **values: labels.translate(key, lang, **values),
    )
    return render(
        request,
        "outcomes.html",
        overall=overall,
        levels=levels,
        rows=rows,
        bars=trend_bars([r["share_improved"] for r in rows]),
    )
