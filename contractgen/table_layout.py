"""Column widths for a table, measured once from its content, for every writer that lays tables out.

A column is never narrower than its longest unbreakable token (an amount such as "−£1,600,000"
is one token: the minus is joined to it), so no figure and no word is ever cut across lines;
the room left over goes to the columns whose text would otherwise wrap most. Headers may wrap
between words. A table whose columns cannot all fit the portrait text width is put on a
landscape page. The DOCX and the PDF share the page geometry below (A4, 2.5 cm margins) and
draw table text in Liberation Sans (Arial's metrics) at TABLE_FONT_PT, so one answer serves both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from .document import Emph, Inline, LineBreak, Strong, Table, inline_text

TABLE_FONT_PT = 9.5  # the table text size of templates/print.css and templates/reference.docx
CELL_PADDING_PT = 11.0  # left plus right: 5.4 pt each in the DOCX, 5 pt and a rule in the PDF
# Tables line up with clause text, 1.6 cm in from the left margin, in both formats; the room they have:
PORTRAIT_TEXT_PT = 405.0  # A4 portrait (21 cm) less two 2.5 cm margins and the gutter, the narrower of DOCX and PDF
LANDSCAPE_TEXT_PT = 652.0  # A4 landscape (29.7 cm) less the same
HANDWRITING_PT = 80.0  # an empty column is for a signature or a date written in
SAFETY = 1.04  # renderers round and kern differently; a figure must fit in all of them

FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
_UNKNOWN = 722  # a character the font lacks is drawn from a fallback font: count it as a wide letter
_INVISIBLE = "\u2060\u200b\u200d\ufeff"  # joiners take no room
# Whitespace a line may break at; U+00A0 (no-break space) is deliberately not in it.
_BREAKS = " \t\n"

# A figure alone in a cell: an amount, a count, a percentage or a signed one ("−£1,600,000", "40%", "14.2").
NUMERIC = re.compile(r"^[−\-+]?\u2060?[£€$]?\d[\d,]*(\.\d+)?%?$")


@dataclass(frozen=True)
class TableLayout:
    """How a writer should draw a table: each column's share of the text width, in order
    (they add up to 1), which columns hold figures (right-aligned, never wrapped), and
    whether the table needs a landscape page."""

    widths: tuple[float, ...]
    numeric: tuple[bool, ...]
    landscape: bool

    def text_width_pt(self) -> float:
        return LANDSCAPE_TEXT_PT if self.landscape else PORTRAIT_TEXT_PT


@lru_cache(maxsize=2)
def advance_widths(bold: bool) -> dict[str, int]:
    """Each character's advance width in thousandths of an em, read from the bundled Liberation Sans
    (metrically Arial, the font both writers draw table text in), rounded as font metrics files are."""
    font = TTFont(FONTS / f"LiberationSans-{'Bold' if bold else 'Regular'}.ttf", lazy=True)
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {chr(code): round(metrics[glyph][0] * 1000 / per_em) for code, glyph in font.getBestCmap().items()}


def text_width(text: str, bold: bool = False, size_pt: float = TABLE_FONT_PT) -> float:
    """The width of `text` on one line, in points."""
    widths = advance_widths(bold)
    return sum(widths.get(ch, _UNKNOWN) for ch in text if ch not in _INVISIBLE) * size_pt / 1000


def _pieces(inlines: list[Inline], bold: bool) -> list[tuple[str, bool]]:
    """The text of a cell as (text, bold) runs; a line break is a newline."""
    out: list[tuple[str, bool]] = []
    for node in inlines:
        if isinstance(node, Strong):
            out.extend(_pieces(node.children, True))
        elif isinstance(node, Emph):
            out.extend(_pieces(node.children, bold))
        elif isinstance(node, LineBreak):
            out.append(("\n", bold))
        else:
            out.append((inline_text([node]), bold))
    return out


def cell_widths(inlines: list[Inline], bold: bool = False) -> tuple[float, float]:
    """(longest unbreakable token, longest line) of a cell, in points at the table font size."""
    longest_token = longest_line = token = line = 0.0
    for text, is_bold in _pieces(inlines, bold):
        for ch in text:
            if ch in _INVISIBLE:
                continue
            width = advance_widths(is_bold).get(ch, _UNKNOWN) * TABLE_FONT_PT / 1000
            if ch == "\n":
                longest_line, line = max(longest_line, line), 0.0
                longest_token, token = max(longest_token, token), 0.0
                continue
            line += width
            if ch in _BREAKS:
                longest_token, token = max(longest_token, token), 0.0
            else:
                token += width
    return max(longest_token, token), max(longest_line, line)


def layout(table: Table) -> TableLayout:
    """The layout of `table`: see TableLayout."""
    columns = len(table.header)
    first_total = len(table.rows) - table.total_rows
    narrowest = [0.0] * columns  # no column may be narrower: its longest token
    widest = [0.0] * columns  # the width at which no body cell wraps
    numeric = [False] * columns
    for c in range(columns):
        token, _ = cell_widths(table.header[c], bold=True)
        narrowest[c] = token
        figures = []
        for r, row in enumerate(table.rows):
            token, line = cell_widths(row[c], bold=r >= first_total)
            narrowest[c] = max(narrowest[c], token)
            widest[c] = max(widest[c], line)
            text = inline_text(row[c]).strip()
            if text:
                figures.append(bool(NUMERIC.match(text)))
        numeric[c] = bool(figures) and all(figures)
        if not figures:  # filled in by hand after signing (a signature, a date): room for a pen
            widest[c] = HANDWRITING_PT
        if numeric[c]:  # a figure column never wraps, whatever spaces a cell holds
            narrowest[c] = max(narrowest[c], widest[c])
        widest[c] = max(widest[c], narrowest[c])
    low = [w * SAFETY + CELL_PADDING_PT for w in narrowest]
    high = [w * SAFETY + CELL_PADDING_PT for w in widest]
    landscape = sum(low) > PORTRAIT_TEXT_PT
    room = LANDSCAPE_TEXT_PT if landscape else PORTRAIT_TEXT_PT
    if sum(high) <= room:  # nothing wraps: share out the spare room in proportion
        widths = [h * room / sum(high) for h in high]
    elif sum(low) >= room:  # too wide even for a landscape page: the tokens decide alone
        widths = low
    else:  # every token fits: the room above the minimum goes where text would wrap most
        spare = room - sum(low)
        stretch = [h - lo for h, lo in zip(high, low)]
        widths = [lo + spare * s / sum(stretch) for lo, s in zip(low, stretch)]
    total = sum(widths)
    return TableLayout(tuple(w / total for w in widths), tuple(numeric), landscape)


def alignment(table: Table, column: int, table_layout: TableLayout) -> str:
    """A column's alignment: as the table says, and always right for a column of figures."""
    if table_layout.numeric[column]:
        return "right"
    return table.align[column] if column < len(table.align) else "left"
