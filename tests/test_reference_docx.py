"""Restyling: `contractgen reference-docx`, reference documents saved by other programs, and files that are not one."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from contractgen.cli import main
from contractgen.writers.docx_reference import default_reference
from office import convert
from partnerships import dump, minimal_partnership

REPO = Path(__file__).resolve().parents[1]
DOCUMENT = "mcp_contract"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_reference_docx_writes_the_default_and_will_not_overwrite(tmp_path):
    target = tmp_path / "styles" / "reference.docx"
    result = run("reference-docx", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == default_reference() == (REPO / "templates" / "reference.docx").read_bytes()
    assert "restyle it in Word or LibreOffice" in result.output

    target.write_bytes(b"the legal team's restyled copy")
    again = run("reference-docx", target)
    assert again.exit_code == 2
    assert f"{target} exists: choose another name or pass --force" in again.output
    assert target.read_bytes() == b"the legal team's restyled copy"
    assert [p.name for p in target.parent.iterdir()] == ["reference.docx"]  # no temporary left behind

    forced = run("reference-docx", target, "--force")
    assert forced.exit_code == 0 and target.read_bytes() == default_reference()


def _python_docx_default(folder: Path) -> Path:
    path = folder / "reference.docx"
    docx.Document().save(str(path))
    return path


def _saved_by_libreoffice(folder: Path) -> Path:
    source = folder / "source" / "reference.docx"
    source.parent.mkdir(parents=True)
    source.write_bytes(default_reference())
    converted = convert(source, "docx", folder / "converted")
    path = folder / "reference.docx"
    path.write_bytes(converted.read_bytes())
    return path


def _missing_styles(path: Path) -> set[str]:
    """The writer's style names (as stored in styles.xml) that the file does not have."""
    from contractgen.writers.docx_reference import STYLES

    with zipfile.ZipFile(path) as package:
        names = set(re.findall(r'<w:name w:val="([^"]*)"', package.read("word/styles.xml").decode()))
    return {spec[2] for spec in STYLES} - names


def _list_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        if "word/numbering.xml" not in package.namelist():
            return []
        xml = package.read("word/numbering.xml").decode()
    return re.findall(r'<w:name w:val="([^"]*)"', xml)


