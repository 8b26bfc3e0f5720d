"""The programme's figures: the monthly subsidy run (a preview, then a confirmation), the
indicators of the programme and of each kitchen over a period, and the compliance review
that ranks kitchens by open flags, complaints, satisfaction and capacity use."""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from .. import labels
from ..auth.roles import Account
from ..errors import ServiceRefused
from ..rules.kitchens import (
    compliance_ranking,
    day_in_words,
    month_period,
    pesos,
    previous_month,
    satisfaction,
)
from ..rules.pictures import Picture, purse_picture, rations_picture, satisfaction_picture
from .kitchen_access import FigureReader, Staff, Viewer, kitchen_path, problem, today, visible_to
from .kitchen_names import kitchen_names
from .kitchen_views import render_kitchen
from .rendering import language

router = APIRouter()
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
# The grievances service answers a page of at most this many cases.
CASE_PAGE = 500
MAX_CASE_PAGES = 20


@router.get("/subsidy")
async def subsidy(request: Request, account: Staff, month: str | None = None) -> Response:
    month = month or previous_month(today())
    try:
        preview = await request.app.state.clients.kitchens.get(
            "/subsidy-runs/preview", account, params={"month": month}
        )
    except ServiceRefused as refusal:
        return render_kitchen(
            request,
            "kitchens_subsidy.html",
            status_code=refusal.status,
            month=month,
            problem=problem(request, refusal),
        )
    return render_kitchen(request, "kitchens_subsidy.html", month=month, preview=preview)


@router.post("/subsidy")
async def run_subsidy(
    request: Request,
    account: Staff,
    month: Annotated[str, Form(pattern=MONTH)],
    confirmed: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    if confirmed != "yes":
        # Nothing is credited without the confirmation under the preview: back to it.
        return RedirectResponse(f"/kitchens/subsidy?month={month}", status_code=303)
    try:
        result = await request.app.state.clients.kitchens.post(
            "/subsidy-runs", account, {"month": month}
        )
    except ServiceRefused as refusal:
        return render_kitchen(
            request,
            "kitchens_subsidy.html",
            status_code=refusal.status,
            month=month,
            problem=problem(request, refusal),
        )
    return render_kitchen(request, "kitchens_subsidy.html", month=month, result=result)


def _period(start: str | None, end: str | None) -> tuple[str, str]:
    """The period asked for, or by default the last month that has ended."""
    if start and end:
        return start[:10], end[:10]
    first, last = month_period(previous_month(today()))
    return first.isoformat(), last.isoformat()


async def _indicators(
    request: Request, account: Account, path: str, start: str, end: str
) -> tuple[dict[str, Any] | None, dict[str, str] | None]:
    try:
        figures = await request.app.state.clients.kitchens.get(
            path, account, params={"start": start, "end": end}
        )
    except ServiceRefused as refusal:
        return None, problem(request, refusal)
    return figures, None


def _words(request: Request) -> tuple[Callable[..., str], Callable[[date], str]]:
    lang = language(request)

    def t(key: str, **values: object) -> str:
        return labels.translate(key, lang, **values)

    return t, lambda day: day_in_words(day, lang)


async def _kitchen_pictures(
    request: Request, account: Account, kitchen_id: str, figures: dict[str, Any]
) -> list[Picture]:
    """The kitchen's period as charts: rations per day against capacity, the purse's
    balance, satisfaction by aspect."""
    period = figures["period"]
    series = await request.app.state.clients.kitchens.get(
        kitchen_path(kitchen_id, "series"), account, params=period
    )
    t, in_words = _words(request)
    return [
        rations_picture(series, t, in_words),
        purse_picture(series, today(), t, in_words, pesos),
        satisfaction_picture(figures["satisfaction_by_aspect"], figures["surveys"], t),
    ]


@router.get("/indicators")
async def programme_indicators(
    request: Request, account: FigureReader, start: str | None = None, end: str | None = None
) -> Response:
    start, end = _period(start, end)
    figures, found = await _indicators(request, account, "/indicators", start, end)
    names = await kitchen_names(request, account, figures["per_kitchen"]) if figures else {}
    pictures = []
    if figures:
        t, _ = _words(request)
        whole = figures["programme"]
        pictures = [satisfaction_picture(whole["satisfaction_by_aspect"], whole["surveys"], t)]
    return render_kitchen(
        request,
        "kitchens_indicators.html",
        start=start,
        end=end,
        figures=figures,
        kitchen_names=names,
        pictures=pictures,
        problem=found,
        satisfaction=satisfaction,
    )


@router.get("/{kitchen_id}/indicators")
async def kitchen_indicators(
    request: Request,
    kitchen_id: str,
    account: Viewer,
    start: str | None = None,
    end: str | None = None,
) -> Response:
    visible_to(account, kitchen_id)
    start, end = _period(start, end)
    path = kitchen_path(kitchen_id, "indicators")
    figures, found = await _indicators(request, account, path, start, end)
    pictures = await _kitchen_pictures(request, account, kitchen_id, figures) if figures else []
    return render_kitchen(
        request,
        "kitchens_indicators.html",
        start=start,
        end=end,
        kitchen_id=kitchen_id,
        kitchen_names=await kitchen_names(request, account, [kitchen_id]),
        figures=figures,
        pictures=pictures,
        problem=found,
        satisfaction=satisfaction,
    )


async def _kitchens(request: Request, account: Account) -> list[dict[str, Any]]:
    found = await request.app.state.clients.kitchens.get(
        "/kitchens", account, params={"limit": 500}
    )
    kitchens: list[dict[str, Any]] = found["kitchens"]
    return kitchens


async def _complaints(request: Request, account: Account, start: str, end: str) -> dict[str, int]:
    """Complaints received about each kitchen in the period, from the grievances service."""
    counts: dict[str, int] = {}
    for page in range(MAX_CASE_PAGES):
        found = await request.app.state.clients.grievances.get(
            "/cases",
            account,
            params={
                "subject_kind": "kitchen",
                "kind": "complaint",
                "received_from": f"{start}T00:00:00-06:00",
                "received_to": f"{end}T23:59:59-06:00",
                "limit": CASE_PAGE,
                "offset": page * CASE_PAGE,
            },
        )
        for case in found["cases"]:
            ref = case.get("subject_ref")
            if ref:
                counts[ref] = counts.get(ref, 0) + 1
        if (page + 1) * CASE_PAGE >= found["total"]:
            break
    return counts


@router.get("/compliance")
async def compliance(
    request: Request, account: FigureReader, start: str | None = None, end: str | None = None
) -> Response:
    start, end = _period(start, end)
    figures, found = await _indicators(request, account, "/indicators", start, end)
    ranking = []
    if figures is not None:
        ranking = compliance_ranking(
            await _kitchens(request, account),
            figures["per_kitchen"],
            await _complaints(request, account, start, end),
        )
    return render_kitchen(
        request,
        "kitchens_compliance.html",
        start=start,
        end=end,
        ranking=ranking,
        problem=found,
    )
