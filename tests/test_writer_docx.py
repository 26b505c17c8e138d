"""The DOCX writer: Word styles, list numbering, fields, properties, byte stability, and what LibreOffice shows."""

from __future__ import annotations

import copy
import io
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from contractgen.transforms import fill_contents
from contractgen.document import (
    Clause,
    Paragraph,
    Part,
    Ref,
    Text,
    inline_text,
)
from contractgen.resources import Resources
from contractgen.writers import docx as docx_writer
from office import convert
from sample_document import sample_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
REPO = Path(__file__).resolve().parent.parent


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def render(document=None) -> bytes:
    return docx_writer.render(document or sample_document(), Resources())


def with_prefixed_part():
    """The sample and a part whose numbers carry a prefix, with references across parts and levels."""
    document = sample_document()
    document.parts.append(
        Part(
            title="Special Conditions",
            kind="body",
            prefix="SC",
            blocks=[
                Clause(
                    id="sc.local",
                    title="Local terms",
                    number="SC1",
                    children=[
                        Clause(
                            id="sc.local.see",
                            level=2,
                            number="SC1.1",
                            text=[
                                Text("See "),
                                Ref("payment", "clause 2"),
                                Text(" and "),
                                Ref("sc.local.titled", "clause SC1.2"),
                                Text(" and "),
                                Ref("schedule.wpb.intro", "Schedule 2, paragraph 1"),
                                Text("."),
                            ],
                        ),
                        Clause(
                            id="sc.local.titled",
                            level=2,
                            number="SC1.2",
                            title="Titled sub-clause",
                            text=[Text("Its text follows the title.")],
                            children=[Clause(level=3, number="SC1.2.1", text=[Text("A deeper paragraph.")])],
                        ),
                    ],
                )
            ],
        )
    )
    fill_contents(document)  # the contents now include the new part
    return document


def xml(data: bytes, member: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(member))


@pytest.fixture(scope="module")
def output() -> bytes:
    return render()


@pytest.fixture(scope="module")
def opened(output):
    return docx.Document(io.BytesIO(output))


def paragraph_by_text(opened, start: str):
    for paragraph in opened.paragraphs:
        if paragraph.text.startswith(start):
            return paragraph
    raise AssertionError(f"no paragraph starts with {start!r}")


# ------------------------------------------------------------------ styles and structure


@pytest.mark.parametrize(
    "start, style",
    [
        ("Multispecialty Community Provider Contract", "Title"),
        ("Dudley Multispecialty Community Provider", "Subtitle"),
        ("This contract is made", "Centred"),
        ("Contents", "TOC Heading"),
        ("General Conditions", "toc 1"),
        ("Definitions", "Heading 2"),
        ("In this Contract the following words", "Body Text"),
        ("Contract Year means", "Definition"),
        ("Payment", "Heading 2"),
        ("The Commissioners will pay", "Clause Level 2"),
        ("in twelve equal monthly instalments", "Clause Level 3"),
        ("Budget lines", "Heading 2"),
        ("The budget for 2018/19 is:", "Clause Level 2"),
        ("Whole Population Budget 2018/19", "Caption"),
        ("Figures marked illustrative", "Note"),
    ],
)
def test_paragraphs_take_reference_styles(opened, start, style):
    assert paragraph_by_text(opened, start).style.name == style