@pytest.mark.parametrize("make, lacking", [
    (_python_docx_default, {"Clause Level 1", "Defined Term", "Contract Table"}),
    (_saved_by_libreoffice, {"heading 1", "toc 1", "header"}),
], ids=["python-docx", "libreoffice"])
def test_a_reference_saved_elsewhere_builds_a_numbered_contract(make, lacking, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    reference = make(templates)
    # what makes the test worth having: the file lacks the clause list and styles under the names the
    # writer asks for (python-docx's template has none of contractgen's own; LibreOffice writes
    # Word's built-in "heading 1" as "Heading 1", which python-docx does not find)
    assert "contractgen clauses" not in _list_names(reference)
    assert lacking <= _missing_styles(reference)
    defaults_before = _doc_defaults(docx.Document(str(reference)))

    partnership = tmp_path / "valley.yaml"
    partnership.write_text(dump(minimal_partnership()))
    result = run("build", partnership, "--document", DOCUMENT, "--format", "docx,md", "--templates", templates,
                 "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    built = tmp_path / "out" / "valley" / f"{DOCUMENT}.docx"
    with zipfile.ZipFile(built) as package:
        names = package.namelist()
    assert len(names) == len(set(names)), "a part is in the package twice"
    doc = docx.Document(str(built))

    # Word numbering on the clauses, from a list contractgen added
    numbering = doc.part.numbering_part.element
    lists = {a.get(qn("w:abstractNumId")): a.find(qn("w:name")).get(qn("w:val"))
             for a in numbering.findall(qn("w:abstractNum")) if a.find(qn("w:name")) is not None}
    numbered = {}
    for num in numbering.findall(qn("w:num")):
        numbered[num.get(qn("w:numId"))] = lists.get(num.find(qn("w:abstractNumId")).get(qn("w:val")), "")
    # numbered clauses: a level 1 clause with a title is a Heading 2, the others a Clause Level style
    clauses = [p for p in doc.paragraphs if p.style.name in ("Heading 2", "Clause Level 1", "Clause Level 2")]
    assert len(clauses) > 20 and {"Heading 2", "Clause Level 2"} <= {p.style.name for p in clauses}
    for paragraph in clauses:
        num_pr = paragraph._p.pPr.numPr
        assert num_pr is not None, paragraph.text
        assert numbered[str(num_pr.numId.val)].startswith("contractgen clauses"), paragraph.text
    # the file's own fonts are kept (only what was missing is added; the writer sets the language)
    assert _doc_defaults(doc) == defaults_before

    # LibreOffice shows every clause number the Markdown rendition has, in the same order
    label = re.compile(r"^\s*(?:### )?((?:[A-Z]{2})?\d+(?:\.\d+)*\.?) \S")
    markdown = (tmp_path / "out" / "valley" / f"{DOCUMENT}.md").read_text(encoding="utf-8").splitlines()
    expected = [m.group(1) for m in map(label.match, markdown) if m]
    lines = convert(built, "txt:Text", tmp_path / "text").read_text(encoding="utf-8-sig").splitlines()
    shown = iter([m.group(1) for m in map(label.match, lines) if m])
    assert len(expected) > 50 and "2.1.1" in expected
    assert all(number in shown for number in expected), "LibreOffice does not show the clause numbers in order"


def _doc_defaults(doc) -> bytes:
    from lxml import etree

    fonts = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    return etree.tostring(fonts)


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def _without_styles(path: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(default_reference())) as package:
        parts = {name: package.read(name) for name in package.namelist() if name != "word/styles.xml"}
    return _zip(path, parts)


BAD = {
    "not_a_zip": (lambda p: p.write_bytes(b"These are our styles.\n") or p,
                  "a file that is not a Word package (File is not a zip file)"),
    "no_document": (lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "notes.txt": b"hello"}),
                    "a zip package with no word/document.xml in it"),
    "no_styles": (_without_styles, "a Word document with no styles part"),
    "broken_xml": (lambda p: _broken_styles(p), "one python-docx cannot read (XMLSyntaxError: "
                   "StartTag: invalid element name"),
}


def _broken_styles(path: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(default_reference())) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/styles.xml"] = b"<<not xml"
    return _zip(path, parts)


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_reference_that_is_not_a_usable_docx_is_refused_naming_it(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make, problem = BAD[case]
    Path("templates").mkdir()
    make(Path("templates") / "reference.docx")
    Path("valley.yaml").write_text(dump(minimal_partnership()))
    result = run("build", "valley.yaml", "--templates", "templates", "--out", "out", "--jobs", "1")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()  # one message, not one per document
    assert line.startswith(f"templates/reference.docx: expected a Word document (.docx) to take styles from, got "
                           f"{problem}")
    assert line.endswith(" from Word or LibreOffice as .docx, or start again from the default one that "
                         "'contractgen reference-docx FILE' writes")
    assert "Traceback" not in result.output and not Path("out").exists()


def test_a_style_id_taken_by_another_style_gets_one_of_its_own():
    from docx.enum.style import WD_STYLE_TYPE

    from contractgen.writers.docx_reference import complete

    doc = docx.Document()
    theirs = doc.styles.add_style("Sticky Note", WD_STYLE_TYPE.PARAGRAPH)
    theirs.element.set(qn("w:styleId"), "Note")  # the id contractgen's "Note" has in the default reference
    complete(doc)
    assert doc.styles["Sticky Note"].style_id == "Note"
    assert doc.styles["Note"].style_id == "ContractgenNote"
    ids = [s.get(qn("w:styleId")) for s in doc.styles.element.findall(qn("w:style"))]
    assert len(ids) == len(set(ids))
    # run twice, nothing more is added
    before = len(ids)
    complete(doc)
    assert len(doc.styles.element.findall(qn("w:style"))) == before
