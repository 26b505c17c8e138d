"""LibreOffice, headless, as a test's stand-in for a reader opening the file: convert(docx_path, fmt, outdir)."""

from __future__ import annotations

import atexit
import os
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


FONTS = Path(__file__).resolve().parent.parent / "contractgen" / "assets" / "fonts"


def _environment() -> dict[str, str]:
    """The environment LibreOffice runs in: fontconfig also sees the Liberation fonts contractgen ships.

    The DOCX names Arial, which Word has; LibreOffice substitutes the metrically identical Liberation
    Sans when it can find it, and otherwise a wider face that wraps text where Word would not.
    """
    config = _profile_dir() / "fonts.conf"
    if not config.is_file():
        config.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            f"  <dir>{FONTS}</dir>\n  <cachedir>{_profile_dir() / 'fontconfig'}</cachedir>\n</fontconfig>\n",
            encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


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
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=_environment())
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
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, env=_environment())
        for source in members:
            target = target_dir / f"{source.stem}.{fmt.split(':')[0]}"
            if not target.is_file():
                raise RuntimeError(f"soffice could not convert {source} to {fmt} (exit {result.returncode}): "
                                   f"{result.stderr.strip()}")
            out[source] = target
    return out
