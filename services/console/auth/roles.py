"""The signed-in account, and which screens each role may open (the roles themselves are
shared/roles.py)."""

from dataclasses import dataclass

from shared.roles import READ_ONLY, SCOPE_OF, Role, scope_problem

# The roles are shared with the services, which read them from the console's signed assertion.
__all__ = ["READ_ONLY", "SCOPE_OF", "Account", "Role", "Screen", "navigation", "scope_problem"]


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
