"""Read API of grievance cases."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Request

from shared.runtime import database_from

from ..adapters.cases_repository import CasesRepository

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("/{case_id}")
async def get_case(case_id: UUID, request: Request) -> dict[str, Any]:
    async with database_from(request).pool.acquire() as conn:
        case = await CasesRepository(conn).case_with_timeline(case_id)
    if case is None:
        raise HTTPException(status_code=404, detail=f"case_id: no case {case_id}")
    return case
