"""Revealing a named reporter's identity: a dedicated role, a reason, an audit record."""

from typing import Any
from uuid import UUID

import asyncpg

from shared.errors import Rejected
from shared.logging import get_logger

from ..adapters.reporter_identities_repository import ReporterIdentitiesRepository

# The role for it (shared/roles.py), as the console's verified assertion carries it.
REVEAL_ROLE = "identity_reveal_officer"
log = get_logger(__name__)


class NotPermitted(PermissionError):
    pass


async def reveal_identity(
    conn: asyncpg.Connection, case_id: UUID, officer: str, roles: set[str], reason: str
) -> dict[str, Any] | None:
    if REVEAL_ROLE not in roles:
        raise NotPermitted(f"revealing a reporter's identity needs the role {REVEAL_ROLE}")
    if not reason.strip():
        raise Rejected("reason", "is required to reveal a reporter's identity")
    identity = await ReporterIdentitiesRepository(conn).reveal(
        case_id, officer, REVEAL_ROLE, reason
    )
    # The audit row holds who and why; the log says only that it happened.
    if identity is not None:
        log.warning("reporter identity revealed", case_id=str(case_id), officer=officer)
    return identity
