"""Compliance-review indicators, from the figures of a period."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figures:
    """Sums over a period for one kitchen, or for the whole programme."""

    operating_days: int = 0
    days_reported: int = 0
    rations: int = 0
    capacity_rations: int = 0
    beneficiaries_reached: int = 0
    spent_centavos: int = 0
    open_flags: int = 0
    aspect_totals: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: "Figures") -> None:
        for name in (
            "operating_days",
            "days_reported",
            "rations",
            "capacity_rations",
            "spent_centavos",
            "open_flags",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for aspect, (total, count) in other.aspect_totals.items():
            mine = self.aspect_totals.setdefault(aspect, [0, 0])
            mine[0], mine[1] = mine[0] + total, mine[1] + count


def _ratio(numerator: float, denominator: float, digits: int) -> float | None:
    return round(numerator / denominator, digits) if denominator else None


def indicators(figures: Figures) -> dict[str, Any]:
    return {
        "operating_days": figures.operating_days,
        "days_reported": figures.days_reported,
        "rations": figures.rations,
        "rations_per_operating_day": _ratio(figures.rations, figures.operating_days, 1),
        "capacity_use": _ratio(figures.rations, figures.capacity_rations, 3),
        "beneficiaries_reached": figures.beneficiaries_reached,
        "satisfaction_by_aspect": {
            a: _ratio(t, n, 2) for a, (t, n) in sorted(figures.aspect_totals.items())
        },
        "surveys": max((n for _, n in figures.aspect_totals.values()), default=0),
        "open_flags": figures.open_flags,
        "spent_centavos": figures.spent_centavos,
        "cost_per_ration_centavos": _ratio(figures.spent_centavos, figures.rations, 1),
    }
