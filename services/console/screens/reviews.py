"""Screen 2: the duplicate review queue and deciding a task (same person or not)."""

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from ..auth.roles import Account, Role, Screen
from ..auth.sessions import require_role
from ..errors import ServiceRefused
from ..rules.reviews import decision_body, side_by_side
from .rendering import render

router = APIRouter(prefix="/reviews")
SCREEN = Screen(
    "/reviews", "nav.reviews", frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.AUDITOR})
)
Reader = Annotated[Account, Depends(require_role(*SCREEN.roles))]
# The registry only lets a caseworker decide tasks that concern her agency.
Decider = Annotated[Account, Depends(require_role(Role.CASEWORKER, Role.SUPERVISOR))]


@router.get("")
async def queue(
    request: Request,
    account: Reader,
    status: Literal["open", "same_person", "different_people"] = Query(default="open"),
) -> Response:
    tasks = await request.app.state.clients.beneficiaries.get(
        "/review-tasks", account, params={"status": status, "limit": 100}
    )
    return render(request, "reviews_queue.html", tasks=tasks, status=status)


@router.get("/{task_id}")
async def task(request: Request, task_id: UUID, account: Reader) -> Response:
    found = await request.app.state.clients.beneficiaries.get(f"/review-tasks/{task_id}", account)
    return render(
        request,
        "review_task.html",
        task=found,
        rows=side_by_side(found),
        may_decide=account.role in (Role.CASEWORKER, Role.SUPERVISOR),
    )


@router.post("/{task_id}/decision")
async def decide(
    request: Request,
    task_id: UUID,
    account: Decider,
    verdict: Annotated[str, Form(max_length=60)],
    decision_reason: Annotated[str, Form(min_length=1, max_length=2_000)],
) -> Response:
    body = decision_body(verdict, decision_reason)
    if body is None:
        raise ServiceRefused(
            422,
            "verdict",
            "choose same person (and which) or different people",
            code="verdict_required",
        )
    await request.app.state.clients.beneficiaries.post(
        f"/review-tasks/{task_id}/decision", account, body
    )
    return RedirectResponse(f"/reviews/{task_id}", status_code=303)
