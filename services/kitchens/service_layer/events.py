"""Recording the service's outgoing events in the caller's transaction."""

from typing import Any

import asyncpg

from shared.contracts.base import EventContract
from shared.contracts.kitchens import MonitoringFlagRaisedV1
from shared.envelope import Envelope
from shared.outbox import add_to_outbox
from shared.programme_clock import programme_today
from shared.topics import KITCHEN_EVENTS

from ..adapters.monitoring_repository import MonitoringRepository
from ..domain.monitoring import Flag

__all__ = ["SERVICE", "programme_today", "publish", "raise_flags"]

SERVICE = "kitchens"


async def publish(
    conn: asyncpg.Connection, event: EventContract, cause: Envelope[Any] | None
) -> None:
    await add_to_outbox(conn, topic=KITCHEN_EVENTS.name, event=event, producer=SERVICE, cause=cause)


async def raise_flags(
    conn: asyncpg.Connection, kitchen_id: str, flags: list[Flag], cause: Envelope[Any] | None
) -> None:
    repository = MonitoringRepository(conn)
    for flag in flags:
        flag_id = await repository.add_flag(kitchen_id, flag)
        if flag_id is not None:
            await publish(
                conn,
                MonitoringFlagRaisedV1(
                    flag_id=flag_id,
                    kitchen_id=kitchen_id,
                    rule=flag.rule,
                    observed_on=flag.observed_on,
                    summary=flag.summary,
                    evidence=flag.evidence,
                ),
                cause,
            )
