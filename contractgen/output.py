"""Where outputs go and how they are written: one folder per partnership file, and files replaced
atomically (a temporary file beside the target, moved into place only when complete)."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

MAX_FOLDER_NAME = 80  # characters; a file system allows 255 bytes, and a letter may take four


def folder_name(partnership_file: Path) -> str:
    """The name of the folder a partnership's outputs, cache, manifest and golden files go in:
    the file's name without its extension, made a safe folder name. Letters (of any script),
    digits, `_`, `.` and `-` are kept; every other run of characters becomes one `-`. Never
    empty, `.` or `..`, never hidden and never taken for an option: `...yaml` builds into
    `partnership/`, `Ynys Môn (draft).yaml` into `Ynys-Môn-draft/`."""
    stem = unicodedata.normalize("NFC", Path(partnership_file).stem)
    slug = re.sub(r"[^\w.\-]+", "-", stem)[:MAX_FOLDER_NAME].strip(".-")
    return slug or "partnership"


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data`, or leave it exactly as it was (Ctrl-C and full disks included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def folder_clashes(files: list[Path], beside: bool = False) -> dict[Path, Path]:
    """The files whose folder another file given before them already has (`a b.yaml` and
    `a-b.yaml`, or `x.yaml` and `x.yml`), each mapped to that file: building both would mix
    their outputs in one folder. `beside`: the folders are beside each file (golden files),
    so only files in the same folder can clash."""
    owners: dict[tuple, Path] = {}
    clashes: dict[Path, Path] = {}
    for path in files:
        key = (path.parent.resolve() if beside else None, folder_name(path))
        owner = owners.setdefault(key, path)
        if owner != path and owner.resolve() != path.resolve():
            clashes[path] = owner
    return clashes
