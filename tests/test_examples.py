"""End to end on every bundled example: the real DOCX, PDF and Markdown, read back by real clients."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest

from contractgen.templating import money
from office import convert_many

from conftest import EXAMPLES

STEMS = [p.stem for p in EXAMPLES]


def _outputs(built: Path, stem: str, doc_id: str, ext: str) -> Path:
    path = built / stem / f"{doc_id}.{ext}"
    assert path.is_file(), f"{path} was not built"
    return path


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _numbered(doc):
    """(part, clause) for every numbered clause, in reading order."""
    return [(part, clause) for part, clause in doc.clauses() if clause.number]


@pytest.mark.parametrize("stem", STEMS)
def test_every_document_is_built_in_every_format(built_examples, assembled_examples, stem):
    for doc_id in assembled_examples[stem].documents:
        for ext in ("docx", "pdf", "md"):
            assert _outputs(built_examples, stem, doc_id, ext).stat().st_size > 0


@pytest.mark.parametrize("stem", STEMS)
def test_docx_has_styles_numbering_parties_and_money(built_examples, assembled_examples, stem):
    built = assembled_examples[stem]
    partnership = built.loaded.partnership
    for doc_id, assembled in built.documents.items():
        path = _outputs(built_examples, stem, doc_id, "docx")
        document = docx.Document(str(path))
        styles = [p.style.name for p in document.paragraphs]
        assert styles[0] == "Title" and document.paragraphs[0].text == assembled.document.meta.title
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        # a schedule's "Schedule 5" is Word's list number, outside the paragraph's text
        assert headings == [part.heading[len(part.label or ""):] for part in assembled.document.parts
                            if part.kind != "front"]
        numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
                    and p.style.name != "Heading 1"]  # schedule headings are numbered too
        assert len(numbered) == len(_numbered(assembled.document)), doc_id
        for paragraph in numbered:  # the numbers are Word's, never typed into the text
            assert not re.match(r"^(SC|GC)?\d+(\.\d+)*\.?\s", paragraph.text), paragraph.text
        header = document.sections[0].header.paragraphs[0].text
        assert f"DRAFT {partnership.partnership.draft.version}" in header
        assert document.core_properties.title == assembled.document.meta.title
    main = next(iter(built.documents))
    text = _docx_text(_outputs(built_examples, stem, main, "docx"))
    for party in partnership.parties:
        if party.kind != "gp_practice":
            assert party.name in text, f"{party.name} missing from {stem} {main}"
    if partnership.budget:
        total = sum(line.amount for line in partnership.budget.lines)
        assert money(total) in text


@pytest.fixture(scope="module")
def libreoffice_text(built_examples, assembled_examples, tmp_path_factory):
    """Every example DOCX converted to text by LibreOffice, in one start of it."""
    sources = [built_examples / stem / f"{doc_id}.docx"
               for stem in STEMS for doc_id in assembled_examples[stem].documents]
    converted = convert_many(sources, "txt:Text", tmp_path_factory.mktemp("lo-text"))
    return {source: target.read_text(encoding="utf-8-sig") for source, target in converted.items()}


@pytest.mark.parametrize("stem", STEMS)
def test_libreoffice_lays_out_the_clause_numbers_and_contents(built_examples, assembled_examples, libreoffice_text, stem):
    for doc_id, assembled in assembled_examples[stem].documents.items():
        text = libreoffice_text[built_examples / stem / f"{doc_id}.docx"]
        lines = [line.strip() for line in text.splitlines()]
        position = 0
        for part, clause in _numbered(assembled.document):
            label = f"{clause.number}." if clause.level == 1 else clause.number
            found = next((i for i in range(position, len(lines)) if lines[i].startswith(label + "\t")
                          or lines[i].startswith(label + " ")), None)
            assert found is not None, f"{stem} {doc_id}: LibreOffice shows no list label {label} after line {position}"
            position = found + 1
        assert "Contents" in lines
        first = next(c for _, c in _numbered(assembled.document) if c.level == 1 and c.title)
        assert sum(1 for line in lines if first.title in line) >= 2  # in the contents and as the heading


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_shows_the_same_numbers_and_parties(built_examples, assembled_examples, stem):
    built = assembled_examples[stem]
    for doc_id, assembled in built.documents.items():
        pdf = _outputs(built_examples, stem, doc_id, "pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        flat = re.sub(r"\s+", " ", text)
        for _, clause in _numbered(assembled.document):
            label = f"{clause.number}." if clause.level == 1 else clause.number
            assert re.search(rf"(^|\s){re.escape(label)}\s", text, re.M), f"{stem} {doc_id}: no {label} in the PDF"
        assert re.search(r"Page 1 of \d+", text)
        # a loss's minus sign stays on the line of its amount, even in a narrow table column
        assert not re.search(r"\u2212\u2060?(\s|$)", text, re.M), f"{stem} {doc_id}: a minus sign split from its amount"
        assert f"DRAFT {built.loaded.partnership.partnership.draft.version}" in text
        if doc_id == next(iter(built.documents)):
            for party in built.loaded.partnership.parties:
                if party.kind != "gp_practice":
                    assert party.name in flat, f"{party.name} missing from {stem} {doc_id} PDF"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in info
        assert f"Title:           {assembled.document.meta.title}" in info


def test_same_inputs_give_byte_identical_docx_and_pdf(built_examples, tmp_path):
    from click.testing import CliRunner

    from contractgen.cli import main

    dudley = Path(__file__).resolve().parent.parent / "examples" / "dudley.yaml"
    result = CliRunner().invoke(main, ["build", str(dudley), "--out", str(tmp_path), "--jobs", "1",
                                       "--format", "docx,pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for path in sorted((tmp_path / "dudley").glob("*.*")):
        if path.suffix in (".docx", ".pdf"):
            assert path.read_bytes() == (built_examples / "dudley" / path.name).read_bytes(), path.name


def test_golden_renditions_match_a_fresh_build(built_examples):
    root = Path(__file__).resolve().parent.parent / "examples" / "golden"
    for stem in STEMS:
        for golden in sorted((root / stem).glob("*.md")):
            assert (built_examples / stem / golden.name).read_text(encoding="utf-8") == golden.read_text(encoding="utf-8"), \
                f"{golden} is stale: run contractgen build --update-golden examples/"


@pytest.mark.parametrize("stem", STEMS)
def test_every_example_docx_keeps_the_package_invariants(built_examples, assembled_examples, stem):
    # unique drawing ids, a paragraph in every cell, every relationship resolves, no external
    # targets but hyperlinks, no attached template
    from test_writer_docx import package_problems

    for doc_id in assembled_examples[stem].documents:
        data = _outputs(built_examples, stem, doc_id, "docx").read_bytes()
        assert package_problems(data) == [], f"{stem} {doc_id}"


def _refs_and_terms(doc):
    """Every Ref in the document, and every term it uses (definitions included)."""
    from contractgen.document import Ref, Term, inline_lists, walk_inlines

    nodes = [node for inlines, _, _ in inline_lists(doc) for node in walk_inlines(inlines)]
    return [n for n in nodes if isinstance(n, Ref)], {n.text for n in nodes if isinstance(n, Term)}


@pytest.mark.parametrize("stem", STEMS)
def test_references_and_definitions_as_libreoffice_shows_them(built_examples, assembled_examples, libreoffice_text,
                                                              stem):
    from contractgen.document import Definitions

    for doc_id, assembled in assembled_examples[stem].documents.items():
        text = libreoffice_text[built_examples / stem / f"{doc_id}.docx"]
        flat = re.sub(r"\s+", " ", text)
        refs, used = _refs_and_terms(assembled.document)
        for ref in refs:
            target = assembled.document.find(ref.target)[1]
            assert ref.number == target.number and ref.label.endswith(target.number)
            assert ref.label in flat, f"{stem} {doc_id}: LibreOffice shows no '{ref.label}'"
        for _, clause in assembled.document.clauses():
            for block in clause.blocks:
                if isinstance(block, Definitions):
                    terms = [term for term, _ in block.entries]
                    assert terms == sorted(terms, key=str.casefold)
                    assert set(terms) == used, f"{stem} {doc_id}: {set(terms) ^ used}"
                    for term in terms:
                        assert re.search(rf"^{re.escape(term)} means ", text, re.M), f"{stem} {doc_id}: {term}"
