"""HTTP commands and reads of the kitchen registry (the console). Who decides a change is
the account the console's verified assertion names: a `decided_by` sent in the body is
replaced by it."""

from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from shared.roles import Role
from shared.runtime import database_from
from shared.service_auth import acting_from

from ..adapters.kitchen_list_repository import KitchenFilter, KitchenListRepository
from ..adapters.registry_repository import RegistryRepository
from ..domain.commands import (
    ChangeStatus,
    MemberLeaves,
    NewMember,
    RegisterKitchen,
    ReviewFlag,
    UpdateKitchen,
)
from ..domain.errors import UnknownKitchen
from ..service_layer import registry
from ..service_layer.flag_review import review_flag
from .kitchen_scope import ensure_in_scope
from .path_parameters import KitchenId
from .refusal_statuses import answered_as_http
from .roles_served import ROUTE_ROLES

router = APIRouter(prefix="/kitchens", tags=["kitchens"], dependencies=ROUTE_ROLES.dependencies)
Decided = TypeVar("Decided", RegisterKitchen, UpdateKitchen, ChangeStatus, ReviewFlag)


class KitchenQuery(BaseModel):
    """The list's filters (each one given narrows it) and page."""

    text: str | None = Field(
        default=None,
        max_length=100,
        description="Words in the code, name, municipality or neighbourhood, any case.",
    )
    status: Literal["active", "suspended", "closed"] | None = None
    alcaldia: str | None = Field(default=None, max_length=100)
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=1_000_000)


def _decided_by_the_acting_person(command: Decided, request: Request) -> Decided:
    return command.model_copy(update={"decided_by": acting_from(request).who})


@router.get("")
async def list_kitchens(
    request: Request, query: Annotated[KitchenQuery, Query()]
) -> dict[str, Any]:
    """A committee member's list holds her own kitchen only."""
    acting = acting_from(request)
    wanted = KitchenFilter(
        text=query.text,
        status=query.status,
        alcaldia=query.alcaldia,
        only_kitchen=acting.kitchen if acting.role is Role.KITCHEN_COMMITTEE else None,
        limit=query.limit,
        offset=query.offset,
    )
    async with database_from(request).pool.acquire() as conn:
        return await KitchenListRepository(conn).search(wanted)


@router.post("", status_code=201)
async def post_kitchen(command: RegisterKitchen, request: Request) -> dict[str, str]:
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            await registry.register_kitchen(conn, _decided_by_the_acting_person(command, request))
    return {"kitchen_id": command.kitchen_id}


@router.patch("/{kitchen_id}")
async def patch_kitchen(
    kitchen_id: KitchenId, command: UpdateKitchen, request: Request
) -> dict[str, Any]:
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            await registry.update_kitchen(
                conn, kitchen_id, _decided_by_the_acting_person(command, request)
            )
    return {"kitchen_id": kitchen_id, "changed": command.changes()}


@router.post("/{kitchen_id}/status")
async def post_status(
    kitchen_id: KitchenId, command: ChangeStatus, request: Request
) -> dict[str, str]:
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            await registry.change_status(
                conn, kitchen_id, _decided_by_the_acting_person(command, request)
            )
    return {"kitchen_id": kitchen_id, "status": command.status}


@router.post("/{kitchen_id}/committee", status_code=201)
async def post_member(
    kitchen_id: KitchenId, member: NewMember, request: Request
) -> dict[str, UUID]:
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            return {"member_id": await registry.add_member(conn, kitchen_id, member)}


@router.post("/{kitchen_id}/committee/{member_id}/leave")
async def post_member_leaves(
    kitchen_id: KitchenId, member_id: UUID, command: MemberLeaves, request: Request
) -> dict[str, int]:
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            return {
                "active_members": await registry.member_leaves(conn, kitchen_id, member_id, command)
            }


@router.post("/{kitchen_id}/flags/{flag_id}")
async def post_flag_review(
    kitchen_id: KitchenId, flag_id: UUID, command: ReviewFlag, request: Request
) -> dict[str, str]:
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            await review_flag(
                conn, kitchen_id, flag_id, _decided_by_the_acting_person(command, request)
            )
    return {"kitchen_id": kitchen_id, "status": command.status}


@router.get("/{kitchen_id}")
async def get_kitchen(kitchen_id: KitchenId, request: Request) -> dict[str, Any]:
    ensure_in_scope(request, kitchen_id)
    async with database_from(request).pool.acquire() as conn:
        kitchen = await RegistryRepository(conn).kitchen_view(kitchen_id)
    if kitchen is None:
        with answered_as_http():
            raise UnknownKitchen(kitchen_id)
    return kitchen
