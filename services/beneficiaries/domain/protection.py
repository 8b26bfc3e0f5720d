"""Whether a woman is protected: her locality and phone reach no agency but the
one that recorded them, whatever she consented to.

An enrolment for a protective benefit (violence support) protects her at once.
A supervisor may protect her or lift the protection, giving a reason; the
latest such decision stands until a protective enrolment arrives (or is sent
again) after it, which protects her again: a lift covers what the supervisor
knew when she lifted it."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from shared.roles import Role

PROTECTIVE_BENEFIT_TYPES = frozenset({"violence_support"})
# Who may protect a woman or lift her protection (the role the console's verified assertion names).
PROTECTION_ROLES = frozenset({Role.SUPERVISOR})


@dataclass(frozen=True)
class ProtectionChange:
    protected: bool
    changed_at: datetime


def is_protected(
    protective_arrivals: Iterable[datetime], latest_change: ProtectionChange | None
) -> bool:
    """`protective_arrivals`: when each of her protective enrolments was last
    received."""
    arrivals = list(protective_arrivals)
    if latest_change is None:
        return bool(arrivals)
    return latest_change.protected or any(t > latest_change.changed_at for t in arrivals)


def may_change_protection(role: Role | None) -> bool:
    return role in PROTECTION_ROLES