def test_part_headings_are_heading_1_and_schedules_start_a_page(opened):
    headings = [p for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == ["General Conditions", "Schedule 2: Whole Population Budget"]
    assert headings[1].paragraph_format.page_break_before
    # the front matter's PageBreak becomes page-break-before, not an empty paragraph
    assert headings[0].paragraph_format.page_break_before
    assert not any(p._p.xpath(".//w:br[@w:type='page']") for p in opened.paragraphs)


def test_styles_come_from_the_reference(opened):
    styles = opened.styles
    for name in ("Clause Level 1", "Clause Level 2", "Clause Level 3", "Definition", "Note", "Defined Term",
                 "Defining Term", "Contract Table", "toc 1", "toc 2", "Header", "Footer", "Caption"):
        assert name in [s.name for s in styles], name
    assert styles["Note"].font.italic
    assert styles["Defining Term"].font.bold
    defaults = opened.styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    assert defaults.find(w("rFonts")).get(w("ascii")) == "Arial"
    assert defaults.find(w("sz")).get(w("val")) == "22"
    assert defaults.find(w("lang")).get(w("val")) == "en-GB"


def test_clause_numbers_are_list_numbers_not_text(opened):
    document = sample_document()
    for part, clause in document.clauses():
        first = clause.title or inline_text(clause.text)
        paragraph = paragraph_by_text(opened, first[:30])
        num_pr = paragraph._p.pPr.numPr
        assert num_pr is not None, first
        assert num_pr.ilvl.val == clause.level - 1
        assert not paragraph.text.startswith(clause.number)


def test_numbering_restarts_in_every_part(output, opened):
    conditions = paragraph_by_text(opened, "Definitions")._p.pPr.numPr.numId.val
    schedule = paragraph_by_text(opened, "Budget lines")._p.pPr.numPr.numId.val
    assert conditions != schedule
    numbering = xml(output, "word/numbering.xml")
    for num_id in (conditions, schedule):
        (num,) = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)
        abstract_id = num.find(w("abstractNumId")).get(w("val"))
        (abstract,) = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", namespaces=NS)
        levels = abstract.findall(w("lvl"))
        assert [lvl.find(w("lvlText")).get(w("val")) for lvl in levels[:3]] == ["%1.", "%1.%2", "%1.%2.%3"]
        overrides = {o.get(w("ilvl")): o.find(w("startOverride")).get(w("val")) for o in num.findall(w("lvlOverride"))}
        assert overrides == {lvl.get(w("ilvl")): "1" for lvl in levels}


def test_a_prefix_gets_its_own_list_definition():
    numbering = xml(render(with_prefixed_part()), "word/numbering.xml")
    texts = {
        tuple(t.get(w("val")) for t in abstract.xpath("w:lvl/w:lvlText", namespaces=NS)[:3])
        for abstract in numbering.xpath("w:abstractNum[starts-with(w:name/@w:val, 'contractgen clauses')]", namespaces=NS)
    }
    assert ("SC%1.", "SC%1.%2", "SC%1.%2.%3") in texts
    nsids = numbering.xpath("w:abstractNum/w:nsid/@w:val", namespaces=NS)
    assert len(nsids) == len(set(nsids))
    tags = [etree.QName(child).localname for child in numbering]
    assert tags == sorted(tags, key=lambda tag: tag != "abstractNum")  # every abstractNum before any num


def test_titled_deeper_clause_is_one_numbered_paragraph():
    opened = docx.Document(io.BytesIO(render(with_prefixed_part())))
    paragraph = paragraph_by_text(opened, "Titled sub-clause")
    assert paragraph.style.name == "Clause Level 2"
    assert paragraph._p.pPr.numPr.ilvl.val == 1
    assert paragraph.runs[0].style.name == "Clause Heading"
    assert paragraph.text == "Titled sub-clause\nIts text follows the title."


# ------------------------------------------------------------------ inlines, tables, fields


def test_terms_use_character_styles(opened):
    clause = paragraph_by_text(opened, "The Commissioners will pay")
    terms = [(run.text, run.style.name) for run in clause.runs if run.style.name.endswith("Term")]
    assert terms == [("Whole Population Budget", "Defined Term"), ("Contract Year", "Defined Term")]
    definition = paragraph_by_text(opened, "Contract Year means")
    assert (definition.runs[0].text, definition.runs[0].style.name) == ("Contract Year", "Defining Term")
    assert definition.runs[1].text == " means "


