"""A caseworker enrols a person in her agency's programme through the registry's
`POST /enrolments`, and reads its answer in words: a new person, one it already knew, or a
record held for a caseworker to compare. The agency is her account's, never the form's: the
registry refuses a caseworker another agency's record, and only a caseworker has an agency
to enrol for (the other roles act for no agency, so they get no form)."""

from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from shared.programme_clock import programme_today

from ..auth.roles import Account, Role, Screen
from ..auth.sessions import require_role
from ..errors import ServiceRefused
from ..rules.casework import field_readings
from ..rules.enrolment import BENEFIT_TYPES, SEXES, enrolment_body, form_values, shown_decision
from ..rules.refusals import field_name
from .rendering import FIELD_LABELS, refusal_words, render

router = APIRouter(prefix="/enrolment")
SCREEN = Screen("/enrolment", "nav.enrol", frozenset({Role.CASEWORKER}))
Enroller = Annotated[Account, Depends(require_role(*SCREEN.roles))]
# The form's own label names a refused field before the shared ones.
ENROL_FIELD_LABELS = ("enrol.", *FIELD_LABELS)
NAME_PARTS = ("given_names", "paternal_surname", "maternal_surname")


def _form(request: Request, status_code: int = 200, **context: Any) -> Response:
    page = render(
        request,
        "casework_enrolment.html",
        status_code=status_code,
        benefit_types=BENEFIT_TYPES,
        sexes=SEXES,
        **context,
    )
    page.headers["Cache-Control"] = "no-store"
    return page


@router.get("")
async def enrolment_form(request: Request, account: Enroller) -> Response:
    # The id a record without the agency's own file number is sent under: made with the form,
    # so the same form sent twice updates one record instead of making two.
    return _form(request, values={"started_on": programme_today().isoformat()}, form_id=uuid4())


def _problem(request: Request, refusal: ServiceRefused) -> dict[str, str]:
    """The refused field under the form's label, marked on its own input (`person.sex` is the
    form's `sex`), and why in the reader's words."""
    found = refusal_words(request, refusal, ENROL_FIELD_LABELS)
    return {**found, "field": field_name(refusal.field).split(".")[-1]}


@router.post("")
async def enrol(request: Request, account: Enroller) -> Response:
    form = await request.form()
    values = form_values(form)
    try:
        form_id = UUID(str(form.get("form_id", "")))
    except ValueError:
        form_id = uuid4()
    body = enrolment_body(values, account.agency or "", form_id)
    try:
        reply = await request.app.state.clients.beneficiaries.post("/enrolments", account, body)
    except ServiceRefused as refusal:
        return _form(
            request,
            status_code=refusal.status,
            values=values,
            form_id=form_id,
            problem=_problem(request, refusal),
        )
    page = render(
        request,
        "casework_enrolment_result.html",
        reply=reply,
        decision=shown_decision(reply),
        readings=field_readings,
        name=" ".join(filter(None, (body["person"][k] for k in NAME_PARTS))),
    )
    page.headers["Cache-Control"] = "no-store"
    return page
