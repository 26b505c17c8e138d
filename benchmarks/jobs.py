"""All seven examples, every document and format, from cold (no outputs, no build cache, an empty
per-user cache): --jobs 1 against --jobs 2, and a no-change rebuild, measured in one run.

    python benchmarks/jobs.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cache: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "contractgen.cli", "build", str(ROOT / "examples"), *args], check=True,
                   capture_output=True, env=dict(os.environ, CONTRACTGEN_CACHE_DIR=cache))
    return time.perf_counter() - start


def main() -> None:
    # cold: no outputs, no build cache, and an empty per-user cache (clause index, compiled templates)
    with tempfile.TemporaryDirectory() as tmp:
        one = timed(f"{tmp}/cache-a", "--out", f"{tmp}/a", "--jobs", "1")
        two = timed(f"{tmp}/cache-b", "--out", f"{tmp}/b", "--jobs", "2")
        again = timed(f"{tmp}/cache-b", "--out", f"{tmp}/b", "--jobs", "2")
    print(f"seven examples, docx+pdf+md, cold: --jobs 1 {one:.1f} s, --jobs 2 {two:.1f} s, speed-up {one / two:.2f}x")
    print(f"no-change rebuild: {again:.2f} s ({again / two:.3f} of the cold --jobs 2 build)")


if __name__ == "__main__":
    main()
