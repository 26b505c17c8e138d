"""What changed between two drafts of a document, in the words a lawyer reads: clause by clause, as the
document numbers and titles them, with figures and dates quoted as the document shows them.

The summary is a document of its own (written beside the redline), never part of the tracked text,
so accepting every change in the redline gives exactly the new draft. Clause ids, library versions
and the partnership file's key paths are for the drafting team: only with `verbose`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from ..dates import long_date
from ..document import (
    DELETED,
    INSERTED,
    Chart,
    Clause,
    Definitions,
    Deleted,
    Document,
    Emph,
    Inline,
    Inserted,
    LineBreak,
    Meta,
    Paragraph,
    Part,
    Placeholder,
    Ref,
    Strong,
    Table,
    Term,
    Text,
)
from .diff import Changes

NO_CHANGES = "No changes between the two drafts."
ABSENT = "(none)"
VALUE_WIDTH = 80  # longer values are cut short in the verbose table of partnership values
QUOTE_WORDS = 30  # a longer insertion or deletion is named by its first words and its length
QUOTE_START = 12  # how many of its words name a longer one
CONTEXT_WORDS = 4  # words before a lone insertion or deletion, to say where it is
_LIST_KEYS = ("id", "party", "service")  # list items with one of these are matched by it, not by position


# ---------------------------------------------------------------- the changes, clause by clause


@dataclass
class Entry:
    """The changes at one place in the document: a clause, a schedule paragraph, the title."""

    where: str  # "Clause GC3.4", "Schedule 3, paragraph 1", "Parties", "Title"
    heading: str  # the clause's title, or its nearest titled clause's; "" where there is none
    what: list[str] = field(default_factory=list)  # each change in plain words
    clause_id: str | None = None  # for --verbose
    version: str | None = None  # for --verbose: "1.0.0", or "1.0.0 → 1.1.0" where the library clause changed
    whole: str | None = None  # the whole clause inserted or deleted


def _plain(nodes: list[Inline]) -> str:
    """The text as the document shows it (a reference by its label)."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Term):
            out.append(node.text)
        elif isinstance(node, Ref):
            out.append(node.label or node.target)
        elif isinstance(node, Placeholder):
            out.append(node.bracketed)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, (Strong, Emph, Inserted, Deleted)):
            out.append(_plain(node.children))
    return "".join(out)


def _kept(nodes: list[Inline], side: type) -> list[Inline]:
    """One draft's inlines: `side` Inserted keeps insertions (the new draft), Deleted the deletions."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, (Inserted, Deleted)):
            if isinstance(node, side):
                out.extend(node.children)
        else:
            out.append(node)
    return out


def _quote(text: str) -> str:
    words = " ".join(text.split())
    parts = words.split(" ")
    if len(parts) > QUOTE_WORDS:
        return f"“{' '.join(parts[:QUOTE_START])} …”"
    return f"“{words}”"


def _tail(text: str) -> str:
    words = text.split()
    return " ".join(words[-CONTEXT_WORDS:])


def inline_changes(nodes: list[Inline]) -> list[str]:
    """Each change in a run of text with tracked changes, in plain words: "“£80,000,000” changed to
    “£81,000,000”", "“(renamed)” added after “Sedgley Lane Surgery”", "“or by email” deleted"."""
    out: list[str] = []
    before = ""  # the text both drafts share, up to here
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if not isinstance(node, (Inserted, Deleted)):
            before += _plain([node])
            i += 1
            continue
        gone, came = "", ""
        while i < len(nodes) and isinstance(nodes[i], (Inserted, Deleted)):
            if isinstance(nodes[i], Deleted):
                gone += _plain(nodes[i].children)
            else:
                came += _plain(nodes[i].children)
            i += 1
        if gone.strip() and came.strip():
            out.append(f"{_quote(gone)} changed to {_quote(came)}")
        elif came.strip() or gone.strip():
            where = f" after “{_tail(before)}”" if _tail(before) else " at the start"
            out.append(f"{_quote(came or gone)} {'added' if came.strip() else 'deleted'}{where}")
        before += came
    return out


def _first_cell(row: list[list[Inline]]) -> str:
    return " ".join(_plain(_kept(row[0], Inserted)).split()) if row else ""


