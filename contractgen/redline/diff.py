"""Two drafts of one document -> one Document whose differences are tracked changes.

Clause trees are aligned by clause id where there is one and by sequence matching of text
otherwise; inside an aligned clause, paragraph or table cell the text is diffed token by token, a
token being a date ("1 April 2018"), a figure ("£244,000,000", "−£1,600,000", "12.5%", "2018/19"), a
word, a run of spaces or a punctuation mark: a changed figure or date is struck and inserted whole,
never digit by digit, so the change reads in black-and-white print. What is only in the old draft is marked deleted,
what is only in the new one inserted, so accepting every change gives the new draft and
rejecting every change the old one. The inputs are not changed.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from ..dates import MONTHS, long_date
from ..document import (
    parties_line,
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
    PageBreak,
    Paragraph,
    Part,
    Placeholder,
    Redline,
    Ref,
    Strong,
    Table,
    TableOfContents,
    Term,
    Text,
)
from ..transforms import contents_entries

_MONTH = f"(?:{'|'.join(MONTHS)})"
_GAP = r"[ \u00a0]"  # a space or a no-break space
TOKEN_RE = re.compile(
    rf"\d{{1,2}}{_GAP}{_MONTH}(?:{_GAP}\d{{4}})?(?!\w)"  # 1 April 2018, 1 April
    rf"|{_MONTH}{_GAP}\d{{4}}(?!\w)"  # April 2018
    r"|\d{4}/\d{2}(?!\d)"  # a financial year, 2018/19
    # an amount: a minus sign (with the word joiner that keeps it on the figure), a currency sign,
    # digits grouped by commas, decimals, a percent sign; a comma or point after it is punctuation
    r"|(?:[\u2212-]\u2060?)?[£$€]\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|(?:[\u2212-]\u2060?)?[£$€]\d+(?:\.\d+)?%?"
    r"|(?:\u2212\u2060?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)*%?(?![\w])"
    r"|\w+(?:['\u2019]\w+)*"  # a word, with its apostrophe: Provider's
    r"|\s+|[^\w\s]"
)
SIMILAR = 0.5  # blocks this alike (share of equal words) are revised in place, not deleted and reinserted


@dataclass
class ClauseChange:
    """A library clause that one draft has and the other has not, or that both have with different text."""

    clause_id: str
    title: str | None
    old_version: str | None
    new_version: str | None


@dataclass
class Changes:
    """What the diff found, for the summary."""

    added: list[ClauseChange] = field(default_factory=list)
    removed: list[ClauseChange] = field(default_factory=list)
    revised: list[ClauseChange] = field(default_factory=list)
    changed: bool = False  # any tracked change at all


# ---------------------------------------------------------------- words


def _atoms(inlines: list[Inline], wrap: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Inline]]:
    """The inlines as (formatting, leaf) pairs: text split into tokens (see `tokens`)."""
    out: list[tuple[tuple[str, ...], Inline]] = []
    pending = ""  # neighbouring Text nodes are read as one, so a figure split between them stays one token
    for node in inlines:
        if isinstance(node, Text):
            pending += node.text
            continue
        out.extend((wrap, Text(token)) for token in tokens(pending))
        pending = ""
        if isinstance(node, Strong):
            out.extend(_atoms(node.children, wrap + ("strong",)))
        elif isinstance(node, Emph):
            out.extend(_atoms(node.children, wrap + ("emph",)))
        elif isinstance(node, (Term, Ref, LineBreak, Placeholder)):
            out.append((wrap, node))
        else:
            raise TypeError(f"cannot compare a {type(node).__name__}: the drafts must not be redlines")
    out.extend((wrap, Text(token)) for token in tokens(pending))
    return out


def tokens(text: str) -> list[str]:
    """The text as the redline compares it: dates, figures, words, spaces and punctuation; joined, the text."""
    return TOKEN_RE.findall(text)


def _key(atom: tuple[tuple[str, ...], Inline]) -> tuple:
    wrap, node = atom
    if isinstance(node, Text):
        return (wrap, "t", node.text)
    if isinstance(node, Term):
        return (wrap, "term", node.text, node.defining)
    if isinstance(node, Ref):
        return (wrap, "ref", node.target, node.label)  # a renumbered target is a changed reference
    if isinstance(node, Placeholder):
        return (wrap, "placeholder", node.text)
    return (wrap, "br")


def _rebuild(atoms: list[tuple[tuple[str, ...], Inline]]) -> list[Inline]:
    """Inlines again from (formatting, leaf) pairs, neighbouring text joined."""
    out: list[Inline] = []
    i = 0
    while i < len(atoms):
        wrap = atoms[i][0]
        j = i
        while j < len(atoms) and atoms[j][0] == wrap:
            j += 1
        leaves: list[Inline] = []
        for _, node in atoms[i:j]:
            if isinstance(node, Text) and leaves and isinstance(leaves[-1], Text):
                leaves[-1] = Text(leaves[-1].text + node.text)
            else:
                leaves.append(copy.copy(node))
        for kind in reversed(wrap):
            leaves = [Strong(leaves) if kind == "strong" else Emph(leaves)]
        out.extend(leaves)
        i = j
    return out


def _opcodes(a: list, b: list) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes with a lone run of equal spaces between two changes folded into them,
    so "<del>an old</del><ins>a new</ins>" reads as one change, not two with a kept space between."""
    codes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    merged: list[list] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(codes):
        blank = tag == "equal" and all(x[1] == "t" and not x[2].strip() for x in a[i1:i2])
        if blank and 0 < k < len(codes) - 1 and merged and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
            continue
        merged.append([tag, i1, i2, j1, j2])
    return [tuple(m) for m in merged]


