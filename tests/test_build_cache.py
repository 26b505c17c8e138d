"""The build cache keys each document on contractgen itself, so new code never leaves old outputs."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from contractgen import fingerprint

ROOT = Path(__file__).resolve().parent.parent
DUDLEY = ROOT / "examples" / "dudley.yaml"
MARKER = "<!-- written by the edited writer -->"


def _build(package_root: Path, out: Path, env: dict) -> str:
    command = [sys.executable, "-c", "from contractgen.cli import main; main()", "build", str(DUDLEY),
               "--document", "board_terms_of_reference", "--format", "md", "--out", str(out), "--jobs", "1"]
    result = subprocess.run(command, cwd=package_root, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_an_edited_writer_rebuilds_a_document_the_cache_had_as_fresh(tmp_path):
    copy = tmp_path / "checkout"
    for name in ("contractgen", "templates", "clauses"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "_data"))
    env = {**os.environ, "PYTHONPATH": str(copy), "CONTRACTGEN_CACHE_DIR": str(tmp_path / "user-cache")}
    out = tmp_path / "out"
    target = out / "dudley" / "board_terms_of_reference.md"

    assert "1 document(s) built" in _build(copy, out, env)
    assert "0 document(s) built, 1 up to date" in _build(copy, out, env)

    # the same version number, a different writer: what an upgrade that forgot the bump looks like
    writer = copy / "contractgen" / "writers" / "markdown.py"
    writer.write_text(writer.read_text(encoding="utf-8") + (
        "\n_render = render\n\n\ndef render(doc, resources=None, strict=False):\n"
        f"    return _render(doc, resources, strict) + {MARKER!r}.encode()\n"), encoding="utf-8")
    third = _build(copy, out, env)
    assert "1 document(s) built, 0 up to date" in third
    assert target.read_text(encoding="utf-8").endswith(MARKER)


def test_the_fingerprint_covers_code_assets_dependencies_and_python():
    files = {p.relative_to(fingerprint.PACKAGE_DIR).as_posix() for p in fingerprint._package_files()}
    assert {"writers/docx.py", "writers/pdf.py", "cache.py", "assets/fonts/LiberationSans-Regular.ttf"} <= files
    assert not any("__pycache__" in f or f.startswith("_data/") for f in files)
    versions = fingerprint.dependency_versions()
    # the libraries that draw the documents, and what they draw with
    for name in ("python-docx", "weasyprint", "jinja2", "pydantic", "lxml", "pydyf", "fonttools"):
        assert versions.get(name) not in (None, "missing"), name
    assert not {"pytest", "hypothesis"} & set(versions)


def test_a_new_dependency_version_changes_the_key(monkeypatch):
    before = fingerprint.code_fingerprint()
    real = fingerprint.dependency_versions
    monkeypatch.setattr(fingerprint, "dependency_versions", lambda: {**real(), "weasyprint": "999.0"})
    fingerprint.code_fingerprint.cache_clear()
    try:
        assert fingerprint.code_fingerprint() != before
    finally:
        monkeypatch.undo()
        fingerprint.code_fingerprint.cache_clear()
    assert fingerprint.code_fingerprint() == before
