"""Read API of the compliance-review indicators, and a kitchen's period day by day."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request

from shared.runtime import database_from

from ..service_layer.indicators import kitchen_series, period_indicators
from .kitchen_scope import ensure_in_scope
from .path_parameters import KitchenId
from .refusal_statuses import answered_as_http
from .roles_served import ROUTE_ROLES

router = APIRouter(tags=["indicators"], dependencies=ROUTE_ROLES.dependencies)
START = Query(description="First day of the period (inclusive).")
END = Query(description="Last day of the period (inclusive).")


@router.get("/indicators")
async def programme_indicators(
    request: Request, start: date = START, end: date = END
) -> dict[str, Any]:
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            return await period_indicators(conn, start, end)


@router.get("/kitchens/{kitchen_id}/indicators")
async def kitchen_indicators(
    kitchen_id: KitchenId, request: Request, start: date = START, end: date = END
) -> dict[str, Any]:
    ensure_in_scope(request, kitchen_id)
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            return await period_indicators(conn, start, end, kitchen_id)


@router.get("/kitchens/{kitchen_id}/series")
async def kitchen_day_by_day(
    kitchen_id: KitchenId, request: Request, start: date = START, end: date = END
) -> dict[str, Any]:
    """The rations accepted each day against the daily capacity, and the purse's balance at
    the end of each day it moved: what the console charts. A committee reads its own."""
    ensure_in_scope(request, kitchen_id)
    async with database_from(request).pool.acquire() as conn:
        with answered_as_http():
            return await kitchen_series(conn, kitchen_id, start, end)
