"""Property-based tests: any valid partnership builds with every party name intact, and any
mutation of a valid file gives either success or located errors with exit 2, never a crash."""

from __future__ import annotations

import copy
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractgen.cli import main
from contractgen.partnership.yamlread import BIDI, ZERO_WIDTH
from test_values_verbatim import markdown_texts
from partnerships import TEST_DOCUMENT, dump, large_partnership, minimal_partnership, practice, write_test_library

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# printable text: no control characters, surrogates, or invisible bidirectional and zero-width
# characters (those are located errors, tested elsewhere), but markup, Jinja and any script are fair game
printable = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"),
                          blacklist_characters="\ufffe\uffff" + "".join(BIDI) + "".join(ZERO_WIDTH))
# a name is one line: a line break in it is refused (see test_a_name_with_a_line_break_is_refused_where_it_is)
names = st.text(st.one_of(printable, st.sampled_from("*_[]|#>{}%`:\\")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s.strip())


def run(folder: Path, text: str, *options: str):
    (folder / "p.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--format", "md", "--out", str(folder / "out"), *options,
                                       str(folder / "p.yaml")])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def library(tmp_path_factory):
    return write_test_library(tmp_path_factory.mktemp("library"))


@SETTINGS
@given(party_names=st.lists(names, min_size=3, max_size=8), amounts=st.lists(
    st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2), min_size=1, max_size=5))
def test_valid_partnerships_build_with_every_name_exact(tmp_path_factory, library, party_names, amounts):
    folder = tmp_path_factory.mktemp("p")
    data = minimal_partnership()
    data["documents"] = [TEST_DOCUMENT]
    data["parties"] += [practice(n) for n in range(2, len(party_names))]
    for party, name in zip(data["parties"], party_names):
        party["name"] = name
    data["budget"]["lines"] = [{"service": "community_health", "amount": a, "commissioner": "valley_ccg"}
                               for a in amounts]
    result = run(folder, dump(data), *library)
    assert result.exit_code == 0, result.output
    text = (folder / "out" / "p" / f"{TEST_DOCUMENT}.md").read_text(encoding="utf-8")
    # each name is the whole text of its paragraph, as a CommonMark reader reads it
    found = markdown_texts(text)
    for name in party_names:
        assert name in found


# ---------------------------------------------------------------- mutations

garbage = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
              st.decimals(allow_nan=False, allow_infinity=False), st.text(printable, max_size=20),
              st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(printable, min_size=1, max_size=8),
                                                                         inner, max_size=3)),
    max_leaves=8,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


@st.composite
def mutated(draw):
    data = minimal_partnership()
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["delete", "replace", "empty", "huge", "unicode"]))
        key = path[-1]
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = draw(garbage)
        elif action == "empty":
            parent[key] = draw(st.sampled_from([[], {}, "", None]))
        elif action == "huge":
            parent[key] = draw(st.sampled_from([10**17, -10**17, Decimal("1e17"), Decimal("0.000000001"), 10**18]))
        else:
            parent[key] = draw(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10))
    return data


@SETTINGS
@given(data=mutated())
def test_mutations_give_success_or_located_errors(tmp_path_factory, library, data):
    folder = tmp_path_factory.mktemp("m")
    located = re.compile(re.escape(str(folder / "p.yaml")) + r":\d+:\d+: ")
    data = copy.deepcopy(data)
    data["documents"] = [TEST_DOCUMENT]
    result = run(folder, dump(data), *library)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        lines = [line for line in result.stderr.splitlines()
                 if not re.match(r"^(built|failed|up to date): |^\d+ document\(s\) built", line)]
        assert lines
        for line in lines:
            assert located.match(line), line


def test_large_partnership_validates_and_builds(tmp_path, library):
    data = large_partnership()
    data["documents"] = [TEST_DOCUMENT]
    data["partnership"]["population"].pop("registered", None)  # the sum of the practices' lists
    data["partnership"]["population"]["whole_area"] = 150000
    start = time.perf_counter()
    result = run(tmp_path, dump(data), *library)
    assert result.exit_code == 0, result.output
    assert time.perf_counter() - start < 30
    text = (tmp_path / "out" / "p" / f"{TEST_DOCUMENT}.md").read_text()
    assert "**Practice 500 Surgery**" in text
