"""Charts drawn on the server as SVG coordinates, without I/O. Line charts: series of (time,
value) points become polylines in a fixed frame, with a rounded top and ticks on both axes.
Bar charts: groups of bars on a value scale that may go below zero (a zero line then) with a
reference line (a capacity); a step line (a balance that holds between movements, and may go
negative); rows of horizontal bars (a score per aspect, its name above it). The words (titles,
tick texts) come in as text; the templates (_charts.html) draw them, no JavaScript, no
library in the browser."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .moments import clock_time

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 10, 22
# Distinguishable for most colour vision; a fifth series and on reuse them in order.
COLOURS = ("#1f6f9f", "#c0661a", "#2b8a3e", "#8a3ea6")
X_TICKS = 4


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    points: str  # "x,y x,y …", SVG polyline points
    # The newest point, marked: a line of one point (a stack just started) draws nothing.
    last_x: float
    last_y: float


@dataclass(frozen=True)
class Tick:
    at: float  # pixels along the axis
    text: str


@dataclass(frozen=True)
class Chart:
    name: str
    title: str  # a label key
    lines: list[Line]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not self.lines


def nice_top(highest: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above `highest` (1 for nothing)."""
    if highest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(highest))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= highest)


def number(value: float) -> str:
    if value >= 10 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.2g}" if value < 0.1 else f"{value:.1f}"


def _x(at: float, start: float, end: float) -> float:
    return LEFT + (at - start) / (end - start) * (WIDTH - LEFT - RIGHT)


def _y(value: float, top: float) -> float:
    return HEIGHT - BOTTOM - value / top * (HEIGHT - TOP - BOTTOM)


def line_chart(
    name: str,
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[float, float]]]],
    start: float,
    end: float,
    scale: float = 1.0,
) -> Chart:
    """`series`: (name, [(Unix seconds, value)]) each; values are multiplied by `scale`
    (seconds shown as milliseconds, say). Series without a point are left out."""
    drawn = [(label, [(at, v * scale) for at, v in points]) for label, points in series if points]
    top = nice_top(max((v for _, points in drawn for _, v in points), default=0.0))
    lines = [
        Line(
            label,
            COLOURS[i % len(COLOURS)],
            " ".join(f"{_x(at, start, end):.1f},{_y(v, top):.1f}" for at, v in points),
            _x(points[-1][0], start, end),
            _y(points[-1][1], top),
        )
        for i, (label, points) in enumerate(sorted(drawn))
    ]
    y_ticks = [Tick(_y(v, top), number(v)) for v in (0.0, top / 2, top)]
    x_ticks = [
        Tick(
            _x(at, start, end),
            clock_time(at, "es"),  # the programmes' clock, as the caption above the chart
        )
        for at in (start + (end - start) * i / X_TICKS for i in range(X_TICKS + 1))
    ]
    return Chart(name, title, lines, y_ticks, x_ticks)


# Bars, step lines and rows ------------------------------------------------------------------

# A bar above its reference (rations beyond capacity), a case past its deadline, a balance
# below zero: the one colour that says "look here", with a legend entry naming why.
ALERT = "#b3261e"
# At most so many labels under the bars: a month of days is labelled every few days.
MAX_X_LABELS = 8
ROW_HEIGHT = 40  # a row: its label's line, then its bar


@dataclass(frozen=True)
class Scale:
    """A value axis from `low` to `high` in steps of `step`, each a round number."""

    low: float
    high: float
    step: float

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + self.step * i for i in range(count + 1)]


def value_scale(low: float, high: float, steps: int = 4, least: float = 0.0) -> Scale:
    """Round bounds holding `low`, `high` and zero, about `steps` round steps apart, each
    step at least `least` (1 for things counted whole: no tick at half a case)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:  # nothing but zeros: a frame of one step above zero
        high = low + max(least, 1.0)
    step = max(nice_top((high - low) / steps), least)
    return Scale(math.floor(low / step) * step, math.ceil(high / step) * step, step)


@dataclass(frozen=True)
class Frame:
    """Where the plot sits in the picture, and values and positions mapped into it."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = 64
    right: int = WIDTH - RIGHT
    top: int = 14
    bottom: int = HEIGHT - 26

    def y(self, value: float, scale: Scale) -> float:
        share = (value - scale.low) / (scale.high - scale.low)
        return self.bottom - share * (self.bottom - self.top)

    def x(self, at: float, start: float, end: float) -> float:
        return self.left + (at - start) / (end - start) * (self.right - self.left)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str  # the value as a reader reads it (the bar's tooltip)


@dataclass(frozen=True)
class Rule:
    """A line across the frame at a value: a capacity, a limit."""

    at: float
    text: str


@dataclass(frozen=True)
class Group:
    """One place along the axis (a day, a level, a span of days left): a value for each
    series (None: nothing to draw there), each value's text, and whether it is alarming."""

    label: str
    values: Sequence[float | None]
    texts: Sequence[str]
    alert: bool = False


@dataclass(frozen=True)
class BarChart:
    name: str
    title: str
    bars: list[Bar]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    zero: float  # where the zero line is drawn
    reference: Rule | None
    legend: list[tuple[str, str]]  # (colour, words)
    frame: Frame

    @property
    def empty(self) -> bool:
        return not self.bars


def _value_ticks(frame: Frame, scale: Scale, tick_text: Callable[[float], str]) -> list[Tick]:
    return [Tick(frame.y(v, scale), tick_text(v)) for v in scale.ticks()]


