"""Dates and times as a reader reads them: in words, in her language, on the programmes'
clock. The services keep UTC and send ISO text; the console's own tables give timezone-aware
datetimes; Kafka's headers and the ops figures give seconds since the epoch. Every template
shows each of them through `spoken` (the `day` helper of screens/rendering.py), never as
stored."""

from datetime import UTC, date, datetime
from typing import Any

from babel.dates import format_date, format_time

from shared.programme_clock import PROGRAMME_TIMEZONE

# Mexico's Spanish (the programmes' own), and English.
LOCALES = {"es": "es_MX", "en": "en"}


def _moment(value: Any) -> date | datetime:
    """A date, or a datetime on the programmes' clock. A timestamp without a zone is UTC, as
    every service and the console's database keep it."""
    if isinstance(value, int | float):
        value = datetime.fromtimestamp(value, UTC)
    elif isinstance(value, str):
        text = value.strip()
        value = (
            date.fromisoformat(text)
            if len(text) <= 10
            else datetime.fromisoformat(text.replace("Z", "+00:00"))
        )
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(PROGRAMME_TIMEZONE)
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date or a time: {type(value).__name__}")


def spoken(value: Any, language: str, with_time: bool = True, weekday: bool = False) -> str:
    """ "7 de diciembre de 2026, 10:04" ("December 7, 2026, 10:04"); the day alone for a date
    or when `with_time` is false ("lunes, 7 de diciembre de 2026" with the weekday); empty for
    nothing."""
    if value is None or value == "":
        return ""
    moment = _moment(value)
    locale = LOCALES.get(language, LOCALES["es"])
    day = format_date(moment, "full" if weekday else "long", locale=locale)
    if not with_time or not isinstance(moment, datetime):
        return day
    return f"{day}, {format_time(moment, 'HH:mm', locale=locale)}"


def clock_time(value: Any, language: str) -> str:
    """The hour and minute alone on the programmes' clock ("10:04"), for a time of today."""
    moment = _moment(value)
    if not isinstance(moment, datetime):
        raise TypeError("a date has no time of day")
    return format_time(moment, "HH:mm", locale=LOCALES.get(language, LOCALES["es"]))
