"""Rows for several tables, written by one statement.

Each table's rows become a data-modifying CTE that inserts from column
arrays (unnest): one round trip for all the tables instead of one or two per
table, and one executor run per table instead of one per row, which is what
executemany costs. Foreign keys are checked at the end of the statement, so a
row may point at a row the same write inserts."""

from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg


class BulkWrite:
    def __init__(self) -> None:
        self._inserts: list[str] = []
        self._arguments: list[list[Any]] = []
        # What the statement's main query selects once the inserts are done, e.g. a pg_notify.
        self._selected: dict[str, None] = {}

    def insert(
        self,
        table: str,
        columns: Mapping[str, str],
        rows: Sequence[Sequence[Any]],
        *,
        on_conflict: str = "",
    ) -> None:
        """`columns`: each column's name and PostgreSQL type; each row gives its values
        in that order. Rows are inserted in their order, which an identity column keeps."""
        if not rows:
            return
        first = len(self._arguments) + 1
        names = ", ".join(columns)
        arrays = ", ".join(f"${first + i}::{type_}[]" for i, type_ in enumerate(columns.values()))
        self._inserts.append(
            f"w{len(self._inserts)} AS (INSERT INTO {table} ({names}) "
            f"SELECT {names} FROM unnest({arrays}) "
            f"WITH ORDINALITY AS r({names}, position_in_write) "
            f"ORDER BY position_in_write {on_conflict})"
        )
        self._arguments.extend(list(column) for column in zip(*rows, strict=True))

    def select(self, expression: str) -> None:
        """Evaluated once per write, however often added. It runs on the statement's
        snapshot, so it does not see the rows the write inserts."""
        self._selected[expression] = None

    async def execute(self, conn: asyncpg.Connection) -> None:
        if not self._inserts and not self._selected:
            return
        with_clause = f"WITH {', '.join(self._inserts)} " if self._inserts else ""
        await conn.execute(
            f"{with_clause}SELECT {', '.join(self._selected) or 'NULL'}", *self._arguments
        )
