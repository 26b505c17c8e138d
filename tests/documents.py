"""Helpers for the document tests: build a fixture partnership, after small text edits, to Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contractgen.build import assemble_all
from contractgen.document import inline_text
from contractgen.errors import InvalidInput
from contractgen.partnership.load import load
from contractgen.resources import Resources
from contractgen.writers.markdown import to_markdown

ROOT = Path(__file__).resolve().parent.parent

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "partnerships"


def edited(source: Path, tmp_path: Path | None, *edits: tuple[str, str]) -> Path:
    """The fixture itself, or a copy in tmp_path with each (old, new) replaced once."""
    if not edits:
        return source
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"fixture text to replace not found: {old!r}"
        text = text.replace(old, new, 1)
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    return path


def assembled(source: Path, tmp_path: Path | None = None, *edits: tuple[str, str]):
    """Every document the (edited) fixture asks for, assembled, by document id."""
    return assemble_all(load(edited(source, tmp_path, *edits)), Resources()).documents


def build(source: Path, tmp_path: Path | None = None, *edits: tuple[str, str]) -> dict[str, str]:
    """Build every document the fixture asks for, after replacing text in it; Markdown by document id."""
    return {doc_id: to_markdown(a.document) for doc_id, a in assembled(source, tmp_path, *edits).items()}


def clause_ids(md: str) -> set[str]:
    """The ids of the clauses a Markdown rendition holds (from their anchors)."""
    return set(re.findall(r"\{#c-([a-z0-9_-]+)\}", md))


def library_with(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    """A copy of one clause of the library (`rel` under clauses/), with `old` replaced once by `new`,
    in a folder to pass as --clauses."""
    folder = tmp_path / "clauses"
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (ROOT / "clauses" / rel).read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def refused(path: Path) -> list[str]:
    """The messages `validate` gives for a file it refuses (failing the test if it accepts it)."""
    with pytest.raises(InvalidInput) as caught:
        load(path)
    return [str(d) for d in caught.value.diagnostics]


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the line of `path` that holds `text` (the position a message gives)."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def clause_text(document, clause_id: str) -> str:
    """The text of one clause of the document model, with its sub-clauses, numbers included."""
    found = document.find(clause_id)
    assert found is not None, clause_id
    return " ".join(f"{c.number} {inline_text(c.text)}" for c in found[1].walk())

