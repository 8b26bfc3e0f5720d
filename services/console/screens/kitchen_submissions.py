"""The committee's other forms, for its own kitchen: the amendment of a day already
reported (the service takes a second report of a day only as an amendment, with why the
first was wrong), a purchase paid from the purse and a diner's satisfaction survey."""

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, Response

from ..errors import ServiceRefused
from ..rules.kitchens import SURVEY_ASPECTS, centavos
from .kitchen_access import (
    Committee,
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

router = APIRouter()
Day = Annotated[str, Form(max_length=10)]
PURCHASE_FIELDS = ("purchased_on", "supplier", "category", "amount_pesos", "receipt_reference")
WORKER = Path(__file__).parents[1] / "static" / "entries_worker.js"


@router.get("/entries-worker.js", include_in_schema=False)
async def entries_worker() -> Response:
    """The tablet's service worker (static/entries_worker.js), served from /kitchens/ because
    a worker's scope is at most its own folder: from there it may answer the committee's
    form pages when the tablet has no connection. Not cached by the browser's HTTP cache, so
    a new version is picked up on the next page."""
    return FileResponse(WORKER, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


def _current_reports(kitchen: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in kitchen["reports"] if not r["superseded"]]


@router.get("/{kitchen_id}/amendment")
async def amendment_form(
    request: Request,
    kitchen_id: str,
    account: Committee,
    day: str | None = None,
    done: str | None = None,
) -> Response:
    kitchen = await read_kitchen(request, account, kitchen_id)
    reports = _current_reports(kitchen)
    chosen = next((r for r in reports if r["report_date"] == day), None)
    values: dict[str, Any] = {"report_date": day or ""}
    if chosen:
        values.update(
            rations_dine_in=chosen["rations_dine_in"],
            rations_take_away=chosen["rations_take_away"],
            fees_pesos=f"{chosen['fees_collected_centavos'] / 100:.2f}",
        )
    return render_kitchen(
        request,
        "kitchens_amendment.html",
        kitchen=kitchen,
        reports=reports,
        chosen=chosen,
        values=values,
        done=done,
    )


@router.post("/{kitchen_id}/amendment")
async def send_amendment(
    request: Request,
    kitchen_id: str,
    account: Committee,
    report_date: Day,
    rations_dine_in: Annotated[int, Form(ge=0, le=10_000)],
    rations_take_away: Annotated[int, Form(ge=0, le=10_000)],
    fees_pesos: Annotated[str, Form(max_length=20)],
    reason: Annotated[str, Form(max_length=500)],
    entry: Annotated[str, Form(alias="entry_id", max_length=40)] = "",
) -> Response:
    visible_to(account, kitchen_id)
    values = {
        "report_date": report_date,
        "rations_dine_in": rations_dine_in,
        "rations_take_away": rations_take_away,
        "fees_pesos": fees_pesos,
        "reason": reason,
    }
    try:
        body = {**report_body(kitchen_id, values), "reason": reason.strip()}
        await request.app.state.clients.kitchens.post(
            "/daily-report-amendments", account, body, entry_id=entry_id(entry)
        )
    except ServiceRefused as refusal:
        found = problem(request, refusal)
        kitchen = await read_kitchen(request, account, kitchen_id)
        return render_kitchen(
            request,
            "kitchens_amendment.html",
            status_code=refusal.status,
            kitchen=kitchen,
            reports=_current_reports(kitchen),
            chosen=None,
            values=values,
            problem=found,
        )
    return recorded(request, kitchen_path(kitchen_id, f"amendment?day={report_date}&done=amended"))


@router.get("/{kitchen_id}/purchase")
async def purchase_form(
    request: Request, kitchen_id: str, account: Committee, done: str | None = None
) -> Response:
    visible_to(account, kitchen_id)
    values = {"purchased_on": today().isoformat(), "category": "perishable"}
    return render_kitchen(
        request, "kitchens_purchase.html", kitchen_id=kitchen_id, values=values, done=done
    )


@router.post("/{kitchen_id}/purchase")
async def send_purchase(request: Request, kitchen_id: str, account: Committee) -> Response:
    visible_to(account, kitchen_id)
    form = await request.form()
    values = {name: str(form.get(name, ""))[:200].strip() for name in PURCHASE_FIELDS}
    body = {
        "kitchen_id": kitchen_id,
        **{k: v for k, v in values.items() if k != "amount_pesos"},
        "amount_centavos": centavos(values["amount_pesos"]),
    }
    try:
        if body["amount_centavos"] is None:
            raise ServiceRefused(
                422, "amount_centavos", "not an amount in pesos", code="not_a_number"
            )
        await request.app.state.clients.kitchens.post(
            "/purchases", account, body, entry_id=entry_id(form.get("entry_id"))
        )
    except ServiceRefused as refusal:
        return render_kitchen(
            request,
            "kitchens_purchase.html",
            status_code=refusal.status,
            kitchen_id=kitchen_id,
            values=values,
            problem=problem(request, refusal),
        )
    return recorded(request, kitchen_path(kitchen_id, "purchase?done=purchase_recorded"))


@router.get("/{kitchen_id}/survey")
async def survey_form(
    request: Request, kitchen_id: str, account: Committee, done: str | None = None
) -> Response:
    visible_to(account, kitchen_id)
    values = {"surveyed_on": today().isoformat()}
    return render_kitchen(
        request, "kitchens_survey.html", kitchen_id=kitchen_id, values=values, done=done
    )


@router.post("/{kitchen_id}/survey")
async def send_survey(request: Request, kitchen_id: str, account: Committee) -> Response:
    visible_to(account, kitchen_id)
    form = await request.form()
    values = {name: str(form.get(name, ""))[:2000] for name in ("surveyed_on", "comment")}
    scores = {a: int(str(form[a])) for a in SURVEY_ASPECTS if str(form.get(a, "")).isdigit()}
    body = {"kitchen_id": kitchen_id, **values, "scores": scores}
    try:
        await request.app.state.clients.kitchens.post(
            "/surveys", account, body, entry_id=entry_id(form.get("entry_id"))
        )
    except ServiceRefused as refusal:
        return render_kitchen(
            request,
            "kitchens_survey.html",
            status_code=refusal.status,
            kitchen_id=kitchen_id,
            values={**values, **{a: str(n) for a, n in scores.items()}},
            problem=problem(request, refusal),
        )
    return recorded(request, kitchen_path(kitchen_id, "survey?done=survey_recorded"))
