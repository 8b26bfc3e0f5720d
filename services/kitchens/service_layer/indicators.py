"""Indicators for one kitchen or the whole programme over a period."""

from datetime import date
from typing import Any

import asyncpg

from shared.errors import Rejected
from shared.programme_clock import programme_today

from ..adapters.config_repository import ConfigRepository
from ..adapters.indicators_repository import IndicatorsRepository
from ..domain.calendar import operating_days
from ..domain.errors import UnknownKitchen
from ..domain.indicators import Figures, indicators

MAX_PERIOD_DAYS = 366


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise Rejected(
            "end",
            f"{end} is before the start {start}",
            code="period_ends_before_start",
            params={"start": start, "end": end},
        )
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise Rejected(
            "end",
            f"a period spans at most {MAX_PERIOD_DAYS} days",
            code="period_too_long",
            params={"max_days": MAX_PERIOD_DAYS},
        )


async def period_indicators(
    conn: asyncpg.Connection, start: date, end: date, kitchen_id: str | None = None
) -> dict[str, Any]:
    _check_period(start, end)
    aggregates = IndicatorsRepository(conn)
    rows = await aggregates.kitchen_rows(start, end, kitchen_id)
    today = programme_today()  # days still to come are not operating days missed
    if kitchen_id is not None and not rows:
        raise UnknownKitchen(kitchen_id)
    holidays = await ConfigRepository(conn).holidays(start, end)
    aspects = await aggregates.aspect_totals(start, end, kitchen_id)
    programme, per_kitchen = Figures(), {}
    for row in rows:
        days = operating_days(max(start, row["opening_date"]), min(end, today), holidays)
        figures = Figures(
            operating_days=days,
            days_reported=row["days_reported"],
            rations=row["rations"],
            capacity_rations=days * row["daily_capacity"],
            beneficiaries_reached=row["beneficiaries_reached"],
            spent_centavos=row["spent_centavos"],
            open_flags=row["open_flags"],
            aspect_totals=aspects.get(row["kitchen_id"], {}),
        )
        per_kitchen[row["kitchen_id"]] = indicators(figures)
        programme.add(figures)
    period = {"start": start.isoformat(), "end": end.isoformat()}
    if kitchen_id is not None:
        return {"kitchen_id": kitchen_id, "period": period, **per_kitchen[kitchen_id]}
    programme.beneficiaries_reached = await aggregates.programme_reached(start, end)
    return {
        "period": period,
        "kitchens": len(rows),
        "programme": indicators(programme),
        "per_kitchen": per_kitchen,
    }


async def kitchen_series(
    conn: asyncpg.Connection, kitchen_id: str, start: date, end: date
) -> dict[str, Any]:
    """A kitchen's period day by day, for its charts: the rations accepted each day it
    reported, against its daily capacity, and its purse's balance at the end of each day it
    moved (with the balance the period opened with)."""
    _check_period(start, end)
    aggregates = IndicatorsRepository(conn)
    capacity = await aggregates.daily_capacity(kitchen_id)
    if capacity is None:
        raise UnknownKitchen(kitchen_id)
    opening, purse_days = await aggregates.purse_by_day(kitchen_id, start, end)
    return {
        "kitchen_id": kitchen_id,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "daily_capacity": capacity,
        "rations": await aggregates.daily_rations(kitchen_id, start, end),
        "purse": {"opening_centavos": opening, "days": purse_days},
    }
