"""asyncpg pools that work inside one service's schema."""

import json

import asyncpg


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


async def create_pool(dsn: str, schema: str, *, max_size: int = 10) -> asyncpg.Pool:
    return await asyncpg.create_pool(
        dsn,
        min_size=1,
        max_size=max_size,
        init=_init_connection,
        server_settings={"search_path": f"{schema},public", "application_name": schema},
    )


async def connect(dsn: str, schema: str) -> asyncpg.Connection:
    conn = await asyncpg.connect(
        dsn, server_settings={"search_path": f"{schema},public", "application_name": f"{schema}-relay"}
    )
    await _init_connection(conn)
    return conn


class Database:
    """Holds the pool once the service has started; built before any I/O."""

    def __init__(self, dsn: str, schema: str, *, max_size: int = 10) -> None:
        self.dsn = dsn
        self.schema = schema
        self._max_size = max_size
        self._pool: asyncpg.Pool | None = None

    async def open(self) -> None:
        self._pool = await create_pool(self.dsn, self.schema, max_size=self._max_size)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database not opened yet")
        return self._pool

    async def connect_dedicated(self) -> asyncpg.Connection:
        return await connect(self.dsn, self.schema)
