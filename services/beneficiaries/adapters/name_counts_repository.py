"""SQL for the registry's name counts (migration 013, domain/name_counts.py)."""

from collections.abc import Mapping

import asyncpg

from shared.bulk_write import BulkWrite

from ..domain.name_counts import LISTED_FROM, NAMESAKES, TOTAL

NAME_COUNT_COLUMNS = {"kind": "text", "name": "text", "records": "bigint"}


async def add_name_counts(conn: asyncpg.Connection, counts: Mapping[tuple[str, str], int]) -> None:
    """stage_name_counts in a statement of its own."""
    write = BulkWrite()
    stage_name_counts(write, counts)
    await write.execute(conn)


def stage_name_counts(write: BulkWrite, counts: Mapping[tuple[str, str], int]) -> None:
    """A batch's counts added, in key order, so two batches adding to the same
    names never wait on each other crosswise. The intake adds them in its
    batch's last write: the rows of common names stay locked only until the
    commit, or the overlap check before it."""
    write.insert(
        "name_counts",
        NAME_COUNT_COLUMNS,
        [(kind, name, counts[kind, name]) for kind, name in sorted(counts)],
        on_conflict="ON CONFLICT (kind, name) "
        "DO UPDATE SET records = name_counts.records + EXCLUDED.records",
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
