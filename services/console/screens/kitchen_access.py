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

from .. import labels
from ..auth.roles import Account, Role
from ..auth.sessions import require_role
from ..errors import NotFound, ServiceRefused
from ..rules.kitchens import (
    MINIMUM_COMMITTEE,
    as_date,
    centavos,
    day_in_words,
    refusal_key,
    report_date_key,
)
from .rendering import language

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


def problem(
    request: Request,
    command: str,
    refusal: ServiceRefused,
    *,
    day: date | str | None = None,
    remaining: int | None = None,
) -> dict[str, str]:
    """The refused field under the form's label for it, and a sentence saying why in the
    reader's language: never the service's own (English) sentence."""
    lang = language(request)
    # A query or path parameter is named as the field it stands for.
    name = refusal.field.removeprefix("query.").removeprefix("path.")
    refusal = ServiceRefused(refusal.status, name, refusal.reason)
    if refusal.field == "report_date" and refusal.status == 422:
        key = report_date_key(as_date(day), today())
    else:
        key = refusal_key(command, refusal.field, refusal.status, labels.known)
    parts = refusal.field.split(".")
    field = parts[-1] if parts[0] == "scores" else parts[0]
    label_key = f"kitchens.aspect.{field}" if parts[0] == "scores" else f"kitchens.{field}"
    field_label = labels.translate(
        label_key if labels.known(label_key) else "kitchens.a_field", lang
    )
    sentence = labels.translate(
        key,
        lang,
        field=field_label,
        day=day_in_words(day, lang, weekday=True),
        remaining="" if remaining is None else remaining,
        minimum=MINIMUM_COMMITTEE,
    )
    shown_label = field_label if labels.known(label_key) else ""
    return {"field": field, "label": shown_label, "sentence": sentence}


def report_body(kitchen_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """What a report (or an amendment) sends: the fees typed in pesos, in centavos."""
    fees = centavos(values["fees_pesos"])
    if fees is None:
        raise ServiceRefused(422, "fees_collected_centavos.not_a_number", "")
    return {
        "kitchen_id": kitchen_id,
        "report_date": values["report_date"],
        "rations_dine_in": values["rations_dine_in"],
        "rations_take_away": values["rations_take_away"],
        "fees_collected_centavos": fees,
    }


async def report_refusal(
    request: Request, account: Account, command: str, refusal: ServiceRefused, day: str
) -> dict[str, str]:
    """A clash over the day is told by what is recorded: a report already there (correct it
    with an amendment), none to amend, or a month already paid."""
    if refusal.status == 409 and refusal.field == "report_date":
        kitchen = await read_kitchen(request, account, account.kitchen_id or "")
        reported = any(r["report_date"] == day and not r["superseded"] for r in kitchen["reports"])
        if command == "report":
            cause = "already_reported" if reported else "month_paid"
        else:
            cause = "month_paid" if reported else "nothing_to_amend"
        refusal = ServiceRefused(409, f"report_date.{cause}", refusal.reason)
    return problem(request, command, refusal, day=day)
