"""Tables sized from their content: figures and words whole in Word (LibreOffice) and the PDF, nothing near the paper's edge."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from contractgen.document import Clause, Table, Text, blocks_with_owner, inline_lists, inline_text
from contractgen.table_layout import (
    CELL_PADDING_PT,
    LANDSCAPE_TEXT_PT,
    PORTRAIT_TEXT_PT,
    layout,
    text_width,
)
from office import convert_many

from conftest import EXAMPLES

STEMS = [p.stem for p in EXAMPLES]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CM = 72 / 2.54
# an amount as the document writes it: "£244,000,000", "£1,464.50", a loss "−£800,000" (the joiner is dropped)
AMOUNT = re.compile(r"(?<![\d,.])−?£\d[\d,]*(?:\.\d\d)?(?![\d,])")


def _cell(text: str) -> list:
    return [Text(text)]


def _table(header: list[str], rows: list[list[str]], total_rows: int = 0) -> Table:
    return Table(header=[_cell(h) for h in header], rows=[[_cell(c) for c in row] for row in rows],
                 align=["left"] * len(header), total_rows=total_rows)


def _tables(document) -> list[Table]:
    return [block for part in document.parts for block, _ in blocks_with_owner(part.blocks) if isinstance(block, Table)]


def _document_text(document) -> str:
    """What a reader sees of the document's own text (no drafting notes, which are comments)."""
    lines = [document.meta.title]
    for part in document.parts:
        if part.kind != "front":
            lines.append(part.heading)
        for block, _ in blocks_with_owner(part.blocks):
            if isinstance(block, Clause) and block.title:
                lines.append(block.title)
            elif isinstance(block, Table) and block.caption:
                lines.append(block.caption)
    lines += [inline_text(inlines) for inlines, _, _ in inline_lists(document)]
    return "\n".join(lines).replace("\u2060", "")


def _amounts(text: str) -> Counter:
    return Counter(AMOUNT.findall(text.replace("\u2060", "")))


# ---------------------------------------------------------------- the measuring, alone

def test_no_column_is_narrower_than_its_longest_amount_or_header_word():
    table = _table(["Party", "Share of any Shareable Gain"],
                   [["Birmingham Community Healthcare NHS Foundation Trust", "−\u2060£1,600,000"],
                    ["Total", "£244,000,000"]], total_rows=1)
    shape = layout(table)
    assert not shape.landscape
    widths = [share * PORTRAIT_TEXT_PT - CELL_PADDING_PT for share in shape.widths]
    assert widths[1] >= text_width("£244,000,000", bold=True)  # the bold total, on one line
    assert widths[0] >= text_width("Birmingham Community", bold=False)  # room to spare goes to the wrapping text
    assert shape.numeric == (False, True)
    assert abs(sum(shape.widths) - 1) < 1e-9


def test_a_minus_sign_is_measured_with_its_amount_and_a_no_break_space_joins():
    assert text_width("−\u2060£1,600,000") == pytest.approx(text_width("−£1,600,000"))
    one = layout(_table(["A", "B"], [["x", "−\u2060£1,600,000"]]))
    two = layout(_table(["A", "B"], [["x", "£1,600,000"]]))
    assert one.widths[1] > two.widths[1]


