"""Output is written atomically: a full disk or Ctrl-C leaves the previous file exactly as it was."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen import output
from contractgen.cli import main
from contractgen.output import write_atomic
from partnerships import TEST_DOCUMENT, dump, minimal_partnership, write_test_library


# the build command's progress lines and summary, which are not messages about the input
PROGRESS = re.compile(r"^(built|failed|up to date): |^\d+ document\(s\) built")


def messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not PROGRESS.match(line)]

OLD = b"previous output\n"


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def interrupt(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.fixture
def target(tmp_path) -> Path:
    path = tmp_path / "out" / "doc.md"
    path.parent.mkdir()
    path.write_bytes(OLD)
    return path


@pytest.mark.parametrize("where", ["replace", "fsync", "fdopen"])
@pytest.mark.parametrize("failure, exc", [(full_disk, OSError), (interrupt, KeyboardInterrupt)])
def test_failure_mid_write_keeps_previous_file_and_leaves_no_temporary(target, monkeypatch, where, failure, exc):
    monkeypatch.setattr(output.os, where, failure)
    with pytest.raises(exc):
        write_atomic(target, b"new output that must not half-appear\n" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in target.parent.iterdir()) == ["doc.md"]


def test_failure_inside_the_write_itself(target, monkeypatch):
    real_fdopen = os.fdopen

    class FullFile:
        def __init__(self, fd, mode):
            self.handle = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fdopen", FullFile)
    with pytest.raises(OSError) as info:
        write_atomic(target, b"x" * 100_000)
    assert info.value.errno == errno.ENOSPC
    assert target.read_bytes() == OLD
    assert [p.name for p in target.parent.iterdir()] == ["doc.md"]


def test_write_atomic_replaces_and_sets_mode(target):
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["doc.md"]


def _partnership(folder: Path, name: str) -> Path:
    data = minimal_partnership()
    data["documents"] = [TEST_DOCUMENT]
    path = folder / f"{name}.yaml"
    path.write_text(dump(data))
    return path


def _build_over_previous(tmp_path, monkeypatch, name: str, failure):
    """Build one partnership over an existing output while `os.<name>` fails; (result, previous file)."""
    options = write_test_library(tmp_path)
    source = _partnership(tmp_path, "p")
    out = tmp_path / "out"
    previous = out / "p" / f"{TEST_DOCUMENT}.md"
    previous.parent.mkdir(parents=True)
    previous.write_bytes(OLD)
    monkeypatch.setattr(output.os, name, failure)
    result = CliRunner().invoke(main, ["build", "--format", "md", "--out", str(out), *options, str(source)])
    monkeypatch.undo()
    return result, previous


def test_build_under_a_full_disk_keeps_previous_output(tmp_path, monkeypatch):
    result, previous = _build_over_previous(tmp_path, monkeypatch, "replace", full_disk)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "No space left on device; the previous outputs are unchanged" in result.output
    assert previous.read_bytes() == OLD
    assert [p.name for p in previous.parent.iterdir()] == [previous.name]


def test_ctrl_c_during_build_keeps_previous_output(tmp_path, monkeypatch):
    # Ctrl-C as the document, complete in its temporary file, is about to replace the previous one
    real_replace = os.replace
    interrupted = []

    def replace(src, dst):
        if Path(dst).name == f"{TEST_DOCUMENT}.md":
            interrupted.append(Path(src).read_bytes())
            raise KeyboardInterrupt
        return real_replace(src, dst)

    result, previous = _build_over_previous(tmp_path, monkeypatch, "replace", replace)
    assert interrupted and b"The board is" in interrupted[0], "the interrupt did not come in the document's write"
    assert result.exit_code == 130
    assert messages(result.stderr) == ["contractgen: interrupted; no output was half-written"]
    assert previous.read_bytes() == OLD
    assert sorted(p.name for p in previous.parent.iterdir()) == sorted([previous.name, "manifest.json"])
    manifest = json.loads((previous.parent / "manifest.json").read_text(encoding="utf-8"))
    # the previous file was not written by contractgen, so the manifest does not claim it
    assert (manifest["documents"], manifest["unrecorded"]) == ([], [previous.name])


def test_one_bad_file_in_a_multi_file_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    options = write_test_library(tmp_path)
    _partnership(tmp_path, "good")
    bad = _partnership(tmp_path, "bad")
    bad.write_text(bad.read_text().replace("term_years: 12", "term_years: twelve"))
    result = CliRunner().invoke(main, ["build", "--format", "md", "--out", "out", *options, "good.yaml", "bad.yaml"])
    assert result.exit_code == 2
    assert messages(result.stderr) == ["bad.yaml:11:15: partnership.term_years: expected a whole number, got 'twelve'"]
    assert (tmp_path / "out" / "good" / f"{TEST_DOCUMENT}.md").is_file()
    assert not (tmp_path / "out" / "bad").exists()