def test_strong_and_emph_and_text_that_looks_like_markup(opened):
    clause = paragraph_by_text(opened, "The Commissioners will pay")
    assert [r.text for r in clause.runs if r.bold] == ["£244,000,000"]
    assert [r.text for r in clause.runs if r.italic] == ["subject to"]
    assert "A party named {{ 7*7 }} & <b>not markup</b> stays text." in clause.text


def test_references_are_ref_fields_to_clause_bookmarks(output):
    body = xml(output, "word/document.xml")
    bookmarks = {b.get(w("name")): b for b in body.iter(w("bookmarkStart"))}
    assert set(bookmarks) == {"cg_general_definitions", "cg_payment", "cg_payment_wpb", "cg_payment_ips",
                              "cg_schedule_wpb_intro"}
    for name in bookmarks:
        assert len(name) <= 40 and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name)
    ids = [b.get(w("id")) for b in body.iter(w("bookmarkStart"))]
    assert sorted(ids) == sorted(b.get(w("id")) for b in body.iter(w("bookmarkEnd")))
    paragraph = bookmarks["cg_payment_ips"].getparent()
    assert paragraph.find("w:pPr/w:numPr", NS) is not None  # \r needs the bookmark in the numbered paragraph
    runs = body.xpath("//w:r[w:instrText[contains(., 'REF cg_payment_ips')]]", namespaces=NS)
    (instruction,) = runs
    assert instruction.find(w("instrText")).text == " REF cg_payment_ips \\r \\h "
    before = instruction.getprevious().getprevious()
    assert before.find(w("t")).text == "clause "
    cached = instruction.getnext().getnext()
    assert cached.find(w("t")).text == "2.2"


def test_table_has_a_repeating_header_row_and_bold_totals(opened):
    (table,) = opened.tables
    assert table.style.name == "Contract Table"
    rows = table.rows
    assert rows[0]._tr.trPr.find(w("tblHeader")) is not None
    assert all(row._tr.trPr is None or row._tr.trPr.find(w("tblHeader")) is None for row in rows[1:])
    assert [c.paragraphs[0].alignment for c in rows[1].cells] == [0, 0, 2]  # left, left, right
    assert [c.text for c in rows[-1].cells] == ["Total", "", "£29,700,000"]
    assert all(run.bold for cell in rows[-1].cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in rows[1].cells for run in cell.paragraphs[0].runs)
    caption = table._tbl.getprevious()
    assert caption.xpath("string(.)") == "Whole Population Budget 2018/19"
    assert table._tbl.tblPr.find(w("tblCaption")).get(w("val")) == "Whole Population Budget 2018/19"


def test_table_of_contents_is_a_toc_field_with_a_cached_list(output):
    body = xml(output, "word/document.xml")
    instructions = [t.text for t in body.iter(w("instrText"))]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instructions
    entries = body.xpath("//w:p[w:pPr/w:pStyle[starts-with(@w:val, 'TOC') and @w:val != 'TOCHeading']]", namespaces=NS)
    texts = ["".join(t.text if t.tag == w("t") else "\t" for t in p.iter(w("t"), w("tab"))) for p in entries]
    assert texts == ["General Conditions", "1.\tDefinitions", "2.\tPayment", "Schedule 2: Whole Population Budget",
                     "1.\tBudget lines"]
    chars = [c.get(w("fldCharType")) for p in entries for c in p.iter(w("fldChar"))]
    assert chars == ["begin", "separate", "end"]


def test_header_and_footer(opened, output):
    section = opened.sections[0]
    assert section.header.paragraphs[0].text == "DRAFT 0.3 (working draft)\tMultispecialty Community Provider Contract"
    footer = xml(output, "word/footer1.xml")
    assert [t.text for t in footer.iter(w("instrText"))] == [" PAGE ", " NUMPAGES "]
    assert "".join(t.text for t in footer.iter(w("t"))) == "Page 1 of 1"


def test_settings_ask_word_to_update_fields_in_schema_order(output):
    settings = xml(output, "word/settings.xml")
    tags = [etree.QName(child).localname for child in settings]
    assert settings.find(w("updateFields")).get(w("val")) == "true"
    assert tags.index("updateFields") < tags.index("compat")
    assert tags.index("updateFields") > tags.index("characterSpacingControl")
    assert "attachedTemplate" not in tags and "rsids" not in tags


