"""The trigram indexes behind the console's person search take each new
record into a pending list, which PostgreSQL merges into the index proper once
the list outgrows its limit. The insert that tips it over does the merge: at
the default 4 MB and a million people, 40 to 300 ms during which the whole
intake batch waits (docs/benchmarks.md, "Intake: offset commits and
search-index merges off the intake's path"). This job merges the lists every few
seconds on a connection of its own, and migration 010 raises their limit so
that the intake merges only if the job has fallen far behind."""

import logging
from collections.abc import Awaitable, Callable

import asyncpg

from shared.db import Database
from shared.periodic import every

SEARCH_INDEXES = ("match_records_search", "match_records_sound")


async def merge_pending_search_entries(conn: asyncpg.Connection) -> int:
    """Pending-list pages merged, over both indexes."""
    return sum(
        [
            await conn.fetchval("SELECT gin_clean_pending_list($1::regclass)", index)
            for index in SEARCH_INDEXES
        ]
    )


def periodic_search_index_upkeep(
    interval_seconds: float = 5.0,
) -> Callable[[Database], Awaitable[None]]:
    return every(
        interval_seconds,
        merge_pending_search_entries,
        "search index pending pages merged",
        level=logging.DEBUG,
    )
