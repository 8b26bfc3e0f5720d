"""The quarterly public report."""

from typing import Any

import asyncpg

from ..adapters.public_report_repository import PublicReportRepository
from ..domain.policy import Policy
from ..domain.public_report import quarter_bounds, quarterly_report


async def quarterly_public_report(
    conn: asyncpg.Connection, policy: Policy, year: int, quarter: int
) -> dict[str, Any]:
    start, end = quarter_bounds(year, quarter, policy.timezone)
    figures = await PublicReportRepository(conn).figures_received_between(start, end)
    return quarterly_report(year, quarter, figures, policy.public_report_minimum_cell)
