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
    parser.add_argument("--real", action=argparse.BooleanOptionalAction, default=True,
                        help="also build the real documents with the shipped clause library")
    parser.add_argument("--formats", default="docx,pdf,md")
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
    if args.real:
        real_library(args)


def real_library(args) -> None:
    """The same partnership through the real clause library: every default document, every format,
    in a fresh process (so the memory figure is its own)."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        data = large_partnership(args.practices, args.lines, args.metrics)
        data.pop("documents", None)
        source = Path(tmp) / "large.yaml"
        source.write_text(dump(data), encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "contractgen.cli", "build", str(source), "--out",
                                 str(Path(tmp) / "out"), "--jobs", "1", "--format", args.formats],
                                capture_output=True, text=True)
        seconds = time.perf_counter() - start
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        if result.returncode != 0:
            sys.exit(result.stderr[-3000:])
        outputs = sorted((Path(tmp) / "out" / "large").glob("*.*"))
        print(f"real library, {args.formats}: {seconds:.1f} s, peak memory {peak / 1024:.0f} MiB, "
              f"{len([o for o in outputs if o.suffix != '.json'])} files:")
        for out in outputs:
            if out.suffix == ".pdf":
                pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
                pages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:")), "?")
                print(f"  {out.name}: {out.stat().st_size:,} bytes, {pages} pages")
            elif out.suffix in (".docx", ".md"):
                print(f"  {out.name}: {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
