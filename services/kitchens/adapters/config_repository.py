"""SQL for the programme's configuration tables: parameters, dated rates, holidays."""

from datetime import date

import asyncpg

from ..domain.subsidy import Rate


class ConfigRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def parameters(self) -> dict[str, float]:
        rows = await self._conn.fetch("SELECT name, value FROM parameters")
        return {r["name"]: float(r["value"]) for r in rows}

    async def rates(self, kind: str) -> list[Rate]:
        rows = await self._conn.fetch(
            "SELECT valid_from, valid_until, centavos FROM rates WHERE kind = $1", kind
        )
        return [Rate(r["valid_from"], r["valid_until"], r["centavos"]) for r in rows]

    async def holidays(self, start: date, end: date) -> set[date]:
        rows = await self._conn.fetch(
            "SELECT day FROM holidays WHERE day BETWEEN $1 AND $2", start, end
        )
        return {r["day"] for r in rows}
