"""Tests for the PDF writer: what a reader of the PDF sees, its fonts and metadata, and what it may fetch."""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest

from contractgen.document import Clause, Paragraph, Text
from contractgen.errors import RenderFailed
from contractgen.resources import Resources
from contractgen.writers import html, pdf
from contractgen.writers.fetcher import AssetFetcher, FetchRefused
from tests.sample_document import sample_document

HOSTILE_TEXT = "<img src='file:///etc/passwd'> see http://169.254.169.254/ now"
HOSTILE_CSS = """\
@import url(file:///etc/passwd);
@import url("http://169.254.169.254/latest/meta-data/");
@font-face { font-family: Stolen; src: url(file:///etc/hostname); }
body { background: url(http://169.254.169.254/); }
.doc-title::after { content: url(file:///etc/hostname); }
.draft-marking { background-image: url(data:image/png;base64,iVBORw0KGgo=); }
.cover { background-image: url(fonts/../../resources.py); }
"""


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool; a missing tool fails the test rather than skipping it."""
    path = shutil.which(tool)
    assert path, f"{tool} not found: install poppler-utils to run the PDF tests"
    return subprocess.run([path, *args], check=True, capture_output=True, text=True).stdout


def pdf_text(data: bytes, tmp: Path) -> str:
    target = tmp / "out.pdf"
    target.write_bytes(data)
    return poppler("pdftotext", "-layout", str(target), "-")


def render_with(stylesheets: list[str], html_text: str | None = None) -> pdf.PdfResult:
    """The sample document (or `html_text`) rendered as `pdf.render` renders it, links described."""
    resources = Resources()
    html_text = html_text if html_text is not None else html.to_html(sample_document())
    return pdf.render_pdf(html_text, stylesheets, resources.assets_dir,
                          link_descriptions=pdf.link_descriptions(sample_document()))


@pytest.fixture(scope="module")
def print_css() -> str:
    return Resources().print_css.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result(print_css) -> pdf.PdfResult:
    return render_with([print_css])


@pytest.fixture(scope="module")
def pdf_file(result, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    target.write_bytes(result.pdf)
    return target


@functools.cache
def page_texts(pdf_path: Path) -> list[str]:
    """The text of each page; called from tests, not fixtures, so a missing pdftotext fails them."""
    text = poppler("pdftotext", "-layout", str(pdf_path), "-")
    return [page for page in text.split("\f") if page.strip()]


def test_clause_numbers_and_headings_are_in_the_text(pdf_file):
    pages = page_texts(pdf_file)
    text = "\n".join(pages)
    for number, words in [("1.", "Definitions"), ("2.", "Payment"), ("2.1", "The Commissioners will pay"),
                          ("2.1.1", "in twelve equal monthly instalments"), ("2.1.2", "by the tenth working day"),
                          ("2.2", "The improvement payment"), ("1.", "Budget lines"), ("1.1", "The budget for 2018/19")]:
        assert re.search(rf"(?m)^\s*{re.escape(number)}\s+{re.escape(words)}", text), (number, words)
    for heading in ["General Conditions", "Schedule 2: Whole Population Budget", "Contents"]:
        assert heading in text
    assert "{{ 7*7 }} & <b>not markup" in text


def test_every_page_has_the_running_header_and_page_x_of_y(pdf_file, result):
    pages = page_texts(pdf_file)
    assert result.pages == len(pages) == 3
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert "DRAFT 0.3 (working draft)" in lines[0]
        assert "Multispecialty Community Provider Contract" in lines[0]
        assert lines[-1].strip() == f"Page {number} of {len(pages)}"


def test_schedule_starts_a_new_page_and_the_contents_shows_page_numbers(pdf_file):
    pages = page_texts(pdf_file)
    assert pages[2].split("\n", 3)[-1].lstrip().startswith("Schedule 2: Whole Population Budget")
    contents = pages[0]
    assert re.search(r"General Conditions \.{5,}\s*2\n", contents)
    assert re.search(r"2\. Payment \.{5,}\s*2\n", contents)
    assert re.search(r"Schedule 2: Whole Population Budget \.{5,}\s*3\n", contents)


def test_bookmarks_for_parts_and_level_one_clauses(result):
    assert result.outline == [
        (1, "General Conditions", 2),
        (2, "1. Definitions", 2),
        (2, "2. Payment", 2),
        (1, "Schedule 2: Whole Population Budget", 3),
        (2, "1. Budget lines", 3),
    ]


def test_links_are_described_as_a_reader_cites_their_target(result):
    descriptions = pdf.link_descriptions(sample_document())
    assert descriptions["c-payment"] == "clause 2 (Payment)"
    # an untitled subclause is cited with the heading of the clause it is in
    assert descriptions["c-payment-wpb"] == "clause 2.1 (Payment)"
    assert descriptions["c-schedule-wpb-intro"] == "Schedule 2, paragraph 1 (Budget lines)"
    assert descriptions["part-3"] == "Schedule 2: Whole Population Budget"
    with pikepdf.open(io.BytesIO(result.pdf)) as rendered:
        contents = {str(a.Dest): str(a.Contents) for page in rendered.pages for a in page.obj.get("/Annots", [])}
    assert contents["c-payment-wpb"] == "clause 2.1 (Payment)"  # the reference in the definitions
    assert contents["part-3"] == "Schedule 2: Whole Population Budget"  # the contents entry


def test_only_the_bundled_liberation_sans_is_used_and_embedded(pdf_file, result):
    lines = poppler("pdffonts", str(pdf_file)).splitlines()[2:]
    assert lines, "no fonts in the PDF"
    for line in lines:
        name, emb = line.split()[0], line.split()[-5]
        assert re.fullmatch(r"[A-Z]{6}\+Contractgen-Liberation-Sans(-Bold|-Italic|-Bold-Italic)?", name), line
        assert emb == "yes", line
    fonts_dir = (Resources().assets_dir / "fonts").resolve().as_uri()
    assert result.fetches == [(f"{fonts_dir}/LiberationSans-{style}.ttf", True)
                              for style in ("Regular", "Bold", "Italic", "BoldItalic")]


def pdf_objects(data: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to find objects kept in object streams."""
    inflated = [data]
    for start in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", start.end())
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompress(data[start.end():end]))
    return b"\n".join(inflated)


