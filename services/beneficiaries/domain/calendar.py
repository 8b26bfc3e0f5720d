"""The registry's notion of today: the programmes run on Mexico City time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

PROGRAMME_TIMEZONE = ZoneInfo("America/Mexico_City")


def registry_today() -> date:
    return datetime.now(PROGRAMME_TIMEZONE).date()
