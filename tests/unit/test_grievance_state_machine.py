"""The grievance lifecycle state machine: every action from every status."""

from datetime import UTC, date, datetime

import pytest

from services.grievances.adapters.policy_file import load_policy
from services.grievances.domain.case_state import CaseState, decide
from services.grievances.domain.lifecycle import (
    ACTIONS,
    STATUSES,
    TRANSITIONS,
    Assignee,
    Command,
    allowed_actions,
    check_window,
    next_status,
)
from shared.errors import Rejected

EXPECTED = {
    ("received", "acknowledge"): "acknowledged",
    ("received", "reject"): "rejected",
    ("acknowledged", "assign"): "assigned",
    ("acknowledged", "reject"): "rejected",
    ("assigned", "assign"): "assigned",
    ("assigned", "start"): "in_progress",
    ("assigned", "reject"): "rejected",
    ("in_progress", "assign"): "assigned",
    ("in_progress", "await_reporter"): "awaiting_reporter",
    ("in_progress", "resolve"): "resolved",
    ("in_progress", "reject"): "rejected",
    ("awaiting_reporter", "resume"): "in_progress",
    ("resolved", "close"): "closed",
    ("resolved", "reopen"): "in_progress",
    ("resolved", "appeal"): "in_progress",
    ("closed", "reopen"): "in_progress",
    ("closed", "appeal"): "in_progress",
    ("rejected", "appeal"): "in_progress",
}


def complete(action: str) -> Command:
    """A command with every detail its action may need."""
    return Command(
        action,
        Assignee("department", "DEP-QUEJAS"),
        answer="Se repuso el servicio.",
        reason="El reportante insiste.",
        question="¿En qué horario ocurrió?",
    )


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in STATUSES for a in ACTIONS])
def test_every_action_from_every_status(status, action):
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(Rejected) as refused:
            next_status(status, complete(action))
        assert refused.value.field == "action"
        assert f"cannot {action} a case that is {status}" in refused.value.reason
    else:
        assert next_status(status, complete(action)) == expected


def test_the_table_under_test_is_the_whole_table():
    legal = {(s, a) for a, (sources, _) in TRANSITIONS.items() for s in sources}
    assert legal == set(EXPECTED)


def test_a_refusal_names_what_is_allowed():
    with pytest.raises(
        Rejected, match=r"cannot close a case that is received \(allowed: acknowledge, reject\)"
    ):
        next_status("received", complete("close"))
    assert allowed_actions("closed") == ["reopen", "appeal"]


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (Command("assign"), "assignee"),
        (Command("assign", Assignee("mayor", "X")), "assignee.kind"),
        (Command("resolve"), "answer"),
        (Command("await_reporter"), "question"),
        (Command("reject"), "reason"),
        (Command("reopen"), "reason"),
        (Command("appeal"), "reason"),
        (Command("dance"), "action"),
    ],
)
def test_commands_missing_their_details_are_refused(command, field):
    status = {
        "assign": "acknowledged",
        "resolve": "in_progress",
        "await_reporter": "in_progress",
        "reject": "received",
    }.get(command.action, "resolved")
    with pytest.raises(Rejected) as refused:
        next_status(status, command)
    assert refused.value.field == field


def test_reopening_is_possible_only_within_the_window():
    check_window("reopen", date(2026, 3, 2), date(2026, 4, 1), 30)
    with pytest.raises(Rejected, match="30-day window to appeal closed on 2026-04-01"):
        check_window("appeal", date(2026, 3, 2), date(2026, 4, 2), 30)


def state(status: str, **changes) -> CaseState:
    return CaseState(
        **{
            "case_id": None,
            "case_number": "G-2026-000001",
            "kind": "complaint",
            "category": "treatment",
            "status": status,
            "resolve_due_on": date(2026, 3, 20),
            **changes,
        }
    )


AT = datetime(2026, 3, 4, 17, 0, tzinfo=UTC)
WEDNESDAY = date(2026, 3, 4)


def test_waiting_for_the_reporter_pushes_the_resolution_deadline_out():
    paused = decide(
        state("in_progress"),
        Command("await_reporter", question="¿Cuándo?"),
        AT,
        WEDNESDAY,
        load_policy(),
    )
    assert paused.paused_on == WEDNESDAY
    # Paused Wednesday 4 to Wednesday 11 March: five working days.
    resumed = decide(paused, Command("resume"), AT, date(2026, 3, 11), load_policy())
    assert resumed.paused_on is None
    assert resumed.resolve_due_on == date(2026, 3, 27)


def test_resolving_then_reopening_starts_a_new_resolution_clock():
    resolved = decide(state("in_progress"), complete("resolve"), AT, WEDNESDAY, load_policy())
    assert (resolved.decided_on, resolved.first_resolved_at, resolved.answer) == (
        WEDNESDAY,
        AT,
        "Se repuso el servicio.",
    )
    reopened = decide(resolved, complete("reopen"), AT, date(2026, 3, 10), load_policy())
    assert reopened.reopen_count == 1
    assert reopened.first_resolved_at == AT
    # Complaints resolve in 15 working days; Monday 16 March is a holiday (Benito Juárez).
    assert reopened.resolve_due_on == date(2026, 4, 1)
    with pytest.raises(Rejected, match="window to reopen closed"):
        decide(resolved, complete("reopen"), AT, date(2026, 4, 4), load_policy())


@pytest.mark.parametrize("action", ["resolve", "reject"])
def test_a_decision_stops_the_escalation_levels_clock(action):
    escalated = state("in_progress", level_due_on=date(2026, 3, 6))
    decided = decide(escalated, complete(action), AT, WEDNESDAY, load_policy())
    assert decided.level_due_on is None
    waiting = decide(
        escalated, Command("await_reporter", question="¿Cuándo?"), AT, WEDNESDAY, load_policy()
    )
    assert waiting.level_due_on == date(2026, 3, 6)
