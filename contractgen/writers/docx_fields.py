"""Word fields and bookmarks as raw WordprocessingML, which python-docx has no API for."""

from __future__ import annotations

import hashlib
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

BOOKMARK_MAX = 40  # Word drops longer bookmark names


def _run(paragraph: Paragraph, bold: bool, italic: bool) -> Run:
    run = paragraph.add_run()
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    return run


def _field_char(paragraph: Paragraph, kind: str, bold: bool = False, italic: bool = False) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    _run(paragraph, bold, italic)._r.append(char)


def begin_field(paragraph: Paragraph, instruction: str, bold: bool = False, italic: bool = False) -> None:
    """Open a complex field; its cached result is whatever follows until `end_field`."""
    _field_char(paragraph, "begin", bold, italic)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    _run(paragraph, bold, italic)._r.append(text)
    _field_char(paragraph, "separate", bold, italic)


def end_field(paragraph: Paragraph, bold: bool = False, italic: bool = False) -> None:
    _field_char(paragraph, "end", bold, italic)


def add_field(paragraph: Paragraph, instruction: str, cached: str, bold: bool = False, italic: bool = False) -> None:
    """A complex field with a cached result, so readers that do not update fields still show text."""
    begin_field(paragraph, instruction, bold, italic)
    _run(paragraph, bold, italic).text = cached
    end_field(paragraph, bold, italic)


def bookmark_names(clause_ids: list[str]) -> dict[str, str]:
    """A Word bookmark name for each clause id: "cg_" and the id made safe, hashed when too long or taken."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for clause_id in clause_ids:
        if clause_id in names:
            continue
        safe = re.sub(r"[^A-Za-z0-9_]", "_", clause_id)
        name = f"cg_{safe}"
        if len(name) > BOOKMARK_MAX or name in taken:
            digest = hashlib.sha1(clause_id.encode()).hexdigest()[:8]
            name = f"cg_{safe[:BOOKMARK_MAX - 12]}_{digest}"
        names[clause_id] = name
        taken.add(name)
    return names


def bookmark_paragraph(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Mark the whole paragraph, so REF with \\r gives its list number."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    p = paragraph._p
    if p.pPr is not None:
        p.pPr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)
