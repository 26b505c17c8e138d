"""A per-user index of clause metadata already read, keyed by each clause file's sha256.

Reading the YAML front matter of the whole library is most of the time a small build spends
before it renders anything (ruamel's parser is pure Python). Metadata that was read and
validated once is kept here under the hash of the file's bytes, so an unchanged clause is not
parsed again, and any edit to a clause misses the index and is read, checked and reported as
usual. The index is only ever a shortcut: when it cannot be read or written, clauses are read
from their files and nothing else changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import __version__
from .user_cache import user_cache_dir

KEEP = 2000  # entries kept across clause folders; a library holds a few hundred


def index_path() -> Path | None:
    folder = user_cache_dir()
    # the version is in the name: metadata checked by one release is not trusted by another
    return folder / f"clause-index-{__version__}.json" if folder else None


class ClauseIndex:
    """Validated clause metadata by the sha256 of the clause file it came from."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        self.learnt = False
        if path is not None:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self.known = {k: v for k, v in loaded.items() if isinstance(v, dict)}
            except (OSError, ValueError):
                pass

    @classmethod
    def default(cls) -> "ClauseIndex":
        return cls(index_path())

    def get(self, digest: str) -> dict | None:
        found = self.known.get(digest)
        if found is not None:
            self.used[digest] = found
        return found

    def put(self, digest: str, metadata: dict) -> None:
        self.used[digest] = metadata
        self.learnt = True

    def save(self) -> None:
        """Write the entries used by this load first, then older ones, if anything new was learnt."""
        if self.path is None or not self.learnt:
            return
        from .output import write_atomic

        merged = dict(self.used)
        for digest, metadata in self.known.items():
            if len(merged) >= KEEP:
                break
            merged.setdefault(digest, metadata)
        try:
            write_atomic(self.path, json.dumps(merged, sort_keys=True).encode("utf-8"))
        except OSError:
            pass  # a read-only home only costs the next build the parse
