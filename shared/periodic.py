"""Background jobs a service runs on an interval beside its consumers: a job
that fails is logged and tried again at the next interval, never fatal."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from .db import Database
from .logging import get_logger

log = get_logger(__name__)


def every(
    interval_seconds: float,
    job: Callable[[asyncpg.Connection], Awaitable[int]],
    done: str,
    *,
    level: int = logging.INFO,
) -> Callable[[Database], Awaitable[None]]:
    """`job` returns how many things it changed; `done` is logged at `level`
    with that count when it is not zero."""

    async def run(database: Database) -> None:
        while True:
            try:
                async with database.pool.acquire() as conn:
                    changed = await job(conn)
                if changed:
                    log.log(level, done, count=changed)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("periodic job failed; next attempt at the next interval", job=done)
            await asyncio.sleep(interval_seconds)

    return run
