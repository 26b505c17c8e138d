"""The build cache: which inputs made each output, so an unchanged document is not rebuilt.

One small JSON file per partnership output folder records, for each document, a key over
everything that shaped it (contractgen's own code and assets, the versions of the libraries it
renders with and of Python, the options, the partnership file, the document template, the Word
and print styles, the clause files it used and the list of clause files that could have
replaced them) and the hashes of the files written. Keying on the code, not on `__version__`,
means an edited writer or an upgraded WeasyPrint rebuilds even when nobody bumped a version. A
document is fresh when the key is the same and its files are still as written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .fingerprint import code_fingerprint
from .output import folder_name

if TYPE_CHECKING:  # pragma: no cover
    from .resources import Resources
    from .runner import Options, Task

CACHE_NAME = ".contractgen-cache.json"
SCHEMA = 2


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _library_listing(resources: "Resources") -> str:
    names = []
    for folder in resources.clause_dirs:
        names += [str(p) for p in sorted(folder.rglob("*.md"))]
    return hashlib.sha256("\n".join(names).encode()).hexdigest()


def _styles(resources: "Resources") -> list[str | None]:
    out = []
    for name in ("reference.docx", "print.css"):
        try:
            out.append(_sha(resources.template_file(name)))
        except FileNotFoundError:
            out.append(None)
    return out


def document_key(partnership_sha: str, doc_id: str, clause_files: list[str], options: "Options",
                 resources: "Resources", listing: str, styles: list) -> str | None:
    try:
        template = resources.template_file(f"documents/{doc_id}.yaml")
    except FileNotFoundError:
        return None
    clause_shas = [(name, _sha(Path(name))) for name in sorted(clause_files)]
    if any(sha is None for _, sha in clause_shas):
        return None
    material = {
        "contractgen": __version__,
        "code": code_fingerprint(),
        "formats": list(options.formats),
        "strict": options.strict,
        "clean": options.clean,
        "partnership": partnership_sha,
        "document": doc_id,
        "template": [str(template), _sha(template)],
        "styles": styles,
        "clauses": clause_shas,
        "library": listing,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _cache_path(path: Path, options: "Options") -> Path:
    return options.out_root / folder_name(path) / CACHE_NAME


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("schema") == SCHEMA else {}


@dataclass
class State:
    """What the cache knows of one partnership's outputs."""

    fresh: set[str]  # documents that need no rebuild
    asked: set[str]  # the documents the partnership asks for
    warnings: list[str]  # the partnership's warnings, as printed then
    findings: dict[str, list[str]]  # each document's lint findings, as printed then

    @property
    def complete(self) -> bool:
        return bool(self.asked) and self.asked <= self.fresh


def fresh_documents(path: Path, options: "Options", resources: "Resources") -> State | None:
    """Which documents of `path` need no rebuild; None when the partnership file itself changed
    (it must be validated again) or nothing was recorded."""
    data = _read(_cache_path(path, options))
    partnership_sha = _sha(path)
    if not data or data.get("partnership") != partnership_sha:
        return None
    listing, styles = _library_listing(resources), _styles(resources)
    fresh: set[str] = set()
    for doc_id, entry in data.get("documents", {}).items():
        key = document_key(partnership_sha, doc_id, entry.get("clauses", []), options, resources, listing, styles)
        if key is None or key != entry.get("key"):
            continue
        outputs = entry.get("outputs", {})
        if all(_sha(Path(name)) == sha for name, sha in outputs.items()) and len(outputs) == len(options.formats):
            fresh.add(doc_id)
    findings = {doc_id: list(e.get("findings", [])) for doc_id, e in data.get("documents", {}).items()}
    return State(fresh, set(data.get("asked", [])), list(data.get("warnings", [])), findings)


def entry(task: "Task", clause_files: list[str], written: list[Path], findings: list[str], provenance: dict) -> dict:
    """The cache record of one document just written, with its lint findings and provenance."""
    key = document_key(_sha(task.path) or "", task.doc_id, clause_files, task.options, task.resources,
                       _library_listing(task.resources), _styles(task.resources))
    return {"key": key, "clauses": sorted(clause_files), "outputs": {str(p): _sha(p) for p in written},
            "findings": findings, "provenance": provenance}


def record(path: Path, options: "Options", documents: dict[str, dict], asked: list[str], warnings: list[str]) -> dict:
    """Merge freshly built documents into the partnership's cache file; returns the merged record."""
    from .output import write_atomic

    target = _cache_path(path, options)
    data = _read(target)
    if data.get("partnership") != _sha(path):
        data = {}
    data.update({"schema": SCHEMA, "partnership": _sha(path), "asked": sorted(asked), "warnings": warnings})
    data.setdefault("documents", {}).update(documents)
    data["documents"] = {k: v for k, v in data["documents"].items() if k in asked}
    write_atomic(target, json.dumps(data, indent=1, sort_keys=True).encode())
    return data
