"""Roles, the signed-in account, and which screens each role may open."""

from dataclasses import dataclass
from enum import StrEnum


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


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: Role
    agency: str | None = None
    kitchen_id: str | None = None

    @property
    def read_only(self) -> bool:
        return self.role in READ_ONLY


def scope_problem(role: Role, agency: str | None, kitchen_id: str | None) -> str | None:
    """Why this role and scope cannot go together, or None."""
    needed = SCOPE_OF.get(role)
    if needed == "agency" and not agency:
        return "a caseworker needs an agency"
    if needed == "kitchen" and not kitchen_id:
        return "a kitchen committee member needs a kitchen"
    if needed != "agency" and agency:
        return f"only caseworkers have an agency, not {role}"
    if needed != "kitchen" and kitchen_id:
        return f"only kitchen committee members have a kitchen, not {role}"
    return None


@dataclass(frozen=True)
class Screen:
    """An entry of the navigation: shown only to the roles that may use it."""

    path: str
    label: str
    roles: frozenset[Role]

    def open_to(self, account: Account | None) -> bool:
        return account is not None and account.role in self.roles


def navigation(screens: list[Screen], account: Account | None) -> list[Screen]:
    return [s for s in screens if s.open_to(account)]
