"""The clause library's light markup: rendered clause text -> document model blocks.

The markup is made to read well in a git diff:

    Plain paragraph.                 text of the clause (or, after an item, of that item)
    #. A sub-clause.                 numbered one level down (3.1)
    ##. A paragraph of it.           numbered two levels down (3.1.1)
    #. [#payment.timing] Text.       a sub-clause with an id other clauses can refer to
    > A note to the reader.          an unnumbered note
    : Caption                        a caption for the table below it
    | Head | Head |                  a table: the first row is the header,
    |------|-----:|                  the rule sets alignment (---: right),
    | cell | cell |
    |======|=====:|                  a rule of = starts the total rows
    !chart risk_share                a chart contractgen draws from the partnership's figures
    !chart risk_share.2              the chart of the second of several risk share schemes
    **bold**, *italic*, [[clause.id]] (a cross-reference), \\* (a literal *),
    [?address to be confirmed] (a placeholder: shown bracketed and highlighted).

Values from a partnership file are escaped before they reach this parser (see
`templating.escape`), so nothing a commissioner types can become markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from typing import Callable, Mapping

from .document import (Chart, Clause, Emph, Inline, LineBreak, Paragraph, Placeholder, Ref, Strong, Table, Text,
                       inline_text)

# "-" and "=" too: a table row of values such as "---" must not read as a rule row
ESCAPABLE = "\\*[]|#>{}_`:!-="
ITEM_RE = re.compile(r"^(#{1,3})\.\s+(?:\[#([a-z0-9_.\-]+)\]\s*)?")
RULE_RE = re.compile(r"^\|(\s*:?[-=]{3,}:?\s*\|)+\s*$")
CAPTION_RE = re.compile(r"^:\s+(.+)$")
CHART_RE = re.compile(r"^!chart\s+([a-z_]+(?:\.[0-9]+)?)$")  # risk_share.N for the Nth of several schemes


class MarkupError(ValueError):
    """A markup mistake, with the 1-based line of the rendered body where it is."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@dataclass
class _Block:
    kind: str  # para | item | note | table | chart
    line: int
    lines: list[str]
    depth: int = 0
    anchor: str | None = None
    caption: str | None = None


# ---------------------------------------------------------------- inlines

_INLINE_RE = re.compile(r"\\(.)|\*\*|\*|\[\[([a-z0-9_.\-]+)\]\]|\[\?((?:\\.|[^\\\]])+)\]", re.S)
_UNESCAPE_RE = re.compile(r"\\(.)", re.S)


def parse_inlines(text: str, line: int = 1) -> list[Inline]:
    """Parse one paragraph's inline markup."""
    stack: list[tuple[str, list[Inline]]] = [("", [])]

    def add_text(s: str) -> None:
        if not s:
            return
        out = stack[-1][1]
        if out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + s)
        else:
            out.append(Text(s))

    pos = 0
    for m in _INLINE_RE.finditer(text):
        add_text(text[pos : m.start()])
        pos = m.end()
        token = m.group(0)
        if m.group(1) is not None:
            if m.group(1) == "n":
                stack[-1][1].append(LineBreak())
            else:
                add_text(m.group(1))
        elif m.group(2) is not None:
            stack[-1][1].append(Ref(m.group(2)))
        elif m.group(3) is not None:
            words = _UNESCAPE_RE.sub(lambda e: " " if e.group(1) == "n" else e.group(1), m.group(3))
            stack[-1][1].append(Placeholder(words))
        elif stack[-1][0] == token:
            marker, children = stack.pop()
            stack[-1][1].append(Strong(children) if marker == "**" else Emph(children))
        else:
            stack.append((token, []))
    add_text(text[pos:])
    if len(stack) > 1:
        raise MarkupError(line, f"'{stack[-1][0]}' is opened but never closed")
    return stack[0][1]


