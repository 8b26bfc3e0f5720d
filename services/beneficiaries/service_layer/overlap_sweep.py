"""An enrolment's end date passing is no event: nothing arrives to say the
support stopped. This sweep finds the open overlaps whose enrolment has ended
and clears them, with the same rules and events as the intake."""

from collections.abc import Awaitable, Callable
from datetime import date

import asyncpg

from shared.db import Database
from shared.periodic import every
from shared.programme_clock import programme_today

from ..adapters.overlap_repository import OverlapRepository
from .overlaps import refresh_overlaps_of

ENDED = "an enrolment ended"


async def clear_lapsed_overlaps(conn: asyncpg.Connection, today: date) -> int:
    """Callable on its own (tests, an operator); returns how many overlaps it cleared."""
    async with conn.transaction():
        persons = await OverlapRepository(conn).persons_with_lapsed_overlaps(today)
        if not persons:
            return 0
        return await refresh_overlaps_of(
            conn, dict.fromkeys(persons), clear_reason=ENDED, today=today
        )


def periodic_overlap_sweep(
    interval_seconds: float = 3600.0,
) -> Callable[[Database], Awaitable[None]]:
    return every(
        interval_seconds,
        lambda conn: clear_lapsed_overlaps(conn, programme_today()),
        "lapsed support overlaps cleared",
    )