def test_document_properties(opened, output):
    props = opened.core_properties
    assert props.title == "Multispecialty Community Provider Contract"
    assert props.subject == "MCP contract (partially integrated)"
    assert "Dudley Multispecialty Community Provider" in props.keywords
    assert props.language == "en-GB"
    assert (props.author, props.last_modified_by) == ("contractgen", "contractgen")
    assert props.version == "0.3"
    assert props.created.isoformat() == props.modified.isoformat() == "2017-06-30T00:00:00+00:00"
    core = xml(output, "docProps/core.xml")
    assert core.xpath("string(dcterms:created)", namespaces={"dcterms": "http://purl.org/dc/terms/"}) == "2017-06-30T00:00:00Z"


def test_custom_properties():
    document = sample_document()
    document.meta.properties = {"contractgen.source": "examples/dudley.yaml", "Note": 'a & b "quoted"'}
    data = render(document)
    custom = xml(data, "docProps/custom.xml")
    values = {p.get("name"): p[0].text for p in custom}
    assert values == document.meta.properties
    assert [p.get("pid") for p in custom] == ["2", "3"]
    assert b"docProps/custom.xml" in zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert b"custom.xml" not in zipfile.ZipFile(io.BytesIO(render())).read("_rels/.rels")


# ------------------------------------------------------------------ the package


