"""The cross-document check: the documents of one partnership tell the same story, and a
contradiction is reported with both places (document and clause number)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.cli import main

from documents import library_with

ROOT = Path(__file__).resolve().parent.parent
SALFORD = ROOT / "examples" / "salford.yaml"
DUDLEY = ROOT / "examples" / "dudley.yaml"
DUDLEY_ONE_SCHEME = ROOT / "tests" / "fixtures" / "one_scheme" / "dudley.yaml"  # risk_share without schemes




def _lint(path: Path, clauses: Path | None = None):
    args = ["lint", str(path)] + (["--clauses", str(clauses)] if clauses else [])
    return CliRunner().invoke(main, args)


@pytest.mark.parametrize("path", [SALFORD, DUDLEY, ROOT / "examples" / "wyvern_teme_place.yaml"],
                         ids=["salford", "dudley", "wyvern_teme_place"])
def test_the_examples_tell_one_story(path):
    result = _lint(path)
    assert result.exit_code == 0, result.output
    assert "cross-document" not in result.output


def test_a_clause_that_restates_a_contribution_differently_is_reported_with_both_places(tmp_path):
    # the PACS agreement's budget clause restates the council's 2017/18 money as £74,000,000
    clauses = library_with(tmp_path, "pacs/budget.md", "#. The Capitated Budget pays for all of the Services",
                            "#. Salford City Council contributes £74,000,000 for 2017/18.\n"
                            "#. The Capitated Budget pays for all of the Services")
    result = _lint(SALFORD, clauses)
    assert result.exit_code == 2
    lines = [l for l in result.output.splitlines() if "cross-document" in l]
    assert len(lines) == 1, result.output
    line = lines[0]
    assert re.search(r"cross-document: pacs_agreement \[\d+\.\d+\]: ", line), line  # the mutated clause, by number
    assert "states £74,000,000 for Salford City Council for 2017/18, but" in line
    assert "states £74,433,000" in line
    # the other place is named by document and clause number
    assert re.search(r"but (?:pacs_agreement|section75_agreement) (?:clause \d+(?:\.\d+)*|Schedule)", line), line


def test_a_year_label_that_disagrees_is_reported_with_both_places(tmp_path):
    clauses = library_with(tmp_path, "pacs/budget.md", "#. The Capitated Budget pays for all of the Services",
                            "#. Salford City Council contributes £74,433,000 for 2016/17.\n"
                            "#. The Capitated Budget pays for all of the Services")
    result = _lint(SALFORD, clauses)
    lines = [l for l in result.output.splitlines() if "cross-document" in l]
    assert len(lines) == 1, result.output
    assert "labels £74,433,000 for Salford City Council as 2016/17, but" in lines[0]
    assert "labels it 2017/18" in lines[0]


@pytest.mark.parametrize("path, rel", [(DUDLEY, "riskshare/schemes-relationship.md"),
                                       (DUDLEY_ONE_SCHEME, "riskshare/relationship.md")],
                         ids=["several-schemes", "one-scheme"])
def test_a_precedence_clause_that_disagrees_is_reported_with_both_places(tmp_path, path, rel):
    # the risk share agreement claims to prevail over the main contract on everything
    clauses = library_with(tmp_path, rel, "#. Nothing in this Agreement affects",
                            "#. If this Agreement and the Main Contract conflict on any matter, this Agreement "
                            "prevails.\n#. Nothing in this Agreement affects")
    result = _lint(path, clauses)
    assert result.exit_code == 2
    lines = [l for l in result.output.splitlines() if "cross-document" in l]
    assert lines, result.output
    assert any("risk_share_agreement [" in l and "says the risk and gain share agreement prevails over the "
               "multispecialty community provider contract" in l and "says the opposite" in l for l in lines), lines
    # both places: the mutated clause, and a clause stating the one order of precedence
    assert any("but mcp_contract clause 4.2.2 says the opposite" in l or "clause 4.2.2 says the opposite" in l
               or "clause" in l.split("but ")[1] for l in lines)


def test_a_body_named_in_free_text_that_the_partnership_does_not_define_is_reported(tmp_path):
    text = SALFORD.read_text(encoding="utf-8").replace(
        "uplift: as the Commissioners agree each year on the recommendation of the Salford Together Partnership Board",
        "uplift: as agreed each year by the joint commissioning board")
    assert "joint commissioning board" in text  # the replacement took
    path = tmp_path / "salford.yaml"
    path.write_text(text, encoding="utf-8")
    result = _lint(path)
    assert result.exit_code == 2
    assert 'names "the joint commissioning board", which is not a board or committee of the partnership' in \
        result.output


def test_strict_build_fails_on_a_cross_document_finding_and_writes_nothing(tmp_path):
    clauses = library_with(tmp_path, "pacs/budget.md", "#. The Capitated Budget pays for all of the Services",
                            "#. Salford City Council contributes £74,000,000 for 2017/18.\n"
                            "#. The Capitated Budget pays for all of the Services")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SALFORD), "--format", "md", "--out", str(out), "--strict",
                                       "--clauses", str(clauses), "--jobs", "1"])
    assert result.exit_code == 2
    assert "1 cross-document finding(s); --strict makes them fail the build, so nothing was written" in result.output
    assert not (out / "salford").exists() or not list((out / "salford").glob("*.md"))


def test_lint_and_explain_report_on_the_other_documents_when_one_fails(tmp_path):
    # a replaced clause that breaks the memorandum of understanding alone
    clauses = library_with(tmp_path, "mou/aims.md", "#. ", "#. {{ memorandum.no_such_key }} ")
    # and a lint finding in the agreement, which must still be reported
    budget = clauses / "pacs" / "budget.md"
    budget.parent.mkdir()
    budget.write_text((ROOT / "clauses" / "pacs" / "budget.md").read_text(encoding="utf-8").replace(
        "#. The Capitated Budget pays for all", "#. The Strategic Finance Group reviews it.\n#. The Capitated Budget pays for all"),
        encoding="utf-8")
    runner = CliRunner()
    linted = runner.invoke(main, ["lint", str(SALFORD), "--clauses", str(clauses)])
    assert linted.exit_code == 2
    assert "memorandum.no_such_key" in linted.output
    assert 'undefined-term: pacs_agreement [pacs.budget]: "Strategic Finance Group"' in linted.output
    explained = runner.invoke(main, ["explain", str(SALFORD), "--clauses", str(clauses)])
    assert explained.exit_code == 2
    assert "pacs_agreement: Integrated Care Agreement" in explained.output
    assert "section75_agreement:" in explained.output
    assert "memorandum.no_such_key" in explained.output
