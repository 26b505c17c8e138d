"""The HTML writer: semantic HTML5 of a Document, for browsers and for the PDF writer's paged media."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup, escape

from ..document import (
    Chart,
    Clause,
    Definitions,
    Document,
    Emph,
    Inline,
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
from .. import table_layout
from .chart_svg import svg

EXTENSION = ".html"

PARAGRAPH_STYLES = ("body", "definition", "note", "centred", "signature")
ALIGNMENTS = {"left": "left", "right": "right", "center": "centre", "centre": "centre"}
TOC_LABEL_CHARS = 70


def render(document: Document, resources, strict: bool = False) -> bytes:
    """A standalone HTML file with the print stylesheet inlined."""
    stylesheet = Path(resources.print_css).read_text(encoding="utf-8")
    return to_html(document, stylesheet=stylesheet).encode("utf-8")


def to_html(document: Document, stylesheet: str | None = None) -> str:
    """The document as an HTML5 string; `stylesheet` (CSS text) is put in a <style> element."""
    from ..document import has_revisions

    if has_revisions(document):  # silently showing both sides of a redline would mislead
        raise TypeError("the HTML writer cannot write a redline (tracked changes): write it as docx or md")
    return str(_HtmlWriter(document).page(stylesheet))


def anchor_ids(document: Document) -> dict[int, str]:
    """The HTML id of every part and numbered clause that can be linked to, keyed by id(node).

    Clause ids become "c-" plus the id with anything but letters, digits, "-" and "_" as "-";
    level-1 clauses without an id get "p<part>-<number>" so the contents can link to them.
    """
    ids: dict[int, str] = {}
    taken: set[str] = set()

    def claim(node: object, wanted: str) -> None:
        candidate, n = wanted, 1
        while candidate in taken:  # "a.b" and "a-b" sanitise alike; keep both linkable
            n += 1
            candidate = f"{wanted}-{n}"
        taken.add(candidate)
        ids[id(node)] = candidate

    for index, part in enumerate(document.parts, start=1):
        claim(part, f"part-{index}")
        for clause in part.clauses():
            if clause.id:
                claim(clause, "c-" + _sanitise(clause.id))
            elif clause.level == 1:
                claim(clause, f"p{index}-" + _sanitise(clause.number or "clause"))
    return ids


def document_title(meta) -> str:
    """The title a reader's window and tab show: the document's, then the partnership's name
    ("Integration Agreement – Dudley Multispecialty Community Provider"), so two partnerships'
    copies of one document type can be told apart."""
    if not meta.partnership or meta.partnership in meta.title:
        return meta.title
    return f"{meta.title} \u2013 {meta.partnership}"


def display_number(clause: Clause) -> str:
    """The number as printed: "3." for a clause, "3.1" and "3.1.1" below it (as in the DOCX)."""
    if not clause.number:
        raise ValueError(f"clause {clause.id or clause.title or inline_text(clause.text)[:40]!r} "
                         "has no number: run the numbering transform before writing")
    return f"{clause.number}." if clause.level == 1 else clause.number


def _sanitise(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", value.replace(".", "-"))


class _HtmlWriter:
    """Turns each node into escaped markup; an unknown node type is an error, not a silent gap."""

    def __init__(self, document: Document):
        self.document = document
        self.ids = anchor_ids(document)
        self.targets = {clause.id: self.ids[id(clause)]
                        for _, clause in document.clauses() if clause.id}

    # ------------------------------------------------------------ page

    def page(self, stylesheet: str | None) -> Markup:
        meta = self.document.meta
        head = [
            Markup('<meta charset="utf-8">'),
            Markup("<title>{}</title>").format(document_title(meta)),
            Markup('<meta name="author" content="contractgen">'),
            Markup('<meta name="generator" content="contractgen">'),
            Markup('<meta name="dcterms.created" content="{}">').format(meta.date.isoformat()),
        ]
        if meta.subject:
            head.append(Markup('<meta name="description" content="{}">').format(meta.subject))
        if stylesheet is not None:
            if "</style" in stylesheet.lower():
                raise ValueError("the stylesheet contains '</style', which would end the <style> element")
            head.append(Markup("<style>\n{}\n</style>").format(Markup(stylesheet)))
        body = [self.cover()] + [self.part(part) for part in self.document.parts]
        return Markup('<!DOCTYPE html>\n<html lang="{}">\n<head>\n{}\n</head>\n<body>\n{}\n</body>\n</html>\n').format(
            meta.lang, Markup("\n").join(head), Markup("\n").join(body))

    def cover(self) -> Markup:
        block = title_block(self.document.meta)
        lines = [Markup('<p class="doc-title">{}</p>').format(block.title)]
        lines += [Markup('<p class="doc-subtitle">{}</p>').format(line) for line in block.subtitles]
        if block.parties:
            lines.append(Markup('<p class="doc-subtitle doc-parties">{}</p>').format(block.parties))
        lines.append(Markup('<p class="draft-marking">{}</p>').format(block.banner))
        lines.append(Markup('<p class="doc-date">{}</p>').format(block.date))
        return Markup('<header class="cover">\n{}\n</header>').format(Markup("\n").join(lines))

    def part(self, part: Part) -> Markup:
        inner = []
        # The front matter is the cover's continuation: its title is a label for writers, not a heading.
        if part.kind != "front":
            inner.append(Markup('<h1 class="part-heading" id="{}">{}</h1>').format(self.ids[id(part)], part.heading))
        inner.extend(self.block(block) for block in part.blocks)
        return Markup('<section class="part part-{}">\n{}\n</section>').format(
            _sanitise(part.kind), Markup("\n").join(inner))

    # ------------------------------------------------------------ blocks

    def block(self, node) -> Markup:
        if isinstance(node, Clause):
            return self.clause(node)
        if isinstance(node, Paragraph):
            return self.paragraph(node)
        if isinstance(node, Table):
            return self.table(node)
        if isinstance(node, Definitions):
            return self.definitions(node)
        if isinstance(node, TableOfContents):
            return self.contents(node)
        if isinstance(node, PageBreak):
            return Markup('<div class="page-break"></div>')
        if isinstance(node, Chart):
            return self.chart(node)
        raise TypeError(f"the HTML writer cannot write a {type(node).__name__} block")

    def clause(self, clause: Clause) -> Markup:
        level = clause.level
        anchor = self.ids.get(id(clause))
        id_attr = Markup(' id="{}"').format(anchor) if anchor else Markup("")
        label_attr = Markup(' data-label="{}"').format(self.toc_label(clause)) if level == 1 else Markup("")
        number = Markup('<span class="num">{} </span>').format(display_number(clause))
        inner = []
        if clause.title:
            tag = f"h{min(level + 1, 6)}"
            inner.append(Markup('<{0} class="clause-lead clause-heading"{1}{2}>{3}{4}</{0}>').format(
                Markup(tag), id_attr, label_attr, number, clause.title))
            if clause.text:
                inner.append(Markup('<p class="clause-text">{}</p>').format(self.inlines(clause.text)))
        else:
            inner.append(Markup('<p class="clause-lead clause-text"{}{}>{}{}</p>').format(
                id_attr, label_attr, number, self.inlines(clause.text)))
        if clause.note and self.document.meta.draft and self.document.meta.comments:
            inner.append(Markup('<p class="drafting-note"><span class="note-label">Drafting note:</span> {}</p>')
                         .format(clause.note))
        inner.extend(self.block(block) for block in clause.blocks)
        inner.extend(self.clause(child) for child in clause.children)
        tag = Markup("section" if level == 1 else "div")
        return Markup('<{0} class="clause level-{1}">\n{2}\n</{0}>').format(tag, level, Markup("\n").join(inner))

    def paragraph(self, paragraph: Paragraph) -> Markup:
        if paragraph.style not in PARAGRAPH_STYLES:
            raise ValueError(f"unknown paragraph style {paragraph.style!r}; expected one of {PARAGRAPH_STYLES}")
        return Markup('<p class="{}">{}</p>').format(paragraph.style, self.inlines(paragraph.content))

    def chart(self, chart: Chart) -> Markup:
        # inline SVG: vector in the PDF, and nothing for the URL fetcher to fetch
        drawing = svg(chart)
        return Markup('<figure class="chart">\n<figcaption>{}</figcaption>\n{}\n</figure>').format(
            chart.title, Markup(drawing))

    def table(self, table: Table) -> Markup:
        columns = len(table.header)
        shape = table_layout.layout(table)
        align = [ALIGNMENTS.get(table_layout.alignment(table, c, shape)) for c in range(columns)]
        if None in align:
            raise ValueError(f"unknown table alignment in {table.align}; expected left or right")
        classes = [Markup("align-{}{}").format(a, " figures" if shape.numeric[c]  else "")
                   for c, a in enumerate(align)]

        def row(cells, tag: str, css_class: str = "") -> Markup:
            scope = Markup(' scope="col"') if tag == "th" else Markup("")
            out = [Markup('<{0}{1} class="{2}">{3}</{0}>').format(Markup(tag), scope, classes[i], self.inlines(cell))
                   for i, cell in enumerate(cells)]
            class_attr = Markup(' class="{}"').format(css_class) if css_class else Markup("")
            return Markup("<tr{}>{}</tr>").format(class_attr, Markup("").join(out))

        first_total = len(table.rows) - table.total_rows
        body = [row(cells, "td", "total" if i >= first_total else "") for i, cells in enumerate(table.rows)]
        caption = Markup("<caption>{}</caption>\n").format(table.caption) if table.caption else Markup("")
        # the measured widths (contractgen.table_layout), kept by a fixed table layout
        cols = Markup("").join(Markup('<col style="width: {}%">').format(f"{share * 100:.2f}")
                               for share in shape.widths)
        html = Markup('<table class="measured">\n{}<colgroup>{}</colgroup>\n<thead>{}</thead>\n<tbody>\n{}\n</tbody>\n'
                      '</table>').format(caption, cols, row(table.header, "th"), Markup("\n").join(body))
        if shape.landscape:  # too wide for the portrait text width: a landscape page of its own
            html = Markup('<div class="landscape">\n{}\n</div>').format(html)
        return html

    def definitions(self, definitions: Definitions) -> Markup:
        entries = [Markup('<p class="definition"><strong class="term-def">{}</strong> means {}</p>')
                   .format(term, self.inlines(meaning)) for term, meaning in definitions.entries]
        return Markup('<div class="definitions">\n{}\n</div>').format(Markup("\n").join(entries))

    def contents(self, toc: TableOfContents) -> Markup:
        """The model's contents as nested lists: each part's clauses inside the part's entry."""
        groups: list[tuple[Markup | None, list[Markup]]] = [(None, [])]  # (part link, its clauses)
        for entry in toc.entries:
            link = Markup('<a href="#{}">{}</a>').format(
                self.ids[id(entry.target)], f"{entry.number}. {entry.title}" if entry.number else entry.title)
            if entry.level == 1:
                groups.append((link, []))
            else:
                groups[-1][1].append(Markup("<li>{}</li>").format(link))
        items: list[Markup] = list(groups[0][1])  # titled clauses of the front matter, before any part
        for link, clauses in groups[1:]:
            inner = Markup("\n<ol>\n{}\n</ol>").format(Markup("\n").join(clauses)) if clauses else Markup("")
            items.append(Markup('<li class="toc-part">{}{}</li>').format(link, inner))
        return Markup('<nav class="toc" aria-labelledby="toc-heading">\n<h2 id="toc-heading">Contents</h2>\n'
                      '<ol>\n{}\n</ol>\n</nav>').format(Markup("\n").join(items))

    def toc_label(self, clause: Clause) -> str:
        """"2. Payment"; an untitled clause shows the start of its text."""
        text = clause.title or " ".join(inline_text(clause.text).split())
        if len(text) > TOC_LABEL_CHARS:
            text = text[:TOC_LABEL_CHARS].rsplit(" ", 1)[0] + "…"
        return f"{display_number(clause)} {text}"

    # ------------------------------------------------------------ inlines

    def inlines(self, nodes: list[Inline]) -> Markup:
        return Markup("").join(self.inline(node) for node in nodes)

    def inline(self, node: Inline) -> Markup:
        if isinstance(node, Text):
            return escape(node.text)
        if isinstance(node, Strong):
            return Markup("<strong>{}</strong>").format(self.inlines(node.children))
        if isinstance(node, Emph):
            return Markup("<em>{}</em>").format(self.inlines(node.children))
        if isinstance(node, Term):
            if node.defining:
                return Markup('<strong class="term-def">{}</strong>').format(node.text)
            return Markup('<span class="term">{}</span>').format(node.text)
        if isinstance(node, Ref):
            label = node.label or node.target
            if node.target in self.targets:
                return Markup('<a class="ref" href="#{}">{}</a>').format(self.targets[node.target], label)
            return Markup('<span class="ref unresolved">{}</span>').format(label)
        if isinstance(node, LineBreak):
            return Markup("<br>")
        if isinstance(node, Placeholder):
            return Markup('<mark class="placeholder">{}</mark>').format(node.bracketed)
        raise TypeError(f"the HTML writer cannot write a {type(node).__name__} inline")
