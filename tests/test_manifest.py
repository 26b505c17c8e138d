"""manifest.json tells the truth: after Ctrl-C mid-document, and when two builds of different drafts share a folder."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from contractgen import __version__, output
from contractgen.cli import main
from contractgen.manifest import BuildLock
from partnerships import dump, minimal_partnership

DOCUMENTS = ["mcp_contract", "integration_agreement", "board_terms_of_reference"]  # the order they are built in
FORMATS = "md,html"


def _draft(folder: Path, version: str) -> Path:
    """The minimal partnership at draft `version`, as folder/valley.yaml."""
    data = minimal_partnership()
    data["partnership"]["draft"]["version"] = version
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "valley.yaml"
    path.write_text(dump(data))
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _on_disk(folder: Path) -> dict[str, str]:
    return {p.name: _sha(p) for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
            and p.name != "manifest.json"}


def _inputs_of_each_file(folder: Path) -> dict[str, tuple[str, str]]:
    """file name -> (partnership sha256, draft version), as the manifest says; checks the manifest
    lists exactly the files present, with their current hashes."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"] == _on_disk(folder)
    assert manifest["unrecorded"] == []
    inputs = {}
    for doc in manifest["documents"]:
        for name, sha in doc["outputs"].items():
            assert Path(name).stem == doc["document"] and name not in inputs
            assert sha == manifest["outputs"][name]
            inputs[name] = (doc["partnership"]["sha256"], doc["draft"]["version"])
    assert sorted(inputs) == sorted(manifest["outputs"])
    return inputs


def test_ctrl_c_in_the_middle_of_a_document_leaves_a_manifest_naming_each_files_draft(tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = _draft(tmp_path / "a", "0.1")
    result = CliRunner().invoke(main, ["build", str(first), "--out", str(out), "--format", FORMATS, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    second = _draft(tmp_path / "b", "0.2")
    folder = out / "valley"
    before = _on_disk(folder)

    # Ctrl-C as the second document's HTML replaces its old version: its Markdown is already the new draft
    real_replace = os.replace
    interrupted = []

    def replace(src, dst):
        if Path(dst) == folder / "integration_agreement.html":
            interrupted.append(dst)
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", replace)
    result = CliRunner().invoke(main, ["build", str(second), "--out", str(out), "--format", FORMATS, "--jobs", "1"])
    monkeypatch.undo()
    assert interrupted, "the build was not interrupted in a document write"
    assert result.exit_code == 130
    assert "contractgen: interrupted; no output was half-written" in result.stderr

    a = (_sha(first), "0.1")
    b = (_sha(second), "0.2")
    assert _inputs_of_each_file(folder) == {
        "mcp_contract.md": b, "mcp_contract.html": b,
        "integration_agreement.md": b, "integration_agreement.html": a,
        "board_terms_of_reference.md": a, "board_terms_of_reference.html": a,
    }
    assert _on_disk(folder)["integration_agreement.html"] == before["integration_agreement.html"]
    assert _on_disk(folder)["integration_agreement.md"] != before["integration_agreement.md"]
    assert "0.2" in (folder / "mcp_contract.md").read_text(encoding="utf-8")
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]

    explained = CliRunner().invoke(main, ["explain", str(folder / "manifest.json"), "--document",
                                          "integration_agreement"])
    assert explained.exit_code == 0, explained.output
    shown = [line for line in explained.output.splitlines() if not line.startswith(("  + ", "  - "))]
    assert sorted(zip(shown[::2], shown[1::2])) == sorted([
        (f"integration_agreement: built by contractgen {__version__} from valley.yaml (sha256 {b[0][:12]}, draft 0.2)",
         "  files: integration_agreement.md"),
        (f"integration_agreement: built by contractgen {__version__} from valley.yaml (sha256 {a[0][:12]}, draft 0.1)",
         "  files: integration_agreement.html"),
    ])

    # the next build finishes the job, and the manifest then names one draft for everything
    result = CliRunner().invoke(main, ["build", str(second), "--out", str(out), "--format", FORMATS, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert set(_inputs_of_each_file(folder).values()) == {b}


def _build(path: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "contractgen.cli", "build", str(path), "--out", str(out),
                             "--format", FORMATS, "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_two_builds_of_different_drafts_into_one_folder_at_once_leave_one_draft(tmp_path):
    out = tmp_path / "out"
    drafts = {_sha(p): v for p, v in ((_draft(tmp_path / "a", "0.1"), "0.1"), (_draft(tmp_path / "b", "0.2"), "0.2"))}
    builds = [_build(tmp_path / name / "valley.yaml", out) for name in ("a", "b")]
    for build in builds:
        stdout, stderr = build.communicate(timeout=300)
        assert build.returncode == 0, stderr
    inputs = _inputs_of_each_file(out / "valley")
    assert sorted(inputs) == sorted(f"{d}.{f}" for d in DOCUMENTS for f in FORMATS.split(","))
    (winner,) = set(inputs.values())  # every file from the same draft: the build that wrote last
    assert drafts[winner[0]] == winner[1]
    loser = ({"0.1", "0.2"} - {winner[1]}).pop()
    for name in inputs:
        if name.endswith(".md"):
            text = (out / "valley" / name).read_text(encoding="utf-8")
            assert f"DRAFT {winner[1]} " in text and f"DRAFT {loser} " not in text, name


def test_a_build_waits_for_the_one_writing_into_its_folder(tmp_path):
    out = tmp_path / "out"
    path = _draft(tmp_path / "a", "0.1")
    lock = BuildLock(out)
    lock.acquire()  # another build, holding the folder
    try:
        build = _build(path, out)
        seen = []
        for line in build.stderr:  # until the build says it waits (or ends without saying so)
            seen.append(line)
            if "waiting" in line:
                break
        waiting = f"{out}: another contractgen build is writing here; waiting for it to finish\n"
        assert seen and seen[-1] == waiting, seen
        time.sleep(0.5)
        assert build.poll() is None and not (out / "valley").exists(), "it wrote while another build held the folder"
    finally:
        lock.release()
    stdout, stderr = build.communicate(timeout=300)
    assert build.returncode == 0, stderr
    assert set(_inputs_of_each_file(out / "valley").values()) == {(_sha(path), "0.1")}