@pytest.mark.parametrize("bold", [False, True])
def test_the_measure_matches_what_the_pdf_draws_for_english_welsh_greek_and_cyrillic_words(tmp_path, bold):
    # an independent renderer (WeasyPrint, read back by pdftotext -bbox) draws each word in the bundled
    # Liberation Sans at the table size; the measure must agree with it, not only for ASCII
    from weasyprint import HTML

    from contractgen.table_layout import FONTS, TABLE_FONT_PT

    words = ["Wolverhampton", "£1,600,000", "Gwasanaethau", "ŵyr", "ŷd", "€12", "Ελλάδα", "Москва", "Żółć", "…"]
    weight = "bold" if bold else "normal"
    font = (FONTS / f"LiberationSans-{'Bold' if bold else 'Regular'}.ttf").as_uri()
    body = "".join(f"<p>{w}</p>" for w in words)
    page = (f"<style>@font-face {{ font-family: T; src: url('{font}'); font-weight: {weight}; }}"
            f"body {{ font-family: T; font-weight: {weight}; font-size: {TABLE_FONT_PT}pt; }}</style>{body}")
    pdf = tmp_path / "w.pdf"
    HTML(string=page).write_pdf(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    drawn = {html.unescape(m.group(3)): float(m.group(2)) - float(m.group(1))
             for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', out)}
    assert set(drawn) == set(words)
    for w in words:
        assert text_width(w, bold=bold) == pytest.approx(drawn[w], rel=0.02, abs=0.2), w


def test_a_table_too_wide_for_portrait_goes_landscape_and_still_keeps_every_amount_whole():
    header = ["Outturn", "Actual spend", "Variation", "Birmingham Community Healthcare NHS Foundation Trust",
              "The Dudley Group NHS Foundation Trust", "NHS Dudley Clinical Commissioning Group",
              "Retained by the Commissioners"]
    rows = [["10% over"] + ["−\u2060£88,000,000"] * 6]
    shape = layout(_table(header, rows))
    assert shape.landscape
    for share in shape.widths[1:]:
        assert share * LANDSCAPE_TEXT_PT - CELL_PADDING_PT >= text_width("−£88,000,000")
    narrow = layout(_table(header[:3], [row[:3] for row in rows]))
    assert not narrow.landscape


def test_a_column_of_figures_is_right_aligned_and_a_column_of_codes_is_not():
    from contractgen.table_layout import alignment

    table = _table(["Practice", "ODS code", "List"], [["A", "M87001", "9,800"], ["B", "M87002", "40%"]])
    shape = layout(table)
    assert shape.numeric == (False, False, True)
    assert [alignment(table, c, shape) for c in range(3)] == ["left", "left", "right"]


# ---------------------------------------------------------------- the DOCX's table XML

def _document_xml(path: Path):
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def test_docx_tables_have_measured_fixed_widths_rows_that_never_split_and_repeating_headers(built_examples):
    body = _document_xml(built_examples / "dudley" / "mcp_contract.docx").find(f"{W}body")
    final = body.find(f"{W}sectPr")
    page_w = int(final.find(f"{W}pgSz").get(f"{W}w"))
    margins = final.find(f"{W}pgMar")
    portrait = page_w - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))
    tables = body.findall(f"{W}tbl")
    assert len(tables) >= 10
    landscape_tables = 0
    for tbl in tables:
        pr = tbl.find(f"{W}tblPr")
        assert pr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        grid = [int(c.get(f"{W}w")) for c in tbl.find(f"{W}tblGrid")]
        indent = int(pr.find(f"{W}tblInd").get(f"{W}w"))
        rows = tbl.findall(f"{W}tr")
        for r, tr in enumerate(rows):
            tr_pr = tr.find(f"{W}trPr")
            assert tr_pr.find(f"{W}cantSplit") is not None
            assert (tr_pr.find(f"{W}tblHeader") is not None) == (r == 0)
            assert [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in tr.findall(f"{W}tc")] == grid
        # the section the table is in: the next paragraph holding a w:sectPr, else the body's
        following = tbl.xpath("following-sibling::w:p[w:pPr/w:sectPr][1]/w:pPr/w:sectPr",
                              namespaces={"w": W[1:-1]})
        section = following[0] if following else final
        size = section.find(f"{W}pgSz")
        if size.get(f"{W}orient") == "landscape":
            landscape_tables += 1
            width = int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))
            assert int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
        else:
            width = portrait
        assert sum(grid) + indent == width
    # the wide "Illustrative outcomes" table is in the risk and gain share agreement, the risk share's one home
    assert landscape_tables == 0


def test_the_risk_share_worked_examples_table_is_set_landscape(built_examples):
    body = _document_xml(built_examples / "dudley" / "risk_share_agreement.docx").find(f"{W}body")
    sizes = body.xpath(".//w:sectPr/w:pgSz", namespaces={"w": W[1:-1]})
    assert any(size.get(f"{W}orient") == "landscape" and int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
               for size in sizes)


def test_docx_figure_cells_do_not_wrap(built_examples):
    body = _document_xml(built_examples / "dudley" / "risk_share_agreement.docx").find(f"{W}body")
    cells = 0
    for tc in body.iter(f"{W}tc"):
        text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
        if AMOUNT.fullmatch(text.replace("\u2060", "")):
            assert tc.find(f"{W}tcPr/{W}noWrap") is not None, text
            cells += 1
    assert cells > 20


# ---------------------------------------------------------------- as readers see them

@pytest.fixture(scope="module")
def libreoffice_pdf_text(built_examples, assembled_examples, tmp_path_factory):
    """Every example DOCX laid out and printed to PDF by LibreOffice, as pdftotext reads it."""
    sources = [built_examples / stem / f"{doc_id}.docx"
               for stem in STEMS for doc_id in assembled_examples[stem].documents]
    converted = convert_many(sources, "pdf", tmp_path_factory.mktemp("lo-pdf"))
    return {source: subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            for source, pdf in converted.items()}


