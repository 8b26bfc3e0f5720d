"""Readiness of the local PostgreSQL: a query answered over TCP, not just a started postmaster."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import asyncpg

from .postgres_errors import PostgresError, log_tail
from .postgres_settings import SUPERUSER


async def wait_ready(host: str, port: int, deadline: float, log_file: Path | None) -> str:
    """Connect over TCP and run ``select version()``; returns server_version (e.g. '18.6')."""
    last_exc: BaseException | None = None
    while True:
        remaining = deadline - time.monotonic()
        try:
            conn = await asyncpg.connect(
                host=host,
                port=port,
                user=SUPERUSER,
                database="postgres",
                timeout=max(1.0, min(5.0, remaining)),
            )
            try:
                await conn.fetchval("select version()")
                return await conn.fetchval("show server_version")
            finally:
                await conn.close()
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            last_exc = exc
        if time.monotonic() > deadline:
            raise PostgresError(
                f"PostgreSQL on {host}:{port} not accepting connections: {last_exc!r}\n"
                f"--- tail of {log_file} ---\n{log_tail(log_file) if log_file else ''}"
            )
        await asyncio.sleep(0.1)
