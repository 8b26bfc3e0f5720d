"""Rows for several tables, written by one statement.

Each table's rows become a data-modifying CTE that inserts from column
arrays (unnest): one round trip for all the tables instead of one or two per
table, and one executor run per table instead of one per row, which is what
executemany costs. Foreign keys are checked at the end of the statement, so a
row may point at a row the same write inserts."""

import re
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg

_ARGUMENT = re.compile(r"\$(\d+)")


class BulkWrite:
    def __init__(self) -> None:
        self._inserts: list[str] = []
        self._arguments: list[list[Any]] = []
        # What the statement's main query selects once the inserts are done, e.g. a pg_notify.
        self._selected: dict[str, None] = {}
        # Named queries (`name AS (SELECT ...)`) the main query's columns read from.
        self._queries: list[str] = []
        self._returns_row = False

    def insert(
        self,
        table: str,
        columns: Mapping[str, str],
        rows: Sequence[Sequence[Any]],
        *,
        on_conflict: str = "",
    ) -> None:
        """`columns`: each column's name and PostgreSQL type; each row gives its values
        in that order. Rows are inserted in their order, which an identity column keeps.
        A type `sent::stored` sends the values as `sent` and casts them: a JSON array
        goes to jsonb as text, since asyncpg would take a list for an array of its own."""
        if not rows:
            return
        first = len(self._arguments) + 1
        names = ", ".join(columns)
        sent = [type_.partition("::") for type_ in columns.values()]
        arrays = ", ".join(f"${first + i}::{type_}[]" for i, (type_, _, _) in enumerate(sent))
        selected = ", ".join(
            f"{name}::{stored}" if stored else name
            for name, (_, _, stored) in zip(columns, sent, strict=True)
        )
        self._inserts.append(
            f"w{len(self._inserts)} AS (INSERT INTO {table} ({names}) "
            f"SELECT {selected} FROM unnest({arrays}) "
            f"WITH ORDINALITY AS r({names}, position_in_write) "
            f"ORDER BY position_in_write {on_conflict})"
        )
        self._arguments.extend(list(column) for column in zip(*rows, strict=True))

    def select(self, expression: str) -> None:
        """Evaluated once per write, however often added. It runs on the statement's
        snapshot, so it does not see the rows the write inserts."""
        self._selected[expression] = None

    def read(self, queries: Sequence[str], columns: Sequence[str], *arguments: Any) -> None:
        """A read made by the write's statement, saving it a round trip: `columns`
        (each `expression AS name`) come back from `execute`, `queries` are named
        queries they may read from; both number `arguments` from $1. Like `select`,
        it runs on the statement's snapshot: it sees none of the rows the write inserts."""
        first = len(self._arguments)

        def numbered(text: str) -> str:
            return _ARGUMENT.sub(lambda m: f"${first + int(m.group(1))}", text)

        self._queries.extend(numbered(query) for query in queries)
        for column in columns:
            self._selected[numbered(column)] = None
        self._arguments.extend(arguments)
        self._returns_row = True

    async def execute(self, conn: asyncpg.Connection) -> asyncpg.Record | None:
        """The row of the columns `read` asked for, if it asked for any."""
        if not self._inserts and not self._selected:
            return None
        named = [*self._inserts, *self._queries]
        with_clause = f"WITH {', '.join(named)} " if named else ""
        statement = f"{with_clause}SELECT {', '.join(self._selected) or 'NULL'}"
        if self._returns_row:
            return await conn.fetchrow(statement, *self._arguments)
        await conn.execute(statement, *self._arguments)
        return None
