"""What each chart of the console shows, from the services' answers, without I/O: the
figures drawn (rules/charts.py places them) and the same figures told beside the chart in
sentences or a small table, for a screen reader and a printed page. Words come from the
labels through `t`; days are read in words, amounts in pesos (never centavos or ISO days)."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .charts import (
    BarChart,
    Group,
    RowChart,
    Rule,
    Scale,
    StepChart,
    bar_chart,
    row_chart,
    step_chart,
)
from .kitchens import SURVEY_ASPECTS

Translate = Callable[..., str]
DayWords = Callable[[date], str]
Money = Callable[[int], str]

LEVELS = ("secure", "mild", "moderate", "severe")
SCORES = Scale(0.0, 5.0, 1.0)
# Days left to a deadline, in the spans an officer plans by: (label key end, last day left).
DEADLINE_SPANS = (("overdue", -1), ("today", 0), ("1_2", 2), ("3_5", 5), ("6_10", 10))
X_TICKS = 4


@dataclass(frozen=True)
class Picture:
    chart: BarChart | StepChart | RowChart
    sentences: list[str]  # the figures in words, beside the chart
    empty: str  # said instead of an empty frame
    head: tuple[str, ...] = ()
    table: list[tuple[str, ...]] = field(default_factory=list)


def short_day(day: date, t: Translate) -> str:
    """`7 sep`: a tick under an axis."""
    return t("chart.day_short", d=day.day, month=t(f"month.{day.month}")[:3])


def whole_pesos(centavos: float) -> str:
    """An axis tick in pesos without cents: `$1,500`, `-$2,000`."""
    sign = "-" if centavos < 0 else ""
    return f"{sign}${abs(centavos) / 100:,.0f}"


def _period(series: Mapping[str, Any]) -> tuple[date, date]:
    period = series["period"]
    return date.fromisoformat(period["start"]), date.fromisoformat(period["end"])


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def rations_picture(series: Mapping[str, Any], t: Translate, in_words: DayWords) -> Picture:
    """A bar a reported day, against a line at the daily capacity; a day above it in the
    alert colour. Days not reported have no bar."""
    start, end = _period(series)
    capacity = int(series["daily_capacity"])
    by_day = {date.fromisoformat(r["day"]): int(r["rations"]) for r in series["rations"]}
    groups = [
        Group(
            short_day(day, t),
            [by_day.get(day)],
            [t("chart.rations.bar", day=in_words(day), n=by_day.get(day))],
            alert=by_day.get(day, 0) > capacity,
        )
        for day in _days(start, end)
    ]
    chart = bar_chart(
        "rations",
        t("chart.rations.title"),
        groups,
        [t("chart.rations.series")],
        reference=Rule(capacity, t("chart.rations.capacity", n=capacity)),
        alert=t("chart.rations.above"),
    )
    sentences = []
    if by_day:
        top_day = max(by_day, key=lambda day: (by_day[day], -day.toordinal()))
        sentences.append(
            t(
                "chart.rations.summary",
                days=len(by_day),
                average=round(sum(by_day.values()) / len(by_day)),
                top_day=in_words(top_day),
                top=by_day[top_day],
                capacity=capacity,
            )
        )
        above = sum(1 for n in by_day.values() if n > capacity)
        sentences.append(t("chart.rations.above_summary", n=above))
    return Picture(chart, sentences, t("chart.rations.empty"))


def _balances_by_day(
    opening: int, moved: Mapping[date, int], start: date, through: date
) -> list[tuple[date, int]]:
    """The balance at the end of every day from `start` through `through`."""
    balance, out = opening, []
    for day in _days(start, through):
        balance = moved.get(day, balance)
        out.append((day, balance))
    return out


def _purse_sentences(
    opening: int,
    moved: Mapping[date, int],
    start: date,
    through: date,
    t: Translate,
    in_words: DayWords,
    money: Money,
) -> list[str]:
    """The balance the period opened and closed with, its lowest, and the days that ended
    below zero (a day without movement ends where the one before did)."""
    if not moved:
        return []
    daily = _balances_by_day(opening, moved, start, through)
    lowest_day, lowest = min(daily, key=lambda d: (d[1], d[0]))
    negative = sum(1 for _, balance in daily if balance < 0)
    return [
        t(
            "chart.purse.summary",
            opening=money(opening),
            closing=money(daily[-1][1]),
            lowest=money(lowest),
            lowest_day=in_words(lowest_day),
        ),
        t("chart.purse.negative_summary", n=negative),
    ]


def purse_picture(
    series: Mapping[str, Any], today: date, t: Translate, in_words: DayWords, money: Money
) -> Picture:
    """The purse's balance held level between movements and stepping at each (a dot a day
    it moved, red below zero), across the period up to today, with a zero line."""
    start, end = _period(series)
    through = max(min(end, today), start)
    opening = int(series["purse"]["opening_centavos"])
    moved = {
        date.fromisoformat(d["day"]): int(d["balance_centavos"]) for d in series["purse"]["days"]
    }
    span = (through - start).days + 1
    ticks = sorted({round((span - 1) * i / X_TICKS) for i in range(X_TICKS + 1)})
    chart = step_chart(
        "purse",
        t("chart.purse.title"),
        opening,
        [
            (
                (day - start).days + 0.5,
                balance,
                t("chart.purse.point", day=in_words(day), amount=money(balance)),
            )
            for day, balance in sorted(moved.items())
        ],
        span,
        [(n + 0.5, short_day(start + timedelta(days=n), t)) for n in ticks],
        whole_pesos,
    )
    sentences = _purse_sentences(opening, moved, start, through, t, in_words, money)
    return Picture(chart, sentences, t("chart.purse.empty", amount=money(opening)))


def satisfaction_picture(
    by_aspect: Mapping[str, float | None], surveys: int, t: Translate
) -> Picture:
    """A row an aspect with an average, on the survey's 1-to-5 scale drawn from 0."""
    scored = [(a, float(s)) for a in SURVEY_ASPECTS if (s := by_aspect.get(a)) is not None]
    rows = [(t(f"kitchens.aspect.{a}"), s, f"{s:.1f}") for a, s in scored]
    chart = row_chart("satisfaction", t("chart.satisfaction.title"), rows, SCORES)
    sentences = []
    if rows:
        best = max(rows, key=lambda r: r[1])
        worst = min(rows, key=lambda r: r[1])
        sentences.append(
            t(
                "chart.satisfaction.summary",
                surveys=surveys,
                best=best[0],
                best_score=best[2],
                worst=worst[0],
                worst_score=worst[2],
            )
        )
    return Picture(chart, sentences, t("chart.satisfaction.empty"))


