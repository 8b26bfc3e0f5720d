"""Monitoring rules. Each returns the flags it raises, with the evidence and
the thresholds in force, so a supervisor can see why."""

from dataclasses import dataclass
from datetime import date
from statistics import mean, median

Evidence = dict[str, int | float | str | bool | None]


@dataclass(frozen=True)
class Flag:
    rule: str
    observed_on: date
    summary: str
    evidence: Evidence


def report_flags(
    day: date, total: int, capacity: int, recent_totals: list[int], parameters: dict[str, float]
) -> list[Flag]:
    """`recent_totals` are the kitchen's earlier reported totals, newest first."""
    flags = []
    if total > capacity:
        flags.append(
            Flag(
                "rations_above_capacity",
                day,
                f"{total} rations reported against a capacity of {capacity}",
                {"rations": total, "daily_capacity": capacity},
            )
        )
    run = int(parameters["repeated_count_days"])
    if len(recent_totals) >= run - 1 and all(t == total for t in recent_totals[: run - 1]):
        flags.append(
            Flag(
                "repeated_count",
                day,
                f"the same {total} rations reported {run} operating days in a row",
                {"rations": total, "days_in_a_row": run, "threshold_days": run},
            )
        )
    flags.extend(_jump(day, total, recent_totals, parameters))
    return flags


def _jump(
    day: date, total: int, recent_totals: list[int], parameters: dict[str, float]
) -> list[Flag]:
    history = recent_totals[: int(parameters["jump_window_reports"])]
    if len(history) < int(parameters["jump_min_history"]):
        return []
    average, factor = mean(history), parameters["jump_factor"]
    if total <= average * factor:
        return []
    return [
        Flag(
            "sudden_jump",
            day,
            f"{total} rations against a recent average of {average:.1f}",
            {
                "rations": total,
                "recent_average": round(average, 1),
                "reports_averaged": len(history),
                "jump_factor": factor,
            },
        )
    ]


def non_operating_day_flag(day: date, reason: str) -> Flag:
    return Flag(
        "report_on_non_operating_day",
        day,
        f"a report was sent for a non-operating day: {reason}",
        {"report_date": day.isoformat(), "reason": reason},
    )


def negative_purse_flag(day: date, balance_centavos: int, purchase_centavos: int) -> Flag | None:
    if balance_centavos >= 0:
        return None
    return Flag(
        "negative_purse_balance",
        day,
        f"the purse balance is {balance_centavos} centavos after a purchase",
        {"purse_balance_centavos": balance_centavos, "purchase_centavos": purchase_centavos},
    )


def committee_flag(day: date, active_members: int, minimum: int) -> Flag:
    return Flag(
        "committee_below_minimum",
        day,
        f"the committee has {active_members} active members (minimum {minimum}); "
        "the kitchen cannot report until it is completed",
        {"active_members": active_members, "minimum": minimum},
    )


def spending_outliers(
    month_end: date, spending_per_ration: dict[str, float], parameters: dict[str, float]
) -> dict[str, Flag]:
    """Kitchen id → flag, for kitchens whose spending per ration is far from the peers' median."""
    if len(spending_per_ration) < int(parameters["spending_outlier_min_peers"]):
        return {}
    typical, factor = median(spending_per_ration.values()), parameters["spending_outlier_factor"]
    flags = {}
    for kitchen_id, value in spending_per_ration.items():
        if typical > 0 and (value > typical * factor or value < typical / factor):
            flags[kitchen_id] = Flag(
                "spending_per_ration_outlier",
                month_end,
                f"spending of {value:.0f} centavos per ration "
                f"against a peer median of {typical:.0f}",
                {
                    "centavos_per_ration": round(value, 1),
                    "peer_median": round(typical, 1),
                    "factor": factor,
                    "peers": len(spending_per_ration),
                },
            )
    return flags
