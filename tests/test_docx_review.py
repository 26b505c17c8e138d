"""Legal-review grade DOCX: live references, reviewer comments, a clean copy, accessibility, what a reader sees.

The document is the lint fixture (tests/fixtures/lint/) built through the whole pipeline; LibreOffice
stands in for the reader. These tests fail, not skip, when soffice or pdftotext is missing.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import subprocess
import zipfile
import zlib

import docx
import pytest
from lxml import etree

from contractgen.document import Chart, Clause, Definitions, Emph, Paragraph, Ref, Strong, Table
from contractgen.resources import Resources
from contractgen.writers import docx as docx_writer
from contractgen.writers import html as html_writer
from contractgen.writers.docx_fields import bookmark_names
from office import convert
from sample_document import sample_document
from test_lint import build_fixture

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "wp": WP}
STALE = "99.9"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise RuntimeError(f"{tool} is not installed; the review tests need it (poppler-utils / LibreOffice)")
    return found


def part(data: bytes, member: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(member))


def refs(document):
    """Every Ref in the document."""
    def inlines(nodes):
        for node in nodes:
            if isinstance(node, Ref):
                yield node
            elif isinstance(node, (Strong, Emph)):
                yield from inlines(node.children)

    def blocks(items):
        for block in items:
            if isinstance(block, Clause):
                yield from inlines(block.text)
                yield from blocks(block.blocks)
                yield from blocks(block.children)
            elif isinstance(block, Paragraph):
                yield from inlines(block.content)
            elif isinstance(block, Definitions):
                for _, definition in block.entries:
                    yield from inlines(definition)
            elif isinstance(block, Table):
                for row in [block.header, *block.rows]:
                    for cell in row:
                        yield from inlines(cell)

    for p in document.parts:
        yield from blocks(p.blocks)


@pytest.fixture(scope="module")
def built():
    assembled, _ = build_fixture()
    return assembled.document


@pytest.fixture(scope="module")
def reviewed(built) -> bytes:
    return docx_writer.render(built, Resources())


@pytest.fixture(scope="module")
def stale_pdf_text(built, tmp_path_factory) -> str:
    """What a reader of the DOCX sees once laid out, when every cached reference number was wrong."""
    need("pdftotext")
    document = copy.deepcopy(built)
    for ref in refs(document):
        assert ref.number and ref.label.endswith(ref.number)
        ref.label = ref.label[: -len(ref.number)] + STALE
        ref.number = STALE
    folder = tmp_path_factory.mktemp("review")
    source = folder / "stale.docx"
    data = docx_writer.render(document, Resources())
    assert f"<w:t>{STALE}</w:t>".encode() in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    source.write_bytes(data)
    pdf = convert(source, "pdf", folder)
    return subprocess.run([need("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout


# ------------------------------------------------------------------ what the reader sees


def test_each_reference_shows_the_number_of_its_target(built, stale_pdf_text):
    words = " ".join(stale_pdf_text.split())
    assert STALE not in words
    targets = {ref.target: (ref.label, ref.number) for ref in refs(built)}
    assert targets == {"lint.meetings.first": ("clause 2.1", "2.1"),
                       "lint.practices": ("Schedule 1, paragraph 1", "1")}
    assert "The Board meets as clause 2.1 says, and keeps the list in Schedule 1, paragraph 1." in words
    assert "2.1 The Board first meets on the Service Commencement Date" in words


def test_definitions_list_exactly_the_terms_used(stale_pdf_text):
    words = " ".join(stale_pdf_text.split())
    section = words[words.index("1. Definitions"):words.index("2. Meetings")]
    assert re.findall(r"([A-Z][A-Za-z ]*?) means", section) == ["Board", "Board Member"]  # "Observer" is unused


def test_numbering_restarts_where_each_schedule_starts(stale_pdf_text):
    # without the running header's lines, which pdftotext may read between a number and its heading
    running = {"DRAFT 0.1 (working draft)", "Lint Test Terms of Reference"}
    words = " ".join(" ".join(line for line in stale_pdf_text.splitlines() if line.strip() not in running).split())
    assert "6. Practice representatives" in words
    assert "Schedule 1: Practices 1. Practices 1.1 The practices that observe are:" in words


def test_comments_are_not_printed_in_the_body(stale_pdf_text):
    assert "Included because" not in stale_pdf_text and "Drafting note" not in stale_pdf_text
    assert "[lint." not in stale_pdf_text


# ------------------------------------------------------------------ fields, bookmarks and comments in the XML


def test_ref_fields_point_at_bookmarked_numbered_paragraphs(reviewed, built):
    body = part(reviewed, "word/document.xml")
    names = bookmark_names([c.id for _, c in built.clauses() if c.id])
    instructions = [t.text for t in body.iter(w("instrText"))]
    # "Schedule 1, paragraph 1": a field for the schedule's number, then one for the paragraph's
    assert instructions == [f" REF {names['lint.meetings.first']} \\r \\h ", " REF cg__schedule_1 \\r \\h ",
                            f" REF {names['lint.practices']} \\r \\h "]
    for target in (names["lint.meetings.first"], "cg__schedule_1", names["lint.practices"]):
        (start,) = body.xpath(f"//w:bookmarkStart[@w:name='{target}']", namespaces=NS)
        assert start.getparent().find("w:pPr/w:numPr", NS) is not None
    cached = body.xpath("//w:r[w:fldChar/@w:fldCharType='separate']/following-sibling::w:r[1]/w:t/text()",
                        namespaces=NS)
    assert cached == ["2.1", "Schedule 1", "1"]
    (paragraph,) = body.xpath("//w:p[.//w:instrText[contains(., 'lint_meetings_first')]]", namespaces=NS)
    assert "".join(paragraph.xpath(".//w:t/text()", namespaces=NS)) == (
        "The Board meets as clause 2.1 says, and keeps the list in Schedule 1, paragraph 1.")


def test_a_comment_on_each_clause_with_a_note_or_a_reason(reviewed, built):
    comments = part(reviewed, "word/comments.xml").findall(w("comment"))
    texts = ["\n".join("".join(p.itertext()) for p in c.findall(w("p"))) for c in comments]
    assert texts == [
        "[lint.meetings v1.0.0]\nIncluded because: always included in this document",
        "[lint.board v1.2.0]\nIncluded because: always included in this document",
        "[lint.board_again v1.0.0]\nIncluded because: always included in this document",
        "[lint.observers v1.0.0]\nIncluded because: always included in this document",
        "[lint.representatives v1.0.0] Lists the observers among the parties; this partnership has none, so the "
        "clause is left empty.\nIncluded because: always included in this document",
        "[lint.practices v1.0.0]\nIncluded because: always included in this document",
    ]
    assert {(c.get(w("author")), c.get(w("initials")), c.get(w("date"))) for c in comments} == {
        ("contractgen", "CG", "2018-10-01T00:00:00Z")}
    # each comment is anchored on its own clause's numbered paragraph (the one its bookmark marks)
    body = part(reviewed, "word/document.xml")
    names = bookmark_names([c.id for _, c in built.clauses() if c.id])
    for comment, text in zip(comments, texts):
        clause_id = text[1:].split(" ")[0]
        (start,) = body.xpath(f"//w:commentRangeStart[@w:id='{comment.get(w('id'))}']", namespaces=NS)
        paragraph = start.getparent()
        assert paragraph.xpath("w:bookmarkStart/@w:name", namespaces=NS) == [names[clause_id]]
        assert paragraph.xpath("w:commentRangeEnd/@w:id", namespaces=NS) == [comment.get(w("id"))]
        assert paragraph.xpath("w:r/w:commentReference/@w:id", namespaces=NS) == [comment.get(w("id"))]
    assert not [p for p in docx.Document(io.BytesIO(reviewed)).paragraphs if p.text.startswith("Drafting note")]


def test_two_renders_with_comments_are_byte_identical(built, reviewed):
    assert docx_writer.render(copy.deepcopy(built), Resources()) == reviewed


def test_the_clean_copy_has_no_comments_part_and_no_notes(built):
    clean = copy.deepcopy(built)
    clean.meta.comments = False
    data = docx_writer.render(clean, Resources())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "word/comments.xml" not in package.namelist()
        assert b"comments" not in package.read("[Content_Types].xml")
        assert b"comments" not in package.read("word/_rels/document.xml.rels")
        assert b"commentRange" not in package.read("word/document.xml")
    assert "drafting-note" not in html_writer.to_html(clean)
    assert "Lists the observers among the parties" in html_writer.to_html(built)


# ------------------------------------------------------------------ accessibility


def with_chart():
    document = sample_document()
    document.parts[2].blocks.append(Chart(
        title="Gain share by year", x_label="Year", y_label="£m",
        series=[("Provider", [(2019, 1.0), (2020, 2.5)]), ("Commissioner", [(2019, 0.5), (2020, 1.0)])],
        alt="Line chart: the Provider's gain share rises from £1m in 2019 to £2.5m in 2020."))
    return document


@pytest.fixture(scope="module")
def accessible() -> bytes:
    return docx_writer.render(with_chart(), Resources())


def outline_levels(opened):
    """The outline level of each paragraph's style (following basedOn), None for body text."""
    styles = opened.styles.element
    by_id = {s.get(w("styleId")): s for s in styles.findall(w("style"))}

    def level(style_id):
        while style_id:
            style = by_id[style_id]
            found = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            if found is not None:
                value = int(found.get(w("val")))
                return None if value == 9 else value
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return None

    return [(p.style.name, level(p.style.style_id)) for p in opened.paragraphs]


