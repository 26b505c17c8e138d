"""Markdown rendition of a Document: what reviewers diff, and the golden files of the examples."""

from __future__ import annotations

import re

from ..dates import long_date
from ..document import (
    Chart,
    Clause,
    Definitions,
    Deleted,
    Document,
    Emph,
    Inline,
    Inserted,
    LineBreak,
    PageBreak,
    Paragraph,
    Part,
    Placeholder,
    Ref,
    Strong,
    Table,
    TableOfContents,
    Term,
    Text,
)

EXTENSION = ".md"
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\*_[]`<>|#"})
# "&" only where CommonMark would read an entity ("&amp;", "&#38;"), so ordinary text stays readable
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# what would start a list, a setext underline or a code fence when it begins a line
_LINE_START = re.compile(r"^(?:[-+=~]|\d{1,9}(?=[.)](?:\s|$)))")
# A redline's changes as the HTML tags a GitHub pull-request comment shows as underlined and struck out.
_REVISION_TAG = {"inserted": "ins", "deleted": "del"}


def escape(text: str, line_start: bool = True) -> str:
    """`text` as Markdown that a CommonMark reader turns back into exactly `text`. `line_start`:
    the text may begin a line, where "- ", "1. " and the like would start a block."""
    text = _ENTITY.sub("\\\\&", text.translate(_SPECIAL))
    if line_start:
        text = _LINE_START.sub(lambda m: m.group() + "\\" if m.group()[0].isdigit() else "\\" + m.group(), text)
    return text


def revised(text: str, revision: str | None) -> str:
    """Text wrapped as an insertion or deletion (unchanged when `revision` is None)."""
    if not revision or not text:
        return text
    if revision not in _REVISION_TAG:
        raise ValueError(f"unknown revision {revision!r}")
    tag = _REVISION_TAG[revision]
    return f"<{tag}>{text}</{tag}>"


def inlines(nodes: list[Inline]) -> str:
    out: list[str] = []
    for i, node in enumerate(nodes):
        if isinstance(node, Text):
            out.append(escape(node.text, line_start=i == 0 or isinstance(nodes[i - 1], LineBreak)))
        elif isinstance(node, Strong):
            out.append(f"**{inlines(node.children)}**")
        elif isinstance(node, Emph):
            out.append(f"*{inlines(node.children)}*")
        elif isinstance(node, Term):
            text = escape(node.text)
            out.append(f"**{text}**" if node.defining else text)
        elif isinstance(node, Ref):
            out.append(f"[{escape(node.label or node.target, False)}](#{anchor(node.target)})")
        elif isinstance(node, LineBreak):
            out.append("\\\n")
        elif isinstance(node, Placeholder):
            # <mark> cannot come from text (the writer escapes "<"), so a reviewer knows it for a placeholder
            out.append(f"<mark>{node.bracketed.translate(_SPECIAL)}</mark>")
        elif isinstance(node, Inserted):
            out.append(revised(inlines(node.children), "inserted"))
        elif isinstance(node, Deleted):
            out.append(revised(inlines(node.children), "deleted"))
        else:
            raise TypeError(f"the Markdown writer cannot write {type(node).__name__}")
    return "".join(out)


def anchor(clause_id: str) -> str:
    return "c-" + clause_id.replace(".", "-")


def _table(table: Table) -> list[str]:
    lines = []
    if table.caption:
        lines += [f"*Table: {escape(table.caption, False)}*", ""]
    header = [inlines(c) for c in table.header]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join("---:" if a == "right" else "---" for a in _align(table)) + "|")
    first_total = len(table.rows) - table.total_rows
    for i, row in enumerate(table.rows):
        cells = [inlines(c) for c in row]
        if i >= first_total:
            cells = [f"**{c}**" if c and not c.startswith("**") else c for c in cells]
        if i < len(table.row_revisions):
            cells = [revised(c, table.row_revisions[i]) for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def _align(table: Table) -> list[str]:
    return table.align or ["left"] * len(table.header)


def _blocks(blocks, part: Part, indent: str) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Clause):
            lines += _clause(block, part)
        elif isinstance(block, Paragraph):
            text = revised(inlines(block.content), block.revision)
            if block.style == "note":
                text = f"> *{text}*" if text else ">"
            lines += [indent + text, ""]
        elif isinstance(block, Table):
            lines += _table(block)
        elif isinstance(block, Definitions):
            for i, (term, definition) in enumerate(block.entries):
                revision = block.revisions[i] if i < len(block.revisions) else None
                lines += [indent + revised(f"**{escape(term, False)}** means {inlines(definition)}", revision), ""]
        elif isinstance(block, Chart):
            lines += [revised(f"*Figure: {escape(block.title, False)}*", block.revision), "",
                      f"> {revised(escape(block.alt, False), block.revision)}", ""]
        elif isinstance(block, TableOfContents):
            lines += _contents(block)
        elif isinstance(block, PageBreak):
            lines += ["---", ""]
        else:
            raise TypeError(f"the Markdown writer cannot write {type(block).__name__}")
    return lines


def _contents(toc: TableOfContents) -> list[str]:
    # a clause's "3." is escaped, or the list item would read as a nested numbered list
    lines = ["**Contents**", ""]
    for entry in toc.entries:
        title = entry.title.translate(_SPECIAL)
        if entry.level == 1:
            lines.append(f"- {title}")
        else:
            lines.append(f"  - {entry.number}\\. {title}" if entry.number else f"  - {title}")
    return lines + [""]


def _clause(clause: Clause, part: Part) -> list[str]:
    # no indentation: Markdown would read it as code; the numbers show the depth
    indent = ""
    lines: list[str] = []
    ident = f" {{#{anchor(clause.id)}}}" if clause.id else ""
    title = inlines(clause.title_changes) if clause.title_changes is not None else escape(clause.title or "", False)
    if clause.title and clause.level == 1:
        lines += [f"### {revised(f'{clause.number}. {title}', clause.revision)}{ident}", ""]
        if clause.text:
            lines += [revised(inlines(clause.text), clause.revision), ""]
    else:
        head = f"**{title}** " if clause.title else ""
        shown = f"{clause.number}." if clause.level == 1 else clause.number
        lines += [revised(f"{indent}{shown} {head}{inlines(clause.text)}".rstrip(), clause.revision) + ident, ""]
    lines += _blocks(clause.blocks, part, indent)
    for child in clause.children:
        lines += _clause(child, part)
    return lines


def to_markdown(doc: Document) -> str:
    m = doc.meta
    lines = [
        f"# {escape(m.title, False)}",
        "",
        f"**{escape(m.subtitle, False)}**" if m.subtitle else "",
        "",
        f"*{m.draft_marking}, {long_date(m.date)}*",
        "",
    ]
    if m.redline:  # the title lines with their changes
        lines[0] = f"# {inlines(m.redline.title)}"
        lines[2] = f"**{inlines(m.redline.subtitle)}**" if m.subtitle or m.redline.subtitle else ""
        lines[4] = f"*{inlines(m.redline.marking)}, {inlines(m.redline.dated)}*"
    for part in doc.parts:
        if part.kind != "front":
            heading = inlines(part.heading_changes) if part.heading_changes is not None else \
                escape(part.heading, False)
            lines += [f"## {revised(heading, part.revision)}", ""]
        lines += _blocks(part.blocks, part, "")
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


def render(doc: Document, resources=None, strict: bool = False) -> bytes:
    return to_markdown(doc).encode("utf-8")
