"""Revealing a named reporter takes two identity-reveal officers: one asks, with a
reason; a different one approves or declines; an approved request shows the identity
once, to the officer who asked. A request is a record of each step and who took it."""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal
from uuid import UUID

from shared.errors import Rejected
from shared.roles import Role

# The role for it (shared/roles.py), as the console's verified assertion carries it.
REVEAL_ROLE = Role.IDENTITY_REVEAL_OFFICER
# Who may read the requests and the reveals: those who take part, and auditors.
AUDIT_ROLES = frozenset({REVEAL_ROLE, Role.AUDITOR})
Decision = Literal["approved", "declined"]


class NotPermitted(PermissionError):
    def __init__(self, field: str, reason: str, *, code: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class RevealRequest:
    request_id: UUID
    case_id: UUID
    requested_by: str
    reason: str
    requested_at: datetime
    decision: Decision | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    shown_at: datetime | None = None


def check_reveal_officer(role: Role | None) -> None:
    if role != REVEAL_ROLE:
        raise NotPermitted(
            "role",
            f"revealing a reporter's identity needs the role {REVEAL_ROLE}",
            code="reveal_role_required",
        )


def new_request(
    request_id: UUID, case_id: UUID, officer: str, reason: str, at: datetime
) -> RevealRequest:
    if not reason.strip():
        raise Rejected(
            "reason", "is required to ask for a reporter's identity", code="reason_required"
        )
    return RevealRequest(request_id, case_id, officer, reason.strip(), at)


def decide(request: RevealRequest, officer: str, decision: Decision, at: datetime) -> RevealRequest:
    """A second officer's decision; the one who asked may not decide her own request."""
    if officer == request.requested_by:
        raise NotPermitted(
            "officer",
            "the officer who asked cannot decide her own request: another must",
            code="reveal_needs_another_officer",
        )
    if request.decision is not None:
        raise Rejected(
            "decision",
            f"this request was already {request.decision}",
            code="reveal_already_decided",
            params={"decision": request.decision},
        )
    return replace(request, decision=decision, decided_by=officer, decided_at=at)


def show(request: RevealRequest, officer: str, at: datetime) -> RevealRequest:
    """The identity is shown once, to the officer who asked, after another approved."""
    if officer != request.requested_by:
        raise NotPermitted(
            "officer",
            "only the officer who asked is shown the identity",
            code="reveal_only_to_requester",
        )
    if request.decision != "approved":
        state = "was declined" if request.decision == "declined" else "awaits another officer"
        raise Rejected(
            "request",
            f"the request {state}",
            code="reveal_declined" if request.decision == "declined" else "reveal_awaits_approval",
        )
    if request.shown_at is not None:
        raise Rejected(
            "request",
            "the identity was already shown once for this request",
            code="reveal_already_shown",
        )
    return replace(request, shown_at=at)
