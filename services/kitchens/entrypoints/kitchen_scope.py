"""Which kitchen a committee member acts on: her own, the one the console's verified
assertion names. Another kitchen is answered exactly as one that does not exist, so she
cannot tell which codes are registered. Which roles a route serves at all is decided
before this, in roles_served.py."""

from fastapi import Request

from shared.roles import Role
from shared.service_auth import acting_from

from ..domain.errors import UnknownKitchen
from .refusal_statuses import answered_as_http


def ensure_in_scope(request: Request, kitchen_id: str) -> None:
    acting = acting_from(request)
    if acting.role is Role.KITCHEN_COMMITTEE and acting.kitchen != kitchen_id:
        with answered_as_http():
            raise UnknownKitchen(kitchen_id)