def test_catalog_has_language_and_outline(result):
    objects = pdf_objects(result.pdf)
    assert b"/Lang (en-GB)" in objects
    assert re.search(rb"/Outlines \d+ 0 R", objects)


def test_metadata_title_author_page_size_and_tagging(pdf_file):
    info = dict(re.findall(r"(?m)^([^:]+):\s*(.*)$", poppler("pdfinfo", str(pdf_file))))
    assert info["Title"] == "Multispecialty Community Provider Contract \u2013 Dudley Multispecialty Community Provider"
    assert info["Author"] == "contractgen"
    assert info["Subject"] == "MCP contract (partially integrated)"
    assert info["Tagged"] == "yes"
    assert info["Page size"].startswith("595.276 x 841.89 pts (A4)")


def test_sample_renders_without_any_weasyprint_warning(result):
    assert result.warnings == []
    assert pdf.render(sample_document(), Resources(), strict=True)


def test_two_renders_are_byte_identical(result):
    first = pdf.render(sample_document(), Resources())
    second = pdf.render(sample_document(), Resources())
    assert first == second == result.pdf
    assert pdf.EXTENSION == ".pdf" and first.startswith(b"%PDF-1.7")


def test_hostile_document_text_is_printed_not_fetched(tmp_path, print_css):
    doc = sample_document()
    doc.parts[1].blocks.append(Clause(number="3", text=[Text(HOSTILE_TEXT)]))
    doc.parts[1].blocks.append(Paragraph([Text("{{ 7*7 }}")]))
    result = render_with([print_css], html.to_html(doc))
    text = pdf_text(result.pdf, tmp_path)
    assert "<img src='file:///etc/passwd'> see http://169.254.169.254/ now" in text
    assert "{{ 7*7 }}" in text
    assert all(allowed for _, allowed in result.fetches)
    assert result.warnings == []


def test_hostile_stylesheet_fetches_nothing(tmp_path, print_css):
    result = render_with([HOSTILE_CSS, print_css])
    refused = [url for url, allowed in result.fetches if not allowed]
    assert set(refused) == {
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.169.254/",
        "file:///etc/hostname",
        "data:image/png;base64,iVBORw0KGgo=",
        str(Path(pdf.__file__).resolve().parents[1] / "resources.py").join(["file://", ""]),
    }
    assets = Resources().assets_dir.resolve().as_uri() + "/"
    assert all(url.startswith(assets) for url, allowed in result.fetches if allowed)
    assert any("FetchRefused" in warning for warning in result.warnings)
    text = pdf_text(result.pdf, tmp_path)
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").is_file() else ""
    if hostname:
        assert hostname not in text
    assert "root:x:0:0" not in text


def test_hostile_html_fetches_nothing():
    result = render_with([], "<html lang=en><title>t</title><img src='file:///etc/passwd'>"
                             "<link rel=attachment href='file:///etc/hostname'>"
                             "<link rel=stylesheet href='http://169.254.169.254/'><p>x</p>")
    assert sorted(result.fetches) == [("file:///etc/hostname", False), ("file:///etc/passwd", False),
                                      ("http://169.254.169.254/", False)]


def test_strict_render_raises_with_the_warnings(tmp_path):
    (tmp_path / "print.css").write_text(HOSTILE_CSS + Resources().print_css.read_text(encoding="utf-8"))
    resources = Resources(template_dirs=(tmp_path,))
    with pytest.raises(RenderFailed) as caught:
        pdf.render(sample_document(), resources, strict=True)
    message = str(caught.value)
    assert "WeasyPrint logged" in message and "file:///etc/passwd" in message
    assert caught.value.exit_code == 3
    assert pdf.render(sample_document(), resources).startswith(b"%PDF")


def test_fetcher_allows_only_files_inside_its_roots(tmp_path):
    root = tmp_path / "assets"
    (root / "fonts").mkdir(parents=True)
    (root / "fonts" / "a.ttf").write_bytes(b"font")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    fetcher = AssetFetcher((root,))
    path, body, _ = fetcher.fetch((root / "fonts" / "a.ttf").as_uri())
    assert body == b"font" and path == (root / "fonts" / "a.ttf").resolve()
    assert fetcher.fetch("file://localhost" + str(root / "fonts" / "a.ttf"))[1] == b"font"
    for url in ["file:///etc/passwd", (root / "fonts" / ".." / ".." / "secret.txt").as_uri(),
                (root / "link.txt").as_uri(), (root / "fonts").as_uri(), (root / "missing.ttf").as_uri(),
                "file://evil.example" + str(root / "fonts" / "a.ttf"), "http://169.254.169.254/",
                "https://example.com/a.ttf", "data:text/plain,hello", "ftp://example.com/x"]:
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert fetcher.attempts[0][1] and fetcher.attempts[1][1]
    assert len(fetcher.refused) == 10

