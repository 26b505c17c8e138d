"""One title block in the DOCX and the PDF; schedule numbers that Word keeps, like clause numbers."""

from __future__ import annotations

import re
import subprocess
import zipfile

import docx
import pytest

from contractgen.deal import document_parties
from contractgen.document import Ref, inline_lists, parties_line, title_block, walk_inlines
from office import convert

from conftest import EXAMPLES

STEMS = [p.stem for p in EXAMPLES]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("stem", STEMS)
def test_the_docx_and_the_pdf_open_with_the_same_title_block(built_examples, assembled_examples, stem):
    partnership = assembled_examples[stem].loaded.partnership
    for doc_id, assembled in assembled_examples[stem].documents.items():
        block = title_block(assembled.document.meta)
        # the parties line names exactly the parties who sign the document
        assert block.parties == parties_line([x.short_name or x.name for x in document_parties(partnership, doc_id)])
        assert block.parties.startswith("Between ")
        lines = [block.title, *block.subtitles, block.parties, block.banner, block.date]
        assert block.banner.startswith("DRAFT ") and block.date
        opened = docx.Document(str(built_examples / stem / f"{doc_id}.docx"))
        head = [(p.style.name, p.text) for p in opened.paragraphs[:len(lines)]]
        styles = ["Title", *["Subtitle"] * (len(block.subtitles) + 1), "Draft Banner", "Title Date"]
        assert head == list(zip(styles, lines)), f"{stem} {doc_id}"
        pdf = built_examples / stem / f"{doc_id}.pdf"
        first_page = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout
        # after the running header, the same lines in the same order (a long subtitle may wrap)
        assert " ".join(lines) in " ".join(first_page.split()), f"{stem} {doc_id}"


def _schedule_refs(document) -> list[Ref]:
    return [node for inlines, _, _ in inline_lists(document) for node in walk_inlines(inlines)
            if isinstance(node, Ref) and node.schedule]


def test_schedule_headings_are_numbered_by_word_and_bookmarked(built_examples, assembled_examples):
    document = assembled_examples["dudley"].documents["mcp_contract"].document
    with zipfile.ZipFile(built_examples / "dudley" / "mcp_contract.docx") as package:
        xml = package.read("word/document.xml").decode()
    schedules = [part for part in document.parts if part.label]
    assert len(schedules) == 5  # the risk share's schedule is in its own agreement, not the contract
    for part in schedules:
        heading = re.search(rf'<w:p><w:pPr><w:pStyle w:val="Heading1"/>(?:<w:pageBreakBefore/>)?<w:numPr>'
                            rf'<w:ilvl w:val="0"/><w:numId w:val="(\d+)"/></w:numPr></w:pPr>'
                            rf'<w:bookmarkStart w:id="\d+" w:name="cg__schedule_{part.number}"/>'
                            rf'<w:r><w:t>: {re.escape(part.title)}</w:t></w:r>', xml)
        assert heading, part.heading
    refs = _schedule_refs(document)
    assert len(refs) > 10
    fields = re.findall(r"REF (cg__schedule_\d+) \\r \\h", xml)
    assert len(fields) == len(refs)


def test_references_to_schedules_show_the_schedule_number_word_computes(assembled_examples, tmp_path):
    from contractgen.resources import Resources
    from contractgen.writers import docx as docx_writer

    document = assembled_examples["dudley"].documents["mcp_contract"].document
    refs = _schedule_refs(document)
    data = docx_writer.render(document, Resources())
    # every cached schedule number made wrong: only a live field can put the right one back
    stale = tmp_path / "stale.docx"
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as old, zipfile.ZipFile(stale, "w") as new:
        for item in old.infolist():
            body = old.read(item)
            if item.filename == "word/document.xml":
                body, count = re.subn(rb"<w:t>Schedule \d+</w:t>", b"<w:t>Schedule 99</w:t>", body)
                assert count == len(refs)
            new.writestr(item, body)
    pdf = convert(stale, "pdf", tmp_path / "lo")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "Schedule 99" not in flat
    for ref in refs:
        assert ref.label in flat, ref.label
    for part in document.parts:
        if part.label:
            assert re.search(rf"^{part.label}: {re.escape(part.title)}$", text, re.M), part.heading

