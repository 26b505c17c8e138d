"""Values from a partnership file print exactly as written, in every format and every place:
the title block, the page header, the document properties, tables and running text.

Each value goes through the same path as in the shipped library: escaped for the clause
markup by the template environment, parsed back by the markup reader, written by each writer.
The DOCX is read with python-docx, the PDF with pdftotext, the Markdown with a CommonMark
reader (markdown-it-py), so an escape left in, or a character lost, shows as a difference.
These tests fail, not skip, when pdftotext is missing.
"""

from __future__ import annotations

import re
import shutil
import string
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from contractgen.cli import main
from partnerships import TEST_DOCUMENT, dump, minimal_partnership

# letters of several scripts that the bundled font draws (Latin with Welsh and other accents,
# Greek, Cyrillic), every ASCII punctuation mark (contractgen's light markup, Jinja and Markdown
# all use some of them), digits and spaces
LETTERS = string.ascii_letters + "éèçñøßŵŷâ" + "αβγδεζηθλμξπσωΔΩ" + "абвгдежзийклмнЖЩЯ"
ALPHABET = LETTERS + string.digits + string.punctuation + " "
# single spaces inside, none at the ends: HTML (and so the PDF) folds runs of spaces, and the
# markup reader trims cells; neither is about escaping
words = st.text(ALPHABET, min_size=1, max_size=24).map(lambda s: " ".join(s.split())).filter(bool)
values = st.builds(lambda text, tail: text + tail, words, st.sampled_from(["", "\\", "\\\\"]))

EVERY_PUNCTUATION = string.punctuation  # !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
MARKUP = r"#. [#x] **bold** *it* [[a.b]] \n > : |---|===| !chart risk_share {{ 7*7 }} {% if %}"
COVER = "Better Together: Dudley [MCP] #1 *new*"
# what a Markdown reader takes for a list, a heading underline, a fence or an entity
BLOCKS = "- 1. Smith &amp; Sons &#38; ~~~ ==="

TEMPLATE = f"""\
id: {TEST_DOCUMENT}
title: "Agreement for {{{{ partnership.name }}}}"
subject: "Made with {{{{ parties[0].name }}}}"
toc: false
front: [test.parties]
parts:
  - title: Body
    clauses: [test.body]
"""
PARTIES = """\
---
id: test.parties
title: Parties
version: 1.0.0
---
{% for party in parties %}
**{{ party.name }}**

{% endfor %}
"""
# cells written against the bars, as a clause author may: a value ending in a backslash must
# still end its own cell
BODY = """\
---
id: test.body
title: Body
version: 1.0.0
---
#. The partnership {{ partnership.name }} is led by {{ parties[0].name }}.

{{ services[0].name }} is the first service. Notices go to:\n{{ parties[0].name }}

: Services
|Service|Provider|
|---|---|
|{{ services[0].name }}|{{ parties[0].name }}|
"""


def library(folder: Path) -> list[str]:
    templates, clauses = folder / "templates", folder / "clauses"
    (templates / "documents").mkdir(parents=True, exist_ok=True)
    clauses.mkdir(parents=True, exist_ok=True)
    (templates / "documents" / f"{TEST_DOCUMENT}.yaml").write_text(TEMPLATE)
    (clauses / "parties.md").write_text(PARTIES)
    (clauses / "body.md").write_text(BODY)
    return ["--templates", str(templates), "--clauses", str(clauses)]


def build(folder: Path, partnership: str, party: str, service: str, formats: str) -> Path:
    data = minimal_partnership()
    data["documents"] = [TEST_DOCUMENT]
    data["partnership"]["name"] = partnership
    data["parties"][0]["name"] = party
    data["services"][0]["name"] = service
    (folder / "p.yaml").write_text(dump(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--force", "--format", formats, "--out", str(folder / "out"),
                                       *library(folder), str(folder / "p.yaml")])
    assert result.exit_code == 0, result.output
    return folder / "out" / "p" / TEST_DOCUMENT


