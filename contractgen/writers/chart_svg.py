"""Draw a Chart node as inline SVG for the HTML and PDF writers.

The chart is a handful of lines, axes and labels, so it is written out directly: the text stays
text (selectable, searchable and read by pdftotext), the drawing is a few dozen elements for
WeasyPrint to paint, and no plotting library is imported on the way to a PDF.
"""

from __future__ import annotations

from markupsafe import Markup

from ..document import Chart
from .chart_style import Axis, axes, colour, dashes, tick_label

WIDTH = 630
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_HEIGHT = 70, 610, 14, 230
LEGEND_ROW = 17  # the legend sits under the x-axis label, one row per series
FONT = "font-family=\"'Contractgen Liberation Sans', sans-serif\""


def svg(chart: Chart) -> str:
    """The chart as an <svg> element sized to the text column, with a text alternative."""
    x_axis, y_axis = axes(chart)
    plot_bottom = PLOT_TOP + PLOT_HEIGHT
    height = plot_bottom + 50 + LEGEND_ROW * len(chart.series)

    def x_at(value: float) -> float:
        return PLOT_LEFT + (value - x_axis.low) / (x_axis.high - x_axis.low) * (PLOT_RIGHT - PLOT_LEFT)

    def y_at(value: float) -> float:
        return plot_bottom - (value - y_axis.low) / (y_axis.high - y_axis.low) * (plot_bottom - PLOT_TOP)

    out = [Markup('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {1}" width="100%" role="img" '
                  'aria-label="{2}" {3} font-size="12">').format(WIDTH, height, chart.alt, Markup(FONT)),
           # WeasyPrint takes a tagged Figure's /Alt from the svg's own <title> (aria-label is for browsers)
           Markup("<title>{}</title>").format(chart.alt)]
    out += _grid(x_axis, y_axis, x_at, y_at, plot_bottom)
    for index, (name, points) in enumerate(chart.series):
        path = " ".join(f"{x_at(x):.1f},{y_at(y):.1f}" for x, y in points)
        dash = _dash_attribute(index)
        out.append(Markup('<polyline fill="none" stroke="{}" stroke-width="2"{} points="{}"><title>{}</title>'
                          '</polyline>').format(colour(index), dash, path, name))
    centre_x = (PLOT_LEFT + PLOT_RIGHT) / 2
    out.append(Markup('<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>').format(
        centre_x, plot_bottom + 34, chart.x_label))
    centre_y = (PLOT_TOP + plot_bottom) / 2
    out.append(Markup('<text x="16" y="{0:.1f}" text-anchor="middle" transform="rotate(-90 16 {0:.1f})">{1}</text>')
               .format(centre_y, chart.y_label))
    out += _legend([name for name, _ in chart.series], plot_bottom + 56)
    out.append(Markup("</svg>"))
    return str(Markup("\n").join(out))


def _grid(x_axis: Axis, y_axis: Axis, x_at, y_at, plot_bottom: float) -> list[Markup]:
    out = []
    for value in x_axis.ticks:
        x = x_at(value)
        out.append(Markup('<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2:.1f}" stroke="{3}" stroke-width="{4}"/>')
                   .format(x, PLOT_TOP, plot_bottom, *_rule(value)))
        out.append(Markup('<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>').format(
            x, plot_bottom + 15, tick_label(value, x_axis)))
    for value in y_axis.ticks:
        y = y_at(value)
        out.append(Markup('<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" stroke="{3}" stroke-width="{4}"/>')
                   .format(PLOT_LEFT, y, PLOT_RIGHT, *_rule(value)))
        out.append(Markup('<text x="{}" y="{:.1f}" text-anchor="end">{}</text>').format(
            PLOT_LEFT - 6, y + 4, tick_label(value, y_axis)))
    out.append(Markup('<rect x="{0}" y="{1}" width="{2}" height="{3:.1f}" fill="none" stroke="#444444" '
                      'stroke-width="0.8"/>').format(PLOT_LEFT, PLOT_TOP, PLOT_RIGHT - PLOT_LEFT, plot_bottom - PLOT_TOP))
    return out


def _dash_attribute(index: int) -> Markup:
    return Markup(' stroke-dasharray="{}"').format(dashes(index)) if dashes(index) else Markup("")


def _rule(value: float) -> tuple[str, str]:
    # the zero lines are the chart's reference: darker than the grid
    return ("#888888", "1") if value == 0 else ("#dddddd", "0.6")


def _legend(names: list[str], top: float) -> list[Markup]:
    out = []
    x = PLOT_LEFT + 60
    for index, name in enumerate(names):
        y = top + index * LEGEND_ROW
        dash = _dash_attribute(index)
        out.append(Markup('<line x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}" stroke="{3}" stroke-width="2"{4}/>')
                   .format(x, y - 4, x + 28, colour(index), dash))
        out.append(Markup('<text x="{:.1f}" y="{:.1f}">{}</text>').format(x + 34, y, name))
    return out
