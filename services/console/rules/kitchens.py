"""What the kitchens screens decide without I/O: money in pesos, days and months in the
reader's words, which Spanish sentence explains a refusal, the flags' figures, the status
changes a kitchen allows and the compliance-review ranking."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date

from .moments import spoken

# The service's rules, as the screens offer them (services/kitchens/domain).
MINIMUM_COMMITTEE = 3
STATUS_CHANGES = {
    "active": ("suspended", "closed"),
    "suspended": ("active", "closed"),
    "closed": (),
}
FLAG_REVIEWS = {"open": ("acknowledged", "closed"), "acknowledged": ("closed",), "closed": ()}
SURVEY_ASPECTS = (
    "service_quality",
    "treatment",
    "hygiene_and_upkeep",
    "food_quality",
    "use_of_subsidy",
    "attention_to_requests",
)
_LOCALES = {"es": "es_MX", "en": "en"}


def pesos(centavos: int | None) -> str:
    """`$1,234.50` (`-$12.00` for a negative amount); an amount not given shows as a dash."""
    if centavos is None:
        return "—"
    sign = "-" if centavos < 0 else ""
    return f"{sign}${abs(centavos) / 100:,.2f}"


def centavos(pesos_text: str) -> int | None:
    """The amount a person typed in pesos (`1,234.5`), in centavos; None when it is not a number."""
    try:
        return int((Decimal(pesos_text.strip().replace(",", "")) * 100).to_integral_value())
    except InvalidOperation:
        return None


def as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def day_in_words(value: date | str | None, language: str, *, weekday: bool = False) -> str:
    """`20 de noviembre de 2026` (`viernes, 20 de …` with the weekday), an instant's day on the
    programmes' clock (rules/moments.py); a dash when none."""
    try:
        said = spoken(value, language, with_time=False, weekday=weekday)
    except ValueError:
        return "—"
    return said or "—"


def month_in_words(month: str, language: str) -> str:
    """`2026-10` as `octubre de 2026`."""
    day = as_date(f"{month}-01")
    if day is None:
        return month
    pattern = "LLLL 'de' y" if language == "es" else "LLLL y"
    return format_date(day, pattern, locale=_LOCALES.get(language, "es_MX"))


def previous_month(today: date) -> str:
    return f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"


def month_period(month: str) -> tuple[date, date]:
    """The first and last day of a `YYYY-MM` month."""
    first = date.fromisoformat(f"{month}-01")
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def evidence_values(evidence: Mapping[str, Any], language: str) -> dict[str, str]:
    """A flag's figures as a reader reads them: centavos in pesos, days in words."""
    shown = {}
    for name, value in evidence.items():
        if name.endswith("_centavos") or name in ("centavos_per_ration", "peer_median"):
            shown[name] = pesos(round(value)) if isinstance(value, int | float) else "—"
        elif name.endswith("_date"):
            shown[name] = day_in_words(value, language, weekday=True)
        elif isinstance(value, float):
            shown[name] = f"{value:g}"
        else:
            shown[name] = str(value)
    return shown


@dataclass(frozen=True)
class ComplianceRow:
    kitchen_id: str
    name: str
    status: str
    open_flags: int
    complaints: int
    satisfaction: float | None
    capacity_use: float | None


def satisfaction(by_aspect: Mapping[str, float | None]) -> float | None:
    scores = [s for s in by_aspect.values() if s is not None]
    return round(sum(scores) / len(scores), 2) if scores else None


def compliance_ranking(
    kitchens: Sequence[Mapping[str, Any]],
    indicators: Mapping[str, Mapping[str, Any]],
    complaints: Mapping[str, int],
) -> list[ComplianceRow]:
    """Kitchens needing a look first: more open flags, then more complaints, then lower
    satisfaction (none measured counts as lowest), then capacity use furthest from full."""
    rows = []
    for kitchen in kitchens:
        figures = indicators.get(kitchen["kitchen_id"], {})
        rows.append(
            ComplianceRow(
                kitchen["kitchen_id"],
                kitchen["name"],
                kitchen["status"],
                int(figures.get("open_flags", kitchen.get("open_flags", 0))),
                complaints.get(kitchen["kitchen_id"], 0),
                satisfaction(figures.get("satisfaction_by_aspect", {})),
                figures.get("capacity_use"),
            )
        )
    return sorted(
        rows,
        key=lambda r: (
            -r.open_flags,
            -r.complaints,
            r.satisfaction if r.satisfaction is not None else 0.0,
            -abs(1 - r.capacity_use) if r.capacity_use is not None else 0.0,
            r.name,
        ),
    )


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.0f} %"
