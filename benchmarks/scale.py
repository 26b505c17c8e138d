"""Build N generated partnerships and report documents per minute, peak memory per worker, and how
the time grows from a small batch to a large one (all measured in this one run).

    python benchmarks/scale.py [--sizes 10,100] [--jobs 2] [--format docx,md]

The partnerships come from contractgen's own starter (`contractgen init`), varied in care model,
integration level and number of practices, so every one is valid and builds.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contractgen.starter import Answers, starter  # noqa: E402

MODELS = [("mcp", "virtual"), ("mcp", "partial"), ("mcp", "full"), ("pacs", "virtual"), ("pacs", "partial")]


def generate(folder: Path, count: int) -> list[Path]:
    """Write `count` valid partnership files into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (model, level) in zip(range(count), itertools.cycle(MODELS)):
        answers = Answers(model, level, f"Area {i:03d}", f"NHS Area {i:03d} CCG", f"Area {i:03d} Community NHS FT",
                          f"Area {i:03d} Hospitals NHS FT", practices=1 + i % 8, today=date(2017, 6, 1))
        path = folder / f"area{i:03d}.yaml"
        path.write_text(starter(answers), encoding="utf-8")
        paths.append(path)
    return paths


def build(folder: Path, out: Path, jobs: int, formats: str) -> tuple[float, int, float]:
    """Seconds, documents built, and the largest resident set of any worker (MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "contractgen.cli", "build", str(folder), "--out", str(out),
                             "--jobs", str(jobs), "--format", formats, "--force"], capture_output=True, text=True,
                            env=dict(os.environ, CONTRACTGEN_CACHE_DIR=str(out / "user-cache")))  # starts empty
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(result.stderr[-2000:])
    built = sum(1 for line in result.stderr.splitlines() if line.startswith("built:"))
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, built, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", default="docx,md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(tmp) / f"in{size}"
            generate(folder, size)
            seconds, built, peak = build(folder, Path(tmp) / f"out{size}", args.jobs, args.format)
            rows.append((size, seconds, built, peak))
    print(f"jobs={args.jobs} formats={args.format}")
    for size, seconds, built, peak in rows:
        print(f"  {size:>4} partnerships: {built:>4} documents in {seconds:6.1f} s = {built / seconds * 60:6.0f} "
              f"documents/minute; peak memory of a worker {peak:.0f} MiB")
    if len(rows) >= 2:
        (s0, t0, _, _), (s1, t1, _, _) = rows[0], rows[-1]
        print(f"  time grows {t1 / t0:.1f}x for {s1 / s0:.0f}x the partnerships")


if __name__ == "__main__":
    main()
