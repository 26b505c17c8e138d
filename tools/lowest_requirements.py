"""Print contractgen's run-time requirements pinned to their lower bounds, one per line, for
`pip install -r`: CI builds every example against them, so a lower bound that is too low fails.

    python3 tools/lowest_requirements.py > lowest.txt
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$")


def lowest(requirement: str) -> str:
    """`name>=1.2,<2` -> `name==1.2`; a requirement without a lower bound is an error."""
    match = REQUIREMENT.match(requirement)
    bound = re.search(r">=\s*([0-9][A-Za-z0-9.]*)", match.group(2)) if match else None
    if bound is None:
        raise SystemExit(f"{PYPROJECT}: expected a lower bound (>=) on every dependency, got {requirement!r}")
    return f"{match.group(1)}=={bound.group(1)}"


def main() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    sys.stdout.write("".join(lowest(r) + "\n" for r in project["dependencies"]))


if __name__ == "__main__":
    main()
