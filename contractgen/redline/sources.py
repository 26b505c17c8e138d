"""Where the two drafts come from: a partnership file as it is, or as it was at a git revision.

`examples/dudley.yaml@HEAD~1` is read with `git show REV:PATH` in the repository holding the file,
and built with the clause library and templates of that revision (`git archive REV clauses templates`),
so a redline shows library changes too. A plain file is built with the current library.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, InvalidInput, Location
from ..partnership.load import Loaded, load
from ..partnership.yamlread import read_yaml
from ..resources import Resources

_AT_REVISION = re.compile(r"^(?P<path>.+\.ya?ml)@(?P<rev>[^@].*)$")
LIBRARY_FOLDERS = ("clauses", "templates")


@dataclass
class Draft:
    """One side of a redline: the loaded partnership, its plain data and the library to build it with."""

    label: str  # as given on the command line
    loaded: Loaded
    data: object  # the file as plain dicts and lists, for the summary of values changed
    resources: Resources


def split_spec(spec: str) -> tuple[Path, str | None]:
    """"examples/dudley.yaml@HEAD~1" -> (path, "HEAD~1"); a plain path -> (path, None)."""
    match = _AT_REVISION.match(spec)
    if match and not Path(spec).is_file():
        return Path(match["path"]), match["rev"]
    return Path(spec), None


def public_name(spec: str) -> str:
    """How a summary names a draft: its file name, and the git revision it was read at; never the
    folder it lives in, which is no business of the other side's."""
    path, rev = split_spec(spec)
    return f"{path.name} at revision {rev}" if rev else path.name


def _git(args: list[str], cwd: Path, binary: bool = False):
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise InvalidInput(Diagnostic(Location(str(cwd)), "expected git on the PATH to read a file at a revision"))
    if result.returncode != 0:
        return None
    return result.stdout if binary else result.stdout.decode("utf-8", "replace").strip()


def open_draft(spec: str, resources: Resources, workdir: Path) -> Draft:
    """Load one side; files for a revision are written under `workdir`, which must outlive the build."""
    path, rev = split_spec(spec)
    if rev is None:
        if not path.is_file():
            raise InvalidInput(Diagnostic(Location(spec), "expected a partnership file, found none"))
        data, _ = read_yaml(path)
        return Draft(spec, load(path), data, resources)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(Diagnostic(Location(spec), f"expected a folder {folder} inside a git repository"))
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if not top:
        raise InvalidInput(Diagnostic(Location(spec), f"expected {folder} to be inside a git repository"))
    top_path = Path(top)
    relative = (folder.resolve() / path.name).relative_to(top_path.resolve()).as_posix()
    commit = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top_path)
    if not commit:
        raise InvalidInput(Diagnostic(Location(spec), f"expected a git revision, got '{rev}'"))
    text = _git(["show", f"{commit}:{relative}"], top_path, binary=True)
    if text is None:
        raise InvalidInput(Diagnostic(Location(spec), f"expected {relative} to exist at {rev}, found no such file"))
    side = workdir / re.sub(r"[^A-Za-z0-9_.-]", "_", f"{commit[:12]}")
    side.mkdir(parents=True, exist_ok=True)
    target = side / path.name
    target.write_bytes(text)
    data, _ = read_yaml(target, spec)
    loaded = load(target, spec)
    return Draft(spec, loaded, data, _library_at(top_path, commit, side, resources))


def _library_at(top: Path, commit: str, side: Path, current: Resources) -> Resources:
    """The clause library and templates as they were at `commit`; the current ones where the
    repository has none of its own (a partnership kept in a repository of its own)."""
    present = [name for name in LIBRARY_FOLDERS if _git(["rev-parse", "--verify", "--quiet",
                                                          f"{commit}:{name}"], top)]
    if not present:
        return current
    archive = _git(["archive", "--format=tar", commit, *present], top, binary=True)
    if archive is None:
        return current
    library = side / "library"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(library, filter="data")
    return Resources(
        template_dirs=(library / "templates",) if "templates" in present else current.template_dirs,
        clause_dirs=(library / "clauses",) if "clauses" in present else current.clause_dirs,
        assets_dir=current.assets_dir,
    )


def default_author(new_spec: str) -> str:
    """CONTRACTGEN_AUTHOR, else git's user.name where the new draft lives, else "contractgen"."""
    name = os.environ.get("CONTRACTGEN_AUTHOR", "").strip()
    if name:
        return name
    folder = split_spec(new_spec)[0].parent
    name = _git(["config", "user.name"], folder if folder.is_dir() else Path(".")) or ""
    return name or "contractgen"
