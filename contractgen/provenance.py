"""Where a built document came from: contractgen's version, the partnership file's hash and every clause's.

`provenance` describes one assembled document; `manifest_json` writes what each file of an
output folder was built from as a stable JSON manifest (every clause with its sha256);
`properties` flattens one into DOCX custom document properties (clause ids and versions, no
per-clause hashes: Word keeps 255 characters a value), and `read_docx_provenance` reads those
back for `contractgen explain`.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from typing import TYPE_CHECKING

from . import __version__
from .errors import InvalidInput

if TYPE_CHECKING:  # pragma: no cover  (the manifest is written without loading the pipeline)
    from .assemble import Assembled

PREFIX = "contractgen."
VALUE_MAX = 255  # characters Word keeps of a custom property's text
MANIFEST_FORMAT = 2  # 2: each document lists its own files; files of unknown origin are named
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_CLAUSES_KEY = re.compile(r"^contractgen\.clauses(?:\.(\d+))?$")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def provenance(assembled: Assembled, partnership_path: Path | str, partnership_bytes: bytes) -> dict:
    """What one document was built from. Clauses are listed in the order assembly decided on them."""
    meta = assembled.document.meta
    included = [d for d in assembled.decisions if d.included]
    left_out = [d for d in assembled.decisions if not d.included]
    return {
        "contractgen": __version__,
        "document": meta.doc_type,
        "title": meta.title,
        "draft": {"version": meta.version, "status": meta.status, "date": meta.date.isoformat()},
        "partnership": {"path": str(partnership_path), "sha256": sha256(partnership_bytes)},
        "clauses": [{"id": d.clause_id, "version": d.version, "sha256": d.digest, "reason": d.reason}
                    for d in _unique(included)],
        "left_out": [{"id": d.clause_id, "version": d.version, "reason": d.reason} for d in _unique(left_out)],
    }


def _unique(decisions):
    seen: set[str] = set()
    for decision in decisions:
        if decision.clause_id not in seen:
            seen.add(decision.clause_id)
            yield decision


def manifest_json(files: dict[str, tuple[str, dict | None]]) -> bytes:
    """The manifest of an output folder, from each file present: name -> (sha256, the provenance of
    the document those bytes are, or None when not known).

    Each document is listed once per distinct set of inputs, with the files built from them, so
    a folder whose files came from two drafts shows both; the files whose origin is not known
    are named under "unrecorded". Documents sorted by (partnership, document), keys sorted,
    UTF-8, newline at the end.
    """
    groups: dict[str, dict] = {}
    unrecorded = []
    for name, (sha, prov) in sorted(files.items()):
        if prov is None:
            unrecorded.append(name)
            continue
        key = json.dumps(prov, sort_keys=True)
        groups.setdefault(key, dict(prov, outputs={}))["outputs"][name] = sha
    documents = sorted(groups.values(), key=lambda p: (p["partnership"]["path"], p["document"],
                                                       p["partnership"]["sha256"], sorted(p["outputs"])))
    manifest = {"format": MANIFEST_FORMAT, "documents": documents,
                "outputs": {name: sha for name, (sha, _) in sorted(files.items())}, "unrecorded": unrecorded}
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def properties(prov: dict) -> dict[str, str]:
    """Custom document properties, each value within Word's 255 characters.

    The clauses are one "id@version,id@version" list in `contractgen.clauses`, or, when longer
    than a property holds, split at commas across `contractgen.clauses.1`, `.2`, ...
    """
    path = prov["partnership"]["path"]
    out = {
        PREFIX + "version": prov["contractgen"],
        PREFIX + "document": prov["document"],
        PREFIX + "partnership": path if len(path) <= VALUE_MAX else Path(path).name[-VALUE_MAX:],
        PREFIX + "partnership_sha256": prov["partnership"]["sha256"],
        PREFIX + "clause_count": str(len(prov["clauses"])),
    }
    chunks = _chunks([f"{c['id']}@{c['version']}" for c in prov["clauses"]])
    if len(chunks) == 1:
        out[PREFIX + "clauses"] = chunks[0]
    else:
        for n, chunk in enumerate(chunks, start=1):
            out[f"{PREFIX}clauses.{n}"] = chunk
    return out


def _chunks(items: list[str]) -> list[str]:
    chunks: list[str] = []
    current = ""
    for item in items:
        if len(item) > VALUE_MAX:
            raise ValueError(f"clause {item!r} is too long for a document property")
        candidate = f"{current},{item}" if current else item
        if len(candidate) > VALUE_MAX:
            chunks.append(current)
            candidate = item
        current = candidate
    chunks.append(current)
    return chunks


def read_docx_provenance(path: Path | str) -> dict:
    """The provenance a DOCX carries in its custom properties, in the shape `provenance` gives
    (clauses without their hashes, which only the manifest holds).

    Raises InvalidInput when the file is not a DOCX or carries no contractgen properties.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            data = package.read("docProps/custom.xml") if "docProps/custom.xml" in names else None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(f"{path}: expected a .docx file, got one that cannot be opened ({exc})") from None
    found: dict[str, str] = {}
    if data is not None:
        for prop in ElementTree.fromstring(data).iter(_CUSTOM + "property"):
            name = prop.get("name", "")
            if name.startswith(PREFIX):
                found[name] = "".join(prop.itertext())
    if PREFIX + "version" not in found:
        raise InvalidInput(f"{path}: expected contractgen's document properties, found none "
                           "(was it built by contractgen, or saved by a program that drops custom properties?)")
    numbered = sorted((int(m.group(1) or 0), value) for name, value in found.items() if (m := _CLAUSES_KEY.match(name)))
    items = [item for _, value in numbered for item in value.split(",") if item]
    clauses = []
    for item in items:
        clause_id, _, version = item.rpartition("@")
        clauses.append({"id": clause_id, "version": version or None})
    return {
        "contractgen": found[PREFIX + "version"],
        "document": found.get(PREFIX + "document"),
        "partnership": {"path": found.get(PREFIX + "partnership"), "sha256": found.get(PREFIX + "partnership_sha256")},
        "clauses": clauses,
    }
