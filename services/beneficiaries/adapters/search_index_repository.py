"""SQL for the upkeep of the trigram indexes behind the console's person search."""

import asyncpg

SEARCH_INDEXES = ("match_records_search", "match_records_sound")


async def merge_pending_search_entries(conn: asyncpg.Connection) -> int:
    """Pending-list pages merged, over both indexes."""
    return sum(
        [
            await conn.fetchval("SELECT gin_clean_pending_list($1::regclass)", index)
            for index in SEARCH_INDEXES
        ]
    )