def plain_text(text: str, line: int = 1) -> str:
    """One line of markup read back as the text it stands for: for titles and subtitles, which a
    template renders (with escaped values) but which every writer prints as plain text."""
    out: list[str] = []

    def walk(nodes: list[Inline]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                out.append(node.text)
            elif isinstance(node, LineBreak):
                out.append(" ")
            elif isinstance(node, (Strong, Emph)):
                walk(node.children)
            else:
                raise MarkupError(line, "a title cannot hold a cross-reference")

    walk(parse_inlines(text, line))
    return "".join(out)


# ---------------------------------------------------------------- blocks

def _split_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    caption: str | None = None
    for number, raw in enumerate(text.split("\n"), start=1):  # not splitlines(): U+2028 and kin are text
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        item = ITEM_RE.match(stripped)
        if CHART_RE.match(stripped):
            current = None
            blocks.append(_Block("chart", number, [CHART_RE.match(stripped).group(1)]))
        elif stripped.startswith("!chart"):
            # a chart line that does not read as one would print as text ("!chart risk\_share")
            raise MarkupError(number, f"expected '!chart NAME', NAME a chart's name like risk_share, got {stripped!r}")
        elif stripped.startswith("|"):
            if current is None or current.kind != "table":
                current = _Block("table", number, [], caption=caption)
                caption = None
                blocks.append(current)
            current.lines.append(stripped)
        elif CAPTION_RE.match(stripped) and current is None:
            caption = CAPTION_RE.match(stripped).group(1)
        elif item:
            current = _Block("item", number, [stripped[item.end():]], depth=len(item.group(1)), anchor=item.group(2))
            blocks.append(current)
        elif stripped.startswith(">"):
            if current is None or current.kind != "note":
                current = _Block("note", number, [])
                blocks.append(current)
            current.lines.append(stripped[1:].strip())
        elif current is not None and current.kind in ("para", "item", "note"):
            current.lines.append(stripped)
        else:
            current = _Block("para", number, [stripped])
            blocks.append(current)
        if caption is not None and current is not None and current.kind != "table" and not CAPTION_RE.match(stripped):
            raise MarkupError(number, "a ': caption' line must come straight before its table")
    if caption is not None:
        raise MarkupError(len(text.split("\n")), "a ': caption' line must come straight before its table")
    return blocks


def _cells(row: str) -> list[str]:
    r"""A table row's cells. A backslash escapes the character after it, so `\\|` is a cell
    ending in a backslash and then a separator, and `\|` is a bar inside a cell."""
    cells = [m.group(1) for m in _CELL_RE.finditer(row.strip()[1:])]
    if len(cells) > 1 and not cells[-1].strip():
        cells.pop()  # the text after the closing |; a row may also leave that | out
    return [c.strip() for c in cells]


# a cell: escaped characters and anything but | or \, then a | or the end of the row
_CELL_RE = re.compile(r"((?:\\.|[^|\\])*(?:\\$)?)(?:\||$)")


def _table(block: _Block) -> Table:
    rows = block.lines
    if len(rows) < 2 or not RULE_RE.match(rows[1]) or "=" in rows[1]:
        raise MarkupError(block.line, "a table needs a header row and then a rule row like |---|---:|")
    header = _cells(rows[0])
    align = ["right" if c.endswith(":") else "left" for c in _cells(rows[1])]
    if len(align) != len(header):
        raise MarkupError(block.line + 1, f"the rule row has {len(align)} columns, the header {len(header)}")
    body: list[list[list[Inline]]] = []
    totals = 0
    in_totals = False
    for offset, row in enumerate(rows[2:], start=2):
        if RULE_RE.match(row):
            if "=" not in row or in_totals:
                raise MarkupError(block.line + offset, "only one rule of = (starting the total rows) may follow the header rule")
            in_totals = True
            continue
        cells = _cells(row)
        if len(cells) != len(header):
            raise MarkupError(block.line + offset, f"this row has {len(cells)} cells, the header {len(header)}")
        body.append([parse_inlines(c, block.line + offset) for c in cells])
        totals += in_totals
    return Table(
        header=[parse_inlines(c, block.line) for c in header],
        rows=body,
        align=align,
        # a caption is plain text: its escapes undone, a placeholder shown bracketed
        caption=inline_text(parse_inlines(block.caption, block.line)) if block.caption is not None else None,
        total_rows=totals,
    )


def parse_body(text: str, clause: Clause, charts: Mapping[str, Callable[[], Chart]] | None = None) -> Clause:
    """Fill `clause` (already titled and levelled) from its rendered body and return it.

    `charts` maps the names `!chart` may use to functions that draw up the chart's data.
    """
    stack: list[Clause] = [clause]
    for block in _split_blocks(text):
        if block.kind == "item":
            level = clause.level + block.depth
            if level > 3:
                raise MarkupError(block.line, f"numbering goes three levels deep; this item would be at level {level}")
            if block.depth > len(stack):
                raise MarkupError(block.line, f"'{'#' * block.depth}.' needs a '{'#' * (block.depth - 1)}.' item before it")
            del stack[block.depth:]
            child = Clause(text=parse_inlines(" ".join(block.lines), block.line), level=level, id=block.anchor,
                           source=clause.source)
            stack[-1].children.append(child)
            stack.append(child)
            continue
        target = stack[-1]
        if block.kind == "chart":
            name = block.lines[0]
            if not charts or name not in charts:
                known = ", ".join(sorted(charts or {})) or "none here"
                raise MarkupError(block.line, f"there is no chart called '{name}' (known: {known})")
            target.blocks.append(charts[name]())
        elif block.kind == "table":
            target.blocks.append(_table(block))
        elif block.kind == "note":
            target.blocks.append(Paragraph(parse_inlines(" ".join(block.lines), block.line), style="note"))
        elif target is clause and not clause.title and not clause.text and not clause.children:
            clause.text = parse_inlines(" ".join(block.lines), block.line)
        else:
            target.blocks.append(Paragraph(parse_inlines(" ".join(block.lines), block.line)))
    return clause


def escape(value: str) -> str:
    """Make a value safe to put into markup: it will read back as exactly this text."""
    out = []
    for ch in value:
        if ch in ESCAPABLE:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            continue
        else:
            out.append(ch)
    return "".join(out)
