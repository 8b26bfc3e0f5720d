"""asyncpg pools that work inside one service's schema."""

from collections.abc import Callable
from functools import partial
from typing import Any

import asyncpg
import orjson

# Called once per statement a connection sends (asyncpg's query logger).
StatementListener = Callable[[Any], None]


def _jsonb_text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


async def _init_connection(
    conn: asyncpg.Connection, on_statement: StatementListener | None = None
) -> None:
    # orjson: the registry reads back a stored identity for every candidate it
    # compares, and the standard library's decoder was a quarter of re-resolution's time.
    await conn.set_type_codec(
        "jsonb", encoder=_jsonb_text, decoder=orjson.loads, schema="pg_catalog"
    )
    if on_statement is not None:
        conn.add_query_logger(on_statement)


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Released pool connections skip asyncpg's reset query (unlock all advisory
    locks, close cursors, unlisten, reset settings), a round trip per transaction
    that was a twentieth of a lone enrolment's latency: nothing run on a pool
    connection leaves session state behind. Advisory locks are per transaction,
    settings SET LOCAL, and the relay listens on a connection of its own. asyncpg
    still rolls back a transaction left open before it calls this."""


async def create_pool(
    dsn: str, schema: str, *, max_size: int = 10, on_statement: StatementListener | None = None
) -> asyncpg.Pool:
    return await asyncpg.create_pool(
        dsn,
        min_size=1,
        max_size=max_size,
        init=partial(_init_connection, on_statement=on_statement),
        reset=_keep_session,
        server_settings={"search_path": f"{schema},public", "application_name": schema},
    )


async def connect(
    dsn: str, schema: str, *, on_statement: StatementListener | None = None
) -> asyncpg.Connection:
    conn = await asyncpg.connect(
        dsn,
        server_settings={"search_path": f"{schema},public", "application_name": f"{schema}-relay"},
    )
    await _init_connection(conn, on_statement)
    return conn


class Database:
    """Holds the pool once the service has started; built before any I/O."""

    def __init__(
        self,
        dsn: str,
        schema: str,
        *,
        max_size: int = 10,
        on_statement: StatementListener | None = None,
    ) -> None:
        self.dsn = dsn
        self.schema = schema
        self._max_size = max_size
        self._on_statement = on_statement
        self._pool: asyncpg.Pool | None = None

    async def open(self) -> None:
        self._pool = await create_pool(
            self.dsn, self.schema, max_size=self._max_size, on_statement=self._on_statement
        )

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database not opened yet")
        return self._pool

    async def connect_dedicated(self) -> asyncpg.Connection:
        return await connect(self.dsn, self.schema, on_statement=self._on_statement)
