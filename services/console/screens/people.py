"""Screen 1: find a person, and the case file with everything the services know of her."""

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..auth.roles import Account, Role, Screen
from ..auth.sessions import require_role
from ..errors import ServiceRefused, ServiceUnavailable
from ..rules.casework import field_readings
from ..rules.people import meals_summary, overlaps_told, remember_reason
from .rendering import render

router = APIRouter(prefix="/people")
SCREEN = Screen(
    "/people", "nav.people", frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR})
)
Reader = Annotated[Account, Depends(require_role(*SCREEN.roles))]
Writer = Annotated[Account, Depends(require_role(Role.CASEWORKER, Role.SUPERVISOR))]
Protector = Annotated[Account, Depends(require_role(Role.SUPERVISOR))]
# The reasons case files were opened for, by person: kept in the session, not the URL, because a
# caseworker types them and they may hold a name.
REASONS = "case_reasons"


@router.get("")
async def search_form(request: Request, account: Reader) -> Response:
    return render(request, "people_search.html", searched=False)


@router.post("")
async def find(
    request: Request,
    account: Reader,
    name: Annotated[str, Form(max_length=200)] = "",
    curp: Annotated[str, Form(max_length=18)] = "",
    birth_date: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """A search is a POST: what was typed (names, a CURP, a birth date) stays out of the URL,
    the browser's history and every access log, and the page is not kept by the browser."""
    try:
        born = date.fromisoformat(birth_date) if birth_date else None
    except ValueError:
        raise ServiceRefused(
            422, "birth_date", "a date like 1984-03-07", code="not_a_date"
        ) from None
    searched = bool(name.strip() or curp.strip() or born)
    found: list[dict[str, Any]] = []
    if searched:
        found = await request.app.state.clients.beneficiaries.search(
            "/persons/search",
            account,
            {"name": name.strip(), "curp": curp.strip(), "birth_date": born and born.isoformat()},
            # No reason typed: none is sent, and the registry records the search as such.
            reason=reason.strip() or None,
        )
    page = render(
        request,
        "people_search.html",
        searched=searched,
        found=found,
        name=name,
        curp=curp,
        birth_date=born,
        reason=reason.strip(),
    )
    page.headers["Cache-Control"] = "no-store"
    return page


@router.post("/open")
async def open_case_file(
    request: Request,
    account: Reader,
    person_id: Annotated[UUID, Form()],
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The reason a case file is opened for is sent by POST and kept in the session for her file,
    so that the file's URL (history, the language switch, logs) holds no free text. Without
    one, nothing is kept and her file asks for it: no reason is never recorded as one."""
    if reason.strip():
        request.session[REASONS] = remember_reason(
            request.session.get(REASONS, {}), str(person_id), reason.strip()
        )
    return _back(person_id)


def _reason_for(request: Request, person_id: UUID) -> str | None:
    return request.session.get(REASONS, {}).get(str(person_id))


@router.get("/{person_id}")
async def case_file(request: Request, person_id: UUID, account: Reader) -> Response:
    reason = _reason_for(request, person_id)
    if reason is None:
        return render(request, "case_reason.html", person_id=person_id)
    clients = request.app.state.clients
    person = await clients.beneficiaries.get(f"/persons/{person_id}", account, reason=reason)
    grievances = await _grievances_about(request, account, person_id)
    access = None
    if account.agency is None:
        access = await clients.beneficiaries.get(
            f"/persons/{person_id}/access-log", account, params={"limit": 20}
        )
    return render(
        request,
        "case_file.html",
        person=person,
        reason=reason,
        grievances=grievances,
        access=access,
        may_write=account.role in (Role.CASEWORKER, Role.SUPERVISOR),
        may_protect=account.role == Role.SUPERVISOR,
        meals=meals_summary(person["meals"]),
        overlaps=overlaps_told(person),
        readings=field_readings,
    )


async def _grievances_about(
    request: Request, account: Account, person_id: UUID
) -> dict[str, Any] | None:
    """The grievances service lists cases by subject; a person can be one. None when it does
    not answer."""
    try:
        return await request.app.state.clients.grievances.get(
            "/cases",
            account,
            params={"subject_kind": "person", "subject_ref": str(person_id), "limit": 50},
        )
    except ServiceUnavailable:
        return None


@router.get("/{person_id}/records/{enrolment_id}")
async def record_decisions(
    request: Request, person_id: UUID, enrolment_id: UUID, account: Reader
) -> Response:
    reason = _reason_for(request, person_id)
    if reason is None:
        return _back(person_id)
    decisions = await request.app.state.clients.beneficiaries.get(
        f"/enrolments/{enrolment_id}/decisions", account, reason=reason
    )
    return render(
        request,
        "record_decisions.html",
        person_id=person_id,
        decisions=decisions,
        readings=field_readings,
    )


def _back(person_id: UUID) -> RedirectResponse:
    return RedirectResponse(f"/people/{person_id}", status_code=303)


@router.post("/{person_id}/notes")
async def add_note(
    request: Request,
    person_id: UUID,
    account: Writer,
    body: Annotated[str, Form(min_length=1, max_length=10_000)],
) -> Response:
    await request.app.state.clients.beneficiaries.post(
        f"/persons/{person_id}/notes", account, {"body": body}
    )
    return _back(person_id)


@router.post("/{person_id}/merges")
async def merge(
    request: Request,
    person_id: UUID,
    account: Writer,
    absorbed_person_id: Annotated[str, Form(max_length=40)],
    decision_reason: Annotated[str, Form(min_length=1, max_length=2_000)],
) -> Response:
    try:
        absorbed = UUID(absorbed_person_id.strip())
    except ValueError:
        raise ServiceRefused(
            422, "absorbed_person_id", "not a person id", code="choose_a_person"
        ) from None
    await request.app.state.clients.beneficiaries.post(
        f"/persons/{person_id}/merges",
        account,
        {
            "absorbed_person_id": str(absorbed),
            "reason": decision_reason,
        },
    )
    return _back(person_id)


@router.post("/{person_id}/merges/{merge_id}/unmerge")
async def unmerge(
    request: Request,
    person_id: UUID,
    merge_id: UUID,
    account: Writer,
    decision_reason: Annotated[str, Form(min_length=1, max_length=2_000)],
) -> Response:
    await request.app.state.clients.beneficiaries.post(
        f"/merges/{merge_id}/unmerge",
        account,
        {"reason": decision_reason},
    )
    return _back(person_id)


@router.post("/{person_id}/protection")
async def protection(
    request: Request,
    person_id: UUID,
    account: Protector,
    protected: Annotated[bool, Form()],
    decision_reason: Annotated[str, Form(min_length=1, max_length=2_000)],
) -> Response:
    """A supervisor protects the woman or lifts her protection; the registry keeps who and why."""
    await request.app.state.clients.beneficiaries.put(
        f"/persons/{person_id}/protection",
        account,
        {"protected": protected, "reason": decision_reason},
    )
    return _back(person_id)
