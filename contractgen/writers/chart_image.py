"""Draw a Chart node as PNG (for DOCX) or SVG (for HTML and PDF) with matplotlib, reproducibly."""

from __future__ import annotations

import io
import re

from ..document import Chart

# colour-blind-safe (Okabe-Ito), and distinct in greyscale by line style
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
STYLES = ["-", "--", "-.", ":"]


def _figure(chart: Chart):
    # the object API, not pyplot: no GUI backend to choose. No title in the image: the caption
    # beside it (in the DOCX and the PDF) carries it, and a long title would be clipped
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({"svg.hashsalt": "contractgen", "svg.fonttype": "path",
                                "font.family": "DejaVu Sans", "font.size": 9})
    fig = Figure(figsize=(6.3, 3.4), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    for i, (name, points) in enumerate(chart.series):
        xs, ys = zip(*points) if points else ((), ())
        ax.plot(xs, ys, STYLES[i % len(STYLES)], color=COLOURS[i % len(COLOURS)], label=name, linewidth=1.6)
    ax.axhline(0, color="#888888", linewidth=0.6)
    ax.axvline(0, color="#888888", linewidth=0.6)
    ax.set_xlabel(chart.x_label)
    ax.set_ylabel(chart.y_label)
    ax.grid(True, linewidth=0.3, alpha=0.6)
    ax.legend(fontsize=7, loc="best", frameon=False)
    fig.tight_layout()
    return fig


def png(chart: Chart) -> bytes:
    out = io.BytesIO()
    _figure(chart).savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def svg(chart: Chart) -> str:
    out = io.StringIO()
    _figure(chart).savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg"):]  # drop the XML declaration and doctype for inline use
    # inline in HTML, a style attribute is read as the page's CSS (and warned about, which fails a
    # --strict build); presentation attributes say the same to the SVG renderer
    return _STYLE_RE.sub(_presentation_attributes, text)


_STYLE_RE = re.compile(r'\sstyle="([^"]*)"')


def _presentation_attributes(match: re.Match) -> str:
    out = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip():
            out.append(f' {name.strip()}="{value.strip()}"')
    return "".join(out)