def test_language_is_british_english(accessible):
    styles = part(accessible, "word/styles.xml")
    assert styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}").get(w("val")) == "en-GB"
    assert part(accessible, "word/settings.xml").find(w("themeFontLang")).get(w("val")) == "en-GB"


def test_title_and_a_heading_hierarchy_without_gaps(accessible):
    opened = docx.Document(io.BytesIO(accessible))
    assert opened.core_properties.title == "Multispecialty Community Provider Contract"
    levels = outline_levels(opened)
    assert levels[0] == ("Title", None)
    headings = [(name, lvl) for name, lvl in levels if lvl is not None]
    assert headings[0] == ("Heading 1", 0)
    assert {name for name, _ in headings} == {"Heading 1", "Heading 2"}
    previous = -1
    for name, lvl in headings:
        assert lvl <= previous + 1, f"{name} skips a level"
        previous = lvl


def test_tables_have_header_rows_captions_and_descriptions(accessible):
    body = part(accessible, "word/document.xml")
    tables = body.findall(f".//{w('tbl')}")
    assert tables
    for table in tables:
        first_row = table.find(w("tr"))
        assert first_row.find(f"{w('trPr')}/{w('tblHeader')}") is not None
        properties = table.find(w("tblPr"))
        tags = [etree.QName(child).localname for child in properties]
        assert tags[-2:] == ["tblCaption", "tblDescription"]  # schema order, after tblLook
        assert properties.find(w("tblCaption")).get(w("val")) == "Whole Population Budget 2018/19"
        assert properties.find(w("tblDescription")).get(w("val")) == (
            "Columns: Service, Commissioner, Amount. 2 rows, then 1 total row.")


def test_every_image_has_alternative_text(accessible):
    body = part(accessible, "word/document.xml")
    drawings = body.findall(f".//{{{WP}}}docPr")
    assert len(drawings) == 1
    assert drawings[0].get("descr").startswith("Line chart: the Provider's gain share")
    assert drawings[0].get("title") == "Gain share by year"


def test_the_pdf_is_tagged_with_a_title_and_a_language(tmp_path):
    from contractgen.writers import pdf as pdf_writer

    path = tmp_path / "sample.pdf"
    path.write_bytes(pdf_writer.render(with_chart(), Resources()))
    info = subprocess.run([need("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == ("Multispecialty Community Provider Contract \u2013 "
                                       "Dudley Multispecialty Community Provider")
    assert fields["Tagged"].strip() == "yes"
    # pdfinfo does not print /Lang; the catalog sits in a compressed object stream
    data = path.read_bytes()
    streams = []
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            streams.append(zlib.decompressobj().decompress(data[match.end():]))
        except zlib.error:
            continue
    assert any(b"/Lang (en-GB)" in s for s in streams + [data])
