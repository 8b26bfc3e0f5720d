"""A kitchen's management committee: never fewer than three active neighbours."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from shared.errors import Rejected

from .errors import Conflict

MINIMUM_COMMITTEE = 3
SINGLE_SEAT_ROLES = ("president", "treasurer")


@dataclass(frozen=True)
class Member:
    member_id: UUID
    role: str
    joined_on: date


def check_founding_committee(roles: list[str]) -> None:
    if len(roles) < MINIMUM_COMMITTEE:
        raise Conflict(
            "committee",
            f"{len(roles)} members given; a committee needs at least {MINIMUM_COMMITTEE}",
            code="committee_too_small",
            params={"members": len(roles), "minimum": MINIMUM_COMMITTEE},
        )
    _check_single_seats(roles)


def check_joining(active: list[Member], role: str, joined_on: date, today: date) -> None:
    if joined_on > today:
        raise Rejected(
            "joined_on",
            f"{joined_on} is in the future (today is {today}); add a member once they join",
            code="date_in_future",
            params={"day": joined_on},
        )
    _check_single_seats([m.role for m in active] + [role])


def check_leaving(
    active: list[Member], member_id: UUID, left_on: date, *, unavoidable: bool, today: date
) -> int:
    """Returns how many members remain. A voluntary departure may not break the
    minimum; an unavoidable one (death, moving away) is recorded and the kitchen flagged."""
    member = next((m for m in active if m.member_id == member_id), None)
    if member is None:
        raise Conflict(
            "member_id",
            f"{member_id} is not an active member of this committee",
            code="not_an_active_member",
        )
    if left_on > today:
        raise Rejected(
            "left_on",
            f"{left_on} is in the future (today is {today}); record a departure once it happens",
            code="date_in_future",
            params={"day": left_on},
        )
    if left_on < member.joined_on:
        raise Conflict(
            "left_on",
            f"{left_on} is before the member joined ({member.joined_on})",
            code="left_before_joining",
            params={"day": left_on, "joined_on": member.joined_on},
        )
    remaining = len(active) - 1
    if remaining < MINIMUM_COMMITTEE and not unavoidable:
        raise Conflict(
            "member_id",
            f"the committee would have {remaining} active members; at least "
            f"{MINIMUM_COMMITTEE} are required "
            "(add a member first, or record an unavoidable departure)",
            code="committee_would_fall_below_minimum",
            params={"remaining": remaining, "minimum": MINIMUM_COMMITTEE},
        )
    return remaining


def _check_single_seats(roles: list[str]) -> None:
    for role in SINGLE_SEAT_ROLES:
        if roles.count(role) > 1:
            raise Conflict(
                "role",
                f"a committee has one {role}; {roles.count(role)} given",
                code="single_seat_taken",
                params={"member_role": role, "given": roles.count(role)},
            )
