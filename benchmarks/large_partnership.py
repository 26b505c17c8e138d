"""Generate a large partnership (500 practices, 200 budget lines, 50 metrics), validate it and
build it to Markdown with a one-clause test library; report the time and peak memory.

    python benchmarks/large_partnership.py [--practices N] [--lines N] [--metrics N]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from partnerships import TEST_DOCUMENT, dump, large_partnership, write_test_library  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=500)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--metrics", type=int, default=50)
    args = parser.parse_args()

    from contractgen.build import assemble_all, render
    from contractgen.partnership.load import load
    from contractgen.resources import Resources

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = large_partnership(args.practices, args.lines, args.metrics)
        data["documents"] = [TEST_DOCUMENT]
        source = folder / "large.yaml"
        source.write_text(dump(data), encoding="utf-8")
        size = source.stat().st_size
        write_test_library(folder)
        resources = Resources.with_user_dirs(folder / "templates", folder / "clauses")

        start = time.perf_counter()
        loaded = load(source)
        validated = time.perf_counter()
        built = assemble_all(loaded, resources)
        markdown = render(built.documents[TEST_DOCUMENT].document, "md", resources)
        done = time.perf_counter()

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"file: {size:,} bytes, "
          f"{len(data['parties'])} parties, {len(data['budget']['lines'])} budget lines, "
          f"{len(data['improvement_scheme']['metrics'])} metrics")
    print(f"validate: {validated - start:.2f} s")
    print(f"assemble + Markdown: {done - validated:.2f} s ({len(markdown):,} bytes)")
    print(f"total: {done - start:.2f} s")
    print(f"peak memory (ru_maxrss): {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
