"""The case lifecycle: which action moves a case from which status to which."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import get_args

from shared.contracts.grievances import Action, AssigneeKind
from shared.errors import Rejected

RECEIVED = "received"
ACKNOWLEDGED = "acknowledged"
ASSIGNED = "assigned"
IN_PROGRESS = "in_progress"
AWAITING_REPORTER = "awaiting_reporter"
RESOLVED = "resolved"
CLOSED = "closed"
REJECTED = "rejected"

STATUSES = (
    RECEIVED,
    ACKNOWLEDGED,
    ASSIGNED,
    IN_PROGRESS,
    AWAITING_REPORTER,
    RESOLVED,
    CLOSED,
    REJECTED,
)
# The resolution clock runs in these; it is stopped while awaiting the reporter.
RESOLUTION_CLOCK_RUNNING = (RECEIVED, ACKNOWLEDGED, ASSIGNED, IN_PROGRESS)


# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[Action, tuple[frozenset[str], str]] = {
    "acknowledge": (frozenset({RECEIVED}), ACKNOWLEDGED),
    "assign": (frozenset({ACKNOWLEDGED, ASSIGNED, IN_PROGRESS}), ASSIGNED),
    "start": (frozenset({ASSIGNED}), IN_PROGRESS),
    "await_reporter": (frozenset({IN_PROGRESS}), AWAITING_REPORTER),
    "resume": (frozenset({AWAITING_REPORTER}), IN_PROGRESS),
    "resolve": (frozenset({IN_PROGRESS}), RESOLVED),
    "close": (frozenset({RESOLVED}), CLOSED),
    "reopen": (frozenset({RESOLVED, CLOSED}), IN_PROGRESS),
    "appeal": (frozenset({RESOLVED, CLOSED, REJECTED}), IN_PROGRESS),
    "reject": (frozenset({RECEIVED, ACKNOWLEDGED, ASSIGNED, IN_PROGRESS}), REJECTED),
}
ACTIONS: tuple[Action, ...] = tuple(TRANSITIONS)
ASSIGNEE_KINDS: tuple[AssigneeKind, ...] = get_args(AssigneeKind)
WINDOWED_ACTIONS = ("reopen", "appeal")


@dataclass(frozen=True)
class Assignee:
    kind: str
    ref: str


@dataclass(frozen=True)
class Command:
    action: str
    assignee: Assignee | None = None
    answer: str | None = None
    reason: str | None = None
    question: str | None = None


def allowed_actions(status: str) -> list[str]:
    return [action for action, (sources, _) in TRANSITIONS.items() if status in sources]


def next_status(status: str, command: Command) -> str:
    """The status the command leads to, or Rejected naming why not."""
    if command.action not in TRANSITIONS:
        raise Rejected(
            "action", f"unknown action; one of {', '.join(ACTIONS)}", code="unknown_action"
        )
    sources, target = TRANSITIONS[command.action]
    if status not in sources:
        allowed = ", ".join(allowed_actions(status)) or "none"
        raise Rejected(
            "action",
            f"cannot {command.action} a case that is {status} (allowed: {allowed})",
            code="action_not_allowed_now",
            params={"action": command.action, "case_status": status},
        )
    _check_details(command)
    return target


def _check_details(command: Command) -> None:
    if command.action == "assign":
        if command.assignee is None:
            raise Rejected("assignee", "is required to assign a case", code="assignee_required")
        if command.assignee.kind not in ASSIGNEE_KINDS:
            raise Rejected(
                "assignee.kind", f"must be one of {', '.join(ASSIGNEE_KINDS)}", code="not_one_of"
            )
    if command.action == "resolve" and not command.answer:
        raise Rejected(
            "answer",
            "the answer given to the reporter is required to resolve a case",
            code="answer_required",
        )
    if command.action == "await_reporter" and not command.question:
        raise Rejected(
            "question",
            "the question for the reporter is required to ask it",
            code="question_required",
        )
    if command.action in ("reject", *WINDOWED_ACTIONS) and not command.reason:
        raise Rejected(
            "reason",
            f"is required to {command.action} a case",
            code="reason_required",
            params={"action": command.action},
        )


def window_closes_on(decided_on: date | None, window_days: int) -> date | None:
    """The last day to reopen or appeal a decision, or None while nothing is decided."""
    return decided_on + timedelta(days=window_days) if decided_on is not None else None


def check_window(action: str, decided_on: date | None, today: date, window_days: int) -> None:
    """Reopening or appealing is possible for `window_days` calendar days after the decision."""
    closed_on = window_closes_on(decided_on, window_days)
    if action not in WINDOWED_ACTIONS or closed_on is None:
        return
    if today > closed_on:
        raise Rejected(
            "action",
            f"the {window_days}-day window to {action} closed on {closed_on}",
            code="window_closed",
            params={"action": action, "window_days": window_days, "closed_on": closed_on},
        )
