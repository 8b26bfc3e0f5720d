"""The programmes' notion of today: they run on Mexico City time, whatever the server's
clock zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

PROGRAMME_TIMEZONE = ZoneInfo("America/Mexico_City")


def programme_today() -> date:
    return datetime.now(PROGRAMME_TIMEZONE).date()
