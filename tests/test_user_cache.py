"""The per-user cache. The clause index: a second load reads no metadata, an edited clause is read
again and its mistakes still reported, and a missing, damaged or unwritable index changes
nothing. Jinja's bytecode cache: a second compile takes the code from it, and a template from it
is as sandboxed and as well located as a fresh one."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from contractgen import library as library_module
from contractgen import templating
from contractgen.errors import InvalidInput, Refused
from contractgen.library import Library
from contractgen.library_index import ClauseIndex, index_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clauses(tmp_path) -> Path:
    folder = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", folder)
    return folder


def load(folder: Path, index_file: Path) -> Library:
    return Library.load((folder,), ClauseIndex(index_file))


def forbid_parsing(monkeypatch):
    def parse(*_args, **_kwargs):
        raise AssertionError("clause metadata was parsed although the index held it")

    monkeypatch.setattr(library_module, "read_yaml_text", parse)


def test_a_second_load_takes_every_clause_from_the_index(clauses, tmp_path, monkeypatch):
    index_file = tmp_path / "index.json"
    first = load(clauses, index_file)
    assert len(json.loads(index_file.read_text())) == len(first.clauses)
    forbid_parsing(monkeypatch)
    second = load(clauses, index_file)
    assert {k: v.meta for k, v in second.clauses.items()} == {k: v.meta for k, v in first.clauses.items()}
    assert {k: v.body for k, v in second.clauses.items()} == {k: v.body for k, v in first.clauses.items()}


def test_an_edited_clause_is_read_again_and_its_mistake_located(clauses, tmp_path):
    index_file = tmp_path / "index.json"
    load(clauses, index_file)
    target = next(clauses.rglob("*.md"))
    text = target.read_text()
    target.write_text(text.replace("version:", "version: not-a-version\nold_version:", 1))
    with pytest.raises(InvalidInput) as caught:
        load(clauses, index_file)
    message = "\n".join(caught.value.lines())
    assert target.name in message and "version" in message


def test_a_damaged_index_is_ignored_and_rewritten(clauses, tmp_path):
    index_file = tmp_path / "index.json"
    expected = {k: v.meta for k, v in load(clauses, tmp_path / "good.json").clauses.items()}
    good = json.loads((tmp_path / "good.json").read_text())
    wrong_entry = dict(good, **{next(iter(good)): {"id": 7}})
    for damaged in ("{not json", json.dumps(wrong_entry), json.dumps([1, 2])):
        index_file.write_text(damaged)
        assert {k: v.meta for k, v in load(clauses, index_file).clauses.items()} == expected
        assert json.loads(index_file.read_text()) == good


def test_an_unwritable_index_folder_only_costs_the_parse(clauses, tmp_path):
    if os.geteuid() == 0:
        folder = tmp_path / "not-a-folder"
        folder.write_text("a file where the index folder should be")
    else:
        folder = tmp_path / "locked"
        folder.mkdir(mode=0o500)
    library = load(clauses, folder / "index.json")
    assert library.clauses and not (folder / "index.json").exists()


def test_the_index_lives_where_the_environment_says(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRACTGEN_CACHE_DIR", str(tmp_path / "here"))
    assert index_path().parent == tmp_path / "here"
    monkeypatch.delenv("CONTRACTGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert index_path().parent == tmp_path / "xdg" / "contractgen"


@pytest.fixture
def bytecode_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRACTGEN_CACHE_DIR", str(tmp_path / "cache"))
    templating._bytecode_cache.cache_clear()
    yield Path(templating._bytecode_cache().directory)
    templating._bytecode_cache.cache_clear()


def compile_twice(source: str, monkeypatch):
    origin = templating.Origin("clauses/x.md", 5, "x.clause")
    first = templating.compile_template(source, origin)

    def refuse(*_args, **_kwargs):
        raise AssertionError("compiled again although the bytecode cache held the code")

    monkeypatch.setattr(templating.ENV, "compile", refuse)
    return first, templating.compile_template(source, origin), origin


def test_a_second_compile_comes_from_the_bytecode_cache(bytecode_cache, monkeypatch):
    first, second, origin = compile_twice("The {{ name }} pays {{ amount | money }}.", monkeypatch)
    assert len(list(bytecode_cache.iterdir())) == 1
    context = {"name": "Provider", "amount": 1250}
    assert templating.render(second, context, origin) == templating.render(first, context, origin)
    assert templating.render(second, context, origin) == "The Provider pays £1,250."


def test_a_cached_template_is_still_sandboxed_and_located(bytecode_cache, monkeypatch):
    _, second, origin = compile_twice("line one\n{{ ''.__class__.__mro__ }}", monkeypatch)
    with pytest.raises(Refused) as caught:
        templating.render(second, {}, origin)
    assert str(caught.value).startswith("clauses/x.md:6: clause x.clause: refused by the template sandbox")


def test_a_syntax_error_is_never_cached(bytecode_cache):
    origin = templating.Origin("clauses/x.md", 3, "x.clause")
    for _ in range(2):
        with pytest.raises(InvalidInput) as caught:
            templating.compile_template("fine\n{% if %}", origin)
        assert caught.value.lines()[0].startswith("clauses/x.md:4: clause x.clause: template syntax error")
    assert not bytecode_cache.exists() or not list(bytecode_cache.iterdir())


def test_without_a_usable_cache_folder_templates_still_compile(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CONTRACTGEN_CACHE_DIR", str(blocker / "cache"))
    templating._bytecode_cache.cache_clear()
    try:
        template = templating.compile_template("{{ 1 + 1 }}", templating.Origin("t.md"))
        assert templating.render(template, {}, templating.Origin("t.md")) == "2"
    finally:
        templating._bytecode_cache.cache_clear()


def test_a_damaged_bytecode_entry_is_compiled_afresh(bytecode_cache):
    origin = templating.Origin("clauses/x.md", 1, "x.clause")
    templating.compile_template("{{ 2 * 3 }}", origin)
    (entry,) = bytecode_cache.iterdir()
    import jinja2.bccache

    for damage in (entry.read_bytes()[:len(jinja2.bccache.bc_magic) + 3], b"garbage"):
        entry.write_bytes(damage)
        template = templating.compile_template("{{ 2 * 3 }}", origin)
        assert templating.render(template, {}, origin) == "6"
