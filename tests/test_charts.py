"""Charts: Word's own chart in the DOCX (read back from the part, and drawn by LibreOffice) and
inline SVG in the HTML and PDF, both from the same data and the same scale.

These tests fail, not skip, when soffice or pdftotext is missing.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from contractgen.document import Chart
from contractgen.resources import Resources
from contractgen.writers import docx as docx_writer
from contractgen.writers import html as html_writer
from contractgen.writers import pdf as pdf_writer
from contractgen.writers.chart_style import axis_for, tick_label
from office import convert
from sample_document import sample_document

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SVG = "http://www.w3.org/2000/svg"
XL = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS = {"c": C, "a": A}

CHART = Chart(
    title="Gain share by outturn", x_label="Outturn against plan (%)", y_label="Share (£ million)",
    series=[("Lead Provider & Partners", [(-10.0, 3.5), (-5.0, 1.25), (0.0, 0.0), (5.0, -1.5), (10.0, -2.44)]),
            ("Commissioners", [(-10.0, 0.8), (-5.0, 0.8), (0.0, 0.0), (5.0, -0.8), (10.0, -1.96)])],
    alt="Line chart: the lead provider's share falls from £3.5m at 10% under plan to a £2.44m loss at 10% over.")


def with_chart():
    document = sample_document()
    document.parts[-1].blocks.append(CHART)
    return document


def pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed: apt-get install poppler-utils"
    return subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def chart_part(data: bytes) -> etree._Element:
    opened = docx.Document(io.BytesIO(data))
    parts = [rel.target_part for rel in opened.part.rels.values() if rel.reltype.endswith("/chart")]
    assert len(parts) == 1
    assert parts[0].partname == "/word/charts/chart1.xml"
    return etree.fromstring(parts[0].blob)


def numbers(element) -> list[float]:
    return [float(v) for v in element.xpath("./c:numRef/c:numCache/c:pt/c:v/text()", namespaces=NS)]


def _sheet_cells(workbook: bytes) -> dict[str, str]:
    """The cells of an .xlsx's first sheet, "B2" -> text as stored (shared strings resolved)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        names = book.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = etree.fromstring(book.read("xl/sharedStrings.xml"))
            shared = ["".join(si.itertext()) for si in root.findall(f"{{{XL}}}si")]
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for c in sheet.iter(f"{{{XL}}}c"):
        value = c.findtext(f"{{{XL}}}v")
        cells[c.get("r")] = shared[int(value)] if c.get("t") == "s" else value
    return cells


def _range(formula: str) -> list[str]:
    """Sheet1!$B$2:$B$6 -> ["B2", ..., "B6"] (one column, as the chart writes them)."""
    sheet, _, ref = formula.partition("!")
    assert sheet == "Sheet1"
    first, _, last = ref.replace("$", "").partition(":")
    last = last or first
    column = "".join(ch for ch in first if ch.isalpha())
    assert column == "".join(ch for ch in last if ch.isalpha())
    return [f"{column}{row}" for row in range(int(first[len(column):]), int(last[len(column):]) + 1)]


def test_the_docx_holds_a_word_chart_with_the_figures():
    data = docx_writer.render(with_chart(), Resources())
    root = chart_part(data)
    series = root.findall(".//c:scatterChart/c:ser", NS)
    assert [s.findtext("c:tx/c:strRef/c:strCache/c:pt/c:v", namespaces=NS) for s in series] == \
        [name for name, _ in CHART.series]
    for ser, (_, points) in zip(series, CHART.series):
        assert numbers(ser.find("c:xVal", NS)) == [x for x, _ in points]
        assert numbers(ser.find("c:yVal", NS)) == [y for _, y in points]
    titles = [t.xpath("string(.//a:t)", namespaces=NS) for t in root.findall(".//c:valAx/c:title", NS)]
    assert titles == [CHART.x_label, CHART.y_label]
    y_scale = root.findall(".//c:valAx", NS)[1].find("c:scaling", NS)
    assert float(y_scale.find("c:min", NS).get("val")) <= -2.44
    assert float(y_scale.find("c:max", NS).get("val")) >= 3.5
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml").decode()
    assert 'PartName="/word/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.' \
           'drawingml.chart+xml"' in types
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    doc_pr = body.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert [(d.get("title"), d.get("descr")) for d in doc_pr] == [(CHART.title, CHART.alt)]