def diff_inlines(old: list[Inline], new: list[Inline]) -> tuple[list[Inline], bool]:
    """The new inlines with what changed from the old marked Deleted/Inserted; and whether anything did."""
    a_atoms, b_atoms = _atoms(old), _atoms(new)
    a, b = [_key(x) for x in a_atoms], [_key(x) for x in b_atoms]
    if a == b:
        return copy.deepcopy(new), False
    out: list[Inline] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            out.extend(_rebuild(b_atoms[j1:j2]))
            continue
        if i2 > i1:
            out.append(Deleted(_rebuild(a_atoms[i1:i2])))
        if j2 > j1:
            out.append(Inserted(_rebuild(b_atoms[j1:j2])))
    return out, True


def _words(inlines: list[Inline]) -> list[tuple]:
    return [k for k in map(_key, _atoms(inlines)) if not (k[1] == "t" and not k[2].strip())]


def similarity(old: list[Inline], new: list[Inline]) -> float:
    a, b = _words(old), _words(new)
    if not a and not b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


def _plain(inlines: list[Inline]) -> str:
    return "".join(str(k[2]) if k[1] in ("t", "term") else f"<{k[1]}:{k[2] if len(k) > 2 else ''}>"
                   for k in map(_key, _atoms(inlines)))


# ---------------------------------------------------------------- marking whole blocks


def mark(block, revision: str):
    """Mark a block and everything in it inserted or deleted (in place); returns it."""
    if isinstance(block, Part):
        block.revision = revision
        for child in block.blocks:
            mark(child, revision)
    elif isinstance(block, Clause):
        block.revision = revision
        for child in block.blocks + block.children:
            mark(child, revision)
    elif isinstance(block, Table):
        block.revision = revision
        block.row_revisions = [revision] * len(block.rows)
    elif isinstance(block, Definitions):
        block.revisions = [revision] * len(block.entries)
    elif isinstance(block, (Paragraph, Chart)):
        block.revision = revision
    elif isinstance(block, (TableOfContents, PageBreak)):
        pass  # no text of their own; what follows them carries the change
    else:
        raise TypeError(f"cannot mark a {type(block).__name__} as {revision}")
    return block


# ---------------------------------------------------------------- blocks


def _block_key(block) -> tuple:
    if isinstance(block, Clause):
        return ("clause", block.id) if block.id else ("group", block.level, block.title)
    if isinstance(block, Paragraph):
        return ("p", block.style, _plain(block.content))
    if isinstance(block, Table):
        return ("table", block.caption, tuple(_plain(c) for c in block.header))
    if isinstance(block, Chart):
        return ("chart", block.title)
    return (type(block).__name__,)


