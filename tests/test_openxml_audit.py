"""An independent OOXML checker (openxml-audit) finds nothing to repair in any DOCX contractgen writes."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openxml_audit import OpenXmlValidator

from conftest import EXAMPLES
from test_redline import apply_edits, redline_files


def _findings(path: Path) -> list[str]:
    """Every error and warning openxml-audit reports on one file.

    A fresh validator for each file: its command line's --recursive mode carries what it read of one
    package into the next, and reports comments of one file as missing from the other.
    """
    result = OpenXmlValidator(max_errors=0).validate(str(path))
    return [str(finding) for finding in result.errors] + ([] if result.is_valid else ["not valid"])


def test_every_example_docx_passes_openxml_audit(built_examples, assembled_examples):
    paths = [built_examples / stem / f"{doc_id}.docx"
             for stem, built in assembled_examples.items() for doc_id in built.documents]
    assert len(paths) >= 20
    assert {path.name: _findings(path) for path in paths if _findings(path)} == {}


def test_a_redline_passes_openxml_audit(tmp_path):
    # figures changed in tables, a risk share changed, and drafting notes as comments
    source = next(p for p in EXAMPLES if p.stem == "dudley")
    new_text, documents = apply_edits(source, ["risk_share", "budget"])
    results = redline_files(tmp_path, source.read_text(encoding="utf-8"), new_text, documents[:1], source.name)
    assert results[0].changed
    path = tmp_path / "redline.docx"
    path.write_bytes(results[0].docx)
    assert _findings(path) == []


def test_openxml_audit_reports_a_comment_style_missing_from_the_styles(tmp_path, built_examples):
    # the check is real: with the comment style's definition renamed, each comment is reported
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(built_examples / "dudley" / "mcp_contract.docx") as old, zipfile.ZipFile(broken, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/styles.xml":
                data = data.replace(b'w:styleId="CommentReference"', b'w:styleId="SomethingElse"')
            new.writestr(item, data)
    assert any("Style 'CommentReference' referenced but not defined" in f for f in _findings(broken))
