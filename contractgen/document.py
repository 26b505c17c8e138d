"""The document model between the clause library and the writers.

Assembly builds a `Document`; transforms fill in what depends on the whole
(clause numbers, reference labels, the definitions clause); writers turn it
into DOCX, HTML/PDF or Markdown. Only the standard library is imported here:
the model knows nothing of YAML, Jinja or any output format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterator, Union

from .dates import long_date  # standard library only, like this module


# ---------------------------------------------------------------- inlines

@dataclass
class Text:
    """Plain running text."""

    text: str


@dataclass
class Strong:
    """Bold text."""

    children: list["Inline"]


@dataclass
class Emph:
    """Italic text."""

    children: list["Inline"]


@dataclass
class Term:
    """A defined term: in use, or (``defining=True``) where it is defined."""

    text: str
    defining: bool = False


@dataclass
class Ref:
    """A reference to another clause by id; `label` ("clause 12.3") and `number` ("12.3") are set by a transform."""

    target: str
    label: str | None = None
    # The target's number alone: the part of `label` a live field (DOCX REF) recomputes.
    # Derived from the label, so left out of equality.
    number: str | None = field(default=None, compare=False)
    # For a paragraph of a schedule, the schedule's own label ("Schedule 5"), which begins `label`
    # and is recomputed by a field of its own; derived too.
    schedule: str | None = field(default=None, compare=False)


@dataclass
class LineBreak:
    """A line break inside a paragraph (addresses, signature blocks)."""


@dataclass
class Placeholder:
    """Something the partnership file leaves open or gives only as an illustration.

    Every writer shows it bracketed ("[address to be confirmed]", "[RM3: ILLUSTRATIVE]") and marked
    out (highlighted in the DOCX, a styled span in the PDF), so that it can never be read as a fact.
    """

    text: str

    @property
    def bracketed(self) -> str:
        return f"[{self.text}]"


@dataclass
class Inserted:
    """Text a redline adds: a tracked insertion. Only the DOCX and Markdown writers write it."""

    children: list["Inline"]


@dataclass
class Deleted:
    """Text a redline takes out: a tracked deletion. Only the DOCX and Markdown writers write it."""

    children: list["Inline"]


Inline = Union[Text, Strong, Emph, Term, Ref, LineBreak, Placeholder, Inserted, Deleted]
INLINE_TYPES = (Text, Strong, Emph, Term, Ref, LineBreak, Placeholder)
REVISION_TYPES = (Inserted, Deleted)  # only in a redline (see contractgen.redline)
# A block's `revision` in a redline: the whole block is an insertion or a deletion (None: neither).
INSERTED, DELETED = "inserted", "deleted"


# ---------------------------------------------------------------- blocks

@dataclass(frozen=True)
class Source:
    """Where a piece of the document came from, for error messages and review."""

    file: str
    line: int = 1
    clause_id: str | None = None
    version: str | None = None


@dataclass
class Paragraph:
    """An unnumbered paragraph. `style` is a semantic name the writers map to their own styles."""

    content: list[Inline]
    style: str = "body"  # body | definition | note | centred | signature
    revision: str | None = None  # redlines only: "inserted" | "deleted"


@dataclass
class Table:
    """A table with one header row; `align` holds "left" or "right" per column."""

    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    align: list[str] = field(default_factory=list)
    caption: str | None = None
    total_rows: int = 0  # how many of the last rows are totals (shown bold)
    revision: str | None = None  # redlines only: the whole table "inserted" | "deleted"
    row_revisions: list[str | None] = field(default_factory=list)  # redlines only: per row, as `rows`


@dataclass
class Clause:
    """A numbered provision. Level 1 is a clause ("3."), 2 a sub-clause ("3.1"), 3 a paragraph ("3.1.1").

    A clause shows its number before its `title` (a heading) or, untitled, before its `text`.
    `blocks` are unnumbered paragraphs and tables that follow; `children` the next level down.
    `number` is assigned by the numbering transform.
    """

    text: list[Inline] = field(default_factory=list)
    title: str | None = None
    blocks: list["Block"] = field(default_factory=list)
    level: int = 1
    id: str | None = None
    children: list["Clause"] = field(default_factory=list)
    source: Source | None = None
    number: str | None = None
    why: str | None = None  # why assembly included it (the condition that held)
    note: str | None = None  # drafting note for the reviewer
    defines: dict[str, str] = field(default_factory=dict)
    revision: str | None = None  # redlines only: "inserted" | "deleted"
    title_changes: list[Inline] | None = None  # redlines only: the title with Inserted/Deleted marks

    def walk(self) -> Iterator["Clause"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Definitions:
    """Placeholder for the definitions list; a transform fills `entries` with the terms in use."""

    entries: list[tuple[str, list[Inline]]] = field(default_factory=list)
    revisions: list[str | None] = field(default_factory=list)  # redlines only: per entry, as `entries`


@dataclass
class Chart:
    """A line chart drawn from data: one series of (x, y) points per line.

    Writers draw it (Word's own chart in the DOCX, vector graphics in the PDF); `alt` describes it for
    readers who cannot see it, and `table` carries the same figures as text.
    """

    title: str
    x_label: str
    y_label: str
    series: list[tuple[str, list[tuple[float, float]]]]
    alt: str
    revision: str | None = None  # redlines only: "inserted" | "deleted"


@dataclass
class ContentsEntry:
    """One line of the table of contents: a part's heading (level 1) or a titled level-1 clause
    (level 2), which are the headings Word's TOC field collects; `target` is the node it points at."""

    level: int
    title: str
    number: str | None = None  # the clause number, for a clause
    target: object = field(default=None, compare=False, repr=False)


@dataclass
class TableOfContents:
    """Where the table of contents goes; a transform fills in its entries, and every writer prints them."""

    entries: list[ContentsEntry] = field(default_factory=list)


@dataclass
class PageBreak:
    """Start a new page."""


Block = Union[Paragraph, Table, Clause, Definitions, Chart, TableOfContents, PageBreak]
BLOCK_TYPES = (Paragraph, Table, Clause, Definitions, Chart, TableOfContents, PageBreak)


@dataclass
class Part:
    """A division of a document: the front matter, the Particulars, a set of conditions, a schedule.

    Clause numbering restarts in every part. `prefix` is put before every number in the part
    ("SC" gives SC1, SC1.1); a schedule's paragraphs are referred to as "Schedule N, paragraph X".
    """

    title: str
    kind: str = "body"  # front | body | schedule
    blocks: list[Block] = field(default_factory=list)
    prefix: str = ""
    number: int | None = None  # the schedule number, for schedules
    revision: str | None = None  # redlines only: "inserted" | "deleted"
    heading_changes: list[Inline] | None = None  # redlines only: the heading with Inserted/Deleted marks

    def clauses(self) -> Iterator[Clause]:
        for block in self.blocks:
            if isinstance(block, Clause):
                yield from block.walk()

    @property
    def label(self) -> str | None:
        """How a schedule is named: "Schedule 5" (None for other parts)."""
        if self.kind == "schedule" and self.number is not None:
            return f"Schedule {self.number}"
        return None

    @property
    def heading(self) -> str:
        return f"{self.label}: {self.title}" if self.label else self.title


@dataclass
class Redline:
    """What makes a Document a redline of two drafts: who made its tracked changes and when, and the
    title lines and contents entries with their changes. The summary of changes is a document of its
    own (contractgen.redline.summary), so that accepting every change gives exactly the new draft."""

    author: str
    date: date
    changed: bool  # any tracked change in the body
    title: list[Inline] = field(default_factory=list)
    subtitle: list[Inline] = field(default_factory=list)
    marking: list[Inline] = field(default_factory=list)  # the draft marking ("DRAFT 0.3 (working draft)")
    dated: list[Inline] = field(default_factory=list)  # the draft's date as the title block shows it
    parties: list[Inline] = field(default_factory=list)  # the title block's parties line
    # the table of contents: (level, label with changes, revision of the whole entry)
    contents: list[tuple[int, list[Inline], str | None]] = field(default_factory=list)


@dataclass
class Meta:
    """What a document is: its titles, the partnership it is for and the draft it belongs to."""

    doc_type: str
    title: str
    partnership: str
    version: str
    status: str
    date: date
    subtitle: str = ""
    subject: str = ""
    parties: tuple[str, ...] = ()  # the short names of the document's parties, for its title block
    lang: str = "en-GB"
    draft: bool = True
    properties: dict[str, str] = field(default_factory=dict)  # extra document properties
    comments: bool = True  # drafting notes and provenance as reviewer comments; False for a clean copy
    redline: Redline | None = None  # set only on a redline (contractgen.redline); most writers refuse one

    @property
    def draft_marking(self) -> str:
        return f"DRAFT {self.version} ({self.status})" if self.draft else f"Version {self.version}"


@dataclass(frozen=True)
class TitleBlock:
    """The head of the first page, the same in every format: the title, the lines under it, the
    draft banner (version and status, or the version of a final copy) and the date of the draft."""

    title: str
    subtitles: tuple[str, ...]
    banner: str
    date: str
    parties: str = ""  # "Between A, B and C"


def parties_line(names: tuple[str, ...] | list[str]) -> str:
    """"Between A, B and C" (empty for a document without parties)."""
    names = list(names)
    if not names:
        return ""
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"Between {joined}"


def title_block(meta: Meta) -> TitleBlock:
    """The title block of a document: its subtitle, then the partnership's name unless the subtitle
    already is it, under the title."""
    subtitles = tuple(dict.fromkeys(filter(None, (meta.subtitle, meta.partnership))))
    return TitleBlock(meta.title, subtitles, meta.draft_marking, long_date(meta.date), parties_line(meta.parties))


@dataclass
class Document:
    """One output document: metadata and parts, in reading order."""

    meta: Meta
    parts: list[Part] = field(default_factory=list)

    def clauses(self) -> Iterator[tuple[Part, Clause]]:
        for part in self.parts:
            for clause in part.clauses():
                yield part, clause

    def find(self, clause_id: str) -> tuple[Part, Clause] | None:
        for part, clause in self.clauses():
            if clause.id == clause_id:
                return part, clause
        return None


def blocks_with_owner(blocks: list, owner: Clause | None = None) -> Iterator[tuple[object, Clause | None]]:
    """Every block below `blocks`, depth first, with the clause it sits in (a clause is its own owner's child)."""
    for block in blocks:
        yield block, owner
        if isinstance(block, Clause):
            yield from blocks_with_owner(block.blocks, block)
            yield from blocks_with_owner(block.children, block)


def inline_lists(document: Document) -> Iterator[tuple[list[Inline], Clause | None, str]]:
    """Every list of inlines in the document, in reading order, with the clause it belongs to and
    what it is: "text", "table" (a cell) or "definitions" (a definition)."""
    for part in document.parts:
        for block, owner in blocks_with_owner(part.blocks):
            if isinstance(block, Clause):
                yield block.text, block, "text"
            elif isinstance(block, Paragraph):
                yield block.content, owner, "text"
            elif isinstance(block, Table):
                for cell in [*block.header, *(c for row in block.rows for c in row)]:
                    yield cell, owner, "table"
            elif isinstance(block, Definitions):
                for _, definition in block.entries:
                    yield definition, owner, "definitions"


def walk_inlines(inlines: list[Inline]) -> Iterator[Inline]:
    """Every inline node, nested ones (inside Strong and Emph) included."""
    for node in inlines:
        yield node
        if isinstance(node, (Strong, Emph)):
            yield from walk_inlines(node.children)


def inline_text(inlines: list[Inline]) -> str:
    """The plain text of a run of inlines (references show their label)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Strong, Emph)):
            out.append(inline_text(node.children))
        elif isinstance(node, Term):
            out.append(node.text)
        elif isinstance(node, Ref):
            out.append(node.label or node.target)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Placeholder):
            out.append(node.bracketed)
        elif isinstance(node, Inserted):  # a redline reads as its new text
            out.append(inline_text(node.children))
        elif isinstance(node, Deleted):
            pass
        else:
            raise TypeError(f"unknown inline node {type(node).__name__}")
    return "".join(out)


def has_revisions(document: Document) -> bool:
    """Whether the document is a redline or holds any tracked change (for writers that cannot show them)."""
    if document.meta.redline is not None:
        return True
    for part in document.parts:
        if part.revision or part.heading_changes is not None or _blocks_revised(part.blocks):
            return True
    return False


def _blocks_revised(blocks) -> bool:
    for block in blocks:
        if getattr(block, "revision", None):
            return True
        if isinstance(block, Clause):
            if block.title_changes is not None or _inlines_revised(block.text) or _blocks_revised(block.blocks) \
                    or _blocks_revised(block.children):
                return True
        elif isinstance(block, Paragraph) and _inlines_revised(block.content):
            return True
        elif isinstance(block, Table) and (any(block.row_revisions) or any(
                _inlines_revised(cell) for row in [block.header, *block.rows] for cell in row)):
            return True
        elif isinstance(block, Definitions) and (any(block.revisions) or any(
                _inlines_revised(d) for _, d in block.entries)):
            return True
    return False


def _inlines_revised(inlines) -> bool:
    for node in inlines:
        if isinstance(node, REVISION_TYPES):
            return True
        if isinstance(node, (Strong, Emph)) and _inlines_revised(node.children):
            return True
    return False
