"""Shared fixtures: every example built once per test session, in every format."""

from __future__ import annotations

from pathlib import Path

import os
import tempfile

import pytest
from hypothesis import settings

# CI runs the same generated examples every time, so a red build is reproducible; a developer's
# run explores new ones
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# the clause index is per user: a test run keeps its own, and leaves the developer's alone
os.environ.setdefault("CONTRACTGEN_CACHE_DIR", tempfile.mkdtemp(prefix="contractgen-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory) -> Path:
    """The output folder of `contractgen build examples/ --jobs 2 --strict` (DOCX, PDF, Markdown):
    strict, as CI builds them, so a renderer warning or a lint finding fails here too."""
    from click.testing import CliRunner

    from contractgen.cli import main

    out = tmp_path_factory.mktemp("examples")
    result = CliRunner().invoke(main, ["build", str(ROOT / "examples"), "--out", str(out), "--jobs", "2",
                                       "--format", "docx,pdf,md", "--strict"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def assembled_examples():
    """Each example's assembled documents (the model, after the transforms), by example stem."""
    from contractgen.build import assemble_all
    from contractgen.partnership.load import load
    from contractgen.resources import Resources

    return {path.stem: assemble_all(load(path), Resources()) for path in EXAMPLES}
