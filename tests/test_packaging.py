"""pyproject.toml's requirements: a lower bound on each, which CI builds the examples with, and
an upper bound before the next major release of the libraries whose internals the writers use."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.match(r"[A-Za-z0-9._-]+", r).group(0).lower(): r for r in project["dependencies"]}


def test_the_lowest_requirements_pin_every_dependency_at_its_lower_bound():
    printed = subprocess.run([sys.executable, str(ROOT / "tools" / "lowest_requirements.py")], check=True,
                             capture_output=True, text=True).stdout.split()
    pins = dict(line.split("==") for line in printed)
    assert set(pins) == set(_requirements())
    for name, requirement in _requirements().items():
        assert f">={pins[name]}" in requirement.replace(" ", ""), requirement


def test_python_docx_weasyprint_and_pydantic_stop_before_their_next_major_release():
    for name in ("python-docx", "weasyprint", "pydantic"):
        requirement = _requirements()[name].replace(" ", "")
        low = re.search(r">=([0-9]+)", requirement).group(1)
        high = re.search(r"<([0-9]+)", requirement)
        assert high is not None, f"{name} has no upper bound: {requirement}"
        assert int(high.group(1)) == int(low) + 1, requirement


def test_the_installed_versions_satisfy_the_requirements():
    from importlib import metadata

    for name, requirement in _requirements().items():
        version = tuple(int(x) for x in re.findall(r"\d+", metadata.version(name))[:3])
        low = tuple(int(x) for x in re.search(r">=([0-9.]+)", requirement).group(1).split("."))
        high = re.search(r"<([0-9.]+)", requirement)
        assert version >= low, (name, version, requirement)
        if high:
            assert version < tuple(int(x) for x in high.group(1).split(".")), (name, version, requirement)