def _table_changes(table: Table) -> list[str]:
    name = f"table “{table.caption}”" if table.caption else "a table"
    if table.revision:
        return [f"{name} {'added' if table.revision == INSERTED else 'deleted'}"]
    out: list[str] = []
    for cell in table.header:
        out += [f"in the column headings, {c}" for c in inline_changes(cell)]
    for row, revision in zip(table.rows, table.row_revisions + [None] * len(table.rows)):
        label = _first_cell(row) or _plain(row[0]) if row else ""
        if revision:
            out.append(f"row “{label}” {'added' if revision == INSERTED else 'deleted'}")
            continue
        for cell in row:
            out += [f"in the row “{label}”, {c}" for c in inline_changes(cell)]
    return out


def block_changes(block) -> list[str]:
    """The changes in an unnumbered block: a paragraph, a table, the definitions, a chart."""
    if isinstance(block, Paragraph):
        if block.revision:
            return [f"paragraph {'added' if block.revision == INSERTED else 'deleted'}: "
                    f"{_quote(_plain(block.content))}"]
        return inline_changes(block.content)
    if isinstance(block, Table):
        return _table_changes(block)
    if isinstance(block, Definitions):
        out = []
        for (term, definition), revision in zip(block.entries, block.revisions + [None] * len(block.entries)):
            if revision:
                out.append(f"definition of “{term}” {'added' if revision == INSERTED else 'deleted'}")
            else:
                out += [f"in the definition of “{term}”, {c}" for c in inline_changes(definition)]
        return out
    if isinstance(block, Chart) and block.revision:
        return [f"chart “{block.title}” {'added' if block.revision == INSERTED else 'deleted'}"]
    return []


def _counted(phrases: list[str]) -> list[str]:
    """Repeated phrases once, with how often: a renamed party is named in many places. A chart
    deleted and added again under the same title was redrawn."""
    redrawn = {p[: -len(" deleted")] for p in phrases if p.startswith("chart “") and p.endswith(" deleted")} & \
        {p[: -len(" added")] for p in phrases if p.startswith("chart “") and p.endswith(" added")}
    phrases = [f"{p.rsplit(' ', 1)[0]} redrawn with the new figures" if p.rsplit(" ", 1)[0] in redrawn else p
               for p in phrases if not (p.rsplit(" ", 1)[0] in redrawn and p.endswith(" deleted"))]
    counts: dict[str, int] = {}
    for phrase in phrases:
        counts[phrase] = counts.get(phrase, 0) + 1
    return [p if n == 1 else f"{p} ({'twice' if n == 2 else f'{n} times'})" for p, n in counts.items()]


def _label(part: Part, clause: Clause) -> str:
    if clause.number is None:
        return part.heading
    if part.kind == "schedule" and part.number is not None:
        return f"Schedule {part.number}, paragraph {clause.number}"
    return f"Clause {clause.number}"


