"""The names of kitchens known by their codes: what the console shows wherever a screen
names a kitchen (a committee member's header, a complaint about a kitchen, a committee
account), so that no one reads a code where a name belongs. Several codes in one call: a list
screen asks once for all its rows."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import StringConstraints

from shared.contracts.kitchens import KITCHEN_ID_PATTERN
from shared.roles import Role
from shared.runtime import database_from
from shared.service_auth import acting_from

from ..adapters.kitchen_list_repository import KitchenListRepository
from .roles_served import ROUTE_ROLES

router = APIRouter(tags=["kitchens"], dependencies=ROUTE_ROLES.dependencies)
# A screen's page of rows at most (a grievance queue shows 200 cases).
MAX_CODES = 200

Codes = Annotated[
    list[Annotated[str, StringConstraints(pattern=KITCHEN_ID_PATTERN)]],
    Query(
        alias="kitchen_id",
        min_length=1,
        max_length=MAX_CODES,
        description="Kitchen codes, repeated: ?kitchen_id=A&kitchen_id=B.",
    ),
]


@router.get("/kitchen-names")
async def kitchen_names(request: Request, codes: Codes) -> dict[str, Any]:
    """`names`: code -> name for each registered kitchen asked for. A committee member learns
    her own kitchen's name alone: any other code is left out exactly as an unregistered one
    is (kitchen_scope.py), so she cannot tell which codes are registered."""
    acting = acting_from(request)
    wanted = sorted(set(codes))
    if acting.role is Role.KITCHEN_COMMITTEE:
        wanted = [code for code in wanted if code == acting.kitchen]
    if not wanted:
        return {"names": {}}
    async with database_from(request).pool.acquire() as conn:
        return {"names": await KitchenListRepository(conn).names(wanted)}