def test_same_document_gives_the_same_bytes(output):
    assert render() == output
    assert render(with_prefixed_part()) == render(with_prefixed_part())
    with zipfile.ZipFile(io.BytesIO(output)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"
        for name in package.namelist():  # editing-session ids Word would otherwise randomise
            assert b"rsid" not in package.read(name) and b"docId" not in package.read(name), name


def package_problems(data: bytes) -> list[str]:
    """Broken invariants of a DOCX package, described."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        parsed = {}
        for name in sorted(names):
            if name.endswith((".xml", ".rels")):
                try:
                    parsed[name] = etree.fromstring(package.read(name))
                except etree.XMLSyntaxError as error:
                    problems.append(f"{name}: invalid XML: {error}")
    content_types = parsed["[Content_Types].xml"]
    defaults = {d.get("Extension") for d in content_types if d.get("Extension")}
    overrides = {o.get("PartName").lstrip("/") for o in content_types if o.get("PartName")}
    for name in names:
        if name != "[Content_Types].xml" and name not in overrides and name.rsplit(".", 1)[-1] not in defaults:
            problems.append(f"{name}: no content type")
    for name, root in parsed.items():
        if not name.endswith(".rels"):
            continue
        base = posixpath.dirname(posixpath.dirname(name))
        for rel in root:
            target, kind = rel.get("Target"), rel.get("Type")
            if rel.get("TargetMode") == "External":
                if not kind.endswith("/hyperlink"):
                    problems.append(f"{name}: external {kind} relationship to {target}")
                continue
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            if resolved not in names:
                problems.append(f"{name}: {rel.get('Id')} points to missing {resolved}")
        for part in (n for n in parsed if n.startswith("word/") and n.endswith(".xml")):
            used = set(parsed[part].xpath("//@r:id | //@r:embed | //@r:link", namespaces={
                "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}))
            rels_name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
            known = {rel.get("Id") for rel in parsed.get(rels_name, [])}
            if used - known:
                problems.append(f"{part}: uses undefined relationships {sorted(used - known)}")
    document = parsed["word/document.xml"]
    drawing_ids = [d.get("id") for d in document.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    if len(drawing_ids) != len(set(drawing_ids)):
        problems.append("word/document.xml: drawing ids repeat")
    for cell in document.iter(w("tc")):
        if cell.find(w("p")) is None:
            problems.append("word/document.xml: a table cell holds no paragraph")
    if parsed["word/settings.xml"].find(w("attachedTemplate")) is not None:
        problems.append("word/settings.xml: attached template")
    return problems


@pytest.mark.parametrize("make", [sample_document, with_prefixed_part])
def test_package_invariants(make):
    assert package_problems(render(make())) == []


def test_the_reference_docx_is_what_the_package_builds():
    from contractgen.writers.docx_reference import default_reference

    built = default_reference()
    assert built == (REPO / "templates" / "reference.docx").read_bytes(), "run tools/make_reference_docx.py"
    assert package_problems(built) == []


def test_unknown_nodes_fail_loudly():
    document = sample_document()
    document.parts[1].blocks.append(object())
    with pytest.raises(TypeError, match="cannot write a object"):
        render(document)
    document = sample_document()
    document.parts[1].blocks.append(Paragraph([Text("x")], style="sidebar"))
    with pytest.raises(ValueError, match="sidebar"):
        render(document)


# ------------------------------------------------------------------ what LibreOffice shows


@pytest.fixture(scope="module")
def libreoffice_text(tmp_path_factory) -> list[str]:
    """The text LibreOffice gives for the sample with a prefixed part: list labels included, fields as cached."""
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "sample.docx"
    source.write_bytes(render(with_prefixed_part()))
    return convert(source, "txt:Text", folder).read_text(encoding="utf-8-sig").splitlines()


def test_libreoffice_shows_the_numbers_the_transforms_gave(libreoffice_text):
    numbered = [m.groups() for m in (re.match(r"^ +(\S+) (.*)$", line) for line in libreoffice_text) if m]
    expected = [
        (clause.number + "." if clause.level == 1 else clause.number, clause.title or inline_text(clause.text))
        for _, clause in with_prefixed_part().clauses()
    ]
    assert [label for label, _ in numbered] == [label for label, _ in expected]
    for (_, shown), (label, text) in zip(numbered, expected):
        assert shown.startswith(text[:40]), label
    labels = [label for label, _ in numbered]
    assert labels == ["1.", "2.", "2.1", "2.1.1", "2.1.2", "2.2", "1.", "1.1", "SC1.", "SC1.1", "SC1.2", "SC1.2.1"]


def test_libreoffice_shows_the_cached_table_of_contents(libreoffice_text):
    start = libreoffice_text.index("Contents") + 1
    assert libreoffice_text[start:start + 7] == [
        "General Conditions",
        "1.\tDefinitions",
        "2.\tPayment",
        "Schedule 2: Whole Population Budget",
        "1.\tBudget lines",
        "Special Conditions",
        "SC1.\tLocal terms",
    ]


def _stale_labels(document):
    """The document with every reference label wrong, to see whether the fields recompute them."""
    from contractgen.document import inline_lists, walk_inlines

    document = copy.deepcopy(document)
    for inlines, _, _ in inline_lists(document):
        for node in walk_inlines(inlines):
            if isinstance(node, Ref):
                node.label = node.label.rpartition(" ")[0] + " 99.9"
    return document


def test_libreoffice_recomputes_references_and_page_numbers(tmp_path):
    """Laid out (PDF), REF fields give the target's list number, equal to the label the transforms set."""
    if shutil.which("pdftotext") is None:
        raise RuntimeError("pdftotext (poppler-utils) is not installed; this test needs it")
    source = tmp_path / "stale.docx"
    source.write_bytes(render(_stale_labels(with_prefixed_part())))
    pdf = convert(source, "pdf", tmp_path)
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join(pages.split())
    assert "99.9" not in words
    assert "described in clause 2.1" in words
    assert "subject to clause 2.2." in words
    assert "See clause 2 and clause SC1.2 and Schedule 2, paragraph 1." in words
    page_texts = pages.split("\f")[:-1]
    assert len(page_texts) >= 3
    for number, page in enumerate(page_texts, start=1):
        assert f"Page {number} of {len(page_texts)}" in " ".join(page.split())
        assert "DRAFT 0.3 (working draft)" in page
