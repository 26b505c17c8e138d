"""The DOCX writer: a Document as a Word file in the reference document's styles, with real list numbers and fields."""

from __future__ import annotations

import copy
import io
import re
from datetime import datetime, time, timezone

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from contractgen.document import (
    Chart,
    Clause,
    Definitions,
    Deleted,
    Document,
    Emph,
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
    inline_text,
    title_block,
)
from contractgen import table_layout
from contractgen.resources import Resources
from contractgen.writers.docx_chart import add_chart
from contractgen.writers.docx_fields import add_field, begin_field, bookmark_names, bookmark_paragraph, end_field
from contractgen.writers.docx_numbering import ClauseNumbering, number_paragraph
from contractgen.writers.docx_reference import open_reference
from contractgen.writers.docx_package import (
    set_core_properties,
    set_custom_properties,
    set_language,
    set_settings,
    stable_zip,
)
from contractgen.writers.docx_revisions import Revisions

EXTENSION = ".docx"

PARAGRAPH_STYLES = {
    "body": "Body Text",
    "definition": "Definition",
    "note": "Note",
    "centred": "Centred",
    "signature": "Signature",
}
# styles newer than some restyled references: each falls back to an older one
STYLES_ADDED_LATER = {"Draft Banner": "Subtitle", "Title Date": "Subtitle"}
CLAUSE_STYLES = {1: "Clause Level 1", 2: "Clause Level 2", 3: "Clause Level 3"}
ALIGNMENT = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
TOC_STYLES = {1: "toc 1", 2: "toc 2"}
COMMENT_AUTHOR, COMMENT_INITIALS = "contractgen", "CG"
SCHEDULE_HEADING = re.compile(r"^Schedule \d+: (.*)$", re.S)
SCHEDULE_BOOKMARK_IDS = 9000  # schedule headings' bookmark ids, after those of clauses (numbered from 0)


def render(document: Document, resources: Resources, strict: bool = False) -> bytes:
    """The document as DOCX bytes; the same document always gives the same bytes."""
    doc = open_reference(resources.reference_docx)
    _Writer(doc, document).write()
    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue())


