"""A supervisor protects a woman or lifts her protection, with a reason; each
decision is kept (who, with which role, when, why) and never edited."""

from uuid import UUID

import asyncpg

from shared.errors import Rejected
from shared.service_auth import Acting

from ..adapters.protection_repository import ProtectionRepository
from .record_access import protected_people


async def change_protection(
    conn: asyncpg.Connection, acting: Acting, person_id: UUID, protected: bool, reason: str
) -> bool:
    """Records the decision; returns whether she is protected now."""
    repository = ProtectionRepository(conn)
    if not await repository.exists(person_id):
        raise Rejected("person_id", "no such person", code="no_such_person")
    await repository.record(person_id, protected, acting.who, acting.role, reason)
    return (await protected_people(conn, [person_id]))[person_id]
