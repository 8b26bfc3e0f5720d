"""SQL for the programme's list of kitchens: words matched in the code, name, municipality or
neighbourhood whatever their case, and filters by status and municipality; and the names of
kitchens known by their codes."""

from dataclasses import dataclass
from typing import Any

import asyncpg

_MATCHING = """
FROM kitchens k
WHERE ($1::text IS NULL OR k.kitchen_id ILIKE $1 ESCAPE '\\' OR k.name ILIKE $1 ESCAPE '\\'
       OR k.alcaldia ILIKE $1 ESCAPE '\\' OR k.colonia ILIKE $1 ESCAPE '\\')
  AND ($2::text IS NULL OR k.status = $2)
  AND ($3::text IS NULL OR k.alcaldia = $3)
  AND ($4::text IS NULL OR k.kitchen_id = $4)
"""

_PAGE = f"""
SELECT k.kitchen_id, k.name, k.alcaldia, k.colonia, k.status, k.daily_capacity, k.opening_date,
       (SELECT count(*) FROM monitoring_flags f
        WHERE f.kitchen_id = k.kitchen_id AND f.status <> 'closed') AS open_flags
{_MATCHING}
ORDER BY k.name, k.kitchen_id
LIMIT $5 OFFSET $6
"""


@dataclass(frozen=True)
class KitchenFilter:
    """`only_kitchen`: a committee member's own kitchen, whatever else is asked."""

    text: str | None = None
    status: str | None = None
    alcaldia: str | None = None
    only_kitchen: str | None = None
    limit: int = 50
    offset: int = 0

    def pattern(self) -> str | None:
        if not self.text or not self.text.strip():
            return None
        escaped = self.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"%{escaped}%"


class KitchenListRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def search(self, wanted: KitchenFilter) -> dict[str, Any]:
        matching = (wanted.pattern(), wanted.status, wanted.alcaldia, wanted.only_kitchen)
        total = await self._conn.fetchval(f"SELECT count(*) {_MATCHING}", *matching)
        rows = await self._conn.fetch(_PAGE, *matching, wanted.limit, wanted.offset)
        alcaldias = await self._conn.fetch(
            "SELECT DISTINCT alcaldia FROM kitchens "
            "WHERE $1::text IS NULL OR kitchen_id = $1 ORDER BY alcaldia",
            wanted.only_kitchen,
        )
        return {
            "total": total,
            "kitchens": [dict(r) for r in rows],
            "alcaldias": [r["alcaldia"] for r in alcaldias],
        }

    async def names(self, kitchen_ids: list[str]) -> dict[str, str]:
        """The name of each of the kitchens registered under these codes; an unknown code is
        left out."""
        rows = await self._conn.fetch(
            "SELECT kitchen_id, name FROM kitchens WHERE kitchen_id = ANY($1::text[])",
            kitchen_ids,
        )
        return {r["kitchen_id"]: r["name"] for r in rows}
