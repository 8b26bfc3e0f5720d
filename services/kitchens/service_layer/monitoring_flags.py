"""Raising monitoring flags: each is stored once per kitchen, rule and day, and
announced for the supervisors and the grievances service."""

from typing import Any

import asyncpg

from shared.contracts.grievances import GrievanceClosedV1
from shared.contracts.kitchens import MonitoringFlagRaisedV1
from shared.envelope import Envelope

from ..adapters.monitoring_repository import MonitoringRepository
from ..domain.monitoring import Flag
from .publishing import publish


async def raise_flags(
    conn: asyncpg.Connection, kitchen_id: str, flags: list[Flag], cause: Envelope[Any] | None
) -> None:
    """A flag the rule already raised for that kitchen and day is not raised again."""
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


async def close_flag_of_ended_case(conn: asyncpg.Connection, ended: GrievanceClosedV1) -> bool:
    """A flag is closed when the grievance case it opened ends (closed or rejected); cases
    other sources opened are none of the kitchens' business. Whether a flag was closed."""
    flag_id = ended.monitoring_flag_id()
    if flag_id is None:
        return False
    return await MonitoringRepository(conn).close_flag(flag_id)
