"""A kitchen's page (committee, capacity, reports, purse ledger, flags, surveys)
and the committee's daily-report form. A committee member sees only their own
kitchen: any other kitchen is 404 for them, as if it did not exist."""

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from .. import labels
from ..auth.roles import Account, Role, Screen
from ..auth.sessions import require_role
from ..errors import NotFound, ServiceRefused
from ..rules.kitchens import centavos, pesos
from .rendering import language, render

router = APIRouter(prefix="/kitchens")
VIEWERS = frozenset({Role.SUPERVISOR, Role.OPS, Role.AUDITOR, Role.KITCHEN_COMMITTEE})
SCREEN = Screen("/kitchens", "nav.kitchens", VIEWERS)
Viewer = Annotated[Account, Depends(require_role(*VIEWERS))]
Committee = Annotated[Account, Depends(require_role(Role.KITCHEN_COMMITTEE))]
REPORT_FIELDS = ("report_date", "rations_dine_in", "rations_take_away", "fees_collected_centavos")


def _visible_to(account: Account, kitchen_id: str) -> None:
    if account.role == Role.KITCHEN_COMMITTEE and account.kitchen_id != kitchen_id:
        raise NotFound()


@router.get("")
async def find(request: Request, account: Viewer, kitchen_id: str | None = None) -> Response:
    if account.role == Role.KITCHEN_COMMITTEE:
        return RedirectResponse(f"/kitchens/{quote(account.kitchen_id or '')}", status_code=303)
    if kitchen_id and kitchen_id.strip():
        return RedirectResponse(f"/kitchens/{quote(kitchen_id.strip())}", status_code=303)
    return render(request, "kitchens_find.html")


@router.get("/{kitchen_id}")
async def kitchen_page(request: Request, kitchen_id: str, account: Viewer) -> Response:
    _visible_to(account, kitchen_id)
    kitchen = await request.app.state.clients.kitchens.get(
        f"/kitchens/{quote(kitchen_id)}", account
    )
    return render(request, "kitchens_page.html", kitchen=kitchen, pesos=pesos)


def _report_form(
    request: Request, kitchen_id: str, status_code: int = 200, **context: object
) -> Response:
    return render(
        request,
        "kitchens_report.html",
        status_code=status_code,
        kitchen_id=kitchen_id,
        fields=REPORT_FIELDS,
        pesos=pesos,
        **context,
    )


@router.get("/{kitchen_id}/daily-report")
async def report_form(
    request: Request, kitchen_id: str, account: Committee, accepted: str | None = None
) -> Response:
    _visible_to(account, kitchen_id)
    report = None
    if accepted:
        kitchen = await request.app.state.clients.kitchens.get(
            f"/kitchens/{quote(kitchen_id)}", account
        )
        report = next((r for r in kitchen["reports"] if r["report_id"] == accepted), None)
    return _report_form(
        request, kitchen_id, accepted=report, values={"report_date": date.today().isoformat()}
    )


def _report_body(kitchen_id: str, values: dict[str, Any]) -> dict[str, Any]:
    fees = centavos(values["fees_pesos"])
    if fees is None:
        raise ServiceRefused(422, "fees_collected_centavos", "")
    return {
        "kitchen_id": kitchen_id,
        "report_date": values["report_date"],
        "rations_dine_in": values["rations_dine_in"],
        "rations_take_away": values["rations_take_away"],
        "fees_collected_centavos": fees,
    }


def _problem(request: Request, refusal: ServiceRefused) -> dict[str, str]:
    """The refused field under the form's own label for it; an amount that is not a number
    comes with no reason, so the form gives one."""
    lang = language(request)
    key = f"kitchens.{refusal.field}"
    return {
        "field": refusal.field,
        "label": labels.translate(key, lang) if labels.known(key) else refusal.field,
        "reason": refusal.reason or labels.translate("kitchens.not_a_number", lang),
    }


@router.post("/{kitchen_id}/daily-report")
async def submit_report(
    request: Request,
    kitchen_id: str,
    account: Committee,
    report_date: Annotated[str, Form()],
    rations_dine_in: Annotated[int, Form(ge=0)],
    rations_take_away: Annotated[int, Form(ge=0)],
    fees_pesos: Annotated[str, Form(max_length=20)],
) -> Response:
    _visible_to(account, kitchen_id)
    values = {
        "report_date": report_date,
        "rations_dine_in": rations_dine_in,
        "rations_take_away": rations_take_away,
        "fees_pesos": fees_pesos,
    }
    try:
        body = _report_body(kitchen_id, values)
        accepted = await request.app.state.clients.kitchens.post("/daily-reports", account, body)
    except ServiceRefused as refusal:
        problem = _problem(request, refusal)
        return _report_form(
            request, kitchen_id, status_code=refusal.status, values=values, problem=problem
        )
    return RedirectResponse(
        f"/kitchens/{quote(kitchen_id)}/daily-report?accepted={accepted['report_id']}",
        status_code=303,
    )
