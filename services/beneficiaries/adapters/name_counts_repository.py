"""SQL for the registry's name counts (migration 013, domain/name_counts.py)."""

from collections.abc import Mapping

import asyncpg

from ..domain.name_counts import LISTED_FROM, NAMESAKES, TOTAL


async def add_name_counts(conn: asyncpg.Connection, counts: Mapping[tuple[str, str], int]) -> None:
    """A batch's counts added in one statement, in key order, so two batches
    adding to the same names never wait on each other crosswise. The intake
    adds them last in its transaction: the rows of common names stay locked
    only until the commit."""
    if not counts:
        return
    keys = sorted(counts)
    await conn.execute(
        "INSERT INTO name_counts (kind, name, records) "
        "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ORDER BY 1, 2 "
        "ON CONFLICT (kind, name) DO UPDATE SET records = name_counts.records + EXCLUDED.records",
        [kind for kind, _ in keys],
        [name for _, name in keys],
        [counts[key] for key in keys],
    )


async def listed_name_counts(conn: asyncpg.Connection) -> dict[tuple[str, str], int]:
    """The totals, the values counted often enough to be listed, and the settled namesakes."""
    rows = await conn.fetch(
        "SELECT kind, name, records FROM name_counts WHERE records >= $1 OR name = $2 OR kind = $3",
        LISTED_FROM,
        TOTAL,
        NAMESAKES,
    )
    return {(r["kind"], r["name"]): r["records"] for r in rows}
