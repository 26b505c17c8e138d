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
from contractgen.lint import lint, partnership_names
from contractgen.partnership.load import load
from contractgen.resources import Resources
from contractgen.starter import PlaceAnswers, place_starter

from documents import edited, line_of, refused
from test_legal_terms import assert_executed, find, front_names, table_rows, text_of, unmarked
from test_placeholders import _check_partnership as check_placeholders_and_seams

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "wyvern_teme_place.yaml"
STEM = EXAMPLE.stem
NO_POOLING = ("This Memorandum pools no statutory functions and no budgets. It does not delegate any function or "
              "decision of a Partner to another Partner")
NOT_BINDING = "Except as clause 2.2 says, this Memorandum is not legally binding."


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
    # the binding parts are named by live reference in 2.2 and governed by English law in 2.3
    assert "The following are legally binding on each Partner from the date it signs this Memorandum" in status
    assert "The Binding Clauses are governed by the law of England and Wales." in status
    statutory = text_of(find(doc, "place.statutory"))
    assert NO_POOLING in statutory
    assert "It creates no joint committee and no pooled fund" in statutory
    assert "needs a separate written agreement" in statutory and "section 75 of the National Health Service Act " \
        "2006" in statutory
    accountability = {r[0]: r[1] for r in table_rows(find(doc, "place.statutory"))}
    assert "to NHS England" in accountability["NHS Wyvern Vale Clinical Commissioning Group"]
    assert "council of governors" in accountability["Wyvern and Teme Hospitals NHS Foundation Trust"]
    assert "trust board" in accountability["Marches Community Health NHS Trust"]
    assert "its full council, its executive, its committees or its officers as its constitution provides" in \
        accountability["Wyvernshire County Council"]
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
    assert re.search(r"\+ place\.statutory +1\.1\.0 +always included in this document", explained.output)
    assert re.search(r"\+ place\.shared_costs +1\.1\.0 +condition held: place\.shared_costs is defined",
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
    lines = _cross(tmp_path, ("place/shared-costs.md", "#. The Holding Partner must use the contributions",
                              "#. Marchbury City Council pays £60,000 for 2018/19.\n#. The Holding Partner must use "
                              "the contributions"))
    assert len(lines) == 1, lines
    assert re.search(r"cross-document: place_memorandum \[10\.2\]: states £60,000 for Marchbury City Council for "
                     r"2018/19, but the model of the deal gives it £50,000 for that year", lines[0]), lines[0]


# ---------------------------------------------------------------- the council lawyer's review

def _memo(path: Path):
    """The place memorandum of a partnership file, as the document model."""
    return assemble_all(load(path), Resources()).documents["place_memorandum"].document


def _refs(clause) -> list[str]:
    from contractgen.document import Ref, walk_inlines

    return [r.target for c in clause.walk() for r in walk_inlines(c.text) if isinstance(r, Ref)]


def _front_text(doc) -> str:
    from contractgen.document import inline_text

    front = next(p for p in doc.parts if p.kind == "front")
    return "\n".join(inline_text(b.content) for b in front.blocks if hasattr(b, "content"))


def _docx_paragraphs(built: Path) -> list[str]:
    opened = docx.Document(str(built / STEM / "place_memorandum.docx"))
    return [flat(p.text) for p in opened.paragraphs]


def test_the_binding_exception_is_coherent_from_recital_to_clause(example):
    _, docs = example
    doc = docs["place_memorandum"].document
    front = _front_text(doc)
    # Recital C no longer calls the whole Memorandum "not a contract" without the exception
    assert re.search(r"\(C\) .*It is not a contract, except for the clauses that clause 2\.2 names\.", front)
    status = find(doc, "place.status")
    assert flat(text_of(status.children[0])).startswith("Except as clause 2.2 says, this Memorandum is not legally binding.")
    binding = find(doc, "place.status.binding")
    assert binding.number == "2.2"
    # everything the binding clauses rely on is named by live reference: definitions, 2.2 and 2.3 themselves, the
    # cost clause, confidentiality, the notice and survival paragraphs and the differences clause
    assert set(_refs(binding)) == {"place.shared_costs", "mou.confidentiality", "place_memorandum.definitions",
                                   "place.status.binding", "place.status.law", "place.joining.notice",
                                   "place.joining.survival", "place.differences"}
    assert find(doc, "place.joining.notice").number == "13.2" and find(doc, "place.joining.survival").number == "13.3"
    costs = text_of(find(doc, "place.shared_costs"))
    assert "The Holding Partner must use the contributions only for a programme office, analysts and engagement " \
           "work for the Partners' joint planning." in costs


def test_the_cost_clause_status_is_stated_relationship_by_relationship_from_the_deal(example, tmp_path):
    loaded, docs = example
    deal = build_deal(loaded.partnership)
    status = deal.shared_costs
    assert status.kind == "mixed" and status.parties[0].party == "wyvern_ccg"
    assert {x.party for x in status.others} == {"wyvernshire", "marchbury"}
    law = flat(text_of(find(docs["place_memorandum"].document, "place.status.law")))
    assert ("Between NHS Wyvern Vale Clinical Commissioning Group and each of NHS Teme Valley Clinical Commissioning "
            "Group and Wyvern and Teme Hospitals NHS Foundation Trust, each of them a health service body, clause 10 "
            "is an NHS contract under section 9 of the National Health Service Act 2006: it is not enforceable in the "
            "courts, and a dispute about it that clause 14 does not settle is referred to the Secretary of State"
            ) in unmarked_all(law)
    assert ("Between NHS Wyvern Vale Clinical Commissioning Group and each of Wyvernshire County Council and "
            "Marchbury City Council, which are not health service bodies, clause 10 is a contract under the law of "
            "England and Wales, enforceable in the courts of England and Wales.") in unmarked_all(law)
    assert "the Partners concerned must first try to settle it under clause 14" in law
    assert "so far as that clause is an NHS contract" not in law
    # a council holding the money: no relationship is an NHS contract, and the clause does not say one is
    path = edited(EXAMPLE, tmp_path, ("held_by: wyvern_ccg", "held_by: wyvernshire"))
    held = unmarked_all(flat(text_of(find(_memo(path), "place.status.law"))))
    assert "NHS contract" not in held
    assert "since Wyvernshire County Council is not a health service body, clause 10 is a contract under the law " \
           "of England and Wales" in held


def unmarked_all(text: str) -> str:
    """Text with every "[value: ILLUSTRATIVE]" mark taken off its value."""
    return re.sub(r"\[([^\[\]]*): ILLUSTRATIVE\]", r"\1", text)


def test_the_memorandum_is_dated_at_the_last_signature_not_the_draft_date(example, built_examples):
    _, docs = example
    front = _front_text(docs["place_memorandum"].document)
    assert "This Memorandum of Understanding is dated [date of the last signature] and is made between" in front
    assert "dated 15 January 2018" not in front
    term = flat(text_of(find(docs["place_memorandum"].document, "place.term")))
    assert "or on the date of the last signature if that is later" in term
    text = flat(subprocess.run(["pdftotext", "-layout", str(built_examples / STEM / "place_memorandum.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout)
    assert "is dated [date of the last signature] and is made between" in text


def test_a_financial_year_of_the_term_without_contributions_is_warned_about_and_the_memorandum_says_how_it_is_agreed(
        example, tmp_path):
    loaded, docs = example
    # the example tells one story: every year of the term has its figures
    from contractgen.document import Table, inline_text

    table = next(b for c in find(docs["place_memorandum"].document, "place.shared_costs").walk() for b in c.blocks
                 if isinstance(b, Table))
    assert [inline_text(c) for c in table.header] == ["Partner", "2018/19", "2019/20", "2020/21"]
    assert loaded.warnings == []
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / EXAMPLE.name
    path.write_text("".join(l for l in text.splitlines(keepends=True) if "financial_year: 2020/21" not in l),
                    encoding="utf-8")
    warnings = [str(w) for w in load(path).unacknowledged]
    assert warnings == [f"{path}:{line_of(path, 'contributions:') + 1}:7: warning: place.shared_costs.contributions: "
                        "expected contributions for every financial year of the term (2018/19, 2019/20, 2020/21), got "
                        "none for 2020/21: add them, or acknowledge the warning and the memorandum says the Partners "
                        "agree them in writing before each of those years starts [place-unfunded-year]"]
    costs = flat(text_of(find(_memo(path), "place.shared_costs")))
    assert "The table shows no contributions for 2020/21. The Partners will agree in writing the contributions for " \
           "each of those Financial Years, if any, by 31 December before it starts; until they do, no contribution " \
           "is due for it." in costs
    assert "The table shows no contributions" not in text_of(find(docs["place_memorandum"].document,
                                                                  "place.shared_costs"))


def test_councils_decide_under_their_constitutions_keep_their_boards_and_scrutiny_and_pay_under_a_stated_power(
        example, built_examples):
    _, docs = example
    doc = docs["place_memorandum"].document
    board = flat(text_of(find(doc, "place.board")))
    assert "a council through its executive, its committees or its officers as its constitution provides" in board
    assert "through its own board, governing body or council" not in board
    statutory = unmarked_all(flat(text_of(find(doc, "place.statutory"))))
    assert "executive arrangements" not in statutory
    assert ("Nothing in this Memorandum limits the functions of the health and wellbeing board that each of Wyvernshire "
            "County Council and Marchbury City Council has under section 194 of the Health and Social Care Act 2012, "
            "or that council's functions of reviewing and scrutinising the health service in its area under section "
            "244 of the National Health Service Act 2006 and the Local Authority (Public Health, Health and Wellbeing "
            "Boards and Health Scrutiny) Regulations 2013.") in statutory
    assert "consults that council on it as those Regulations require" in statutory
    costs = unmarked_all(flat(text_of(find(doc, "place.shared_costs"))))
    assert ("Each of Wyvernshire County Council and Marchbury City Council pays its contribution under [its power to "
            "be confirmed, for example section 76 of the National Health Service Act 2006 or section 1 of the "
            "Localism Act 2011], and only once it has approved the contribution under its own constitution.") in costs
    paragraphs = [unmarked_all(p) for p in _docx_paragraphs(built_examples)]
    assert any(p.startswith("Nothing in this Memorandum limits the functions of the health and wellbeing board")
               and "section 244 of the National Health Service Act 2006" in p for p in paragraphs)


def test_the_holding_partner_leaving_or_merging_binds_it_to_hand_over_to_a_successor(example, built_examples):
    _, docs = example
    doc = docs["place_memorandum"].document
    costs = find(doc, "place.shared_costs")
    last = flat(text_of(costs.children[-1]))
    assert last.startswith("If the Holding Partner gives notice to leave this Memorandum, or is to merge with another "
                           "body or transfer its functions to one, the other Partners will agree in writing which of "
                           "them is to be the new Holding Partner before the notice ends")
    assert "must then transfer to the new Holding Partner every contribution it holds that is not spent or " \
           "contractually committed" in last and "must make a final report to the Board" in last
    # it sits in the cost clause, which clause 2.2 makes binding
    assert "place.shared_costs" in _refs(find(doc, "place.status.binding"))
    assert any(p.startswith("If the Holding Partner gives notice to leave this Memorandum") and
               "final report to the Board" in p for p in _docx_paragraphs(built_examples))


def test_each_partner_has_a_legal_form_or_a_visible_placeholder_and_the_voluntary_sector_is_in_scope(
        example, built_examples):
    _, docs = example
    doc = docs["place_memorandum"].document
    front = unmarked_all(_front_text(doc))
    # the form contractgen states for every document: the kind with a visible placeholder until the file gives one
    assert "Wyvern Vale GP Federation Limited, a GP federation ([legal form to be confirmed]), company number " \
           "09999999, of" in front.replace("**", "")
    assert "Wyvern and Teme Council for Voluntary Service, a voluntary sector organisation ([legal form to be " \
           "confirmed]), of" in front.replace("**", "")
    assert "(A) The Partners commission or provide health and care services, carry out local government functions, " \
           "or represent the voluntary and community sector" in front
    assert "or represents the voluntary and community sector, in the Footprint may join" in text_of(
        find(doc, "place.joining"))
    paragraphs = _docx_paragraphs(built_examples)
    assert "[Wyvern and Teme Council for Voluntary Service: ILLUSTRATIVE], a voluntary sector organisation ([legal " \
           "form to be confirmed]), of [address to be confirmed]." in paragraphs


def test_accountability_names_the_oversight_bodies_of_the_draft_date():
    from contractgen.context import _oversight

    assert _oversight(date(2018, 1, 15)) == {
        "trusts": "NHS Improvement (the NHS Trust Development Authority), which oversees NHS trusts for the Secretary "
                  "of State",
        "licence": "NHS Improvement (Monitor) as the holder of its licence"}
    assert "NHS Improvement" not in " ".join(_oversight(date(2015, 6, 1)).values())
    assert "NHS Improvement" not in " ".join(_oversight(date(2023, 1, 1)).values())


def test_the_accountability_table_names_nhs_improvement_and_leaves_the_voluntary_board_open(example):
    _, docs = example
    rows = {r[0]: r[1] for r in table_rows(find(docs["place_memorandum"].document, "place.statutory"))}
    assert rows["Marches Community Health NHS Trust"].endswith(
        "and to NHS Improvement (the NHS Trust Development Authority), which oversees NHS trusts for the Secretary of "
        "State")
    assert rows["Wyvern and Teme Hospitals NHS Foundation Trust"].endswith(
        "and to NHS Improvement (Monitor) as the holder of its licence")
    assert rows["Wyvern and Teme Council for Voluntary Service"] == \
        "its own activities, through [its trustees or board, when its legal form is confirmed], under its governing " \
        "document"


def test_data_protection_names_the_law_by_date_and_only_patient_data_is_kept_out(example, built_examples):
    _, docs = example
    doc = docs["place_memorandum"].document
    info = unmarked_all(flat(text_of(find(doc, "place.information"))))
    assert "No personal data about patients or service users is shared under this Memorandum." in info
    assert "the Data Protection Act 1998 until 24 May 2018 and, from 25 May 2018, the General Data Protection " \
           "Regulation ((EU) 2016/679)" in info
    assert "Data Protection Act 2018" not in info and "in force at the time" not in info
    assert "No personal data is shared" not in info
    assert "personal data about patients or service users" in text_of(find(doc, "mou.confidentiality"))
    assert any("the Data Protection Act 1998 until 24 May 2018 and, from 25 May 2018, the General Data Protection "
               "Regulation" in p for p in _docx_paragraphs(built_examples))


def test_confidentiality_lists_each_permitted_disclosure_and_lasts_two_years_in_the_place_memorandum_only(
        example, assembled_examples):
    _, docs = example
    doc = docs["place_memorandum"].document
    clause = find(doc, "mou.confidentiality")
    disclosure = next(c for c in clause.children if flat(text_of(c)).startswith("A Partner may disclose"))
    assert [flat(text_of(c)) for c in disclosure.children] == [
        "to its own staff and professional advisers who need to know it for the work under this Memorandum and are "
        "bound to keep it confidential;",
        "with the written consent of the Partner that gave it; or",
        "where the law requires, including under the Freedom of Information Act 2000."]
    assert flat(text_of(clause.children[-1])) == "This clause continues to bind each Partner for two years after this " \
                                           "Memorandum ends or, for a Partner that leaves it, after its notice ends."
    # the publication paragraph uses the defined term
    from contractgen.document import Term, walk_inlines

    publish = next(c for c in find(doc, "place.board").children if "publishes for the Board" in text_of(c))
    assert Term("Confidential Information") in list(walk_inlines(publish.text))
    # a memorandum of understanding of another care model keeps its own wording
    other = assembled_examples["salford"].documents["memorandum_of_understanding"].document
    assert "continues to bind" not in text_of(find(other, "mou.confidentiality"))


def test_differences_name_each_member_business_days_senior_officers_and_an_unconflicted_chair(example):
    _, docs = example
    doc = docs["place_memorandum"].document
    text = flat(text_of(find(doc, "place.differences")))
    assert "will first raise it through its own member of the Board with the other Partner's member of the Board, " \
           "and those two members will try to settle it by the end of the 20th Business Day after it is raised" in text
    assert "the chair of the Board or, if the chair's organisation is one of the Partners concerned, a member the " \
           "other members choose, will invite the senior officers of the Partners concerned" in text
    assert "This clause applies first to any dispute about a Binding Clause" in text
    assert "business days" not in text and "chief executives or accountable officers" not in text
    from contractgen.document import Definitions, inline_text

    block = next(b for b in find(doc, "place_memorandum.definitions").blocks if isinstance(b, Definitions))
    entries = {term: inline_text(words) for term, words in block.entries}
    assert entries["Business Day"] == "a day other than a Saturday, a Sunday or a bank holiday in England."


def test_the_board_agrees_by_consensus_has_a_quorum_and_the_holding_partner_serves_and_publishes_for_it(example):
    _, docs = example
    text = unmarked_all(flat(text_of(find(docs["place_memorandum"].document, "place.board"))))
    assert "The Board agrees a recommendation by consensus of the members present." in text
    assert "A meeting is quorate when at least half of the members are present, including at least one member from " \
           "an NHS commissioner, one from a council and one from an NHS provider." in text
    assert "NHS Wyvern Vale Clinical Commissioning Group provides the Board's secretariat: it sends out the agenda " \
           "and papers, keeps the minutes" in text
    assert "NHS Wyvern Vale Clinical Commissioning Group publishes for the Board a summary of its recommendations" in text
    assert "The Board will publish" not in text


def test_defined_terms_are_used_as_defined_and_no_undefined_ones_are_left(example):
    from contractgen.document import inline_text

    _, docs = example
    doc = docs["place_memorandum"].document
    body = " ".join(text_of(c) for part in doc.parts for c in part.blocks if hasattr(c, "walk")) + _front_text(doc)
    assert not re.search(r"\bfootprint\b", body), re.findall(r".{40}\bfootprint\b.{20}", body)
    assert "Lead Partner" not in body and "formal agreement" not in body and "the Wyvern and Teme Partnership" not in body
    assert not re.search(r"\bthe partnership\b", body), re.findall(r".{40}\bthe partnership\b.{20}", body)
    assert "leaves this Memorandum" in text_of(find(doc, "place.shared_costs"))
    assert "not spent or contractually committed by the end of the Financial Year" in text_of(
        find(doc, "place.shared_costs"))
    assert "a Formal Arrangement with one or more other Partners" in text_of(find(doc, "place.status"))
    assert find(doc, "place.footprint").title == "The Footprint and its places"


def test_invented_signatories_and_the_derived_end_date_are_marked_illustrative(example, built_examples):
    _, docs = example
    doc = docs["place_memorandum"].document
    from contractgen.document import inline_text

    execution = find(doc, "common.execution")
    rows = [b for b in execution.blocks if hasattr(b, "rows")][0].rows
    signed_by = {unmarked(inline_text(r[0])): inline_text(r[1]) for r in rows}
    assert signed_by["NHS Wyvern Vale Clinical Commissioning Group"] == "[A. Officer: ILLUSTRATIVE]"
    assert signed_by["Wyvernshire County Council"] == "[C. Executive: ILLUSTRATIVE]"
    assert signed_by["NHS Teme Valley Clinical Commissioning Group"] == "[name]"
    term = flat(text_of(find(doc, "place.term")))
    assert "lasts until [31 March 2021: ILLUSTRATIVE]" in term
    opened = docx.Document(str(built_examples / STEM / "place_memorandum.docx"))
    cells = [c.text.strip() for t in opened.tables for r in t.rows for c in r.cells]
    assert "[A. Officer: ILLUSTRATIVE]" in cells and "A. Officer" not in cells


def test_numbers_follow_the_library_convention_days_in_figures_months_and_years_in_words(example):
    _, docs = example
    doc = docs["place_memorandum"].document
    body = unmarked_all(" ".join(text_of(c) for part in doc.parts for c in part.blocks if hasattr(c, "walk")))
    assert not re.search(r"\b[a-z]+(?:-[a-z]+)? \(\d+\)", body), re.findall(r"\b[a-z]+ \(\d+\)", body)
    assert "must pay within 30 days of receiving a valid invoice" in body
    assert "by giving six months' notice in writing" in body
    assert "a term of three years" in body and "at least every twelve months" in body


def test_a_legal_form_the_file_gives_wins_over_the_placeholder_in_the_memorandum(tmp_path):
    path = edited(EXAMPLE, tmp_path, ("    kind: voluntary_sector\n", "    kind: voluntary_sector\n"
                                      "    legal_form: a charitable incorporated organisation\n"))
    doc = _memo(path)
    front = unmarked_all(_front_text(doc)).replace("**", "")
    assert "Wyvern and Teme Council for Voluntary Service, a charitable incorporated organisation, of" in front
    assert "Council for Voluntary Service, a voluntary sector organisation ([legal form" not in front
    rows = {r[0]: r[1] for r in table_rows(find(doc, "place.statutory"))}
    assert rows["Wyvern and Teme Council for Voluntary Service"] == \
        "its own activities, through its trustees or board, under its governing document"
