"""The programme's configuration tables: parameters, dated rates, holidays."""

from datetime import date

import asyncpg

from ..domain.subsidy import Rate


async def parameters(conn: asyncpg.Connection) -> dict[str, float]:
    return {
        r["name"]: float(r["value"]) for r in await conn.fetch("SELECT name, value FROM parameters")
    }


async def rates(conn: asyncpg.Connection, kind: str) -> list[Rate]:
    rows = await conn.fetch(
        "SELECT valid_from, valid_until, centavos FROM rates WHERE kind = $1", kind
    )
    return [Rate(r["valid_from"], r["valid_until"], r["centavos"]) for r in rows]


async def holidays(conn: asyncpg.Connection, start: date, end: date) -> set[date]:
    return {
        r["day"]
        for r in await conn.fetch(
            "SELECT day FROM holidays WHERE day BETWEEN $1 AND $2", start, end
        )
    }
