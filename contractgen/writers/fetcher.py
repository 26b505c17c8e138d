"""The URL policy for rendering: only files inside contractgen's own asset folders may be read."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname


class FetchRefused(Exception):
    """A URL outside the allowed asset folders was asked for."""


@dataclass
class AssetFetcher:
    """Reads `file:` URLs that resolve inside `roots`; refuses every other URL.

    Every request is recorded in `attempts` as (url, allowed), so callers and tests
    can see what a renderer tried to reach.
    """

    roots: tuple[Path, ...]
    attempts: list[tuple[str, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Resolve once so symlinks and ".." in the roots cannot widen the check later.
        self.roots = tuple(Path(root).resolve() for root in self.roots)

    def allowed_path(self, url: str) -> Path | None:
        """The file `url` names if it may be read, else None."""
        parts = urlsplit(url)
        # A host in a file URL means another machine (file://server/share): never allowed.
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def fetch(self, url: str) -> tuple[Path, bytes, str]:
        """The path, content and media type of an allowed URL; raises FetchRefused otherwise."""
        path = self.allowed_path(url)
        self.attempts.append((url, path is not None))
        if path is None:
            raise FetchRefused(f"contractgen fetches only its own assets; refused {url[:200]}")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return path, path.read_bytes(), media_type

    @property
    def refused(self) -> list[str]:
        return [url for url, allowed in self.attempts if not allowed]
