"""Read API of the registry."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Request

from shared.runtime import database_from

from ..adapters.registry_repository import RegistryRepository

router = APIRouter(prefix="/persons", tags=["persons"])


@router.get("/{person_id}")
async def get_person(person_id: UUID, request: Request) -> dict[str, Any]:
    async with database_from(request).pool.acquire() as conn:
        person = await RegistryRepository(conn).person_with_enrolments(person_id)
    if person is None:
        raise HTTPException(status_code=404, detail=f"person_id: no person {person_id}")
    return person
