"""HTTP commands and reads for kitchens (the console and programme staff)."""

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from shared.contracts.kitchens import KitchenRegisteredV1
from shared.errors import Rejected
from shared.runtime import database_from

from ..adapters.kitchens_repository import KitchensRepository
from ..service_layer.handlers import register_kitchen

router = APIRouter(prefix="/kitchens", tags=["kitchens"])


@router.post("", status_code=201)
async def post_kitchen(kitchen: KitchenRegisteredV1, request: Request) -> dict[str, str]:
    async with database_from(request).pool.acquire() as conn:
        try:
            await register_kitchen(conn, kitchen)
        except Rejected as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from None
    return {"kitchen_id": kitchen.kitchen_id}


@router.get("/{kitchen_id}")
async def get_kitchen(kitchen_id: str, request: Request) -> dict[str, Any]:
    async with database_from(request).pool.acquire() as conn:
        kitchen = await KitchensRepository(conn).kitchen_with_reports(kitchen_id)
    if kitchen is None:
        raise HTTPException(status_code=404, detail=f"kitchen_id: no kitchen {kitchen_id}")
    return kitchen
