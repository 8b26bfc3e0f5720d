"""The monthly per-ration subsidy, at the rate in force on each reported day."""

from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta

from shared.errors import Rejected


@dataclass(frozen=True)
class Rate:
    valid_from: date
    valid_until: date | None
    centavos: int

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class NoRateInForce(LookupError):
    pass


def rate_on(day: date, rates: list[Rate]) -> int:
    in_force = [r for r in rates if r.covers(day)]
    if not in_force:
        raise NoRateInForce(f"no subsidy rate in force on {day}")
    return max(in_force, key=lambda r: r.valid_from).centavos


def month_subsidy(rations_by_day: dict[date, int], rates: list[Rate]) -> int:
    """Centavos owed for one kitchen's accepted rations; exact, never rounded."""
    return sum(rations * rate_on(day, rates) for day, rations in rations_by_day.items())


@dataclass(frozen=True)
class KitchenMonth:
    """One kitchen's accepted rations per day of a month, and whether it was credited."""

    kitchen_id: str
    name: str
    rations_by_day: dict[date, int]
    credited: bool


@dataclass(frozen=True)
class CreditPreview:
    kitchen_id: str
    name: str
    rations: int
    amount_centavos: int
    already_credited: bool


def preview_credits(months: list[KitchenMonth], rates: list[Rate]) -> list[CreditPreview]:
    """What a run would credit each kitchen with accepted rations; one already credited is
    listed with what it was owed, and the run will skip it."""
    return [
        CreditPreview(
            m.kitchen_id,
            m.name,
            sum(m.rations_by_day.values()),
            month_subsidy(m.rations_by_day, rates),
            m.credited,
        )
        for m in months
        if sum(m.rations_by_day.values()) > 0
    ]


def check_rates_cover(start: date, end: date, rates: list[Rate]) -> None:
    """Every day of [start, end) has a rate in force, so a run never stops half-way."""
    day = start
    while day < end:
        rate_on(day, rates)
        day += timedelta(days=1)


def month_start(text: str) -> date:
    """The first day of a `YYYY-MM` month whose next month the calendar also has."""
    year, month = (int(part) for part in text.split("-"))
    if not MINYEAR <= year < MAXYEAR:
        raise Rejected(
            "month",
            f"the year must be between {MINYEAR:04d} and {MAXYEAR - 1}",
            code="year_out_of_range",
            params={"first_year": MINYEAR, "last_year": MAXYEAR - 1},
        )
    return date(year, month, 1)


def next_month(start: date) -> date:
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)
