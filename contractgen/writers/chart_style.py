"""What a chart looks like in every format: its colours, line styles and axis scales.

The DOCX writer hands the scale to Word's own chart and the SVG writer draws it, so both
renditions of a chart show the same ticks, colours and dashes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..document import Chart

# colour-blind-safe (Okabe-Ito), and told apart in greyscale by their dashes
COLOURS = ["0072B2", "D55E00", "009E73", "CC79A7", "E69F00", "56B4E9", "000000"]
# (SVG stroke-dasharray, DrawingML preset dash) for each line style in turn
LINE_STYLES = [("", "solid"), ("8 4", "dash"), ("8 3 2 3", "dashDot"), ("2 3", "sysDot")]
TICKS_WANTED = 6


def colour(index: int) -> str:
    return "#" + COLOURS[index % len(COLOURS)]


def dashes(index: int) -> str:
    return LINE_STYLES[index % len(LINE_STYLES)][0]


def preset_dash(index: int) -> str:
    return LINE_STYLES[index % len(LINE_STYLES)][1]


@dataclass(frozen=True)
class Axis:
    low: float
    high: float
    step: float

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + i * self.step for i in range(count + 1)]

    @property
    def decimals(self) -> int:
        return max(0, -math.floor(math.log10(self.step))) if self.step < 1 else 0


def axis_for(values: Iterable[float]) -> Axis:
    """A scale with round ticks (1, 2 or 5 times a power of ten) that takes in every value and zero."""
    values = list(values) or [0.0]
    low, high = min(min(values), 0.0), max(max(values), 0.0)
    # a span too small to step through (a flat line, or a value a float can barely hold, such as
    # 5e-324) is drawn on a unit scale: log10 of its tick size would underflow
    if high - low < 1e-9:
        high = low + 1
    raw = (high - low) / TICKS_WANTED
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    bottom, top = math.floor(low / step), math.ceil(high / step)
    # a quotient a rounding error away from a whole number must not leave a value off the scale
    while bottom * step > low:
        bottom -= 1
    while top * step < high:
        top += 1
    return Axis(bottom * step, top * step, step)


def axes(chart: Chart) -> tuple[Axis, Axis]:
    """The x and y scales of a chart: every writer draws it on these."""
    return (axis_for(x for _, points in chart.series for x, _ in points),
            axis_for(y for _, points in chart.series for _, y in points))


def tick_label(value: float, axis: Axis) -> str:
    """"−2.5", "0", "10": a true minus sign, as many decimals as the step needs."""
    text = f"{abs(value):.{axis.decimals}f}"
    return ("\u2212" + text) if value < 0 and float(text) != 0 else text


def number_format(axis: Axis) -> str:
    """The same labels as a spreadsheet number format, for Word's chart."""
    digits = "0." + "0" * axis.decimals if axis.decimals else "0"
    return f'{digits};"\u2212"{digits};0'