def _whole_amounts_problems(document, rendered: str) -> list[str]:
    wanted, shown = _amounts(_document_text(document)), _amounts(rendered)
    return [f"{amount}: {count} in the document, {shown[amount]} whole on the page"
            for amount, count in wanted.items() if shown[amount] < count]


def _table_words(document) -> Counter:
    """Every word of every table cell, with how often the document's text holds it."""
    words = set()
    for table in _tables(document):
        for cell in [*table.header, *(c for row in table.rows for c in row)]:
            for word in inline_text(cell).replace("\u2060", "").split():
                word = word.strip(".,;:()")
                if len(word) > 2 and not re.search(r"[-/–]", word):  # a hyphen or slash may end a line
                    words.add(word)
    text = _document_text(document)
    return Counter({w: len(re.findall(rf"(?<![\w£−]){re.escape(w)}(?![\w])", text)) for w in words})


@pytest.mark.parametrize("stem", STEMS)
def test_libreoffice_shows_every_amount_and_every_table_word_whole(built_examples, assembled_examples,
                                                                  libreoffice_pdf_text, stem):
    problems = []
    for doc_id, assembled in assembled_examples[stem].documents.items():
        rendered = libreoffice_pdf_text[built_examples / stem / f"{doc_id}.docx"].replace("\u2060", "")
        problems += [f"{doc_id}: {p}" for p in _whole_amounts_problems(assembled.document, rendered)]
        for word, count in _table_words(assembled.document).items():
            shown = len(re.findall(rf"(?<![\w£−]){re.escape(word)}(?![\w])", rendered))
            if shown < count:
                problems.append(f"{doc_id}: table word {word!r}: {count} in the document, {shown} whole on the page")
    assert problems == []


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_shows_every_amount_whole(built_examples, assembled_examples, stem):
    for doc_id, assembled in assembled_examples[stem].documents.items():
        pdf = built_examples / stem / f"{doc_id}.pdf"
        rendered = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert _whole_amounts_problems(assembled.document, rendered) == [], f"{stem} {doc_id}"


def _words_near_the_edge(pdf: Path) -> list[tuple[int, str]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    near, page, width, height = [], 0, 0.0, 0.0
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">|'
                         r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out):
        if m.group(1):
            page, width, height = page + 1, float(m.group(1)), float(m.group(2))
            continue
        x0, y0, x1, y1 = map(float, m.group(3, 4, 5, 6))
        if x0 < CM or y0 < CM or x1 > width - CM or y1 > height - CM:
            near.append((page, html.unescape(m.group(7))))
    assert page > 0, f"pdftotext found no page in {pdf}"
    return near


@pytest.mark.parametrize("stem", STEMS)
def test_no_word_of_a_pdf_is_within_a_centimetre_of_the_paper_edge(built_examples, assembled_examples, stem):
    for doc_id in assembled_examples[stem].documents:
        assert _words_near_the_edge(built_examples / stem / f"{doc_id}.pdf") == [], f"{stem} {doc_id}"


def test_the_pdf_puts_a_table_too_wide_for_portrait_on_a_landscape_page(built_examples):
    pdf = built_examples / "dudley" / "risk_share_agreement.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = [tuple(map(float, m)) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    landscape = [i + 1 for i, (w, h) in enumerate(sizes) if w > h]
    assert len(landscape) == 2, sizes  # the worked examples of each of Dudley's two risk share schemes
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    for page in landscape:
        assert "Worked examples" in pages[page - 1]
        assert "Worked examples" not in pages[page]  # what follows is back on portrait pages
        assert sizes[page][0] < sizes[page][1]


def test_word_keeps_the_header_title_against_the_right_margin_on_portrait_and_landscape_pages(built_examples,
                                                                                             tmp_path):
    # a landscape section has its own header, with its right tab at the wider page's margin, and the
    # portrait section after it goes back to the portrait one
    from office import convert

    pdf = convert(built_examples / "dudley" / "risk_share_agreement.docx", "pdf", tmp_path)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = out.split("<page ")[1:]
    shapes = []
    for page in pages:
        width, height = map(float, re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        title_ends = [float(x1) for x1, y0 in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">Agreement</word>', page)
            if float(y0) < 2.5 * CM]
        assert title_ends, f"no header title on a {width:.0f} pt wide page"
        right_margin = width - 2.5 * CM
        assert right_margin - 0.5 * CM < max(title_ends) <= right_margin + 1, (width, title_ends)
        shapes.append(width > height)
    assert True in shapes and shapes[-1] is False  # a landscape page, then portrait again
