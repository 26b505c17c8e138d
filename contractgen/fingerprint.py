"""What contractgen itself is, as a hash: its code and assets, the versions of what it renders
with, and Python's. Part of every output's cache key, so an upgrade or an edited writer rebuilds."""

from __future__ import annotations

import hashlib
import platform
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .resources import PACKAGE_DIR

# used when contractgen runs from a source tree that is not installed, so its own requirements
# cannot be read; the installed case walks the real dependency tree instead
_FALLBACK_DEPENDENCIES = ("jinja2", "python-docx", "weasyprint", "ruamel.yaml", "click", "pydantic",
                          "markupsafe")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_requirements(dist: metadata.Distribution) -> list[str]:
    names = []
    for requirement in dist.requires or []:
        # extras ("; extra == 'test'") are not needed to render, so they do not decide the output
        if "extra" in requirement.partition(";")[2]:
            continue
        match = _NAME.match(requirement)
        if match:
            names.append(_normal(match.group(1)))
    return names


def dependency_versions() -> dict[str, str]:
    """Every distribution contractgen needs at run time, directly or not, with its version."""
    try:
        todo = _runtime_requirements(metadata.distribution("contractgen"))
    except metadata.PackageNotFoundError:
        todo = [_normal(n) for n in _FALLBACK_DEPENDENCIES]
    versions: dict[str, str] = {}
    while todo:
        name = todo.pop()
        if name in versions:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
            continue
        versions[name] = dist.version
        todo += _runtime_requirements(dist)
    return dict(sorted(versions.items()))


def _package_files() -> list[Path]:
    # templates and clauses are keyed per document by the cache itself, file by file, so an
    # edited clause rebuilds only the documents that use it; here is everything else shipped
    files = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR).parts
        if not path.is_file() or relative[0] == "_data" or "__pycache__" in relative:
            continue
        if path.suffix in (".pyc", ".pyo"):
            continue
        files.append(path)
    return files


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """One hash over contractgen's code and assets, its run-time dependencies' versions and Python's."""
    digest = hashlib.sha256()
    for path in _package_files():
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name, version in dependency_versions().items():
        digest.update(f"{name}=={version}\0".encode())
    digest.update(f"{platform.python_implementation()} {platform.python_version()}".encode())
    return digest.hexdigest()