def _text_of(block) -> list[Inline]:
    """Enough of a block's text to judge how alike two versions are."""
    if isinstance(block, Paragraph):
        return block.content
    if isinstance(block, Clause):
        return [Text(block.title or "")] + block.text
    if isinstance(block, Table):
        return [Text(" ".join(_plain(c) for row in block.rows for c in row))]
    return []


def _alike(old, new) -> bool:
    if type(old) is not type(new):
        return False
    if isinstance(old, Paragraph):
        return old.style == new.style and similarity(old.content, new.content) >= SIMILAR
    if isinstance(old, Clause):
        if old.id or new.id:
            return old.id == new.id
        return old.level == new.level and similarity(_text_of(old), _text_of(new)) >= SIMILAR
    if isinstance(old, Table):
        return len(old.header) == len(new.header) and old.caption == new.caption
    if isinstance(old, Chart):
        return old.title == new.title
    return True


class _Differ:
    def __init__(self) -> None:
        self.changes = Changes()

    # -- sequences

    def blocks(self, old: list, new: list) -> tuple[list, bool]:
        """Merge two lists of blocks; returns the merged list and whether anything in it changed."""
        out: list = []
        changed = False
        codes = SequenceMatcher(None, [_block_key(b) for b in old], [_block_key(b) for b in new],
                                autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in codes:
            if tag == "equal":
                for o, n in zip(old[i1:i2], new[j1:j2]):
                    merged, moved = self.pair(o, n)
                    out.extend(merged)
                    changed |= moved
            else:
                out.extend(self.replace(old[i1:i2], new[j1:j2]))
                changed = True
        return out, changed

    def replace(self, old: list, new: list) -> list:
        """Pair alike blocks in order; the rest are deletions and insertions."""
        out: list = []
        j = 0
        for o in old:
            k = next((k for k in range(j, len(new)) if _alike(o, new[k])), None)
            if k is None:
                out.append(self.gone(o))
                continue
            out.extend(self.came(n) for n in new[j:k])
            out.extend(self.pair(o, new[k])[0])
            j = k + 1
        out.extend(self.came(n) for n in new[j:])
        return out

    def gone(self, block):
        self._record(block, self.changes.removed, old=True)
        return mark(block, DELETED)

    def came(self, block):
        self._record(block, self.changes.added, old=False)
        return mark(block, INSERTED)

    def _record(self, block, into: list[ClauseChange], old: bool) -> None:
        self.changes.changed = True
        if not isinstance(block, Clause):
            return
        for clause in block.walk():
            if _library_clause(clause):
                version = clause.source.version
                into.append(ClauseChange(clause.id, clause.title, version if old else None, None if old else version))

    # -- pairs

    def pair(self, old, new) -> tuple[list, bool]:
        if isinstance(new, Clause):
            if bool(old.title) != bool(new.title) or old.level != new.level:
                return [self.gone(old), self.came(new)], True
            return self.clause(old, new)
        if isinstance(new, Paragraph):
            content, changed = diff_inlines(old.content, new.content)
            self.changes.changed |= changed
            return [replace(new, content=content)], changed
        if isinstance(new, Table):
            return self.table(old, new)
        if isinstance(new, Definitions):
            return self.definitions(old, new)
        if isinstance(new, Chart):
            if old == new:
                return [new], False
            return [self.gone(old), self.came(new)], True
        return [new], False

    def clause(self, old: Clause, new: Clause) -> tuple[list, bool]:
        changed = False
        title_changes = None
        if old.title != new.title:
            title_changes, _ = diff_inlines([Text(old.title or "")], [Text(new.title or "")])
            changed = True
        text, text_changed = diff_inlines(old.text, new.text)
        blocks, blocks_changed = self.blocks(old.blocks, new.blocks)
        children, _ = self.blocks(old.children, new.children)
        # a library clause reports changes in its unnamed items; a named sub-clause reports its own
        own = changed or text_changed or blocks_changed or _changed_below(children)
        merged = replace(new, text=text, blocks=blocks, children=children, title_changes=title_changes)
        if _library_clause(new):
            old_version = old.source.version if old.source else None
            if own or old_version != new.source.version:
                self.changes.revised.append(ClauseChange(new.id, new.title, old_version, new.source.version))
        self.changes.changed |= own
        return [merged], own or _changed_below(children, named_too=True)

    def table(self, old: Table, new: Table) -> tuple[list, bool]:
        if len(old.header) != len(new.header) or old.caption != new.caption:
            return [self.gone(old), self.came(new)], True
        changed = False
        header = []
        for o, n in zip(old.header, new.header):
            cell, moved = diff_inlines(o, n)
            header.append(cell)
            changed |= moved
        rows: list[list[list[Inline]]] = []
        revisions: list[str | None] = []
        totals: list[bool] = []

        def row_key(row):
            return tuple(_plain(c) for c in row)

        def add(row, revision, is_total):
            rows.append(row)
            revisions.append(revision)
            totals.append(is_total)

        old_total = len(old.rows) - old.total_rows
        new_total = len(new.rows) - new.total_rows
        codes = SequenceMatcher(None, [row_key(r) for r in old.rows], [row_key(r) for r in new.rows],
                                autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in codes:
            if tag == "equal":
                for j in range(j1, j2):
                    add(copy.deepcopy(new.rows[j]), None, j >= new_total)
                continue
            changed = True
            j = j1
            for i in range(i1, i2):
                k = next((k for k in range(j, j2) if _rows_alike(old.rows[i], new.rows[k])), None)
                if k is None:
                    add(old.rows[i], DELETED, i >= old_total)
                    continue
                for m in range(j, k):
                    add(new.rows[m], INSERTED, m >= new_total)
                add([diff_inlines(o, n)[0] for o, n in zip(old.rows[i], new.rows[k])], None, k >= new_total)
                j = k + 1
            for m in range(j, j2):
                add(new.rows[m], INSERTED, m >= new_total)
        total_rows = 0
        for is_total in reversed(totals):
            if not is_total:
                break
            total_rows += 1
        self.changes.changed |= changed
        return [replace(new, header=header, rows=rows, row_revisions=revisions, total_rows=total_rows)], changed

    def definitions(self, old: Definitions, new: Definitions) -> tuple[list, bool]:
        entries: list[tuple[str, list[Inline]]] = []
        revisions: list[str | None] = []
        changed = False
        codes = SequenceMatcher(None, [t for t, _ in old.entries], [t for t, _ in new.entries],
                                autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in codes:
            if tag == "equal":
                for (_, o), (term, n) in zip(old.entries[i1:i2], new.entries[j1:j2]):
                    definition, moved = diff_inlines(o, n)
                    entries.append((term, definition))
                    revisions.append(None)
                    changed |= moved
                continue
            changed = True
            for term, definition in old.entries[i1:i2]:
                entries.append((term, definition))
                revisions.append(DELETED)
            for term, definition in new.entries[j1:j2]:
                entries.append((term, definition))
                revisions.append(INSERTED)
        self.changes.changed |= changed
        return [replace(new, entries=entries, revisions=revisions)], changed

    # -- parts

    def parts(self, old: list[Part], new: list[Part]) -> list[Part]:
        out: list[Part] = []
        codes = SequenceMatcher(None, [(p.kind, p.title) for p in old], [(p.kind, p.title) for p in new],
                                autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in codes:
            if tag == "equal":
                out.extend(self.part(o, n) for o, n in zip(old[i1:i2], new[j1:j2]))
                continue
            j = j1
            for o in old[i1:i2]:
                k = next((k for k in range(j, j2) if new[k].kind == o.kind and similarity(
                    [Text(o.title)], [Text(new[k].title)]) >= SIMILAR), None)
                if k is None:
                    self.changes.changed = True
                    self._record_part(o, self.changes.removed, old=True)
                    out.append(mark(o, DELETED))
                    continue
                for n in new[j:k]:
                    out.append(self._new_part(n))
                out.append(self.part(o, new[k]))
                j = k + 1
            out.extend(self._new_part(n) for n in new[j:j2])
        return out

    def _new_part(self, part: Part) -> Part:
        self.changes.changed = True
        self._record_part(part, self.changes.added, old=False)
        return mark(part, INSERTED)

    def _record_part(self, part: Part, into: list[ClauseChange], old: bool) -> None:
        for block in part.blocks:
            self._record(block, into, old)

    def part(self, old: Part, new: Part) -> Part:
        heading_changes = None
        if old.heading != new.heading and new.kind != "front":
            heading_changes, _ = diff_inlines([Text(old.heading)], [Text(new.heading)])
            self.changes.changed = True
        blocks, _ = self.blocks(old.blocks, new.blocks)
        return replace(new, blocks=blocks, heading_changes=heading_changes)


def _library_clause(clause: Clause) -> bool:
    return bool(clause.id and clause.source and clause.source.clause_id == clause.id)


def _changed_below(children: list, named_too: bool = False) -> bool:
    """Whether any of the merged children (or, unless named, their unnamed descendants) changed."""
    from ..document import _blocks_revised

    for child in children:
        if child.revision:
            if named_too or not _library_clause(child):
                return True
            continue
        if not named_too and _library_clause(child):
            continue
        if child.title_changes is not None or _blocks_revised([replace(child, children=[])]):
            return True
        if _changed_below(child.children, named_too):
            return True
    return False


def _rows_alike(old: list[list[Inline]], new: list[list[Inline]]) -> bool:
    if _plain(old[0]) == _plain(new[0]):
        return True
    return similarity([Text(" ".join(_plain(c) for c in old))], [Text(" ".join(_plain(c) for c in new))]) >= SIMILAR


# ---------------------------------------------------------------- contents


def contents(document: Document | None) -> list[tuple[int, str]]:
    """The table of contents the DOCX writer lists (the contents transform's entries)."""
    if document is None:
        return []
    return [(e.level, f"{e.number}.\t{e.title}" if e.number else e.title) for e in contents_entries(document)]


def _contents(old: list[tuple[int, str]], new: list[tuple[int, str]]) -> list[tuple[int, list[Inline], str | None]]:
    out: list[tuple[int, list[Inline], str | None]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend((level, [Text(text)], None) for level, text in new[j1:j2])
            continue
        j = j1
        for level, text in old[i1:i2]:
            k = next((k for k in range(j, j2) if new[k][0] == level
                      and similarity([Text(text)], [Text(new[k][1])]) >= SIMILAR), None)
            if k is None:
                out.append((level, [Text(text)], DELETED))
                continue
            out.extend((lv, [Text(t)], INSERTED) for lv, t in new[j:k])
            out.append((level, diff_inlines([Text(text)], [Text(new[k][1])])[0], None))
            j = k + 1
        out.extend((lv, [Text(t)], INSERTED) for lv, t in new[j:j2])
    return out


# ---------------------------------------------------------------- documents


def diff_documents(old: Document | None, new: Document | None, author: str, date,
                   ) -> tuple[Document, Changes]:
    """The redline of two drafts of one document (either may be None: a document only one draft has).

    The result is new's metadata, without reviewer comments, with a `Redline`; the changes found are
    returned beside it for the summary (contractgen.redline.summary), which is no part of the result.
    """
    if old is None and new is None:
        raise ValueError("nothing to compare")
    differ = _Differ()
    old_doc = copy.deepcopy(old) if old is not None else Document(copy.deepcopy(new.meta), [])
    new_doc = copy.deepcopy(new) if new is not None else Document(copy.deepcopy(old.meta), [])
    parts = differ.parts(old_doc.parts, new_doc.parts)
    meta = replace(new_doc.meta, comments=False)
    title, title_changed = diff_inlines([Text(old_doc.meta.title)], [Text(new_doc.meta.title)])
    subtitle, subtitle_changed = diff_inlines([Text(old_doc.meta.subtitle)], [Text(new_doc.meta.subtitle)])
    # the draft marking and date: in the running header and title block, so that rejecting every
    # change gives the old draft's version there too
    marking, marking_changed = diff_inlines([Text(old_doc.meta.draft_marking)], [Text(new_doc.meta.draft_marking)])
    dated, dated_changed = diff_inlines([Text(long_date(old_doc.meta.date))], [Text(long_date(new_doc.meta.date))])
    parties, parties_changed = diff_inlines([Text(parties_line(old_doc.meta.parties))],
                                            [Text(parties_line(new_doc.meta.parties))])
    changes = differ.changes
    changes.changed |= title_changed or subtitle_changed or marking_changed or dated_changed or parties_changed
    meta.redline = Redline(author=author, date=date, changed=changes.changed, title=title,
                           subtitle=subtitle, marking=marking, dated=dated, parties=parties,
                           contents=_contents(contents(old), contents(new)))
    return Document(meta, parts), changes