class _Writer:
    """Walks the model once, appending to the body of the reference document."""

    def __init__(self, doc, document: Document) -> None:
        self.doc = doc
        self.document = document
        self.numbering = ClauseNumbering(doc.part.numbering_part.element)
        self.bookmarks = bookmark_names([clause.id for _, clause in document.clauses() if clause.id])
        self.bookmarked: set[str] = set()  # a repeated id is marked once; Word rejects duplicate names
        # Schedule headings take Word list numbers when the schedules are numbered in order, as Word
        # counts them; in a redline too, where accepting or rejecting a whole schedule renumbers the
        # rest. Outside a redline each heading has a bookmark, and references show its number by a field.
        schedules = [part for part in document.parts if part.label]
        self.live_schedules = document.meta.redline is not None or \
            [p.number for p in schedules] == list(range(1, len(schedules) + 1))
        self.schedule_bookmarks: dict[str, str] = {}
        if self.live_schedules and document.meta.redline is None:
            self.schedule_bookmarks = {part.label: f"cg__schedule_{part.number}" for part in schedules}
        self.toc_placeholders: list[tuple[DocxParagraph, TableOfContents]] = []
        self.break_pending = False  # a page break waiting for the next paragraph
        self.list_id: int | None = None  # the current part's w:num
        self.styles: dict = {}
        self.charts = 0
        self.comments = document.meta.draft and document.meta.comments
        # tracked changes (a redline): the revision of the node being written, and paragraphs to mark at the end
        redline = document.meta.redline
        self.revisions = Revisions(redline.author if redline else COMMENT_AUTHOR,
                                   redline.date if redline else document.meta.date)
        self.revision: str | None = None
        self.revised: list[tuple] = []

    def style(self, name: str):
        """A style of the reference by name, looked up once: python-docx searches every style per lookup."""
        if name not in self.styles:
            try:
                self.styles[name] = self.doc.styles[name]
            except KeyError:
                if name not in STYLES_ADDED_LATER:
                    raise
                # a legal team's reference made before the style existed still works
                self.styles[name] = self.style(STYLES_ADDED_LATER[name])
        return self.styles[name]

    def style_id(self, name: str) -> str:
        # python-docx's style= argument scans all styles for the default on every call (most of the
        # writer's time on a long contract); setting the id directly gives the same XML
        return self.style(name).style_id

    def run(self, paragraph: DocxParagraph, text: str, style: str | None = None):
        run = add_run(paragraph, text)
        if style is not None:
            run._r.style = self.style_id(style)
        return run

    def write(self) -> None:
        meta = self.document.meta
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        # the title block every format shows; in a redline, the title and subtitle with their changes
        block = title_block(meta)
        if meta.redline:
            self.inlines(self.paragraph("Title"), meta.redline.title)
            if meta.subtitle or meta.redline.subtitle:
                self.inlines(self.paragraph("Subtitle"), meta.redline.subtitle)
        else:
            add_run(self.paragraph("Title"), block.title)
            if meta.subtitle:
                add_run(self.paragraph("Subtitle"), meta.subtitle)
        for line in block.subtitles[1 if meta.subtitle else 0:]:  # the partnership, when the subtitle is not it
            add_run(self.paragraph("Subtitle"), line)
        if meta.redline:
            # either draft's parties line, with its changes: absent only when neither draft has one
            if meta.redline.parties != [Text("")]:
                self.inlines(self.paragraph("Subtitle"), meta.redline.parties)
        elif block.parties:
            add_run(self.paragraph("Subtitle"), block.parties)
        if meta.redline:  # the draft marking and date with their changes: rejecting them all gives the old ones
            self.inlines(self.paragraph("Draft Banner"), meta.redline.marking)
            self.inlines(self.paragraph("Title Date"), meta.redline.dated)
        else:
            add_run(self.paragraph("Draft Banner"), block.banner)
            add_run(self.paragraph("Title Date"), block.date)
        for part in self.document.parts:
            self.part(part)
        self.fill_tables_of_contents()
        for p, revision in self.revised:
            self.revisions.paragraph(p, revision)
        self.header_and_footer()
        set_core_properties(self.doc, meta)
        set_custom_properties(self.doc, meta.properties)
        set_settings(self.doc)
        set_language(self.doc, meta.lang)

    # ------------------------------------------------------------ blocks

    def paragraph(self, style: str) -> DocxParagraph:
        paragraph = self.doc.add_paragraph()
        paragraph._p.style = self.style_id(style)
        if self.revision:
            self.revised.append((paragraph._p, self.revision))
        if self.break_pending:
            # pageBreakBefore, not a break run: a run leaves an empty line at the top of the new page
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        return paragraph

    def part(self, part: Part) -> None:
        self.list_id = None
        self.revision = part.revision
        if part.kind != "front":
            if part.kind == "schedule":
                self.break_pending = True
            title = _schedule_title(part) if part.label and self.live_schedules else None
            if title is not None:
                # "Schedule 5" is Word's list number, which references to it show through REF fields
                heading = self.paragraph("Heading 1")
                self.inlines(heading, title)
                number_paragraph(heading, self.numbering.schedule_list(), 1)
                if part.label in self.schedule_bookmarks:
                    bookmark_paragraph(heading, self.schedule_bookmarks[part.label],
                                       SCHEDULE_BOOKMARK_IDS + part.number)
            elif part.heading_changes is not None:
                self.inlines(self.paragraph("Heading 1"), part.heading_changes)
            else:
                add_run(self.paragraph("Heading 1"), part.heading)
        for block in part.blocks:
            self.block(block, part)

    def block(self, block, part: Part) -> None:
        self.revision = getattr(block, "revision", None)  # every node in a changed block carries the change
        if isinstance(block, Clause):
            self.clause(block, part)
        elif isinstance(block, Paragraph):
            if block.style not in PARAGRAPH_STYLES:
                raise ValueError(f"unknown paragraph style {block.style!r}")
            self.inlines(self.paragraph(PARAGRAPH_STYLES[block.style]), block.content)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Definitions):
            for i, (term, definition) in enumerate(block.entries):
                self.revision = block.revisions[i] if i < len(block.revisions) else None
                paragraph = self.paragraph("Definition")
                self.run(paragraph, term, "Defining Term")
                add_run(paragraph, " means ")
                self.inlines(paragraph, definition)
        elif isinstance(block, TableOfContents):
            add_run(self.paragraph("TOC Heading"), "Contents")
            self.toc_placeholders.append((self.doc.add_paragraph(), block))
        elif isinstance(block, PageBreak):
            self.break_pending = True
        elif isinstance(block, Chart):
            self.chart(block)
        else:
            raise TypeError(f"the DOCX writer cannot write a {type(block).__name__}")

    def chart(self, chart: Chart) -> None:
        add_run(self.paragraph("Caption"), chart.title)
        self.charts += 1
        add_chart(add_run(self.paragraph("Centred")), self.doc.part, chart, self.charts)

    def clause(self, clause: Clause, part: Part) -> None:
        if clause.level not in CLAUSE_STYLES:
            raise ValueError(f"clause {clause.id or clause.number}: level {clause.level} is not 1, 2 or 3")
        if self.list_id is None:
            self.list_id = self.numbering.new_list(part.prefix)
        self.revision = clause.revision
        text_after = None
        if clause.title and clause.level == 1:
            numbered = self.paragraph("Heading 2")
            self.title(numbered, clause)
            text_after = clause.text
        elif clause.title:
            # A run-in heading: the title in bold, the text on the next line of the same numbered paragraph.
            numbered = self.paragraph(CLAUSE_STYLES[clause.level])
            self.title(numbered, clause, "Clause Heading")
            if clause.text:
                add_run(numbered).add_break()
                self.inlines(numbered, clause.text)
        else:
            numbered = self.paragraph(CLAUSE_STYLES[clause.level])
            self.inlines(numbered, clause.text)
        number_paragraph(numbered, self.list_id, clause.level)
        if clause.id in self.bookmarks and clause.id not in self.bookmarked:
            bookmark_paragraph(numbered, self.bookmarks[clause.id], len(self.bookmarked))
            self.bookmarked.add(clause.id)
        if text_after:
            self.inlines(self.paragraph("Body Text"), text_after)
        if (clause.note or clause.why) and self.comments:
            self.comment(numbered, clause)
        for block in clause.blocks:
            self.block(block, part)
        for child in clause.children:
            self.clause(child, part)

    def table(self, table: Table) -> None:
        columns = len(table.header)
        for row in table.rows:
            if len(row) != columns:
                raise ValueError(f"table {table.caption or ''!r}: a row has {len(row)} cells, the header {columns}")
        shape = table_layout.layout(table)
        if shape.landscape:  # the table alone on landscape pages, as its own section
            self.section_break(landscape=False)
            self.break_pending = False  # the section starts a new page already
        if table.caption:
            add_run(self.paragraph("Caption"), table.caption)
        elif self.break_pending:
            self.doc.add_page_break()
            self.break_pending = False
        grid = self.doc.add_table(rows=1 + len(table.rows), cols=columns, style=self.style("Contract Table"))
        _table_properties(grid, table.caption, _table_description(table))
        indent = self.style("Body Text").paragraph_format.left_indent  # in line with clause text
        indent = indent.twips if indent else 0
        widths = _twips(shape.widths, self.text_width(shape.landscape) - indent)
        _table_widths(grid, widths, indent)
        # rows and cells straight from the XML: python-docx's grid.cell() rebuilds the whole grid on
        # every call, which made a 500-row table take minutes
        rows = grid._tbl.tr_lst
        for tr in rows:  # a row is never split across pages: a reader sees each line of figures whole
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        rows[0].get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on each page; the header row for screen readers
        first_total = 1 + len(table.rows) - table.total_rows
        align = [table_layout.alignment(table, c, shape) for c in range(columns)]
        for a in align:
            if a not in ALIGNMENT:
                raise ValueError(f"unknown column alignment {a!r}")
        for r, cells in enumerate([table.header, *table.rows]):
            tcs = rows[r].tc_lst
            for c, inlines in enumerate(cells):
                tc = tcs[c]
                tc.tcPr.tcW.set(qn("w:w"), str(widths[c]))
                if shape.numeric[c] and r > 0:  # a figure stays on one line
                    tc.tcPr.tcW.addnext(OxmlElement("w:noWrap"))
                paragraph = _Cell(tc, grid).paragraphs[0]
                paragraph.alignment = ALIGNMENT[align[c]]
                self.inlines(paragraph, inlines, bold=r >= first_total)
        if table.revision:  # the whole table: its header row too
            self.revisions.row(rows[0], table.revision)
        for r, revision in enumerate(table.row_revisions, start=1):
            if revision:
                self.revisions.row(rows[r], revision)
        if shape.landscape:
            self.section_break(landscape=True)

    def text_width(self, landscape: bool) -> int:
        """The width between the margins, in twips, of the reference document's page (turned for landscape)."""
        body = self.doc.element.body.sectPr
        size, margins = body.find(qn("w:pgSz")), body.find(qn("w:pgMar"))
        page = int(size.get(qn("w:h" if landscape else "w:w")))
        return page - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))

    def section_break(self, landscape: bool) -> None:
        """End the section here with an empty paragraph holding its properties: the page set-up of the
        reference document, turned when `landscape`; the next section starts on a new page."""
        sect_pr = copy.deepcopy(self.doc.element.body.sectPr)
        for child in list(sect_pr):  # the header and footer follow from the first section
            if child.tag in (qn("w:headerReference"), qn("w:footerReference"), qn("w:type")):
                sect_pr.remove(child)
        size = sect_pr.find(qn("w:pgSz"))
        if landscape:
            width, height = size.get(qn("w:w")), size.get(qn("w:h"))
            size.set(qn("w:w"), height)
            size.set(qn("w:h"), width)
            size.set(qn("w:orient"), "landscape")
        paragraph = self.doc.add_paragraph()
        paragraph._p.style = self.style_id("Normal")
        if self.revision:
            self.revised.append((paragraph._p, self.revision))
        paragraph._p.get_or_add_pPr().append(sect_pr)

    def fill_tables_of_contents(self) -> None:
        """Replace each placeholder with a TOC field whose cached result lists the model's contents."""
        for placeholder, block in self.toc_placeholders:
            entries = [(e.level, f"{e.number}.\t{e.title}" if e.number else e.title) for e in block.entries]
            entries = entries or [(1, "")]
            redline = self.document.meta.redline
            if redline:  # the contents of both drafts, their differences tracked
                entries = [(level, label) for level, label, _ in redline.contents] or [(1, [])]
            paragraphs = [placeholder.insert_paragraph_before() for _ in entries]
            for paragraph, (level, _) in zip(paragraphs, entries):
                paragraph._p.style = self.style_id(TOC_STYLES[level])
            begin_field(paragraphs[0], TOC_INSTRUCTION)
            for paragraph, (_, text) in zip(paragraphs, entries):
                if isinstance(text, list):
                    self.inlines(paragraph, text)
                elif text:
                    add_run(paragraph, text)
            if redline:
                for paragraph, (_, _, revision) in zip(paragraphs, redline.contents):
                    if revision:
                        self.revisions.paragraph(paragraph._p, revision)
            end_field(paragraphs[-1])
            placeholder._p.getparent().remove(placeholder._p)

    def header_and_footer(self) -> None:
        meta = self.document.meta
        previous = None
        for index, section in enumerate(self.doc.sections):
            landscape = section.orientation == WD_ORIENT.LANDSCAPE
            if index and landscape == previous:
                continue  # a section turned as the one before it takes that one's header and footer
            previous = landscape
            header = section.header
            stories = (header, section.footer) if index == 0 else (header,)  # the footer is centred on any page
            for story in stories:
                story.is_linked_to_previous = False
                for child in list(story._element):
                    story._element.remove(child)
            top = header.add_paragraph(style=self.style("Header"))
            if landscape:  # the title stays against the right margin of the wider page
                self.right_tab_at(top, self.text_width(landscape=True))
            if meta.redline:  # a redline's header tracks its changes too: rejecting them all gives the old one
                self.inlines(top, meta.redline.marking)
                add_run(top).add_tab()
                self.inlines(top, meta.redline.title)
            else:
                add_run(top, meta.draft_marking)
                add_run(top).add_tab()
                add_run(top, meta.title)
            if index == 0:
                bottom = section.footer.add_paragraph(style=self.style("Footer"))
                add_run(bottom, "Page ")
                add_field(bottom, "PAGE", "1")
                add_run(bottom, " of ")
                add_field(bottom, "NUMPAGES", "1")

    def right_tab_at(self, paragraph: DocxParagraph, position: int) -> None:
        """Give the paragraph one right tab stop at `position` twips, clearing its style's other stops."""
        stops = paragraph.paragraph_format.tab_stops
        for stop in paragraph.style.paragraph_format.tab_stops:
            if stop.position.twips != position:
                stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(Twips(position), WD_TAB_ALIGNMENT.RIGHT)

    # ------------------------------------------------------------ inlines

    def inlines(self, paragraph: DocxParagraph, inlines: list, bold: bool = False, italic: bool = False) -> None:
        for node in inlines:
            if isinstance(node, Text):
                if node.text:
                    _format(add_run(paragraph, node.text), bold, italic)
            elif isinstance(node, Strong):
                self.inlines(paragraph, node.children, True, italic)
            elif isinstance(node, Emph):
                self.inlines(paragraph, node.children, bold, True)
            elif isinstance(node, Term):
                style = "Defining Term" if node.defining else "Defined Term"
                _format(self.run(paragraph, node.text, style), bold, italic)
            elif isinstance(node, Ref):
                self.reference(paragraph, node, bold, italic)
            elif isinstance(node, LineBreak):
                add_run(paragraph).add_break()
            elif isinstance(node, Placeholder):
                # highlighted as direct formatting (w:highlight), which survives a restyled reference document
                run = add_run(paragraph, node.bracketed)
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                _format(run, bold, italic)
            elif isinstance(node, (Inserted, Deleted)):
                start = len(paragraph._p)
                self.inlines(paragraph, node.children, bold, italic)
                self.revisions.wrap(paragraph._p, start, "inserted" if isinstance(node, Inserted) else "deleted")
            else:
                raise TypeError(f"the DOCX writer cannot write a {type(node).__name__}")

    def reference(self, paragraph: DocxParagraph, ref: Ref, bold: bool, italic: bool) -> None:
        """ "clause 2.2" becomes the text "clause " and a REF field giving "2.2", the target's list number."""
        label = ref.label or ref.target
        bookmark = self.bookmarks.get(ref.target)
        if ref.label is None or bookmark is None:
            _format(add_run(paragraph, label), bold, italic)
            return
        if ref.number is None:  # a hand-built document: the number is the label's last word
            words, _, number = label.rpartition(" ")
            words = words + " " if words else ""
        elif label.endswith(ref.number):
            words, number = label[: len(label) - len(ref.number)], ref.number
        else:  # a label that does not end in the number: no field could keep it true
            _format(add_run(paragraph, label), bold, italic)
            return
        schedule = ref.schedule
        if schedule in self.schedule_bookmarks and words.startswith(schedule):
            # "Schedule 5, paragraph 2": the schedule's number is a field too
            add_field(paragraph, f"REF {self.schedule_bookmarks[schedule]} \\r \\h", schedule, bold, italic)
            words = words[len(schedule):]
        if words:
            _format(add_run(paragraph, words), bold, italic)
        add_field(paragraph, f"REF {bookmark} \\r \\h", number, bold, italic)

    # ------------------------------------------------------------ redlines

    def title(self, paragraph: DocxParagraph, clause: Clause, style: str | None = None) -> None:
        """A clause's title, with its tracked changes in a redline."""
        if clause.title_changes is None:
            self.run(paragraph, clause.title, style)
            return
        start = len(paragraph._p)
        self.inlines(paragraph, clause.title_changes)
        if style:
            for r in list(paragraph._p)[start:]:
                for run in ([r] if r.tag == qn("w:r") else r.findall(qn("w:r"))):
                    run.style = self.style_id(style)

    # ------------------------------------------------------------ comments

    def comment(self, paragraph: DocxParagraph, clause: Clause) -> None:
        """A reviewer's comment on the clause's numbered paragraph: its drafting note and why it is in."""
        lines = []
        source = clause.source
        tag = f"[{clause.id or (source.clause_id if source else None) or clause.number}"
        if source and source.version:
            tag += f" v{source.version}"
        tag += "]"
        lines.append(f"{tag} {clause.note}" if clause.note else tag)
        if clause.why:
            lines.append(f"Included because: {clause.why}")
        runs = paragraph.runs or [add_run(paragraph)]
        comment = self.doc.add_comment(runs, text="\n".join(lines), author=COMMENT_AUTHOR, initials=COMMENT_INITIALS)
        # python-docx stamps the time now; the draft's date keeps equal input giving equal bytes
        comment._comment_elm.date = datetime.combine(self.document.meta.date, time(0, 0), tzinfo=timezone.utc)