class _Walker:
    """Walks a redline in reading order and collects an Entry for every place that changed."""

    def __init__(self, changes: Changes) -> None:
        self.entries: list[Entry] = []
        self.versions: dict[str, str] = {}
        for c in changes.revised:
            if c.old_version and c.new_version and c.old_version != c.new_version:
                self.versions[c.clause_id] = f"{c.old_version} → {c.new_version}"

    def add(self, where: str, heading: str, what: list[str], clause: Clause | None = None,
            whole: str | None = None) -> None:
        if not what:
            return
        entry = Entry(where, heading, _counted(what), whole=whole)
        if clause is not None and clause.id:
            entry.clause_id = clause.id
            if clause.source and clause.source.clause_id == clause.id:
                entry.version = self.versions.get(clause.id, clause.source.version)
        last = self.entries[-1] if self.entries else None
        if last and (last.where, last.heading, last.whole, whole) == (where, heading, DELETED, INSERTED):
            # one variant of a clause for another: one entry that says so
            entry.what = [what[0].replace(" added, beginning", " replaced; the new text begins", 1)]
            if last.clause_id and last.clause_id != entry.clause_id:
                entry.clause_id = f"{last.clause_id} → {entry.clause_id}"
            self.entries[-1] = entry
            return
        self.entries.append(entry)

    def document(self, document: Document) -> list[Entry]:
        redline = document.meta.redline
        if redline is not None:
            self.add("Title", "", inline_changes(redline.title))
            self.add("Subtitle", "", inline_changes(redline.subtitle))
        for part in document.parts:
            self.part(part)
        return self.entries

    def part(self, part: Part) -> None:
        if part.revision:
            self.add(part.heading, "", ["schedule added" if part.revision == INSERTED and part.kind == "schedule"
                                        else "schedule deleted" if part.kind == "schedule"
                                        else f"part {'added' if part.revision == INSERTED else 'deleted'}"])
            return
        if part.heading_changes is not None:
            self.add(_plain(_kept(part.heading_changes, Inserted)), "",
                     [f"heading {c}" for c in inline_changes(part.heading_changes)])
        # outside clauses a change is placed under the last heading the reader passed
        where = part.heading if part.kind != "front" else "Opening pages"
        pending: list[str] = []
        for block in part.blocks:
            if isinstance(block, Clause):
                self.add(where, "", pending)
                pending = []
                self.clause(part, block, "")
                continue
            if part.kind == "front" and _is_heading(block):
                self.add(where, "", pending)
                pending = []
                where = _plain(_kept(block.content, Inserted)).strip() or where
            pending += block_changes(block)
        self.add(where, "", pending)

    def clause(self, part: Part, clause: Clause, heading: str, owner: Clause | None = None) -> None:
        heading = clause.title or heading
        owner = clause if clause.id else owner  # the nearest clause with an id, for --verbose
        where = _label(part, clause)
        if clause.revision:
            kind = "clause" if part.kind != "schedule" else "paragraph"
            what = "added, beginning" if clause.revision == INSERTED else "deleted, which began"
            first = _first_text(clause)
            self.add(where, heading, [f"{kind} {what} {_quote(first)}" if first else f"{kind} {what.split(',')[0]}"],
                     owner, clause.revision)
            return
        what: list[str] = []
        if clause.title_changes is not None:
            what += [f"heading: {c}" for c in inline_changes(clause.title_changes)]
        what += inline_changes(clause.text)
        for block in clause.blocks:
            what += block_changes(block)
        self.add(where, heading, what, owner)
        for child in clause.children:
            self.clause(part, child, heading, owner)


def _first_text(clause: Clause) -> str:
    """The first words a reader meets in a clause, below its heading."""
    for c in clause.walk():
        text = " ".join(_plain(c.text).split())
        if text:
            return text
        for block in c.blocks:
            if isinstance(block, Paragraph) and _plain(block.content).strip():
                return " ".join(_plain(block.content).split())
    return ""


def _is_heading(block) -> bool:
    """A front-matter heading ("Parties", "Background"): a paragraph that is all bold."""
    return isinstance(block, Paragraph) and bool(block.content) and all(
        isinstance(n, Strong) or (isinstance(n, (Inserted, Deleted)) and all(isinstance(c, Strong) for c in n.children))
        for n in block.content)


def entries(redline: Document, changes: Changes) -> list[Entry]:
    """Every place in the redline that changed, in reading order."""
    return _Walker(changes).document(redline)


# ---------------------------------------------------------------- partnership values (verbose)


@dataclass
class ValueChange:
    path: str
    old: str
    new: str


