"""Programme staff acknowledge a monitoring flag or close it, with a reason; the change is
in the kitchen's history and announced on kitchens.events, in one transaction."""

from uuid import UUID

import asyncpg

from shared.contracts.kitchens import MonitoringFlagReviewedV1

from ..adapters.monitoring_repository import MonitoringRepository
from ..adapters.registry_repository import RegistryRepository
from ..domain.commands import ReviewFlag
from ..domain.errors import UnknownFlag
from ..domain.flags import check_review
from .publishing import publish


async def review_flag(
    conn: asyncpg.Connection, kitchen_id: str, flag_id: UUID, command: ReviewFlag
) -> None:
    async with conn.transaction():
        flags = MonitoringRepository(conn)
        flag = await flags.lock_flag(kitchen_id, flag_id)
        if flag is None:
            raise UnknownFlag(flag_id)
        check_review(flag["status"], command.status)
        await flags.review(flag_id, command.status, command.reason, command.decided_by)
        await RegistryRepository(conn).log_change(
            kitchen_id,
            f"flag:{command.status}",
            {"flag_id": flag_id, "rule": flag["rule"], "reason": command.reason},
            command.decided_by,
        )
        await publish(
            conn,
            MonitoringFlagReviewedV1(
                kitchen_id=kitchen_id,
                flag_id=flag_id,
                rule=flag["rule"],
                status=command.status,
                previous_status=flag["status"],
                reason=command.reason,
                decided_by=command.decided_by,
            ),
            None,
        )
