"""Lint: one test per kind of finding, each asserting the exact finding a reviewer sees.

Term and empty-clause findings come from a real build of tests/fixtures/lint/ (a partnership,
a document template and clauses made to trip them); references and numbering cannot go wrong
through the transforms, so those use hand-built documents.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from contractgen.assemble import Assembled
from contractgen.build import assemble_all
from contractgen.document import Clause, Ref, Text
from contractgen.lint import KINDS, Finding, lint, partnership_names
from contractgen.partnership.load import load
from contractgen.resources import Resources
from sample_document import sample_document

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "lint"
F = "tests/fixtures/lint/clauses"
DOC = "board_terms_of_reference"


def build_fixture() -> tuple[Assembled, set[str]]:
    """The lint fixture's one document, assembled and transformed, and the partnership's names."""
    with contextlib.chdir(REPO):  # file names in findings are relative to where contractgen runs
        loaded = load(FIXTURE / "partnership.yaml")
        resources = Resources(template_dirs=(FIXTURE / "templates",), clause_dirs=(FIXTURE / "clauses",))
        built = assemble_all(loaded, resources)
    return built.documents[DOC], partnership_names(loaded.partnership)


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    assembled, names = build_fixture()
    return lint(assembled, names)


def of_kind(found: list[Finding], kind: str) -> list[Finding]:
    return [f for f in found if f.kind == kind]


def test_undefined_term(findings):
    assert of_kind(findings, "undefined-term") == [Finding(
        "undefined-term",
        '"Service Commencement Date" is capitalised like a defined term, but no clause in this document defines it '
        "(used once; first here)",
        DOC, "lint.meetings.first", f"{F}/meetings.md", 6)]


def test_undefined_term_leaves_names_statutes_and_plurals_alone(findings):
    """meetings.md also names NHS England, the CQC, two statutes, the partnership's board and area, a part,
    a schedule and "Board Members" (a plural of a defined term): none of them is a finding."""
    phrases = [f.message.split('"')[1] for f in of_kind(findings, "undefined-term")]
    assert phrases == ["Service Commencement Date"]


def test_partnership_names_are_what_keeps_them_quiet():
    assembled, _ = build_fixture()
    phrases = [f.message.split('"')[1] for f in of_kind(lint(assembled), "undefined-term")]
    # the board's name, printed from the partnership ("Board" in it is a defined term) is only known
    # as a name when the partnership's names are passed; "Test Valley" alone is in the subtitle
    assert phrases == ["Test Valley Partnership", "Service Commencement Date"]


def test_unused_term(findings):
    assert of_kind(findings, "unused-term") == [Finding(
        "unused-term", '"Observer" is defined but never used in the document',
        DOC, "lint.observers", f"{F}/observers.md", 6)]


def test_duplicate_term(findings):
    assert of_kind(findings, "duplicate-term") == [Finding(
        "duplicate-term",
        f'"Board" is also defined by clause lint.board ({F}/board.md:6); the document uses that definition',
        DOC, "lint.board_again", f"{F}/board_again.md", 6)]


def test_empty_clause_and_empty_table(findings):
    assert of_kind(findings, "empty-clause") == [
        Finding("empty-clause", 'clause 6 "Practice representatives" has no text, content or sub-clauses',
                DOC, "lint.representatives", f"{F}/representatives.md", 7),
        Finding("empty-clause", 'the table "Observing practices" has no rows', DOC, "lint.practices",
                f"{F}/practices.md", 6),
    ]


def test_the_fixture_has_nothing_else(findings):
    assert [f.kind for f in findings] == ["undefined-term", "unused-term", "duplicate-term", "empty-clause",
                                          "empty-clause"]


def test_dangling_reference():
    document = sample_document()
    _, clause = document.find("payment.ips")
    clause.text += [Text(" See "), Ref("payment.nowhere", "clause 9"), Text(" and "), Ref("payment.wpb")]
    clause.source = None
    found = of_kind(lint(Assembled(document)), "dangling-reference")
    assert found == [
        Finding("dangling-reference", "refers to 'payment.nowhere', which is not in this document",
                "mcp_contract", "payment.ips"),
        Finding("dangling-reference", "the reference to 'payment.wpb' has no label: the references transform "
                "has not run on it", "mcp_contract", "payment.ips"),
    ]


def test_numbering_restart():
    document = sample_document()
    schedule = document.parts[2]
    first = schedule.blocks[0]
    first.number = "3"
    first.children[0].number = "3.1"
    assert of_kind(lint(Assembled(document)), "numbering-restart") == [Finding(
        "numbering-restart", "Schedule 2: Whole Population Budget starts at 3, expected 1: numbering restarts "
        "in every part", "mcp_contract", "schedule.wpb.intro")]


def test_a_clause_that_is_only_a_title_is_empty_and_a_sound_sample_is_clean():
    document = sample_document()
    assert lint(Assembled(document), ["Brierley Hill, Dudley"]) == []
    document.parts[1].blocks.append(Clause(id="x.empty", title="Nothing", number="3"))
    assert [f.message for f in lint(Assembled(document), ["Brierley Hill, Dudley"])] == [
        'clause 3 "Nothing" has no text, content or sub-clauses']


def test_finding_reads_like_a_compiler_message(findings):
    assert str(findings[0]) == (f"{F}/meetings.md:6: undefined-term: {DOC} [lint.meetings.first]: "
                                '"Service Commencement Date" is capitalised like a defined term, but no clause in '
                                "this document defines it (used once; first here)")
    assert set(KINDS) == {"undefined-term", "unused-term", "duplicate-term", "dangling-reference", "empty-clause",
                          "numbering-restart", "seam"}


def test_build_prints_findings_and_strict_makes_them_fail(tmp_path):
    from click.testing import CliRunner

    from contractgen.cli import main

    args = ["--templates", str(FIXTURE / "templates"), "--clauses", str(FIXTURE / "clauses"),
            str(FIXTURE / "partnership.yaml")]
    loose = CliRunner().invoke(main, ["build", "--format", "md", "--out", str(tmp_path / "a"), *args])
    assert loose.exit_code == 0, loose.output
    assert "undefined-term: board_terms_of_reference" in loose.output
    assert (tmp_path / "a" / "partnership" / "board_terms_of_reference.md").is_file()
    strict = CliRunner().invoke(main, ["build", "--strict", "--format", "md", "--out", str(tmp_path / "b"), *args])
    assert strict.exit_code == 2
    assert "--strict makes them fail the build, so nothing was written" in strict.output
    assert not (tmp_path / "b" / "partnership" / "board_terms_of_reference.md").exists()
    linted = CliRunner().invoke(main, ["lint", *args])
    assert linted.exit_code == 2 and "undefined-term" in linted.output


def test_the_examples_lint_clean():
    from click.testing import CliRunner

    from contractgen.cli import main

    result = CliRunner().invoke(main, ["lint", str(REPO / "examples")])
    assert result.exit_code == 0, result.output
    assert "0 finding(s)" in result.output
