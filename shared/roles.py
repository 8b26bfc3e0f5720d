"""The roles a person acts in, one exact list for the console and the services.

The console gives an account one of them; the services read it from the
console's signed assertion (shared/acting_assertion.py). A role is matched
exactly: "Auditor" or "CASEWORKER" is no role at all, so it is refused rather
than treated as a different, unscoped one."""

from enum import StrEnum
from typing import NamedTuple


class Role(StrEnum):
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    KITCHEN_COMMITTEE = "kitchen_committee"
    GRIEVANCE_OFFICER = "grievance_officer"
    IDENTITY_REVEAL_OFFICER = "identity_reveal_officer"
    OPS = "ops"
    AUDITOR = "auditor"
    ADMIN = "admin"


# The scope each scoped role needs: a caseworker's agency code, a committee member's kitchen id.
SCOPE_OF = {Role.CASEWORKER: "agency", Role.KITCHEN_COMMITTEE: "kitchen"}
READ_ONLY = frozenset({Role.AUDITOR})


def role_named(value: object) -> Role:
    """The role spelled exactly so; anything else is refused, naming the known ones."""
    if isinstance(value, str):
        try:
            return Role(value)
        except ValueError:
            pass
    known = ", ".join(role.value for role in Role)
    raise ValueError(f"not a role: want exactly one of {known} (lower case)")


class ScopeProblem(NamedTuple):
    code: str  # a machine code the console words (labels/refusals.py: refusal.<code>)
    reason: str


def scope_problem(role: Role, agency: str | None, kitchen_id: str | None) -> ScopeProblem | None:
    """Why this role and scope cannot go together, or None."""
    needed = SCOPE_OF.get(role)
    if needed == "agency" and not agency:
        return ScopeProblem(code="needs_agency", reason="a caseworker needs an agency")
    if needed == "kitchen" and not kitchen_id:
        return ScopeProblem(
            code="needs_kitchen", reason="a kitchen committee member needs a kitchen"
        )
    if needed != "agency" and agency:
        return ScopeProblem(
            code="agency_not_for_role", reason=f"only caseworkers have an agency, not {role}"
        )
    if needed != "kitchen" and kitchen_id:
        return ScopeProblem(
            code="kitchen_not_for_role",
            reason=f"only kitchen committee members have a kitchen, not {role}",
        )
    return None
