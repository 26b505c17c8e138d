"""A Chart node as Word's own chart: a DrawingML chart part holding the figures, placed inline.

Word and LibreOffice draw it themselves, so a reviewer can restyle it, read its values and
copy it like any chart they made. The figures live in a workbook embedded beside the chart
(written with XlsxWriter), which the chart's series refer to cell by cell, with the values
cached in the chart part; Word's "Edit Data" opens that workbook. The scale, colours and
dashes come from chart_style, so the DOCX and the PDF show the same chart.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from ..document import Chart
from .chart_style import Axis, axes, colour, number_format, preset_dash

CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
WORKBOOK_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Sheet1"  # the name Word gives a chart's data sheet
# fixed workbook properties: XlsxWriter would stamp the time now, and equal input must give equal bytes
WORKBOOK_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
EMU_PER_CM = 360000
WIDTH_CM, HEIGHT_CM = 15.0, 8.1
X_AXIS_ID, Y_AXIS_ID = 500100, 500200
FONT = "Liberation Sans"


def add_chart(run, document_part, chart: Chart, number: int) -> None:
    """Put `chart` into `run` as chart number `number` (from 1) of the document."""
    package = document_part.package
    # Word names the first embedded workbook Microsoft_Excel_Worksheet.xlsx, then ...Worksheet1.xlsx
    name = f"Microsoft_Excel_Worksheet{number - 1 if number > 1 else ''}.xlsx"
    workbook_part = Part(PackURI(f"/word/embeddings/{name}"), WORKBOOK_CONTENT_TYPE, workbook(chart), package)
    part = Part(PackURI(f"/word/charts/chart{number}.xml"), CHART_CONTENT_TYPE, b"", package)
    workbook_rel = part.relate_to(workbook_part, RT.PACKAGE)
    part._blob = chart_xml(chart, workbook_rel).encode("utf-8")  # the part must exist to hold the relationship
    rel_id = document_part.relate_to(part, RT.CHART)
    run._r.append(parse_xml(_inline(chart, rel_id, number)))


def _inline(chart: Chart, rel_id: str, number: int) -> str:
    cx, cy = round(WIDTH_CM * EMU_PER_CM), round(HEIGHT_CM * EMU_PER_CM)
    # docPr ids only need to be unique among drawings; charts are the only drawings written
    return (
        f'<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:wp="{WP}" xmlns:a="{A}" xmlns:c="{C}" xmlns:r="{R}">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{number}" name="Chart {number}" descr={quoteattr(chart.alt)} title={quoteattr(chart.title)}/>'
        f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="{C}"><c:chart r:id="{rel_id}"/></a:graphicData>'
        f'</a:graphic></wp:inline></w:drawing>'
    )


def workbook(chart: Chart) -> bytes:
    """The chart's figures as an .xlsx: for each series two columns, its x values and its y values,
    under a heading row (the x axis's title, then the series name)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": chart.title, "author": "contractgen", "created": WORKBOOK_DATE})
    sheet = book.add_worksheet(SHEET)
    for index, (name, points) in enumerate(chart.series):
        sheet.write_string(0, 2 * index, chart.x_label)
        sheet.write_string(0, 2 * index + 1, name)
        for row, (x, y) in enumerate(points, start=1):
            sheet.write_number(row, 2 * index, x)
            sheet.write_number(row, 2 * index + 1, y)
        sheet.set_column(2 * index, 2 * index + 1, max(12, min(40, len(name))))
    book.close()
    return buffer.getvalue()


def _cells(first_row: int, column: int, last_row: int | None = None) -> str:
    """A formula naming cells of the data sheet, as Word writes it: Sheet1!$B$2:$B$6."""
    first = xl_rowcol_to_cell(first_row, column, row_abs=True, col_abs=True)
    if last_row is None:
        return f"{SHEET}!{first}"
    return f"{SHEET}!{first}:{xl_rowcol_to_cell(last_row, column, row_abs=True, col_abs=True)}"


def chart_xml(chart: Chart, workbook_rel: str | None = None) -> str:
    """The chart part; `workbook_rel` is the relationship id of the embedded workbook holding its figures."""
    x_axis, y_axis = axes(chart)
    series = "".join(_series(index, name, points) for index, (name, points) in enumerate(chart.series))
    # schema order: externalData follows the chart space's text properties
    external = (f'<c:externalData r:id="{workbook_rel}"><c:autoUpdate val="0"/></c:externalData>'
                if workbook_rel else "")
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}" xmlns:r="{R}">'
        f'<c:date1904 val="0"/><c:lang val="en-GB"/><c:roundedCorners val="0"/>'
        f'<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        f'<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>{series}'
        f'<c:axId val="{X_AXIS_ID}"/><c:axId val="{Y_AXIS_ID}"/></c:scatterChart>'
        f'{_axis(X_AXIS_ID, Y_AXIS_ID, "b", x_axis, chart.x_label)}'
        f'{_axis(Y_AXIS_ID, X_AXIS_ID, "l", y_axis, chart.y_label)}'
        f'</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        f'<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f'<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"><a:latin typeface="{FONT}"/>'
        f'</a:defRPr></a:pPr><a:endParaRPr lang="en-GB"/></a:p></c:txPr>{external}'
        f'</c:chartSpace>'
    )