def add_run(paragraph: DocxParagraph, text: str = "") -> Run:
    """paragraph.add_run(text) with the same XML, without python-docx's character-by-character
    text setter (a fifth of the writer's time on a long contract)."""
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    r = paragraph._p.add_r()
    if text:
        r.add_t(text)
    return Run(r, paragraph)


def _format(run, bold: bool, italic: bool) -> None:
    if bold:
        run.bold = True
    if italic:
        run.italic = True


def _table_description(table: Table) -> str:
    """What a screen reader announces for the table: its columns and how many rows."""
    columns = ", ".join(inline_text(cell) for cell in table.header)
    rows = len(table.rows) - table.total_rows
    text = f"Columns: {columns}. {rows} row{'s' if rows != 1 else ''}"
    if table.total_rows:
        text += f", then {table.total_rows} total row{'s' if table.total_rows != 1 else ''}"
    return text + "."


def _schedule_title(part: Part) -> list | None:
    """A schedule heading's text after its number (": Services"): in a redline, with the changes to the title alone
    (the number is Word's own, so a schedule that moves needs no tracked change); None when a
    redlined heading is not "Schedule N: title" on both sides."""
    if part.heading_changes is None:
        return [Text(f": {part.title}")]
    old = "".join(inline_text([n]) if not isinstance(n, Deleted) else inline_text(n.children)
                  for n in part.heading_changes if not isinstance(n, Inserted))
    new = inline_text(part.heading_changes)  # a redline's text reads as its new side
    old_match, new_match = SCHEDULE_HEADING.match(old), SCHEDULE_HEADING.match(new)
    if not (old_match and new_match):
        return None
    if old_match.group(1) == new_match.group(1):
        return [Text(f": {new_match.group(1)}")]
    return [Text(": "), Deleted([Text(old_match.group(1))]), Inserted([Text(new_match.group(1))])]


