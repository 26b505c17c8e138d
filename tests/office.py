"""LibreOffice, headless, as a test's stand-in for a reader opening the file: convert(docx_path, fmt, outdir)."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from pathlib import Path

_profile: Path | None = None


def _profile_dir() -> Path:
    """One throwaway LibreOffice profile per test process, so parallel runs do not lock each other out."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="contractgen-lo-"))
        atexit.register(shutil.rmtree, _profile, ignore_errors=True)
    return _profile


def convert(docx_path: Path | str, fmt: str, outdir: Path | str) -> Path:
    """Convert with `soffice --convert-to fmt` ("txt:Text", "pdf") and return the file written.

    Raises RuntimeError when LibreOffice is missing or fails, so a test that needs it fails.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is not installed (no soffice on PATH); these tests need it")
    source, outdir = Path(docx_path), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={_profile_dir().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        fmt,
        "--outdir",
        str(outdir),
        str(source),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    target = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    if result.returncode != 0 or not target.is_file():
        raise RuntimeError(f"soffice could not convert {source} to {fmt} (exit {result.returncode}): {result.stderr.strip()}")
    return target


def convert_many(paths: list[Path], fmt: str, outdir: Path | str) -> dict[Path, Path]:
    """Convert several files in one LibreOffice start (each start costs seconds); returns source -> output.

    Files are grouped by name, since LibreOffice writes <stem>.<ext> and equal stems would collide.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is not installed (no soffice on PATH); these tests need it")
    outdir = Path(outdir)
    out: dict[Path, Path] = {}
    groups: dict[str, list[Path]] = {}
    for path in paths:
        groups.setdefault(Path(path).parent.name, []).append(Path(path))
    for group, members in groups.items():
        target_dir = outdir / group
        target_dir.mkdir(parents=True, exist_ok=True)
        command = [soffice, f"-env:UserInstallation={_profile_dir().as_uri()}", "--headless", "--norestore",
                   "--convert-to", fmt, "--outdir", str(target_dir), *map(str, members)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        for source in members:
            target = target_dir / f"{source.stem}.{fmt.split(':')[0]}"
            if not target.is_file():
                raise RuntimeError(f"soffice could not convert {source} to {fmt} (exit {result.returncode}): "
                                   f"{result.stderr.strip()}")
            out[source] = target
    return out
