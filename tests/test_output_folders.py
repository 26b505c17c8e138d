"""Every output stays inside --out, whatever the partnership file is called: the folder a
file builds into is a safe name, never empty, `.` or `..`, for a file and for a folder of files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.cache import CACHE_NAME
from contractgen.cli import main
from contractgen.manifest import LOCK_NAME
from contractgen.output import folder_clashes, folder_name
from partnerships import TEST_DOCUMENT, dump, minimal_partnership, write_test_library

# file name -> the folder its documents go in
NAMES = {
    "...yaml": "partnership",
    "..yaml": "partnership",
    ".yml.yaml": "yml",
    ". .yaml": "partnership",
    "-rf.yaml": "rf",
    "Ynys Môn (draft 2).yaml": "Ynys-Môn-draft-2",
    "Ynys Mo\u0302n.yml": "Ynys-M\u00f4n",  # decomposed accent, composed in the folder name
    "\u202egpj.yaml": "gpj",  # a right-to-left override cannot make a folder read backwards
    "dudley.yaml": "dudley",
}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_folder_names_are_safe(name):
    assert folder_name(Path("partnerships") / name) == NAMES[name]


def test_a_long_name_is_cut_to_a_safe_length():
    assert folder_name(Path("a" * 300 + ".yaml")) == "a" * 80


def files_under(folder: Path) -> set[Path]:
    return {Path(root) / f for root, _, files in os.walk(folder) for f in files}


def partnership_folder(tmp_path: Path, names) -> Path:
    data = minimal_partnership()
    data["documents"] = [TEST_DOCUMENT]
    inputs = tmp_path / "work" / "inputs"
    inputs.mkdir(parents=True)
    for name in names:
        (inputs / name).write_text(dump(data), encoding="utf-8")
    return inputs


def test_building_a_folder_writes_only_inside_out(tmp_path):
    # names that are each their own folder (no two share one)
    names = ["...yaml", ".yml.yaml", "-rf.yaml", "Ynys Môn (draft 2).yaml", "\u202egpj.yaml", "dudley.yaml"]
    inputs = partnership_folder(tmp_path, names)
    options = write_test_library(tmp_path / "library")
    out = inputs / "build"
    before = files_under(tmp_path)
    result = CliRunner().invoke(main, ["build", "--format", "md", "--out", str(out), *options, str(inputs)])
    assert result.exit_code == 0, result.output
    written = files_under(tmp_path) - before
    assert written and all(out in path.parents for path in written), sorted(written)
    # one folder per file, and the lock that makes builds into --out take turns
    assert sorted(p.name for p in out.iterdir()) == sorted([LOCK_NAME] + [NAMES[n] for n in names])
    for name in names:
        assert (out / NAMES[name] / f"{TEST_DOCUMENT}.md").is_file()
        assert (out / NAMES[name] / "manifest.json").is_file()


@pytest.mark.parametrize("name", ["...yaml", "..yaml", ". .yaml"])
def test_building_one_file_writes_only_inside_out(tmp_path, name):
    inputs = partnership_folder(tmp_path, [name])
    options = write_test_library(tmp_path / "library")
    out = inputs / "out" / "build"
    before = files_under(tmp_path)
    result = CliRunner().invoke(main, ["build", "--format", "md", "--out", str(out), *options, str(inputs / name)])
    assert result.exit_code == 0, result.output
    written = files_under(tmp_path) - before
    assert written == {out / "partnership" / f"{TEST_DOCUMENT}.md", out / "partnership" / "manifest.json",
                       out / "partnership" / CACHE_NAME, out / LOCK_NAME}, sorted(written)
    # a second build finds its cache in the same place
    again = CliRunner().invoke(main, ["build", "--format", "md", "--out", str(out), *options, str(inputs / name)])
    assert "0 document(s) built, 1 up to date" in again.output


def test_golden_files_of_a_dotted_name_stay_in_golden(tmp_path):
    inputs = partnership_folder(tmp_path, ["...yaml"])
    options = write_test_library(tmp_path / "library")
    before = files_under(tmp_path)
    result = CliRunner().invoke(main, ["build", "--update-golden", *options, str(inputs / "...yaml")])
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) - before == {inputs / "golden" / "partnership" / f"{TEST_DOCUMENT}.md"}


def test_two_files_that_would_share_a_folder_are_refused(tmp_path):
    inputs = partnership_folder(tmp_path, ["a b.yaml", "a-b.yaml"])
    options = write_test_library(tmp_path / "library")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--format", "md", "--out", str(out), *options, str(inputs)])
    assert result.exit_code == 2
    assert f"{inputs / 'a-b.yaml'}: its documents would go in {out / 'a-b'}, with those of {inputs / 'a b.yaml'}: " \
           "rename one of the two files" in result.output.splitlines()
    assert (out / "a-b" / f"{TEST_DOCUMENT}.md").is_file()  # the first one is built
    assert folder_clashes([Path("x.yaml"), Path("x.yml"), Path("y.yaml")]) == {Path("x.yml"): Path("x.yaml")}
