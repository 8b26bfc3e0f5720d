"""HTTP commands and reads of the kitchen registry (the console). Who decides a change is
the account the console's verified assertion names: a `decided_by` sent in the body is
replaced by it."""

from typing import Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Request

from shared.runtime import database_from
from shared.service_auth import acting_from

from ..adapters.registry_repository import RegistryRepository
from ..domain.commands import ChangeStatus, MemberLeaves, NewMember, RegisterKitchen, UpdateKitchen
from ..domain.errors import UnknownKitchen
from ..service_layer import registry
from .kitchen_scope import ensure_in_scope
from .path_parameters import KitchenId
from .refusal_statuses import answered_as_http

router = APIRouter(prefix="/kitchens", tags=["kitchens"])
Decided = TypeVar("Decided", RegisterKitchen, UpdateKitchen, ChangeStatus)


def _decided_by_the_acting_person(command: Decided, request: Request) -> Decided:
    return command.model_copy(update={"decided_by": acting_from(request).who})


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
    ensure_in_scope(request, kitchen_id)
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
    ensure_in_scope(request, kitchen_id)
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
    ensure_in_scope(request, kitchen_id)
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            return {"member_id": await registry.add_member(conn, kitchen_id, member)}


@router.post("/{kitchen_id}/committee/{member_id}/leave")
async def post_member_leaves(
    kitchen_id: KitchenId, member_id: UUID, command: MemberLeaves, request: Request
) -> dict[str, int]:
    ensure_in_scope(request, kitchen_id)
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            return {
                "active_members": await registry.member_leaves(conn, kitchen_id, member_id, command)
            }


@router.get("/{kitchen_id}")
async def get_kitchen(kitchen_id: KitchenId, request: Request) -> dict[str, Any]:
    ensure_in_scope(request, kitchen_id)
    async with database_from(request).pool.acquire() as conn:
        kitchen = await RegistryRepository(conn).kitchen_view(kitchen_id)
    if kitchen is None:
        with answered_as_http():
            raise UnknownKitchen(kitchen_id)
    return kitchen