def elcsa_picture(before: Mapping[str, int], after: Mapping[str, int], t: Translate) -> Picture:
    """Two bars a food-security level: the assessable graduates at it at intake, and at
    graduation. Nothing drawn when no graduate was assessed at both."""
    assessed = sum(before.get(level, 0) for level in LEVELS)
    names = [t(f"level.{level}").capitalize() for level in LEVELS]
    when = (t("chart.elcsa.before"), t("chart.elcsa.after"))
    groups = [
        Group(
            name,
            [before.get(level, 0), after.get(level, 0)] if assessed else [None, None],
            [
                t("chart.elcsa.bar", level=name, when=when[0], n=before.get(level, 0)),
                t("chart.elcsa.bar", level=name, when=when[1], n=after.get(level, 0)),
            ],
        )
        for level, name in zip(LEVELS, names, strict=True)
    ]
    chart = bar_chart("elcsa", t("chart.elcsa.title"), groups, list(when))
    sentences = []
    table: list[tuple[str, ...]] = []
    if assessed:
        sentences.append(
            t(
                "chart.elcsa.summary",
                n=assessed,
                secure_before=before.get("secure", 0),
                secure_after=after.get("secure", 0),
            )
        )
        table = [
            (name, str(before.get(level, 0)), str(after.get(level, 0)))
            for level, name in zip(LEVELS, names, strict=True)
        ]
    head = (t("chart.elcsa.level"), *when)
    return Picture(chart, sentences, t("chart.elcsa.empty"), head, table)


def deadline_span(due: date, today: date) -> str:
    """The span of days left an open case falls in (`overdue` once its deadline passed)."""
    left = (due - today).days
    return next((name for name, last in DEADLINE_SPANS if left <= last), "later")


def deadline_picture(cases: Sequence[Mapping[str, Any]], today: date, t: Translate) -> Picture:
    """Open cases counted by the days left to their next deadline, the overdue in red; a
    case without a deadline is not counted."""
    spans = [name for name, _ in DEADLINE_SPANS] + ["later"]
    counts = dict.fromkeys(spans, 0)
    for case in cases:
        if case.get("next_due_on"):
            counts[deadline_span(date.fromisoformat(case["next_due_on"]), today)] += 1
    words = {name: t(f"chart.deadlines.span.{name}") for name in spans}
    groups = [
        Group(
            words[name],
            [counts[name] or None],
            [t("chart.deadlines.bar", span=words[name], n=counts[name])],
            alert=name == "overdue",
        )
        for name in spans
    ]
    chart = bar_chart(
        "deadlines",
        t("chart.deadlines.title"),
        groups,
        [t("chart.deadlines.series")],
        alert=t("chart.deadlines.overdue"),
    )
    counted = sum(counts.values())
    # The counts in one line, not a table: the queue under the chart is what an officer reads.
    spans_told = " · ".join(t("chart.deadlines.bar", span=words[n], n=counts[n]) for n in spans)
    sentences = [t("chart.deadlines.summary", n=counted, overdue=counts["overdue"]), spans_told]
    return Picture(chart, sentences, t("chart.deadlines.empty"))
