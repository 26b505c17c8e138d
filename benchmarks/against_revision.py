"""Time this checkout against an earlier git revision of contractgen, in one run.

The revision is checked out into a temporary worktree and installed into its own virtual
environment; then the same builds run alternately with each, from cold (no outputs, no build
cache, an empty per-user cache), so drift on a shared machine falls on both alike.

    python benchmarks/against_revision.py REV [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "Dudley MCP contract, DOCX": ["examples/dudley.yaml", "--document", "mcp_contract", "--format", "docx", "--jobs", "1"],
    "Dudley MCP contract, PDF": ["examples/dudley.yaml", "--document", "mcp_contract", "--format", "pdf", "--jobs", "1"],
    "seven examples, every format, --jobs 2": ["examples/", "--jobs", "2"],
}


def install(revision: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where / "src"), revision], check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "venv", str(where / "venv")], check=True)
    subprocess.run([str(where / "venv" / "bin" / "pip"), "install", "-q", str(where / "src")], check=True)
    return where / "venv" / "bin" / "contractgen"


def build(contractgen: Path, source: Path, args: list[str], scratch: Path) -> float:
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        env = dict(os.environ, CONTRACTGEN_CACHE_DIR=f"{tmp}/cache")
        start = time.perf_counter()
        subprocess.run([str(contractgen), "build", str(source / args[0]), "--out", f"{tmp}/out", *args[1:]],
                       check=True, capture_output=True, env=env, cwd=source)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        try:
            old = install(args.revision, scratch / "old")
            new = install("HEAD", scratch / "new")
            print(f"median of {args.runs} cold builds; {args.revision} against HEAD")
            for name, case in CASES.items():
                times: dict[str, list[float]] = {"old": [], "new": []}
                for _ in range(args.runs):
                    times["old"].append(build(old, scratch / "old" / "src", case, scratch))
                    times["new"].append(build(new, scratch / "new" / "src", case, scratch))
                before, after = statistics.median(times["old"]), statistics.median(times["new"])
                print(f"  {name:<40} {before:6.2f} s -> {after:6.2f} s   ({before / after:.2f}x as fast)")
        finally:
            for side in ("old", "new"):
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(scratch / side / "src")],
                               capture_output=True)


if __name__ == "__main__":
    main()
