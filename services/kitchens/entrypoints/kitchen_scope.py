"""Who may act on which kitchen. A kitchen committee member acts for her own kitchen only:
the one the console's verified assertion names. Another kitchen is answered exactly as
one that does not exist, so she cannot tell which codes are registered. The programme's
decisions (registering and changing kitchens, their committees and flags, the subsidy run)
are programme staff's; the programme-wide figures are not a committee's to read."""

from fastapi import Request

from shared.http_refusals import refusal
from shared.roles import Role
from shared.service_auth import acting_from

from ..domain.errors import UnknownKitchen
from .refusal_statuses import answered_as_http

# The demo and set-up scripts register kitchens as the administrator.
PROGRAMME_STAFF = frozenset({Role.SUPERVISOR, Role.ADMIN})


def ensure_in_scope(request: Request, kitchen_id: str) -> None:
    acting = acting_from(request)
    if acting.role is Role.KITCHEN_COMMITTEE and acting.kitchen != kitchen_id:
        with answered_as_http():
            raise UnknownKitchen(kitchen_id)


def ensure_programme_staff(request: Request) -> None:
    if acting_from(request).role not in PROGRAMME_STAFF:
        raise refusal(
            403,
            "role",
            "only programme staff take the programme's decisions",
            code="programme_staff_only",
        )


def ensure_programme_wide_reader(request: Request) -> None:
    if acting_from(request).role is Role.KITCHEN_COMMITTEE:
        raise refusal(
            403,
            "role",
            "a kitchen committee reads its own kitchen's figures only",
            code="own_kitchen_only",
        )
