"""Time the Dudley example's DOCX and PDF against two baselines on the same content, in one run.

Baselines: pandoc converting contractgen's own Markdown rendition to DOCX, and LibreOffice
converting contractgen's own DOCX to PDF. Whole processes are timed (start-up included),
median of --runs runs each (four times as many for the start-up rows, which take
milliseconds, of which the fastest is taken). Figures drift between runs on a shared machine; compare the ratios printed
here, which are measured side by side.

contractgen keeps validated clause metadata and compiled clause templates in a per-user cache;
the first build on a machine fills it. The rows run with the cache as a user's second and later
builds find it, and one DOCX row with an empty cache every run.

Two floors show what the stack itself costs, with none of contractgen's work: importing the
libraries a DOCX build needs, and WeasyPrint alone laying out contractgen's HTML rendition of
the same document with the same stylesheet and writing the PDF.

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


def timed(cmd: list[str], runs: int, best: bool = False, empty_cache: bool = False) -> float:
    """The median of `runs` whole-process times; with `best`, the fastest, for start-up rows of a few
    tens of milliseconds, where the machine's jitter is as large as what is measured. With
    `empty_cache`, every run starts with an empty per-user cache, as a first build on a new machine."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, CONTRACTGEN_CACHE_DIR=cache) if empty_cache else None
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            times.append(time.perf_counter() - start)
    return min(times) if best else statistics.median(times)


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
            "contractgen --help": timed(contractgen + ["--help"], args.runs * 4, best=True),
            "python -c 'import click'": timed([sys.executable, "-c", "import click"], args.runs * 4, best=True),
            "floor: import the DOCX stack": timed([sys.executable, "-c", "import click, docx, jinja2, pydantic, "
                                                   "ruamel.yaml"], args.runs * 4, best=True),
            "floor: WeasyPrint alone": timed([sys.executable, "-c", weasyprint_alone, str(html), str(out / "alone.pdf"),
                                              Resources().assets_dir.as_uri() + "/"], args.runs),
        }
        pages = subprocess.run(["pdfinfo", str(out / "b" / stem / f"{args.document}.pdf")], capture_output=True,
                               text=True).stdout
        pages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:")), "?")
    print(f"{args.example.name} {args.document}: {pages} pages, median of {args.runs} runs (whole processes; "
          f"start-up rows: best of {args.runs * 4})")
    for name, seconds in rows.items():
        print(f"  {name:<28} {seconds:7.2f} s")
    print(f"  DOCX: contractgen / pandoc          = {rows['contractgen DOCX'] / rows['pandoc md -> DOCX']:.2f}")
    print(f"  DOCX, empty cache / pandoc          = {rows['contractgen DOCX, empty cache'] / rows['pandoc md -> DOCX']:.2f}")
    print(f"  PDF:  contractgen / LibreOffice     = {rows['contractgen PDF'] / rows['LibreOffice DOCX -> PDF']:.2f}")
    click_baseline = rows["python -c 'import click'"]
    print(f"  --help / import click               = {rows['contractgen --help'] / click_baseline:.2f}")
    print(f"  DOCX stack's imports / pandoc       = {rows['floor: import the DOCX stack'] / rows['pandoc md -> DOCX']:.2f}")
    print(f"  WeasyPrint alone / LibreOffice      = {rows['floor: WeasyPrint alone'] / rows['LibreOffice DOCX -> PDF']:.2f}")


if __name__ == "__main__":
    main()
