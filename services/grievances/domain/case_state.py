"""What a lifecycle command does to a case's state."""

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from .deadlines import add_working_days, extend_for_pause
from .lifecycle import Assignee, Command, check_window, next_status
from .policy import Policy


@dataclass(frozen=True)
class CaseState:
    case_id: UUID
    case_number: str
    kind: str
    category: str
    status: str
    resolve_due_on: date
    paused_on: date | None = None
    assignee: Assignee | None = None
    answer: str | None = None
    rejection_reason: str | None = None
    acknowledged_at: datetime | None = None
    first_resolved_at: datetime | None = None
    decided_on: date | None = None
    reopen_count: int = 0
    # The escalation level's own deadline; a decision stops it (domain/deadlines.py).
    level_due_on: date | None = None


def decide(
    state: CaseState, command: Command, at: datetime, today: date, policy: Policy
) -> CaseState:
    """`today` is `at`'s day in the programme's time zone."""
    status = next_status(state.status, command)
    check_window(command.action, state.decided_on, today, policy.reopen_window_days)
    return replace(state, status=status, **_effects(state, command, at, today, policy))


def _effects(
    state: CaseState, command: Command, at: datetime, today: date, policy: Policy
) -> dict[str, Any]:
    action = command.action
    if action == "acknowledge":
        return {"acknowledged_at": at}
    if action == "assign":
        return {"assignee": command.assignee}
    if action == "await_reporter":
        return {"paused_on": today}
    if action == "resume":
        paused_on = state.paused_on or today  # no pause recorded: nothing to extend
        return {
            "paused_on": None,
            "resolve_due_on": extend_for_pause(
                state.resolve_due_on, paused_on, today, policy.holidays
            ),
        }
    if action == "resolve":
        return {
            "answer": command.answer,
            "decided_on": today,
            "first_resolved_at": state.first_resolved_at or at,
            "level_due_on": None,
        }
    if action == "reject":
        return {"rejection_reason": command.reason, "decided_on": today, "level_due_on": None}
    if action in ("reopen", "appeal"):
        days = policy.deadlines_for(state.kind, state.category).resolve_working_days
        return {
            "decided_on": None,
            "reopen_count": state.reopen_count + 1,
            "resolve_due_on": add_working_days(today, days, policy.holidays),
        }
    return {}


def transition_detail(command: Command) -> dict[str, Any]:
    """What the timeline keeps besides the statuses."""
    detail: dict[str, Any] = {}
    if command.assignee is not None:
        detail["assignee"] = {"kind": command.assignee.kind, "ref": command.assignee.ref}
    if command.answer:
        detail["answer"] = command.answer
    if command.reason:
        detail["reason"] = command.reason
    if command.question:
        detail["question"] = command.question
    return detail
