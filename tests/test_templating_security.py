"""Partnership values stay data, clause mistakes are located, and the Jinja sandbox holds.

Built with `--format md` into a one-clause test document (tests/fixtures/bad/templates) or the
small library of `partnerships.write_test_library`, so nothing here depends on the shipped clauses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.cli import main
from partnerships import TEST_DOCUMENT, dump, minimal_partnership, write_test_library


# the build command's progress lines and summary, which are not messages about the input
PROGRESS = re.compile(r"^(built|failed|up to date): |^\d+ document\(s\) built")


def messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not PROGRESS.match(line)]

REPO = Path(__file__).resolve().parents[1]
CLAUSES = "tests/fixtures/bad/clauses"
TEMPLATES = "tests/fixtures/bad/templates"


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def partnership(tmp_path: Path, **names: str) -> Path:
    data = minimal_partnership()
    data["documents"] = [TEST_DOCUMENT]
    for index, name in names.items():
        data["parties"][int(index[1:])]["name"] = name
    path = tmp_path / "p.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return path


def build_bad(case: str, tmp_path: Path):
    out = tmp_path / "out"
    result = run("build", "--format", "md", "--out", out, "--clauses", f"{CLAUSES}/{case}", "--templates", TEMPLATES,
                 partnership(tmp_path))
    return result, out


def md_escaped(text: str) -> str:
    """How the Markdown writer prints plain text: markup characters backslashed, line breaks as `\\` + newline."""
    out = "".join("\\" + ch if ch in "\\*_[]`<>|#" else ch for ch in text)
    return out.replace("\n", "\\\n")


# ---------------------------------------------------------------- values stay data

@pytest.mark.parametrize("name", ["{{ 7*7 }}", "{% raw %}x{% endraw %}", "{{ ''.__class__ }}", "{# hidden #}",
                                  "**bold** [[mcp.term]] | a | b |", "#. Not an item", "Two\\nlines", "> not a note",
                                  ": not a caption", "\\* backslash", "{#anchor} x", "Line\u2028separated"])
def test_party_names_come_out_literally(name, tmp_path):
    out = tmp_path / "out"
    result = run("build", "--format", "md", "--out", out, *write_test_library(tmp_path),
                 partnership(tmp_path, p0=name))
    assert result.exit_code == 0, result.output
    text = (out / "p" / f"{TEST_DOCUMENT}.md").read_text(encoding="utf-8")
    assert f"**{md_escaped(name)}**" in text
    assert "49" not in text and "<class" not in text


def test_jinja_in_a_value_is_never_evaluated(tmp_path):
    out = tmp_path / "out"
    run("build", "--format", "md", "--out", out, *write_test_library(tmp_path),
        partnership(tmp_path, p0="{{ 7*7 }}", p1="{% raw %}x{% endraw %}"))
    text = (out / "p" / f"{TEST_DOCUMENT}.md").read_text()
    assert "**{{ 7\\*7 }}**" in text
    assert "**{% raw %}x{% endraw %}**" in text


# ---------------------------------------------------------------- clause mistakes

def clause_line(case: str, line: int) -> str:
    return f"{CLAUSES}/{case}/clause.md:{line}: clause bad.case"


@pytest.mark.parametrize("case, message", [
    ("missing_key", " uses 'budget.stated_total', which the partnership file does not give: add budget.stated_total "
                    "to the partnership file, or make the clause conditional on it"),
    ("missing_nested_key", " uses 'parties[0].signatory', which the partnership file does not give: add "
                           "parties[].signatory to the partnership file, or make the clause conditional on it"),
    ("markup_error", ": '**' is opened but never closed"),
])
def test_clause_using_what_the_partnership_lacks_names_clause_file_line_and_key(case, message, tmp_path):
    result, out = build_bad(case, tmp_path)
    assert result.exit_code == 2
    assert messages(result.stderr) == [clause_line(case, 7) + message]
    assert not out.exists()


def test_clause_syntax_error_names_file_and_line(tmp_path):
    result, out = build_bad("syntax_error", tmp_path)
    assert result.exit_code == 2
    assert messages(result.stderr) == [
        clause_line("syntax_error", 8) + ": template syntax error: Unexpected end of template. Jinja was looking for "
        "the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."]
    assert not out.exists()


def test_clause_version_error_says_what_a_version_looks_like(tmp_path):
    result, out = build_bad("version_not_semver", tmp_path)
    assert result.exit_code == 2
    assert messages(result.stderr) == [f"{CLAUSES}/version_not_semver/clause.md:4:10: version: expected a version "
                                       "like 1.0.0 (major.minor.patch), got '1.0'"]
    assert not out.exists()


# ---------------------------------------------------------------- the sandbox

REFUSED = {
    "sandbox_mro": "access to attribute '__class__' of 'str' object is unsafe.",
    "sandbox_subclasses": "access to attribute '__class__' of 'str' object is unsafe.",
    "sandbox_cycler_globals": "access to attribute '__init__' of 'type' object is unsafe.",
    "sandbox_lipsum_globals": "access to attribute '__globals__' of 'function' object is unsafe.",
    "sandbox_attr_filter": "access to attribute '__class__' of 'str' object is unsafe.",
    "sandbox_str_format": "access to attribute '__class__' of 'Data' object is unsafe.",
    "sandbox_format_map": "access to attribute '__class__' of 'str' object is unsafe.",
    "sandbox_format_via_attr": "access to attribute '__init__' of 'type' object is unsafe.",
    "sandbox_mutation": "access to attribute 'update' of 'dict' object is unsafe.",
    "sandbox_private": "access to attribute '_values' of 'Data' object is unsafe.",
    "sandbox_memory": "repeating a sequence to more than 10,000,000 items is not allowed",
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_sandbox_escapes_are_refused(case, tmp_path):
    result, out = build_bad(case, tmp_path)
    assert result.exit_code == 3
    assert messages(result.stderr) == [clause_line(case, 7) + ": refused by the template sandbox: " + REFUSED[case]]
    assert not out.exists()


def test_chained_attr_ends_in_an_undefined_value_not_an_escape(tmp_path):
    result, out = build_bad("sandbox_attr_chain", tmp_path)
    assert result.exit_code == 2
    assert messages(result.stderr) == [
        clause_line("sandbox_attr_chain", 7) + ": 'contractgen.templating.PathUndefined object' has no attribute '__mro__'"]
    assert not out.exists()


def test_huge_range_is_refused_as_invalid(tmp_path):
    result, _ = build_bad("sandbox_range", tmp_path)
    assert result.exit_code == 2
    assert messages(result.stderr) == [clause_line("sandbox_range", 7) + ": cannot render: Range too big. The sandbox "
                                          "blocks ranges larger than MAX_RANGE (100000)."]


@pytest.mark.parametrize("body, shown", [
    ("#. {{ '%s' % partnership }}", "1.1 \\<partnership\\>"),
    ("#. {{ '{0}'.format(partnership.name) }}", "1.1 Test Valley Community Provider"),
    ("#. {{ 2 ** 10 }}", "1.1 1024"),
])
def test_harmless_formatting_renders_nothing_dangerous(body, shown, tmp_path):
    out = tmp_path / "out"
    result = run("build", "--format", "md", "--out", out, *write_test_library(tmp_path, body), partnership(tmp_path))
    assert result.exit_code == 0, result.output
    assert shown in (out / "p" / f"{TEST_DOCUMENT}.md").read_text().splitlines()


def test_a_huge_power_is_refused(tmp_path):
    out = tmp_path / "out"
    result = run("build", "--format", "md", "--out", out, *write_test_library(tmp_path, "#. {{ partnership.term_years ** 1000000000 }}"),
                 partnership(tmp_path))
    assert result.exit_code == 3
    (line,) = messages(result.stderr)
    assert line.endswith("refused by the template sandbox: a power above 100 is not allowed")