def _series(index: int, name: str, points: list[tuple[float, float]]) -> str:
    """One line: its name and figures refer to the workbook's cells, with their values cached here."""
    last = len(points)
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
        f'<c:tx><c:strRef><c:f>{_cells(0, 2 * index + 1)}</c:f><c:strCache><c:ptCount val="1"/>'
        f'<c:pt idx="0"><c:v>{escape(name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
        f'<c:spPr><a:ln w="22225" cap="rnd"><a:solidFill><a:srgbClr val="{colour(index)[1:]}"/></a:solidFill>'
        f'<a:prstDash val="{preset_dash(index)}"/><a:round/></a:ln></c:spPr>'
        f'<c:marker><c:symbol val="none"/></c:marker>'
        f'<c:xVal>{_numbers(_cells(1, 2 * index, last), [x for x, _ in points])}</c:xVal>'
        f'<c:yVal>{_numbers(_cells(1, 2 * index + 1, last), [y for _, y in points])}</c:yVal>'
        f'<c:smooth val="0"/></c:ser>'
    )


def _numbers(formula: str, values: list[float]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{value:.10g}</c:v></c:pt>' for i, value in enumerate(values))
    return (f'<c:numRef><c:f>{formula}</c:f><c:numCache><c:formatCode>General</c:formatCode>'
            f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>')


def _axis(axis_id: int, cross_id: int, position: str, axis: Axis, label: str) -> str:
    return (
        f'<c:valAx><c:axId val="{axis_id}"/><c:scaling><c:orientation val="minMax"/>'
        f'<c:max val="{axis.high:.10g}"/><c:min val="{axis.low:.10g}"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{position}"/>'
        f'<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="DDDDDD"/></a:solidFill></a:ln>'
        f'</c:spPr></c:majorGridlines>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr b="0"/></a:pPr><a:r><a:rPr lang="en-GB" b="0"/>'
        f'<a:t>{escape(label)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
        f'<c:numFmt formatCode={quoteattr(number_format(axis))} sourceLinked="0"/>'
        f'<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        # labels at the low edge: with losses below zero, labels at the axis would sit inside the plot
        f'<c:tickLblPos val="low"/>'
        f'<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="888888"/></a:solidFill></a:ln></c:spPr>'
        f'<c:crossAx val="{cross_id}"/><c:crosses val="autoZero"/><c:crossBetween val="midCat"/>'
        f'<c:majorUnit val="{axis.step:.10g}"/></c:valAx>'
    )