def _shown_labels(groups: Sequence[Group]) -> set[int]:
    every = math.ceil(len(groups) / MAX_X_LABELS) if groups else 1
    return {i for i in range(len(groups)) if i % every == 0}


def _group_bars(
    frame: Frame, scale: Scale, groups: Sequence[Group], colours: Sequence[str]
) -> list[Bar]:
    slot = (frame.right - frame.left) / max(len(groups), 1)
    width = max(slot * 0.8 / max(len(colours), 1), 1.0)
    zero = frame.y(0.0, scale)
    bars = []
    for i, group in enumerate(groups):
        first = frame.left + slot * i + (slot - width * len(colours)) / 2
        for s, (value, text) in enumerate(zip(group.values, group.texts, strict=True)):
            if value is None:
                continue
            y = frame.y(value, scale)
            colour = ALERT if group.alert else colours[s]
            bars.append(Bar(first + width * s, min(y, zero), width, abs(zero - y), colour, text))
    return bars


def bar_chart(
    name: str,
    title: str,
    groups: Sequence[Group],
    series: Sequence[str],
    *,
    reference: Rule | None = None,
    alert: str | None = None,
    tick_text: Callable[[float], str] = number,
    least_step: float = 1.0,
) -> BarChart:
    """Vertical bars, a group per place along the axis and a bar per series in it, on a scale
    that holds every value and the reference. `series`: the series' names for the legend;
    `alert`: the legend's words for a group marked alarming (drawn in ALERT); `least_step`:
    the smallest step between value ticks (whole things by default)."""
    frame = Frame()
    values = [v for g in groups for v in g.values if v is not None]
    if reference is not None:
        values.append(reference.at)
    scale = value_scale(min(values, default=0.0), max(values, default=0.0), least=least_step)
    colours = [COLOURS[i % len(COLOURS)] for i in range(len(series))]
    slot = (frame.right - frame.left) / max(len(groups), 1)
    shown = _shown_labels(groups)
    x_ticks = [
        Tick(frame.left + slot * (i + 0.5), g.label) for i, g in enumerate(groups) if i in shown
    ]
    legend = list(zip(colours, series, strict=True))
    if alert is not None and any(g.alert for g in groups):
        legend.append((ALERT, alert))
    return BarChart(
        name,
        title,
        _group_bars(frame, scale, groups, colours),
        _value_ticks(frame, scale, tick_text),
        x_ticks,
        frame.y(0.0, scale),
        Rule(frame.y(reference.at, scale), reference.text) if reference else None,
        legend,
        frame,
    )


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    colour: str
    text: str


@dataclass(frozen=True)
class StepChart:
    name: str
    title: str
    points: str  # SVG polyline points: level between movements, upright at each
    dots: list[Dot]  # one a movement: red below zero
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    zero: float
    frame: Frame

    @property
    def empty(self) -> bool:
        return not self.dots


def step_chart(
    name: str,
    title: str,
    opening: float,
    moves: Sequence[tuple[float, float, str]],
    span: float,
    x_ticks: Sequence[tuple[float, str]],
    tick_text: Callable[[float], str] = number,
) -> StepChart:
    """A running balance from `opening` at 0 to `span` along the axis; `moves`: (where along
    it, the balance after, that balance's text), in order. The line holds level between
    moves and steps at each; a zero line shows where the balance goes negative."""
    frame = Frame()
    balances = [opening, *(b for _, b, _ in moves)]
    scale = value_scale(min(balances), max(balances))
    points = [(frame.x(0.0, 0.0, span), frame.y(opening, scale))]
    dots = []
    for at, balance, text in moves:
        x, y = frame.x(at, 0.0, span), frame.y(balance, scale)
        points += [(x, points[-1][1]), (x, y)]
        dots.append(Dot(x, y, ALERT if balance < 0 else COLOURS[0], text))
    points.append((frame.x(span, 0.0, span), points[-1][1]))
    return StepChart(
        name,
        title,
        " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
        dots,
        _value_ticks(frame, scale, tick_text),
        [Tick(frame.x(at, 0.0, span), text) for at, text in x_ticks],
        frame.y(0.0, scale),
        frame,
    )


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float  # the baseline of the label's line
    y: float  # the bar's top
    width: float
    text: str  # the value, written at the bar's end


@dataclass(frozen=True)
class RowChart:
    name: str
    title: str
    rows: list[Row]
    x_ticks: list[Tick]
    frame: Frame
    bar_height: int = 14

    @property
    def empty(self) -> bool:
        return not self.rows


def row_chart(
    name: str, title: str, rows: Sequence[tuple[str, float, str]], scale: Scale
) -> RowChart:
    """Horizontal bars, one a row with its label above it (long names stay whole on a
    narrow screen): (label, value, the value's text) each, on a fixed `scale` (a score of 1
    to 5 is drawn on 0 to 5 however high the scores are)."""
    height = 10 + ROW_HEIGHT * len(rows) + 22
    frame = Frame(height=height, left=8, right=WIDTH - 48, top=10, bottom=height - 22)
    span = frame.right - frame.left
    drawn = [
        Row(
            label,
            frame.top + ROW_HEIGHT * i + 14,
            frame.top + ROW_HEIGHT * i + 20,
            max(value - scale.low, 0.0) / (scale.high - scale.low) * span,
            text,
        )
        for i, (label, value, text) in enumerate(rows)
    ]
    ticks = [Tick(frame.x(v, scale.low, scale.high), number(v)) for v in scale.ticks()]
    return RowChart(name, title, drawn, ticks, frame)
