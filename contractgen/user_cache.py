"""Where contractgen keeps what it can recompute: $CONTRACTGEN_CACHE_DIR, else
$XDG_CACHE_HOME/contractgen, else ~/.cache/contractgen.

Everything kept there is a shortcut (validated clause metadata, compiled clause templates),
keyed by the bytes it came from; deleting the folder only costs the next build some time.
"""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path | None:
    folder = os.environ.get("CONTRACTGEN_CACHE_DIR")
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no home directory: go without
            return None
    return Path(base) / "contractgen"