def value_changes(old: object, new: object, path: str = "") -> list[ValueChange]:
    """Every value that differs between two partnership files read as plain data, by key path."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[ValueChange] = []
        for key in list(old) + [k for k in new if k not in old]:
            here = f"{path}.{key}" if path else str(key)
            out += value_changes(old.get(key), new.get(key), here) if key in old and key in new else \
                [ValueChange(here, _show(old.get(key)) if key in old else ABSENT,
                             _show(new.get(key)) if key in new else ABSENT)]
        return out
    if isinstance(old, list) and isinstance(new, list):
        key = _list_key(old, new)
        if key is None:
            out = []
            for i in range(max(len(old), len(new))):
                here = f"{path}[{i}]"
                if i < len(old) and i < len(new):
                    out += value_changes(old[i], new[i], here)
                else:
                    out.append(ValueChange(here, _show(old[i]) if i < len(old) else ABSENT,
                                           _show(new[i]) if i < len(new) else ABSENT))
            return out
        olds = {item[key]: item for item in old}
        news = {item[key]: item for item in new}
        out = []
        for ident in list(olds) + [i for i in news if i not in olds]:
            here = f"{path}[{key}={ident}]"
            if ident in olds and ident in news:
                out += value_changes(olds[ident], news[ident], here)
            else:
                out.append(ValueChange(here, _show(olds[ident]) if ident in olds else ABSENT,
                                       _show(news[ident]) if ident in news else ABSENT))
        return out
    if _data(old) == _data(new) and type(old) is type(new):
        return []
    return [ValueChange(path, _show(old), _show(new))]


def _list_key(old: list, new: list) -> str | None:
    items = old + new
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    for key in _LIST_KEYS:
        if all(key in i and isinstance(i[key], (str, int)) for i in items) and \
                len({i[key] for i in old}) == len(old) and len({i[key] for i in new}) == len(new):
            return key
    return None


def _data(value: object) -> object:
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_data(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    source = getattr(value, "source", None)
    if source:
        return source
    if isinstance(value, (str, int, Decimal)):
        text = str(value)
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = json.dumps(_data(value), default=str, ensure_ascii=False)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 3] + "..."


# ---------------------------------------------------------------- the summary document


def _draft(meta: Meta, name: str) -> str:
    return f"draft {meta.version} ({meta.status}, {long_date(meta.date)}) of {name}"


def _cell(text: str | None) -> list[Inline]:
    return [Text(text or "")]


def _sentence(phrases: list[str]) -> str:
    text = "; ".join(phrases)
    return text[:1].upper() + text[1:] + "."


def summary_document(redline: Document, changes: Changes, values: list[ValueChange], old: Meta, new: Meta,
                     old_name: str, new_name: str, redline_file: str, verbose: bool = False) -> Document:
    """The summary of one redline as a document of its own, for every writer to render alike.

    `old_name` and `new_name` name the drafts' files as the reader may see them (a file name, never a
    local path); `redline_file` is the redline's file name.
    """
    found = entries(redline, changes)
    blocks: list = [
        Paragraph([Text(f"This summary lists the changes from {_draft(old, old_name)} to {_draft(new, new_name)}. "
                        f"Every change is a tracked change in {redline_file}: accepting all of them gives the new "
                        f"draft and rejecting all of them the old one. This summary is not part of either draft.")]),
    ]
    if not changes.changed:
        blocks.append(Paragraph([Strong([Text(NO_CHANGES)])]))
    if found:
        header = ["Clause", "Heading", "What changed"] + (["Clause id", "Library version"] if verbose else [])
        rows = []
        for e in found:
            row = [_cell(e.where), _cell(e.heading), _cell(_sentence(e.what))]
            if verbose:
                row += [_cell(e.clause_id), _cell(e.version)]
            rows.append(row)
        blocks.append(Table(header=[_cell(h) for h in header], rows=rows, caption="Changes by clause"))
    if verbose:
        rows = []
        seen: set[tuple] = set()
        for kind, listed in (("added", changes.added), ("removed", changes.removed), ("revised", changes.revised)):
            for c in listed:
                if (kind, c.clause_id) not in seen:
                    seen.add((kind, c.clause_id))
                    rows.append([_cell(kind), _cell(c.clause_id), _cell(c.title), _cell(c.old_version),
                                 _cell(c.new_version)])
        if rows:
            blocks.append(Table(header=[_cell(h) for h in ("Change", "Clause id", "Title", "Old version",
                                                            "New version")],
                                rows=rows, caption="Library clauses added, removed and revised"))
        if values:
            if not changes.changed:
                blocks.append(Paragraph([Text("The partnership file changed, but not in ways this document shows.")]))
            blocks.append(Table(header=[_cell(h) for h in ("Key path", "Old value", "New value")],
                                rows=[[_cell(v.path), _cell(v.old), _cell(v.new)] for v in values],
                                caption="Partnership values changed"))
    meta = replace(new, title=f"Summary of changes: {new.title}", properties={}, comments=False, redline=None)
    return Document(meta, [Part(title="Summary of changes", kind="front", blocks=blocks)])
