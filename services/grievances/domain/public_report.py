"""The quarterly public report: aggregate figures only, small cells suppressed
so that no one can be singled out."""

import csv
import io
import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class CaseFigures:
    """One case as the report sees it: no ids, no text, no people."""

    kind: str
    category: str
    status: str
    days_to_acknowledge: float | None
    days_to_resolve: float | None
    acknowledge_breached: bool
    resolve_breached: bool
    reopened: bool


def quarter_bounds(year: int, quarter: int, timezone: str) -> tuple[datetime, datetime]:
    """The quarter's first instant and the next quarter's, on the programme's calendar."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1 to 4")
    zone = ZoneInfo(timezone)
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=zone)
    end = datetime(year + quarter // 4, 3 * quarter % 12 + 1, 1, tzinfo=zone)
    return start, end


def suppress_counts(counts: dict[str, int], minimum: int) -> dict[str, int | None]:
    """Cells of 1 to minimum-1 become None. A lone suppressed cell could be
    recovered from the total, so the next smallest cell is suppressed with it."""
    shown: dict[str, int | None] = {k: (None if 0 < v < minimum else v) for k, v in counts.items()}
    hidden = [k for k, v in shown.items() if v is None]
    visible = sorted((v, k) for k, v in shown.items() if v)
    if len(hidden) == 1 and visible:
        shown[visible[0][1]] = None
    return dict(sorted(shown.items()))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _timing(values: list[float], minimum: int) -> dict[str, Any]:
    if len(values) < minimum:
        return {"cases": None, "median": None, "p90": None}
    return {
        "cases": len(values),
        "median": round(statistics.median(values), 2),
        "p90": round(_percentile(values, 0.9), 2),
    }


def _share(hits: int, out_of: int, minimum: int) -> float | None:
    return round(hits / out_of, 4) if out_of >= minimum else None


def quarterly_report(
    year: int, quarter: int, cases: Iterable[CaseFigures], minimum_cell: int
) -> dict[str, Any]:
    cases = list(cases)
    acknowledged = [c.days_to_acknowledge for c in cases if c.days_to_acknowledge is not None]
    resolved = [c.days_to_resolve for c in cases if c.days_to_resolve is not None]
    ack_decided = [c for c in cases if c.days_to_acknowledge is not None or c.acknowledge_breached]
    resolve_decided = [c for c in cases if c.days_to_resolve is not None or c.resolve_breached]
    ever_resolved = [c for c in cases if c.days_to_resolve is not None]
    return {
        "period": {"year": year, "quarter": quarter},
        "minimum_cell": minimum_cell,
        "cases": len(cases) if len(cases) >= minimum_cell or not cases else None,
        "by_kind": suppress_counts(Counter(c.kind for c in cases), minimum_cell),
        "by_category": suppress_counts(Counter(c.category for c in cases), minimum_cell),
        "by_status": suppress_counts(Counter(c.status for c in cases), minimum_cell),
        "days_to_acknowledge": _timing(acknowledged, minimum_cell),
        "days_to_resolve": _timing(resolved, minimum_cell),
        "acknowledged_within_deadline": _share(
            sum(not c.acknowledge_breached for c in ack_decided), len(ack_decided), minimum_cell
        ),
        "resolved_within_deadline": _share(
            sum(not c.resolve_breached for c in resolve_decided), len(resolve_decided), minimum_cell
        ),
        "reopen_rate": _share(
            sum(c.reopened for c in ever_resolved), len(ever_resolved), minimum_cell
        ),
    }


def report_as_csv(report: dict[str, Any]) -> str:
    """One row per figure: section, item, value; an empty value is a suppressed cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "item", "value"])
    writer.writerow(["period", "year", report["period"]["year"]])
    writer.writerow(["period", "quarter", report["period"]["quarter"]])
    writer.writerow(["cases", "total", _cell(report["cases"])])
    for section in ("by_kind", "by_category", "by_status"):
        for item, value in report[section].items():
            writer.writerow([section, item, _cell(value)])
    for section in ("days_to_acknowledge", "days_to_resolve"):
        for item, value in report[section].items():
            writer.writerow([section, item, _cell(value)])
    for figure in ("acknowledged_within_deadline", "resolved_within_deadline", "reopen_rate"):
        writer.writerow(["shares", figure, _cell(report[figure])])
    return out.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)