def docx_texts(path: Path) -> list[str]:
    """Every paragraph and table cell of the body, the page header and the title and subject."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts += [p.text for section in document.sections for p in section.header.paragraphs]
    texts += [document.core_properties.title, document.core_properties.subject]
    return texts


def markdown_texts(text: str) -> list[str]:
    """The text a CommonMark reader finds in each heading, paragraph and table cell."""
    texts = []
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type == "inline":
            texts.append("".join(child.content if child.type in ("text", "code_inline") else
                                 {"softbreak": " ", "hardbreak": "\n"}.get(child.type, "")
                                 for child in token.children or []))
    return texts


def pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed: apt-get install poppler-utils"
    return subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def squeezed(text: str) -> str:
    # a long value wraps onto a second line in the PDF: line breaks are layout, not the value
    return re.sub(r"\s+", "", text)


def assert_verbatim(base: Path, named: dict[str, str], pdf: bool) -> None:
    docx_found = docx_texts(base.with_suffix(".docx"))
    md_found = markdown_texts(base.with_suffix(".md").read_text(encoding="utf-8"))
    pdf_text = squeezed(pdftotext(base.with_suffix(".pdf"))) if pdf else ""
    for where, value in named.items():
        assert any(value in t for t in docx_found), (where, value, "DOCX", docx_found)
        assert any(value in t for t in md_found), (where, value, "Markdown", md_found)
        if pdf:
            assert squeezed(value) in pdf_text, (where, value, "PDF", pdf_text)


class _Head(HTMLParser):
    """The <title> text and the description of an HTML document, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.title, self.description, self._in_title = "", None, False

    def handle_starttag(self, tag, attrs):
        self._in_title = tag == "title"
        if tag == "meta" and dict(attrs).get("name") == "description":
            self.description = dict(attrs).get("content")

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def test_punctuated_name_prints_as_written_on_the_cover_in_every_format(tmp_path):
    base = build(tmp_path, COVER, "NHS Test Valley CCG\\", "Community health\\", "docx,pdf,md,html")
    head = _Head()
    head.feed(base.with_suffix(".html").read_text(encoding="utf-8"))
    assert (head.title, head.description) == (f"Agreement for {COVER}", "Made with NHS Test Valley CCG\\")
    document = docx.Document(str(base.with_suffix(".docx")))
    assert document.paragraphs[0].text == f"Agreement for {COVER}"
    assert document.paragraphs[1].text == COVER
    assert document.core_properties.title == f"Agreement for {COVER}"
    assert document.core_properties.subject == "Made with NHS Test Valley CCG\\"
    assert [c.text for c in document.tables[0].rows[1].cells] == ["Community health\\", "NHS Test Valley CCG\\"]
    assert markdown_texts(base.with_suffix(".md").read_text())[:2] == [f"Agreement for {COVER}", COVER]
    pdf_lines = pdftotext(base.with_suffix(".pdf")).splitlines()
    assert COVER in pdf_lines
    assert not any("\\:" in line or "\\[" in line for line in pdf_lines)


@settings(max_examples=4, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@example(EVERY_PUNCTUATION, "Party " + EVERY_PUNCTUATION + "\\", MARKUP)
@example(COVER, MARKUP + "\\", EVERY_PUNCTUATION[::-1])
@example("Ynys Môn ŵŷ: *Partneriaeth*", "Δήμος Αθηναίων [ΔΑ] #2", "Москва — Щ_Я |\\")
@given(partnership=values, party=values, service=values)
def test_values_print_verbatim_in_docx_pdf_and_markdown(tmp_path_factory, partnership, party, service):
    folder = tmp_path_factory.mktemp("v")
    base = build(folder, partnership, party, service, "docx,pdf,md")
    assert_verbatim(base, {"partnership.name": partnership, "parties[0].name": party,
                           "services[0].name": service}, pdf=True)


@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@example(BLOCKS, "1) " + BLOCKS, "+ " + BLOCKS)
@example("2018. Year", "= Equals", "~~~ fence")
@given(partnership=values, party=values, service=values)
def test_values_print_verbatim_in_docx_and_markdown(tmp_path_factory, partnership, party, service):
    # more examples without the PDF, which is where a build spends its time
    folder = tmp_path_factory.mktemp("v")
    base = build(folder, partnership, party, service, "docx,md")
    assert_verbatim(base, {"partnership.name": partnership, "parties[0].name": party,
                           "services[0].name": service}, pdf=False)
