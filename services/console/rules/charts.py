"""Line charts drawn on the server as SVG coordinates, without I/O: series of (time,
value) points become polylines in a fixed frame, with a rounded top and ticks on both axes.
The template draws them (no JavaScript, no library in the browser)."""

import math
from collections.abc import Sequence
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