def _twips(shares: tuple[float, ...], width: int) -> list[int]:
    """Column widths in whole twips that add up to `width` exactly."""
    edges = [round(width * sum(shares[:i])) for i in range(len(shares) + 1)]
    return [b - a for a, b in zip(edges, edges[1:])]


def _table_widths(grid, widths: list[int], indent: int) -> None:
    """A fixed layout at the measured widths, `indent` twips in: Word and LibreOffice keep each column as given."""
    tbl_pr = grid._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(widths)))
    if indent:
        tbl_ind = OxmlElement("w:tblInd")
        tbl_ind.set(qn("w:w"), str(indent))
        tbl_ind.set(qn("w:type"), "dxa")
        tbl_w.addnext(tbl_ind)  # tblJc and tblCellSpacing, which would come between, are not written
    fixed = OxmlElement("w:tblLayout")
    fixed.set(qn("w:type"), "fixed")
    # tblLayout sits after tblW, tblJc, tblCellSpacing, tblInd and tblBorders, shd, before tblCellMar and tblLook
    anchor = tbl_pr.find(qn("w:tblCellMar"))
    if anchor is None:
        anchor = tbl_pr.find(qn("w:tblLook"))
    if anchor is not None:
        anchor.addprevious(fixed)
    else:
        tbl_pr.append(fixed)
    for col, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))


def _table_properties(grid, caption: str | None, description: str) -> None:
    tbl_pr = grid._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    for name, value in (("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "0"), ("lastColumn", "0"),
                        ("noHBand", "1"), ("noVBand", "1")):
        look.set(qn(f"w:{name}"), value)
    look.set(qn("w:val"), "0620")  # the same switches as a bit mask, for Word 2007
    # alternative text, read out by screen readers: title then description, in schema order after tblLook
    after = look
    if caption:
        alt = OxmlElement("w:tblCaption")
        alt.set(qn("w:val"), caption)
        after.addnext(alt)
        after = alt
    described = OxmlElement("w:tblDescription")
    described.set(qn("w:val"), description)
    after.addnext(described)
