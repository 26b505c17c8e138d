"""Every example PDF as assistive technology reads it: an independent PDF/UA-1 checker (pdfua),
the title, what links say, figure descriptions, table header scopes, running heads as artifacts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest

import pdfua
import pdfua.document
import pdfua.rules.structure
from contractgen.document import Chart
from contractgen.resources import Resources
from contractgen.transforms import reference_label
from contractgen.writers import html, pdf
from conftest import EXAMPLES
from tests.sample_document import sample_document

STEMS = [p.stem for p in EXAMPLES]


def _as_integer(value: object) -> int | None:
    """pdfua 0.1.3's `as_integer`, working with pikepdf 10: there, `getattr(array, "is_integer")`
    raises ValueError instead of returning a default, so the empty-heading rule (UA-14-001) was
    skipped on every file with a heading. pikepdf hands integers over as Python ints."""
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


@pytest.fixture
def every_pdfua_rule_runs(monkeypatch):
    monkeypatch.setattr(pdfua.document, "as_integer", _as_integer)
    monkeypatch.setattr(pdfua.rules.structure, "as_integer", _as_integer)


def _pdfs(built: Path, stem: str, assembled) -> list[tuple[str, Path, object]]:
    out = []
    for doc_id, item in assembled[stem].documents.items():
        path = built / stem / f"{doc_id}.pdf"
        assert path.is_file(), f"{path} was not built"
        out.append((doc_id, path, item.document))
    return out


def _structure(pdf_file: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the StructTreeRoot."""
    found, stack = [], [pdf_file.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append(kid)
                stack.append(kid)
    return found


@pytest.mark.parametrize("stem", STEMS)
def test_every_example_pdf_passes_the_pdfua_checker(built_examples, assembled_examples, every_pdfua_rule_runs, stem):
    for doc_id, path, _ in _pdfs(built_examples, stem, assembled_examples):
        report = pdfua.validate(str(path))
        assert report.skipped == (), f"{stem} {doc_id}: rules not evaluated: {report.skipped}"
        assert len(report.outcomes) == 12, "pdfua no longer runs the 12 checks this test was written for"
        problems = [f"{f.rule_id} {f.severity.name} page {f.location.page}: {f.message}" for f in report.findings]
        assert problems == [], f"{stem} {doc_id}:\n" + "\n".join(problems)


@pytest.mark.parametrize("stem", STEMS)
def test_the_title_names_the_document_and_the_partnership(built_examples, assembled_examples, stem):
    for doc_id, path, document in _pdfs(built_examples, stem, assembled_examples):
        expected = f"{document.meta.title} \u2013 {document.meta.partnership}"
        with pikepdf.open(path) as pdf_file:
            assert str(pdf_file.docinfo.Title) == expected, f"{stem} {doc_id}"
            with pdf_file.open_metadata() as xmp:
                assert xmp["dc:title"] == expected, f"{stem} {doc_id}: XMP title"
            assert pdf_file.Root.ViewerPreferences.DisplayDocTitle is True


@pytest.mark.parametrize("stem", STEMS)
def test_links_name_the_clause_or_part_they_go_to(built_examples, assembled_examples, stem):
    for doc_id, path, document in _pdfs(built_examples, stem, assembled_examples):
        ids = html.anchor_ids(document)
        clauses = {ids[id(clause)]: (part, clause) for part, clause in document.clauses() if id(clause) in ids}
        parts = {ids[id(part)]: part for part in document.parts}
        links = 0
        with pikepdf.open(path) as pdf_file:
            for page in pdf_file.pages:
                for annotation in page.obj.get("/Annots", []):
                    if annotation.get("/Subtype") != pikepdf.Name.Link:
                        continue
                    links += 1
                    target, contents = str(annotation.Dest), str(annotation.Contents)
                    where = f"{stem} {doc_id} page {page.index + 1} link to {target}"
                    if target in parts:
                        assert contents == parts[target].heading, where
                        continue
                    assert target in clauses, where
                    part, clause = clauses[target]
                    label = reference_label(part, clause)
                    # "clause GC3.2 (Risk and gain share)", "Schedule 2, paragraph 1 (Budget)", "clause 4"
                    assert re.fullmatch(re.escape(label) + r"( \(.+\))?", contents), f"{where}: {contents!r}"
                    assert re.search(r"\d", contents), where
                    if clause.title:
                        assert contents == f"{label} ({clause.title})", where
        assert links > 0, f"{stem} {doc_id}: no links (the contents alone should give some)"


def test_a_subclause_link_names_the_heading_of_the_clause_it_is_in(built_examples, assembled_examples):
    document = assembled_examples["dudley"].documents["mcp_contract"].document
    # the uplift sub-clause of the payment clause, which the budget schedule cites
    parent = next(clause for _, clause in document.clauses() if clause.id == "mcp.gc.payment")
    uplift = next(child for child in parent.children if child.id == "mcp.gc.payment.uplift")
    assert parent.title and not uplift.title and parent.number.startswith("GC")
    with pikepdf.open(built_examples / "dudley" / "mcp_contract.pdf") as pdf_file:
        contents = {str(annotation.Dest): str(annotation.Contents)
                    for page in pdf_file.pages for annotation in page.obj.get("/Annots", [])}
    # "clause GC1.4 (Payment)", as the budget schedule cites it
    assert contents["c-mcp-gc-payment-uplift"] == f"clause {uplift.number} ({parent.title})"


@pytest.mark.parametrize("stem", STEMS)
def test_running_heads_and_page_numbers_are_artifacts(built_examples, assembled_examples, stem):
    for doc_id, path, _ in _pdfs(built_examples, stem, assembled_examples):
        with pikepdf.open(path) as pdf_file:
            in_tree = {element.objgen for element in _structure(pdf_file)}
            nums = pdf_file.Root.StructTreeRoot.ParentTree.Nums
            for page in pdf_file.pages:
                where = f"{stem} {doc_id} page {page.index + 1}"
                artifacts, mcids = [], []
                for operands, _ in pikepdf.parse_content_stream(page, "BDC"):
                    if operands[0] == pikepdf.Name.Artifact and isinstance(operands[1], pikepdf.Dictionary):
                        artifacts.append((operands[1].get("/Type"), operands[1].get("/Subtype")))
                    elif isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                        mcids.append(int(operands[1].MCID))
                pagination = pikepdf.Name.Pagination
                assert (pagination, pikepdf.Name.Header) in artifacts, f"{where}: no running head artifact"
                assert (pagination, pikepdf.Name.Footer) in artifacts, f"{where}: no page-number artifact"
                # every piece of tagged content belongs to an element a screen reader reaches
                parents = nums[2 * page.index + 1]
                assert int(nums[2 * page.index]) == page.index
                for mcid in mcids:
                    assert isinstance(parents[mcid], pikepdf.Dictionary), f"{where}: MCID {mcid} has no element"
                    assert parents[mcid].objgen in in_tree, f"{where}: MCID {mcid} is outside the structure tree"


def test_the_risk_share_chart_figure_carries_the_charts_description(built_examples, assembled_examples):
    document = assembled_examples["dudley"].documents["risk_share_agreement"].document
    charts = [block for _, clause in document.clauses() for block in clause.blocks if isinstance(block, Chart)]
    assert len(charts) == 2  # one for each of Dudley's two risk share schemes
    with pikepdf.open(built_examples / "dudley" / "risk_share_agreement.pdf") as pdf_file:
        figures = [e for e in _structure(pdf_file) if e.S == pikepdf.Name.Figure]
    # _structure walks the tree depth first from the end, not in reading order
    assert sorted(str(figure.Alt) for figure in figures) == sorted(chart.alt for chart in charts)
    assert all(len(chart.alt) > 40 for chart in charts)  # a description, not a label
    assert charts[0].alt != charts[1].alt  # each describes its own scheme's baseline


@pytest.mark.parametrize("stem", STEMS)
def test_table_header_cells_are_column_headers(built_examples, assembled_examples, stem):
    for doc_id, path, _ in _pdfs(built_examples, stem, assembled_examples):
        with pikepdf.open(path) as pdf_file:
            elements = _structure(pdf_file)
            headers = [e for e in elements if e.S == pikepdf.Name.TH]
            tables = [e for e in elements if e.S == pikepdf.Name.Table]
        assert all(header.A.Scope == pikepdf.Name.Column for header in headers), f"{stem} {doc_id}"
        assert bool(headers) == bool(tables), f"{stem} {doc_id}: tables without header cells"


def test_a_row_header_gets_row_scope_and_stays_the_header_of_its_row():
    document_html = html.to_html(sample_document()).replace(
        "<tbody>", '<tbody>\n<tr><th scope="row">Row head</th><td>a</td><td>b</td></tr>', 1)
    assert "Row head" in document_html
    resources = Resources()
    result = pdf.render_pdf(document_html, [resources.print_css.read_text(encoding="utf-8")], resources.assets_dir)
    with pikepdf.open(io.BytesIO(result.pdf)) as pdf_file:
        elements = _structure(pdf_file)
        scopes = [str(e.A.Scope) for e in elements if e.S == pikepdf.Name.TH]
        rows = [e for e in elements if e.S == pikepdf.Name.TR]
        row = next(r for r in rows if any(k.get("/S") == pikepdf.Name.TH and k.A.Scope == pikepdf.Name.Row
                                          for k in r.K))
        row_header_id = next(str(k.ID) for k in row.K if k.get("/S") == pikepdf.Name.TH)
        cells = [k for k in row.K if k.get("/S") == pikepdf.Name.TD]
    assert scopes.count("/Row") == 1 and "/Column" in scopes
    assert all(row_header_id in [str(h) for h in cell.A.Headers] for cell in cells)
