"""Place-based partnerships: the memorandum of understanding pools no statutory functions, binds no one
except on confidentiality and shared costs, and says so in every format; the rules that refuse a file
asking it to pool money; `init`, `clauses list` and `explain`; the deal and the cross-document check."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from contractgen.build import assemble_all
from contractgen.cli import main
from contractgen.deal import build_deal
from contractgen.errors import InvalidInput
from contractgen.lint import lint, partnership_names
from contractgen.partnership.load import load
from contractgen.resources import Resources
from contractgen.starter import PlaceAnswers, place_starter

from documents import edited
from test_legal_terms import assert_executed, find, front_names, table_rows, text_of, unmarked
from test_placeholders import _check_partnership as check_placeholders_and_seams

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "wyvern_teme_place.yaml"
STEM = EXAMPLE.stem
NO_POOLING = ("This Memorandum pools no statutory functions and no budgets. It does not delegate any function or "
              "decision of a Partner to another Partner")
NOT_BINDING = "This Memorandum is not legally binding."


def refused(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load(path)
    return [str(d) for d in caught.value.diagnostics]


def line_of(path: Path, text: str) -> int:
    return next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in l)


@pytest.fixture(scope="module")
def example():
    loaded = load(EXAMPLE)
    return loaded, assemble_all(loaded, Resources()).documents


def flat(text: str) -> str:
    """Text with the placeholder marks and line breaks of a format taken out, for comparing sentences."""
    return re.sub(r"\s+", " ", unmarked(text)).strip()


# ---------------------------------------------------------------- the memorandum in every format

def test_the_memorandum_is_the_whole_set_and_lists_every_partner(example):
    loaded, docs = example
    p = loaded.partnership
    assert set(docs) == {"place_memorandum"}
    doc = docs["place_memorandum"].document
    names = [x.name for x in p.parties]
    # every organisation in scope is named at the start, signs, and is in the accountability table
    assert front_names(doc) == names
    assert [r[0] for r in table_rows(find(doc, "place.statutory"))] == names
    assert_executed(p, "place_memorandum", doc)


def test_the_clauses_that_carry_status_and_no_pooling_say_what_they_must(example):
    _, docs = example
    doc = docs["place_memorandum"].document
    status = text_of(find(doc, "place.status"))
    assert NOT_BINDING in status
    # the only binding parts are confidentiality and the shared costs, governed by English law
    assert re.search(r"The only exceptions are clause \d+ and clause \d+, which are legally binding", status)
    statutory = text_of(find(doc, "place.statutory"))
    assert NO_POOLING in statutory
    assert "It creates no joint committee and no pooled fund" in statutory
    assert "needs a separate written agreement" in statutory and "section 75 of the National Health Service Act " \
        "2006" in statutory
    accountability = {r[0]: r[1] for r in table_rows(find(doc, "place.statutory"))}
    assert "to NHS England" in accountability["NHS Wyvern Vale Clinical Commissioning Group"]
    assert "council of governors" in accountability["Wyvern and Teme Hospitals NHS Foundation Trust"]
    assert "trust board" in accountability["Marches Community Health NHS Trust"]
    assert "its council" in accountability["Wyvernshire County Council"]
    board = text_of(find(doc, "place.board"))
    assert "It has no delegated authority: it makes no decision that binds a Partner" in board
    money = text_of(find(doc, "place.money"))
    assert "Each Partner keeps its own budget" in money and "This Memorandum creates no pooled budget" in money


def test_the_docx_states_no_pooling_non_binding_status_every_partner_and_a_signature_each(built_examples, example):
    loaded, _ = example
    opened = docx.Document(str(built_examples / STEM / "place_memorandum.docx"))
    paragraphs = [flat(p.text) for p in opened.paragraphs]
    assert any(p.startswith(NOT_BINDING) for p in paragraphs)
    assert any(p.startswith(NO_POOLING) for p in paragraphs)
    signatures = next(t for t in opened.tables if flat(t.rows[0].cells[0].text) == "Partner"
                      and len(t.columns) == 5)
    assert [flat(r.cells[0].text) for r in signatures.rows[1:]] == [x.name for x in loaded.partnership.parties]
    assert [flat(r.cells[4].text) for r in signatures.rows[1:]] == ["[date]"] * len(loaded.partnership.parties)


def test_the_pdf_states_no_pooling_non_binding_status_and_every_partner(built_examples, example):
    loaded, _ = example
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed: apt-get install poppler-utils"
    text = flat(subprocess.run([tool, "-layout", str(built_examples / STEM / "place_memorandum.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout)
    assert NOT_BINDING in text
    assert "This Memorandum pools no statutory functions and no budgets." in text
    assert "creates no joint committee and no pooled fund" in text
    for party in loaded.partnership.parties:
        # a long name may wrap inside a table cell: its first words are enough to find it
        assert text.count(party.name.split(" NHS")[0]) >= 2, party.name


# ---------------------------------------------------------------- domain rules

@pytest.mark.parametrize("section, text", [
    ("pooled_fund", "pooled_fund:\n  host: wyvernshire\n  pool_manager: { name: P. M, title: Pool Manager, party: "
                    "wyvernshire }\n  aims: [to pool]\n  nhs_functions: [community services]\n  "
                    "health_related_functions: [adult social care]\n  persons_and_services: adults\n  resources: none\n"
                    "  contributions:\n    - { party: wyvern_ccg, financial_year: 2018/19, amount: 1000 }\n"
                    "    - { party: wyvernshire, financial_year: 2018/19, amount: 1000 }\n  term_years: 3\n"),
    ("budget", "budget:\n  financial_year: 2018/19\n  lines:\n    - { service: acute, amount: 1000, commissioner: "
               "wyvern_ccg }\n"),
    ("risk_share", "risk_share:\n  metric: emergency admissions\n  baseline: 1000\n  baseline_year: 2016/17\n"
                   "  threshold: { amount: 10 }\n  parties:\n    - { party: hospitals, gain_share: 50, loss_share: 50 }\n"
                   "    - { party: wyvern_ccg, gain_share: 50, loss_share: 50 }\n"),
])
def test_a_place_file_that_asks_the_memorandum_to_pool_money_is_refused_at_the_section(tmp_path, section, text):
    path = tmp_path / "place.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + text, encoding="utf-8")
    errors = refused(path)
    # a section is located at its first key, on the line after its name
    line = line_of(path, f"{section}:") + 1
    found = [e for e in errors if e.startswith(f"{path}:{line}:3: {section}:")]
    assert found, errors
    assert f"{section}: expected no {section} section for a place_based partnership" in found[0]
    assert "pools no budget or statutory function" in found[0]
    assert "record that arrangement in its own agreement (a section 75 agreement, or the contract of an MCP or " \
           "PACS) in a partnership file of its own" in found[0]


def test_a_place_file_that_asks_for_a_section_75_agreement_is_refused_at_the_entry(tmp_path):
    path = tmp_path / "place.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8") + "documents: [place_memorandum, section75_agreement]\n",
                    encoding="utf-8")
    errors = refused(path)
    line = line_of(path, "documents:")
    assert errors == [f"{path}:{line}:31: documents[1]: expected only place_memorandum among the documents of a "
                      "place_based partnership, got section75_agreement: a place-based partnership's memorandum of "
                      "understanding pools no budget or statutory function and binds no partner to pay or provide "
                      "anything; record that arrangement in its own agreement (a section 75 agreement, or the "
                      "contract of an MCP or PACS) in a partnership file of its own, and keep this file for the "
                      "partners' joint planning"]


def test_partners_without_a_council_are_warned_about_by_name(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("    kind: local_authority\n    role: commissioner\n    address: County Hall",
                                      "    kind: company\n    role: participant\n    address: County Hall"),
                  ("    kind: local_authority\n    role: commissioner\n    address: The Guildhall",
                   "    kind: company\n    role: participant\n    address: The Guildhall"),
                  ("council: wyvernshire, population: 310000", "population: 310000"),
                  ("council: wyvernshire, population: 220000", "population: 220000"),
                  ("council: marchbury, population: 250000", "population: 250000"))
    warnings = [str(w) for w in load(path).unacknowledged]
    assert warnings == [f"{path}:{line_of(path, 'parties:') + 1}:3: warning: parties: expected at least one "
                        "commissioner, one NHS provider and one local authority among the partners of a place-based "
                        "partnership, got none that is a local authority: add the missing partner, or acknowledge "
                        "the warning with the reason [place-partners]"]
    assert load(EXAMPLE).warnings == []


def test_board_members_workstream_leads_and_payers_must_be_parties(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("- { party: community, role: Chief Executive }",
                                      "- { party: comunity, role: Chief Executive }"),
                  ("lead: mental_health, aim:", "lead: mental_heath, aim:"),
                  ("- { party: marchbury, amount: 50000, financial_year: 2019/20",
                   "- { party: marchbury_council, amount: 50000, financial_year: 2019/20"),
                  ("held_by: wyvern_ccg", "held_by: the_ccg"))
    errors = refused(path)
    assert f"{path}:{line_of(path, 'party: comunity')}:18: place.board.members[5].party: expected the id of a party, " \
           "got 'comunity': did you mean 'community'?" in errors
    assert f"{path}:{line_of(path, 'lead: mental_heath')}:36: place.workstreams[3].lead: expected the id of a " \
           "party, got 'mental_heath': did you mean 'mental_health'?" in errors
    assert any(e.startswith(f"{path}:{line_of(path, 'party: marchbury_council')}:") and
               "place.shared_costs.contributions[9].party: expected the id of a party, got 'marchbury_council'" in e
               for e in errors)
    assert any(e.startswith(f"{path}:{line_of(path, 'held_by: the_ccg')}:14: place.shared_costs.held_by") for e in errors)


def test_dates_before_the_draft_are_refused(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("first_meeting: 2018-04-12", "first_meeting: 2018-01-10"),
                  ("{ party: marchbury, amount: 50000, financial_year: 2018/19",
                   "{ party: marchbury, amount: 50000, financial_year: 2016/17"))
    errors = refused(path)
    assert f"{path}:{line_of(path, 'first_meeting:')}:20: place.board.first_meeting: expected a date after the " \
           "draft date 2018-01-15, got 2018-01-10" in errors
    assert any(e.startswith(f"{path}:{line_of(path, 'financial_year: 2016/17')}:") and
               "expected a financial year that ends after the draft date 2018-01-15, got 2016/17" in e for e in errors)


# ---------------------------------------------------------------- init, clauses list, explain

@pytest.mark.parametrize("shared_costs", [True, False], ids=["shared-costs", "no-shared-costs"])
def test_every_place_starter_init_offers_builds_strictly_and_lints_clean(tmp_path, shared_costs):
    path = tmp_path / "starter.yaml"
    path.write_text(place_starter(PlaceAnswers("Wessex", "NHS Wessex CCG", "Wessex County Council",
                                               "Wessex Hospitals NHS Foundation Trust", shared_costs,
                                               today=date(2026, 1, 1))), encoding="utf-8")
    loaded = load(path)
    assert loaded.unacknowledged == []  # --strict fails on any warning
    docs = assemble_all(loaded, Resources()).documents
    assert set(docs) == {"place_memorandum"}
    names = partnership_names(loaded.partnership)
    assert lint(docs["place_memorandum"], names) == []
    assert_executed(loaded.partnership, "place_memorandum", docs["place_memorandum"].document)
    assert (docs["place_memorandum"].document.find("place.shared_costs") is not None) == shared_costs
    check_placeholders_and_seams(path)
    out = tmp_path / "out"
    built = CliRunner().invoke(main, ["build", str(path), "--format", "md", "--out", str(out), "--jobs", "1",
                                      "--strict"], catch_exceptions=False)
    assert built.exit_code == 0, built.output


def test_init_on_the_command_line_asks_a_place_only_its_own_questions(tmp_path):
    target = tmp_path / "place.yaml"
    result = CliRunner().invoke(main, ["init", str(target), "--care-model", "place_based", "--area", "Testshire",
                                       "--commissioner", "NHS Testshire CCG"],
                                input="Testshire Hospitals NHS Foundation Trust\nTestshire County Council\ny\n",
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for question in ("Integration level", "Lead provider", "Number of GP practices", "extended access"):
        assert question not in result.output
    text = target.read_text(encoding="utf-8")
    assert "care_model: place_based" in text and "shared_costs:" in text and "\n  integration_level:" not in text
    wrong = CliRunner().invoke(main, ["init", str(tmp_path / "x.yaml"), "--care-model", "place_based", "--level",
                                      "partial", "--area", "A", "--commissioner", "C"], catch_exceptions=False)
    assert wrong.exit_code == 2 and "--level, --practices and --lead-provider are for an MCP, PACS or GP network" \
        in wrong.output
    council = CliRunner().invoke(main, ["init", str(tmp_path / "y.yaml"), "--care-model", "mcp", "--council", "C",
                                        "--area", "A", "--commissioner", "C"], catch_exceptions=False)
    assert council.exit_code == 2 and "--council and --shared-costs are for a place_based partnership" in council.output


def test_clauses_list_filters_by_place_based_and_explain_says_why_each_is_in():
    listed = CliRunner().invoke(main, ["clauses", "list", "--care-model", "place_based"], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    ids = {line.split()[0] for line in listed.output.splitlines() if line.strip()}
    assert {"place.status", "place.statutory", "place.board", "place.shared_costs", "mou.confidentiality",
            "common.execution"} <= ids
    assert not any(i.startswith(("mcp.", "pacs.", "network.", "s75.")) for i in ids)
    explained = CliRunner().invoke(main, ["explain", str(EXAMPLE)], catch_exceptions=False)
    assert explained.exit_code == 0, explained.output
    assert re.search(r"\+ place\.statutory +1\.0\.0 +always included in this document", explained.output)
    assert re.search(r"\+ place\.shared_costs +1\.0\.0 +condition held: place\.shared_costs is defined",
                     explained.output)


# ---------------------------------------------------------------- the deal and the cross-document check

def test_the_deal_makes_only_shared_cost_contributions_and_pools_nothing(example):
    loaded, _ = example
    p = loaded.partnership
    deal = build_deal(p)
    assert deal.main == "place_memorandum" and not deal.pools_functions
    memo = deal.document("place_memorandum")
    assert memo.status is None and memo.status_words == "not legally binding"
    assert memo.parties == tuple(x.id for x in p.parties)
    assert {f.instrument for f in deal.flows} == {"place_memorandum"}
    assert {f.payee for f in deal.flows} == {"wyvern_ccg"}
    assert sum(f.amount for f in deal.flows if f.financial_year == "2018/19") == 475000
    assert deal.order == ("place_memorandum",)


def _library_with(tmp_path: Path, *edits: tuple[str, str, str]) -> Path:
    """A folder for --clauses with copies of library clauses, each (file, old, new) edited."""
    folder = tmp_path / "clauses"
    for rel, old, new in edits:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (target if target.exists() else ROOT / "clauses" / rel).read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _cross(tmp_path: Path, *edits: tuple[str, str, str]) -> list[str]:
    result = CliRunner().invoke(main, ["lint", str(EXAMPLE), "--clauses", str(_library_with(tmp_path, *edits))])
    assert result.exit_code == 2, result.output
    return [l for l in result.output.splitlines() if "cross-document" in l]


def test_a_memorandum_that_stops_saying_it_pools_nothing_is_reported(tmp_path):
    # the three places that say so: the statement at the start, the background and the clause that carries it
    lines = _cross(tmp_path, ("place/statutory.md", "**This Memorandum pools no statutory functions and no budgets.**",
                              "**This Memorandum sets up joint working.**"),
                   ("place/front-parties.md", "It pools no statutory functions and no budgets, delegates",
                    "It delegates"),
                   ("place/front-background.md", ", and it pools no statutory function or budget.", "."))
    assert len(lines) == 1 and "does not say that the memorandum pools no statutory functions" in lines[0]


def test_a_clause_that_pays_into_a_pooled_fund_is_reported_at_its_clause(tmp_path):
    lines = _cross(tmp_path, ("place/money.md", "#. No Partner is committed",
                              "#. Each Partner pays its surplus into the pooled fund.\n#. No Partner is committed"))
    assert len(lines) == 1, lines
    assert re.search(r"cross-document: place_memorandum \[9\.3\]: has money paid into a pooled fund", lines[0])


def test_a_memorandum_that_calls_itself_binding_is_reported(tmp_path):
    lines = _cross(tmp_path, ("place/principles.md", "#. Each Partner will act in good faith",
                              "#. This Memorandum is legally binding.\n#. Each Partner will act in good faith"))
    assert len(lines) == 1, lines
    assert "calls this Memorandum legally binding, but the model of the deal gives it not legally binding" in lines[0]


def test_places_that_add_up_to_more_than_the_footprint_are_refused(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("population: 250000, illustrative", "population: 350000, illustrative"))
    errors = refused(path)
    assert any(e.startswith(f"{path}:{line_of(path, 'areas:') + 1}:") and "place.areas: expected places whose "
               "populations add up to no more than the whole-area population 780,000, got 880,000" in e for e in errors)


def test_a_contribution_restated_differently_in_the_one_document_is_reported(tmp_path):
    lines = _cross(tmp_path, ("place/shared-costs.md", "#. The contributions pay for",
                              "#. Marchbury City Council pays £60,000 for 2018/19.\n#. The contributions pay for"))
    assert len(lines) == 1, lines
    assert re.search(r"cross-document: place_memorandum \[10\.2\]: states £60,000 for Marchbury City Council for "
                     r"2018/19, but the model of the deal gives it £50,000 for that year", lines[0]), lines[0]
