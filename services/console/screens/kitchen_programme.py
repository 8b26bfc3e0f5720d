"""Programme staff's decisions about a kitchen: registering it, changing its details, its
status (suspend, close, reopen) with a reason, its committee, and the review of its
monitoring flags. Each form sends one command to the kitchens service; a refusal comes
back to the form in the reader's words, with what was typed kept."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..errors import ServiceRefused
from ..rules.kitchens import MINIMUM_COMMITTEE, STATUS_CHANGES
from .kitchen_access import Staff, kitchen_path, problem, read_kitchen, today
from .kitchen_views import render_kitchen

router = APIRouter()
KITCHEN_FIELDS = ("name", "alcaldia", "colonia", "marginalisation", "daily_capacity")
FOUNDING_SEATS = 5
Text = Annotated[str, Form(max_length=500)]


def _filled(values: dict[str, str]) -> dict[str, str]:
    return {k: v.strip() for k, v in values.items() if v and v.strip()}


@router.get("/new")
async def register_form(request: Request, account: Staff) -> Response:
    values = {"opening_date": today().isoformat(), "marginalisation": "high"}
    return render_kitchen(
        request, "kitchens_register.html", values=values, seats=range(FOUNDING_SEATS)
    )


def _founding_committee(form: Any) -> list[dict[str, str]]:
    seats = (
        {"full_name": str(form.get(f"member_{n}", "")), "role": str(form.get(f"role_{n}", ""))}
        for n in range(FOUNDING_SEATS)
    )
    return [_filled(seat) for seat in seats if seat["full_name"].strip()]


@router.post("/new")
async def register(request: Request, account: Staff) -> Response:
    form = await request.form()
    values = {name: str(form.get(name, ""))[:200] for name in ("kitchen_id", "opening_date")}
    values.update({name: str(form.get(name, ""))[:200] for name in KITCHEN_FIELDS})
    # Codes are the programme's upper-case ones; nobody has to type them so.
    body: dict[str, Any] = {**_filled(values), "kitchen_id": values["kitchen_id"].strip().upper()}
    body["committee"] = _founding_committee(form)
    try:
        await request.app.state.clients.kitchens.post("/kitchens", account, body)
    except ServiceRefused as refusal:
        return render_kitchen(
            request,
            "kitchens_register.html",
            status_code=refusal.status,
            values={**values, **{k: str(v) for k, v in form.items()}},
            seats=range(FOUNDING_SEATS),
            problem=problem(request, refusal),
        )
    return RedirectResponse(kitchen_path(body["kitchen_id"]) + "?done=registered", 303)


@router.get("/{kitchen_id}/edit")
async def edit_form(request: Request, kitchen_id: str, account: Staff) -> Response:
    kitchen = await read_kitchen(request, account, kitchen_id)
    values = {name: str(kitchen.get(name) or "") for name in KITCHEN_FIELDS}
    return render_kitchen(request, "kitchens_edit.html", kitchen=kitchen, values=values)


@router.post("/{kitchen_id}/edit")
async def edit(request: Request, kitchen_id: str, account: Staff) -> Response:
    kitchen = await read_kitchen(request, account, kitchen_id)
    form = await request.form()
    values = {name: str(form.get(name, ""))[:200].strip() for name in KITCHEN_FIELDS}
    changes = {k: v for k, v in _filled(values).items() if v != str(kitchen.get(k) or "")}
    try:
        await request.app.state.clients.kitchens.patch(
            kitchen_path(kitchen_id), account, {**changes, "decided_by": account.username}
        )
    except ServiceRefused as refusal:
        return render_kitchen(
            request,
            "kitchens_edit.html",
            status_code=refusal.status,
            kitchen=kitchen,
            values=values,
            problem=problem(request, refusal),
        )
    return RedirectResponse(kitchen_path(kitchen_id) + "?done=updated", 303)


@router.get("/{kitchen_id}/status")
async def status_form(request: Request, kitchen_id: str, account: Staff) -> Response:
    kitchen = await read_kitchen(request, account, kitchen_id)
    values = {"effective_on": today().isoformat()}
    return render_kitchen(request, "kitchens_status.html", kitchen=kitchen, values=values)


@router.post("/{kitchen_id}/status")
async def change_status(
    request: Request,
    kitchen_id: str,
    account: Staff,
    status: Annotated[str, Form(max_length=20)],
    reason: Text,
    effective_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    kitchen = await read_kitchen(request, account, kitchen_id)
    body = {"status": status, "reason": reason.strip(), "decided_by": account.username}
    if effective_on:
        body["effective_on"] = effective_on
    try:
        if status not in STATUS_CHANGES.get(kitchen["status"], ()):
            raise ServiceRefused(
                409,
                "status",
                "the kitchen's status does not allow this change",
                code="status_change_not_allowed",
                params={"kitchen_status": kitchen["status"], "wanted_status": status},
            )
        await request.app.state.clients.kitchens.post(
            kitchen_path(kitchen_id, "status"), account, body
        )
    except ServiceRefused as refusal:
        return render_kitchen(
            request,
            "kitchens_status.html",
            status_code=refusal.status,
            kitchen=kitchen,
            values={"status": status, "reason": reason, "effective_on": effective_on},
            problem=problem(request, refusal),
        )
    return RedirectResponse(kitchen_path(kitchen_id) + f"?done=status_{status}", 303)


def _active(kitchen: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in kitchen["committee"] if not m.get("left_on")]


async def _committee_page(
    request: Request,
    kitchen: dict[str, Any],
    status_code: int = 200,
    **context: object,
) -> Response:
    return render_kitchen(
        request,
        "kitchens_committee.html",
        status_code=status_code,
        kitchen=kitchen,
        active=_active(kitchen),
        minimum=MINIMUM_COMMITTEE,
        today=today().isoformat(),
        **context,
    )


@router.get("/{kitchen_id}/committee")
async def committee(
    request: Request, kitchen_id: str, account: Staff, done: str | None = None
) -> Response:
    kitchen = await read_kitchen(request, account, kitchen_id)
    return await _committee_page(request, kitchen, done=done)


@router.post("/{kitchen_id}/committee")
async def add_member(
    request: Request,
    kitchen_id: str,
    account: Staff,
    full_name: Annotated[str, Form(max_length=200)],
    role: Annotated[str, Form(max_length=20)] = "member",
    joined_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    kitchen = await read_kitchen(request, account, kitchen_id)
    body = _filled({"full_name": full_name, "role": role, "joined_on": joined_on})
    try:
        await request.app.state.clients.kitchens.post(
            kitchen_path(kitchen_id, "committee"), account, body
        )
    except ServiceRefused as refusal:
        found = problem(request, refusal)
        return await _committee_page(request, kitchen, refusal.status, joining=body, problem=found)
    return RedirectResponse(kitchen_path(kitchen_id, "committee?done=joined"), 303)


@router.post("/{kitchen_id}/committee/{member_id}/leave")
async def member_leaves(
    request: Request,
    kitchen_id: str,
    member_id: str,
    account: Staff,
    left_on: Annotated[str, Form(max_length=10)],
    reason: Text,
    unavoidable: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    kitchen = await read_kitchen(request, account, kitchen_id)
    body = {"left_on": left_on, "reason": reason.strip(), "unavoidable": unavoidable == "yes"}
    try:
        await request.app.state.clients.kitchens.post(
            kitchen_path(kitchen_id, "committee", member_id, "leave"), account, body
        )
    except ServiceRefused as refusal:
        found = problem(request, refusal)
        return await _committee_page(
            request, kitchen, refusal.status, leaving=member_id, problem=found
        )
    return RedirectResponse(kitchen_path(kitchen_id, "committee?done=left"), 303)


@router.post("/{kitchen_id}/flags/{flag_id}")
async def review_flag(
    request: Request,
    kitchen_id: str,
    flag_id: str,
    account: Staff,
    status: Annotated[str, Form(max_length=20)],
    reason: Text,
) -> Response:
    body = {"status": status, "reason": reason.strip()}
    try:
        await request.app.state.clients.kitchens.post(
            kitchen_path(kitchen_id, "flags", flag_id), account, body
        )
    except ServiceRefused as refusal:
        kitchen = await read_kitchen(request, account, kitchen_id)
        return render_kitchen(
            request,
            "kitchens_page.html",
            status_code=refusal.status,
            kitchen=kitchen,
            reviewing=flag_id,
            problem=problem(request, refusal),
        )
    return RedirectResponse(kitchen_path(kitchen_id) + f"?done=flag_{status}#flags", 303)
