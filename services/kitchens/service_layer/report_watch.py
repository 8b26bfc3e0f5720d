"""What the "a kitchen's reports missing for a working day" alert watches
(deploy/prometheus/alerts.yml): how many active kitchens sent no report for the
last working day before today."""

from datetime import timedelta

import asyncpg

from shared.programme_clock import programme_today
from shared.status_gauges import Reading, StatusGauge

from ..adapters.config_repository import ConfigRepository
from ..adapters.missing_reports_repository import MissingReportsRepository
from ..domain.calendar import WORKING_DAY_SEARCH_DAYS, previous_working_day


async def kitchens_missing_reports(conn: asyncpg.Connection) -> Reading:
    today = programme_today()
    holidays = await ConfigRepository(conn).holidays(
        today - timedelta(days=WORKING_DAY_SEARCH_DAYS), today
    )
    day = previous_working_day(today, holidays)
    return {(): await MissingReportsRepository(conn).kitchens_without_report(day)}


MISSING_REPORTS = StatusGauge(
    "kitchens_missing_reports",
    "Active kitchens without a daily report for the last working day before today.",
    kitchens_missing_reports,
)
