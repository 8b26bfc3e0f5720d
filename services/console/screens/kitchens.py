"""The kitchens list (search and filters) and a kitchen's page (committee, capacity,
reports, purse ledger, flags, surveys), and the committee's daily-report form. The
programme's screens (kitchen_programme.py, kitchen_figures.py) and the committee's other
forms (kitchen_submissions.py) are mounted here, before the kitchen's page, so their fixed
paths are not read as kitchen codes."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..auth.roles import Role, Screen
from ..errors import ServiceRefused
from ..rules.kitchens import STATUS_CHANGES
from . import kitchen_figures, kitchen_programme, kitchen_submissions
from .kitchen_access import (
    VIEWERS,
    Committee,
    Viewer,
    entry_id,
    kitchen_path,
    problem,
    read_kitchen,
    recorded,
    report_body,
    today,
    visible_to,
)
from .kitchen_views import render_kitchen

router = APIRouter(prefix="/kitchens")
SCREEN = Screen("/kitchens", "nav.kitchens", VIEWERS)
REPORT_FIELDS = ("report_date", "rations_dine_in", "rations_take_away", "fees_collected_centavos")
PAGE_SIZE = 50
for module in (kitchen_figures, kitchen_programme, kitchen_submissions):
    router.include_router(module.router)


@router.get("")
async def kitchens_list(
    request: Request,
    account: Viewer,
    text: str | None = None,
    status: str | None = None,
    alcaldia: str | None = None,
    page: int = 0,
) -> Response:
    if account.role == Role.KITCHEN_COMMITTEE:
        return RedirectResponse(kitchen_path(account.kitchen_id or ""), status_code=303)
    wanted = {
        "text": (text or "").strip()[:100],
        "status": status if status in STATUS_CHANGES else None,
        "alcaldia": (alcaldia or "").strip()[:100],
    }
    found = await request.app.state.clients.kitchens.get(
        "/kitchens",
        account,
        params={**wanted, "limit": PAGE_SIZE, "offset": max(page, 0) * PAGE_SIZE},
    )
    return render_kitchen(
        request,
        "kitchens_list.html",
        found=found,
        wanted=wanted,
        page=max(page, 0),
        page_size=PAGE_SIZE,
    )


@router.get("/{kitchen_id}")
async def kitchen_page(
    request: Request, kitchen_id: str, account: Viewer, done: str | None = None
) -> Response:
    kitchen = await read_kitchen(request, account, kitchen_id)
    return render_kitchen(request, "kitchens_page.html", kitchen=kitchen, done=done)


def _report_form(
    request: Request, kitchen_id: str, status_code: int = 200, **context: object
) -> Response:
    return render_kitchen(
        request,
        "kitchens_report.html",
        status_code=status_code,
        kitchen_id=kitchen_id,
        fields=REPORT_FIELDS,
        **context,
    )


@router.get("/{kitchen_id}/daily-report")
async def report_form(
    request: Request, kitchen_id: str, account: Committee, accepted: str | None = None
) -> Response:
    visible_to(account, kitchen_id)
    report = None
    if accepted:
        kitchen = await read_kitchen(request, account, kitchen_id)
        report = next((r for r in kitchen["reports"] if r["report_id"] == accepted), None)
    return _report_form(
        request, kitchen_id, accepted=report, values={"report_date": today().isoformat()}
    )


@router.post("/{kitchen_id}/daily-report")
async def submit_report(
    request: Request,
    kitchen_id: str,
    account: Committee,
    report_date: Annotated[str, Form(max_length=10)],
    rations_dine_in: Annotated[int, Form(ge=0)],
    rations_take_away: Annotated[int, Form(ge=0)],
    fees_pesos: Annotated[str, Form(max_length=20)],
    entry: Annotated[str, Form(alias="entry_id", max_length=40)] = "",
) -> Response:
    visible_to(account, kitchen_id)
    values = {
        "report_date": report_date,
        "rations_dine_in": rations_dine_in,
        "rations_take_away": rations_take_away,
        "fees_pesos": fees_pesos,
    }
    try:
        body = report_body(kitchen_id, values)
        accepted = await request.app.state.clients.kitchens.post(
            "/daily-reports", account, body, entry_id=entry_id(entry)
        )
    except ServiceRefused as refusal:
        found = problem(request, refusal)
        return _report_form(
            request, kitchen_id, status_code=refusal.status, values=values, problem=found
        )
    return recorded(
        request, kitchen_path(kitchen_id, f"daily-report?accepted={accepted['report_id']}")
    )
