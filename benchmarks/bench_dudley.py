"""Time the Dudley example's DOCX and PDF against two baselines on the same content, in one run.

Baselines: pandoc converting contractgen's own Markdown rendition to DOCX, and LibreOffice
converting contractgen's own DOCX to PDF. Whole processes are timed (start-up included),
--runs runs each (four times as many for the start-up rows, which take tens of
milliseconds), with the median and the fastest of each. Figures drift between runs on a
shared machine; compare the ratios printed here, which are measured side by side.

contractgen keeps validated clause metadata and compiled clause templates in a per-user cache;
the first build on a machine fills it. The rows run with the cache as a user's second and later
builds find it, and one DOCX row with an empty cache every run.

The floors show what the stack itself costs: importing the libraries a DOCX build needs; the
DOCX writer alone, in a process that has imported and assembled everything already; and
WeasyPrint alone laying out contractgen's HTML rendition of the same document, with the same
stylesheet, and writing the PDF.

    python benchmarks/bench_dudley.py [--runs 5] [--example examples/dudley.yaml]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contractgen.resources import Resources  # noqa: E402


def timed(cmd: list[str], runs: int, empty_cache: bool = False) -> list[float]:
    """`runs` whole-process times. With `empty_cache`, every run starts with an empty per-user
    cache, as a first build on a new machine."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, CONTRACTGEN_CACHE_DIR=cache) if empty_cache else None
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            times.append(time.perf_counter() - start)
    return times


def warm_writer(example: Path, document: str, fmt: str, runs: int) -> list[float]:
    """The writer alone, in a process that has already imported, loaded and assembled everything:
    the least any build of this document in this format can cost."""
    from contractgen.build import assemble_all, render
    from contractgen.partnership.load import load

    resources = Resources()
    assembled = assemble_all(load(example), resources, only=[document]).documents[document].document
    render(assembled, fmt, resources)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render(assembled, fmt, resources)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--example", type=Path, default=ROOT / "examples" / "dudley.yaml")
    parser.add_argument("--document", default="mcp_contract")
    args = parser.parse_args()
    for tool in ("pandoc", "soffice"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed for the baselines: apt-get install pandoc libreoffice-writer-nogui")
    contractgen = [sys.executable, "-m", "contractgen.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        only = ["--document", args.document, "--jobs", "1", "--force"]
        subprocess.run(contractgen + ["build", str(args.example), "--out", str(out), "--format", "docx,md,html"] + only,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stem = args.example.stem
        md = out / stem / f"{args.document}.md"
        docx = out / stem / f"{args.document}.docx"
        html = out / stem / f"{args.document}.html"
        # the HTML rendition carries the print stylesheet; its fonts resolve in contractgen's assets
        weasyprint_alone = (
            "import sys, weasyprint; "
            "weasyprint.HTML(filename=sys.argv[1], base_url=sys.argv[3]).write_pdf(sys.argv[2], pdf_variant='pdf/ua-1')")
        profile = f"-env:UserInstallation=file://{out}/lo-profile"
        subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(out / "warm"), str(docx)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # first start builds the profile
        rows = {
            "contractgen DOCX": timed(contractgen + ["build", str(args.example), "--out", str(out / "a"), "--format", "docx"] + only, args.runs),
            "contractgen DOCX, empty cache": timed(contractgen + ["build", str(args.example), "--out", str(out / "a"),
                                                            "--format", "docx"] + only, args.runs, empty_cache=True),
            "pandoc md -> DOCX": timed(["pandoc", str(md), "-o", str(out / "pandoc.docx")], args.runs),
            "contractgen PDF": timed(contractgen + ["build", str(args.example), "--out", str(out / "b"), "--format", "pdf"] + only, args.runs),
            "LibreOffice DOCX -> PDF": timed(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(out / "lo"), str(docx)], args.runs),
            "contractgen --help": timed(contractgen + ["--help"], args.runs * 4),
            "python -c 'import click'": timed([sys.executable, "-c", "import click"], args.runs * 4),
            "floor: import the DOCX stack": timed([sys.executable, "-c", "import click, docx, jinja2, pydantic, "
                                                   "ruamel.yaml"], args.runs * 4),
            "floor: DOCX writer, warm": warm_writer(args.example, args.document, "docx", args.runs),
            "floor: WeasyPrint alone": timed([sys.executable, "-c", weasyprint_alone, str(html), str(out / "alone.pdf"),
                                              Resources().assets_dir.as_uri() + "/"], args.runs),
        }
        pages = subprocess.run(["pdfinfo", str(out / "b" / stem / f"{args.document}.pdf")], capture_output=True,
                               text=True).stdout
        pages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:")), "?")
    print(f"{args.example.name} {args.document}: {pages} pages; whole processes, {args.runs} runs each "
          f"({args.runs * 4} for the start-up rows)")
    print(f"  {'':<30} {'median':>8} {'fastest':>8}")
    for name, times in rows.items():
        print(f"  {name:<30} {statistics.median(times):7.2f}s {min(times):7.2f}s")

    def ratio(label: str, numerator: str, denominator: str) -> None:
        (a, b) = rows[numerator], rows[denominator]
        print(f"  {label:<36} {statistics.median(a) / statistics.median(b):5.2f} (fastest runs: {min(a) / min(b):.2f})")

    print("ratios of medians:")
    ratio("DOCX: contractgen / pandoc", "contractgen DOCX", "pandoc md -> DOCX")
    ratio("DOCX, empty cache / pandoc", "contractgen DOCX, empty cache", "pandoc md -> DOCX")
    ratio("PDF: contractgen / LibreOffice", "contractgen PDF", "LibreOffice DOCX -> PDF")
    ratio("--help / import click", "contractgen --help", "python -c 'import click'")
    ratio("DOCX stack's imports / pandoc", "floor: import the DOCX stack", "pandoc md -> DOCX")
    ratio("DOCX writer, warm / pandoc", "floor: DOCX writer, warm", "pandoc md -> DOCX")
    ratio("WeasyPrint alone / LibreOffice", "floor: WeasyPrint alone", "LibreOffice DOCX -> PDF")


if __name__ == "__main__":
    main()
