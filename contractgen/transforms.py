"""Ordered passes over an assembled Document: numbering, contents, defined terms, definitions, references.

Each pass does one cross-cutting job once, so every writer gets the same numbers, labels
and definitions (in the manner of docutils' transforms). `apply_all` runs them in order.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from .document import (
    Clause,
    ContentsEntry,
    Definitions,
    Document,
    Emph,
    Inline,
    Part,
    Ref,
    Strong,
    TableOfContents,
    Term,
    Text,
    inline_lists,
    inline_text,
)
from .errors import Diagnostic, InvalidInput, Location


# ---------------------------------------------------------------- numbering

def number_clauses(doc: Document) -> None:
    """Number clauses 1 / 1.1 / 1.1.1, restarting in every part, with the part's prefix."""
    for part in doc.parts:
        if part.kind == "front":
            continue
        counter = 0
        for clause in (b for b in part.blocks if isinstance(b, Clause)):
            counter += 1
            _number(clause, f"{part.prefix}{counter}")


def _number(clause: Clause, number: str) -> None:
    clause.number = number
    for i, child in enumerate(clause.children, start=1):
        _number(child, f"{number}.{i}")


# ---------------------------------------------------------------- inline walking

def _map_text(inlines: list[Inline], fn: Callable[[Text], list[Inline]]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            out.extend(fn(node))
        elif isinstance(node, (Strong, Emph)):
            node.children[:] = _map_text(node.children, fn)
            out.append(node)
        else:
            out.append(node)
    return out


# ---------------------------------------------------------------- defined terms

def _term_pattern(terms: Iterable[str]) -> re.Pattern | None:
    names = sorted(terms, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in names) + r")(?![\w-])")


def mark_terms(doc: Document, terms: Iterable[str]) -> set[str]:
    """Mark every use of a defined term (exact capitalisation); return the terms used."""
    pattern = _term_pattern(terms)
    used: set[str] = set()
    if pattern is None:
        return used

    for inlines, _, _ in inline_lists(doc):
        inlines[:] = _map_text(inlines, lambda node: _mark_in(node, pattern, used))
    return used


def fill_definitions(doc: Document, terms: dict[str, list[Inline]], used: set[str]) -> None:
    """Fill each Definitions block with the terms the document uses, alphabetically.

    A term used only inside another used term's definition counts as used.
    """
    definitions = [b for _, b in _definition_blocks(doc)]
    if not definitions or not terms:
        return
    used = set(used)
    pattern = _term_pattern(terms)
    pending = list(used)
    while pending:
        term = pending.pop()
        for m in pattern.finditer(inline_text(terms[term])):
            if m.group(1) not in used:
                used.add(m.group(1))
                pending.append(m.group(1))
    entries = []
    for term in sorted(used, key=str.casefold):
        definition = [_copy(n) for n in terms[term]]
        definition = _map_text(definition, lambda t: _mark_in(t, pattern))
        entries.append((term, definition))
    for block in definitions:
        block.entries = entries


def _mark_in(node: Text, pattern: re.Pattern, used: set[str] | None = None) -> list[Inline]:
    """Split a text node around the defined terms in it, noting each term found in `used`."""
    pieces: list[Inline] = []
    pos = 0
    for m in pattern.finditer(node.text):
        if m.start() > pos:
            pieces.append(Text(node.text[pos : m.start()]))
        pieces.append(Term(m.group(1)))
        if used is not None:
            used.add(m.group(1))
        pos = m.end()
    if pos < len(node.text):
        pieces.append(Text(node.text[pos:]))
    return pieces


def _copy(node: Inline) -> Inline:
    if isinstance(node, (Strong, Emph)):
        return type(node)([_copy(c) for c in node.children])
    if isinstance(node, Text):
        return Text(node.text)
    if isinstance(node, Ref):
        return Ref(node.target, node.label, node.number, node.schedule)
    return node


def _definition_blocks(doc: Document):
    for _, clause in doc.clauses():
        for block in clause.blocks:
            if isinstance(block, Definitions):
                yield clause, block


# ---------------------------------------------------------------- references

def reference_label(part: Part, clause: Clause) -> str:
    """How running text names a clause: "clause SC3.1" or "Schedule 2, paragraph 1.1"."""
    if part.label:
        return f"{part.label}, paragraph {clause.number}"
    return f"clause {clause.number}"


def resolve_references(doc: Document, left_out: dict[str, str] | None = None) -> None:
    """Label every Ref with its target's current number (and set `number` to it alone);
    a dangling one is an error naming both clauses."""
    targets = {c.id: (p, c) for p, c in doc.clauses() if c.id}
    errors: list[Diagnostic] = []
    for inlines, owner, _ in inline_lists(doc):
        for ref in _refs(inlines):
            found = targets.get(ref.target)
            if found is None:
                who = owner.id if owner and owner.id else "a clause"
                where = Location(owner.source.file, owner.source.line) if owner and owner.source else Location(doc.meta.doc_type)
                if left_out and ref.target in left_out:
                    message = (f"clause {who} refers to clause {ref.target}, which this partnership leaves out "
                               f"({left_out[ref.target]}): make the reference conditional too")
                else:
                    message = f"clause {who} refers to '{ref.target}', which is not in {doc.meta.title}"
                errors.append(Diagnostic(where, message))
                continue
            part, clause = found
            ref.label = reference_label(part, clause)
            ref.number = clause.number
            ref.schedule = part.label
    if errors:
        raise InvalidInput(errors)


def _refs(inlines: list[Inline]):
    for node in inlines:
        if isinstance(node, Ref):
            yield node
        elif isinstance(node, (Strong, Emph)):
            yield from _refs(node.children)


# ---------------------------------------------------------------- contents

def contents_entries(doc: Document) -> list[ContentsEntry]:
    """The table of contents: every part's heading but the front matter's, each followed by its
    titled level-1 clauses (as in Word, whose TOC field collects the headings of those two levels)."""
    entries: list[ContentsEntry] = []
    for part in doc.parts:
        if part.kind != "front":
            entries.append(ContentsEntry(1, part.heading, target=part))
        for block in part.blocks:
            if isinstance(block, Clause) and block.level == 1 and block.title:
                entries.append(ContentsEntry(2, block.title, block.number, target=block))
    return entries


def fill_contents(doc: Document) -> None:
    """Put the contents into every TableOfContents block, once clauses are numbered."""
    entries = contents_entries(doc)
    for part in doc.parts:
        for block in part.blocks:
            if isinstance(block, TableOfContents):
                block.entries = list(entries)


def apply_all(doc: Document, terms: dict[str, list[Inline]], left_out: dict[str, str] | None = None) -> Document:
    """Run every pass, in order."""
    number_clauses(doc)
    fill_contents(doc)
    used = mark_terms(doc, terms)
    fill_definitions(doc, terms, used)
    resolve_references(doc, left_out)
    return doc
