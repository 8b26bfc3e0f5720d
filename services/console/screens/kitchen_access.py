"""What every kitchens screen shares: who may open which, the kitchen read for a page, and
a refusal from the kitchens service told in the reader's words. A committee member sees
only her own kitchen: any other is 404 for her, as if it did not exist."""

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID, uuid4

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from shared.programme_clock import programme_today

from ..auth.roles import Account, Role
from ..auth.sessions import require_role
from ..errors import NotFound, ServiceRefused
from ..rules.kitchens import centavos
from ..rules.refusals import field_name
from .rendering import FIELD_LABELS, refusal_words

VIEWERS = frozenset({Role.SUPERVISOR, Role.OPS, Role.AUDITOR, Role.KITCHEN_COMMITTEE})
# The programme's figures across kitchens: not a committee's to read.
FIGURE_READERS = frozenset({Role.SUPERVISOR, Role.OPS, Role.AUDITOR})
Viewer = Annotated[Account, Depends(require_role(*VIEWERS))]
FigureReader = Annotated[Account, Depends(require_role(*FIGURE_READERS))]
# The programme's decisions (the kitchens service allows them to programme staff only).
Staff = Annotated[Account, Depends(require_role(Role.SUPERVISOR))]
Committee = Annotated[Account, Depends(require_role(Role.KITCHEN_COMMITTEE))]


def visible_to(account: Account, kitchen_id: str) -> None:
    if account.role == Role.KITCHEN_COMMITTEE and account.kitchen_id != kitchen_id:
        raise NotFound()


def kitchen_path(kitchen_id: str, *rest: str) -> str:
    return "/".join((f"/kitchens/{quote(kitchen_id, safe='')}", *rest)).rstrip("/")


async def read_kitchen(request: Request, account: Account, kitchen_id: str) -> dict[str, Any]:
    visible_to(account, kitchen_id)
    kitchen: dict[str, Any] = await request.app.state.clients.kitchens.get(
        kitchen_path(kitchen_id), account
    )
    return kitchen


def entry_id(sent: object) -> UUID:
    """The tablet's id for a committee's entry, as its form carries it (made when the form
    was rendered; static/entries.js makes a new one for each entry kept offline). A form
    without a valid one, opened before the forms carried ids, gets one here: the service
    still applies what the console passes on once."""
    try:
        return UUID(str(sent))
    except ValueError:
        return uuid4()


def recorded(request: Request, next_path: str) -> Response:
    """An entry the service recorded. A plain form moves on to the page that shows it; the
    tablet's script (which asks for JSON) is told so in as many words, since only this
    answer lets it forget the entry it kept: an answer it never gets means sending again."""
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"recorded": True, "next": next_path})
    return RedirectResponse(next_path, status_code=303)


def today() -> date:
    return programme_today()


# The form's own label names a refused field first, then an aspect of the survey.
KITCHEN_FIELD_LABELS = ("kitchens.", "kitchens.aspect.", *FIELD_LABELS)


def problem(request: Request, refusal: ServiceRefused) -> dict[str, str]:
    """The refused field under the form's label for it, and a sentence saying why in the
    reader's language: never the service's own (English) sentence."""
    found = refusal_words(request, refusal, KITCHEN_FIELD_LABELS)
    parts = field_name(refusal.field).split(".")
    # A survey's score is marked on its aspect's own input.
    return {**found, "field": parts[-1] if parts[0] == "scores" else parts[0]}


def report_body(kitchen_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """What a report (or an amendment) sends: the fees typed in pesos, in centavos."""
    fees = centavos(values["fees_pesos"])
    if fees is None:
        raise ServiceRefused(
            422, "fees_collected_centavos", "not an amount in pesos", code="not_a_number"
        )
    return {
        "kitchen_id": kitchen_id,
        "report_date": values["report_date"],
        "rations_dine_in": values["rations_dine_in"],
        "rations_take_away": values["rations_take_away"],
        "fees_collected_centavos": fees,
    }
