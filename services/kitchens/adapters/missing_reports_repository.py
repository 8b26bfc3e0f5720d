"""SQL of the missing-reports gauge: active kitchens without a report for a day."""

from datetime import date

import asyncpg

from .kitchen_subqueries import STATUS_ON_DAY

# STATUS_ON_DAY reads the day as $2, the kitchens' statements' numbering; here it is $1.
_WITHOUT_REPORT = f"""
SELECT count(*) FROM kitchens k
WHERE k.opening_date <= $1
  AND {STATUS_ON_DAY.replace("$2", "$1")} = 'active'
  AND NOT EXISTS (SELECT 1 FROM daily_reports r
                  WHERE r.kitchen_id = k.kitchen_id AND r.report_date = $1 AND NOT r.superseded)
"""


class MissingReportsRepository:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def kitchens_without_report(self, day: date) -> int:
        """Kitchens open and active on `day` whose committee sent no report for it."""
        return await self._conn.fetchval(_WITHOUT_REPORT, day)
