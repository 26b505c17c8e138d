"""manifest.json, written last: every output file present in a partnership's folder, with the inputs it came from.

The manifest is made from what is on disk, not from what a build meant to write: each file in
the folder is hashed and matched, by name and hash, to the provenance of the build that wrote
those bytes (this build, the build cache's record, or the previous manifest). So after Ctrl-C,
a full disk or a document that failed, the manifest still names the right draft for every file,
and a file whose origin is not known is listed as unrecorded rather than credited to this build.

Builds into one output folder take turns: `BuildLock` holds an exclusive lock on a file in the
output root for as long as a build writes there, so two builds of different drafts cannot
interleave their documents (fcntl.flock: the lock goes with the process, even one killed).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Iterable

from .output import write_atomic
from .provenance import manifest_json
from .writers import EXTENSIONS

MANIFEST_NAME = "manifest.json"
LOCK_NAME = ".contractgen.lock"
# other commands' outputs that may share the folder (`contractgen redline --out`), not the build's
FOREIGN_SUFFIXES = (".redline.docx", ".redline.md")

Known = dict[tuple[str, str], dict]  # (file name, sha256) -> provenance of the document those bytes are


class BuildLock:
    """The output root's build lock: an exclusive flock on a file in it, taken once and held until released.

    A build takes it as soon as it knows it will write (at the start when the output root exists
    already, else before its first file), so a build of invalid input creates no folder at all.
    """

    def __init__(self, out_root: Path, waiting: Callable[[str], None] | None = None) -> None:
        self.out_root = out_root
        self.waiting = waiting  # told once when another build holds the lock first
        self.fd: int | None = None

    def acquire(self) -> None:
        if self.fd is not None:
            return
        self.out_root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.out_root / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self.waiting:
                    self.waiting(f"{self.out_root}: another contractgen build is writing here; "
                                 "waiting for it to finish")
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd

    @property
    def held(self) -> bool:
        return self.fd is not None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the lock
            self.fd = None


def output_files(folder: Path) -> list[Path]:
    """The build's output files present in `folder` (not hidden, not the manifest, not other commands')."""
    if not folder.is_dir():
        return []
    suffixes = set(EXTENSIONS.values())
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix in suffixes and not p.name.startswith(".")
                  and p.name != MANIFEST_NAME and not p.name.endswith(FOREIGN_SUFFIXES))


def known_from_records(entries: Iterable[dict]) -> Known:
    """What cache-style records ({"outputs": {path: sha}, "provenance": ...}) say each file's bytes came from."""
    known: Known = {}
    for entry in entries:
        prov = entry.get("provenance")
        if not isinstance(prov, dict):
            continue
        for name, sha in (entry.get("outputs") or {}).items():
            if isinstance(sha, str):
                known[(Path(name).name, sha)] = prov
    return known


def known_from_manifest(folder: Path) -> Known:
    """What the folder's previous manifest said each file came from (nothing when it is missing or unreadable)."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        documents = data["documents"]
        outputs = data.get("outputs", {})
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    known: Known = {}
    for prov in documents if isinstance(documents, list) else []:
        if not isinstance(prov, dict):
            continue
        prov = dict(prov)
        files = prov.pop("outputs", None)
        if isinstance(files, dict):  # format 2: each document lists its files
            pairs = files.items()
        else:  # format 1: one list of files; a file belongs to the document its name starts with
            pairs = [(name, sha) for name, sha in outputs.items() if Path(name).stem == prov.get("document")]
        for name, sha in pairs:
            known[(name, sha)] = prov
    return known


def write_manifest(folder: Path, *sources: Known) -> None:
    """Write `folder`/manifest.json for the files present now; the first source that knows a file's
    bytes says where they came from."""
    previous = known_from_manifest(folder)
    files: dict[str, tuple[str, dict | None]] = {}
    for path in output_files(folder):
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:  # gone since listing: not present, so not listed
            continue
        prov = next((s[(path.name, sha)] for s in (*sources, previous) if (path.name, sha) in s), None)
        files[path.name] = (sha, prov)
    write_atomic(folder / MANIFEST_NAME, manifest_json(files))