def test_the_chart_s_figures_are_an_embedded_workbook_its_series_refer_to():
    data = docx_writer.render(with_chart(), Resources())
    opened = docx.Document(io.BytesIO(data))
    (chart,) = [rel.target_part for rel in opened.part.rels.values() if rel.reltype.endswith("/chart")]
    (embedded,) = [rel for rel in chart.rels.values()]
    assert embedded.reltype == "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
    assert embedded.target_part.partname == "/word/embeddings/Microsoft_Excel_Worksheet.xlsx"
    assert embedded.target_part.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    root = etree.fromstring(chart.blob)
    assert root.find("c:externalData", NS).get(f"{{{R}}}id") == embedded.rId
    cells = _sheet_cells(embedded.target_part.blob)
    series = root.findall(".//c:scatterChart/c:ser", NS)
    assert len(series) == len(CHART.series)
    for ser, (name, points) in zip(series, CHART.series):
        # "Edit Data" opens the workbook: every formula names cells that hold what the chart caches
        (name_cell,) = _range(ser.findtext("c:tx/c:strRef/c:f", namespaces=NS))
        assert cells[name_cell] == name
        for axis, values in (("c:xVal", [x for x, _ in points]), ("c:yVal", [y for _, y in points])):
            formula = ser.findtext(f"{axis}/c:numRef/c:f", namespaces=NS)
            assert [float(cells[ref]) for ref in _range(formula)] == values == numbers(ser.find(axis, NS))
    # the workbook is the same bytes every time: no creation time stamped into it
    assert docx_writer.render(with_chart(), Resources()) == data


def test_libreoffice_draws_the_word_chart(tmp_path):
    path = tmp_path / "chart.docx"
    path.write_bytes(docx_writer.render(with_chart(), Resources()))
    text = pdftotext(convert(path, "pdf", tmp_path / "lo"))
    # LibreOffice lays out the chart from the part: its axis titles, legend and tick labels
    for expected in (CHART.x_label, CHART.y_label, "Lead Provider & Partners", "Commissioners"):
        assert expected in text
    assert "\u22122" in text and "10" in text  # the y-axis tick −2 with a true minus sign, and the x-axis end


def test_the_pdf_chart_is_real_text_with_the_same_scale(tmp_path):
    path = tmp_path / "chart.pdf"
    path.write_bytes(pdf_writer.render(with_chart(), Resources(), strict=True))
    text = pdftotext(path)
    for expected in (CHART.x_label, CHART.y_label, "Lead Provider & Partners", "Commissioners"):
        assert expected in text
    axis = axis_for(y for _, points in CHART.series for _, y in points)
    for tick in axis.ticks:
        assert tick_label(tick, axis) in text


def test_the_svg_draws_one_line_per_series_through_its_points():
    html = html_writer.to_html(with_chart())
    start = html.index("<svg")
    svg = etree.fromstring(html[start: html.index("</svg>") + len("</svg>")])
    assert svg.get("aria-label") == CHART.alt and svg.get("role") == "img"
    lines = svg.findall(f"{{{SVG}}}polyline")
    assert [line.findtext(f"{{{SVG}}}title") for line in lines] == [name for name, _ in CHART.series]
    for line, (_, points) in zip(lines, CHART.series):
        drawn = [tuple(map(float, pair.split(","))) for pair in line.get("points").split()]
        assert len(drawn) == len(points)
        # x grows with the data's x; y on the page falls as the value rises
        assert all(a[0] < b[0] for a, b in zip(drawn, drawn[1:]))
        for (_, y1), (_, y2), (_, v1), (_, v2) in zip(drawn, drawn[1:], points, points[1:]):
            assert (y2 - y1) * (v2 - v1) <= 0
    assert len(lines[0].get("stroke-dasharray") or "") == 0 and lines[1].get("stroke-dasharray")


@given(st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=50))
def test_an_axis_takes_in_every_value_and_zero_with_round_steps(values):
    axis = axis_for(values)
    assert axis.low <= min(min(values), 0) and axis.high >= max(max(values), 0)
    mantissa = axis.step / 10 ** math.floor(math.log10(axis.step))
    assert round(mantissa, 6) in (1, 2, 5)
    assert 2 <= len(axis.ticks) <= 9
    assert any(abs(t) < axis.step / 2 for t in axis.ticks)  # zero is a tick


def test_tick_labels_use_a_true_minus_and_the_step_decimals():
    axis = axis_for([-2.44, 3.5])
    assert axis.step == 1 and tick_label(-2.0, axis) == "\u22122" and tick_label(0.0, axis) == "0"
    fine = axis_for([-0.3, 0.2])
    assert fine.step == 0.1 and tick_label(-0.3, fine) == "\u22120.3" and tick_label(-0.0, fine) == "0.0"


def test_a_span_too_small_to_step_through_gets_a_unit_scale():
    for values in ([5e-324], [0.0], [-1e-12, 1e-12]):
        axis = axis_for(values)
        assert axis.low <= min(values) and axis.high >= max(values) and axis.step > 0
