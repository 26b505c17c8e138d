"""Primary Care Home and care-closer-to-home integrated networks: the care models' own fields and rules,
the members' memorandum of understanding (binding no one) and their binding alliance agreement."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from contractgen.build import assemble_all, cross_findings
from contractgen.cli import main
from contractgen.deal import build_deal, document_parties
from contractgen.errors import InvalidInput
from contractgen.lint import lint, partnership_names
from contractgen.partnership.load import load
from contractgen.resources import Resources
from contractgen.starter import CareNetworkAnswers, care_network_starter

from documents import edited
from test_placeholders import _check_partnership as check_placeholders_and_seams
from test_legal_terms import assert_executed, find, table_rows, text_of, unmarked
from contractgen.document import Table, inline_text

ROOT = Path(__file__).resolve().parent.parent
PCH = ROOT / "examples" / "marlbrook_pch.yaml"
CHIN = ROOT / "examples" / "ashcombe_chin.yaml"
MODELS = ["primary_care_home", "care_closer_to_home"]
FORMS = ["network", "collaboration", "alliance"]
MAIN = {"network": "care_network_memorandum", "collaboration": "care_network_memorandum",
        "alliance": "care_network_agreement"}


def build(path: Path):
    loaded = load(path)
    return loaded, assemble_all(loaded, Resources())


def refused(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load(path)
    return [str(d) for d in caught.value.diagnostics]


def warnings(path: Path) -> list[str]:
    return [str(w) for w in load(path).warnings]


@pytest.fixture(scope="module")
def pch():
    return build(PCH)


@pytest.fixture(scope="module")
def chin():
    return build(CHIN)


# ---------------------------------------------------------------- init

@pytest.mark.parametrize("model, form, practices", list(itertools.product(MODELS, FORMS, [1, 4])))
def test_every_care_network_starter_init_offers_builds_strictly_and_lints_clean(tmp_path, model, form, practices):
    path = tmp_path / "starter.yaml"
    path.write_text(care_network_starter(CareNetworkAnswers(model, "Wessex", "NHS Wessex CCG", form, practices,
                                                            today=date(2026, 1, 1))), encoding="utf-8")
    loaded, built = build(path)
    assert loaded.unacknowledged == []  # --strict fails on any warning
    assert set(built.documents) == {MAIN[form]}
    names = partnership_names(loaded.partnership)
    for doc_id, assembled in built.documents.items():
        assert lint(assembled, names) == [], doc_id
        assert_executed(loaded.partnership, doc_id, assembled.document)
    assert cross_findings(built) == []
    check_placeholders_and_seams(path)
    # a Primary Care Home's starter lists sum to 40,000, inside 30,000 to 50,000
    deal = build_deal(loaded.partnership)
    assert deal.population.registered == (40_000 if model == "primary_care_home" else 8_000 * practices)


def test_init_on_the_command_line_asks_a_care_network_only_its_form(tmp_path):
    target = tmp_path / "pch.yaml"
    result = CliRunner().invoke(main, ["init", str(target), "--care-model", "primary_care_home", "--area", "Testville",
                                       "--commissioner", "NHS Testville CCG", "--practices", "3"],
                                input="alliance\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Organisational form" in result.output and "Integration level" not in result.output
    assert "Lead provider" not in result.output
    loaded = load(target)
    assert loaded.partnership.partnership.organisational_form == "alliance"
    assert [x.id for x in loaded.partnership.parties if x.kind == "gp_practice"] == [
        "practice_1", "practice_2", "practice_3"]
    bad = CliRunner().invoke(main, ["init", str(tmp_path / "x.yaml"), "--care-model", "care_closer_to_home",
                                    "--form", "federation", "--area", "T", "--commissioner", "C", "--practices", "1"])
    assert bad.exit_code == 2 and "expected network, collaboration or alliance" in bad.output


def test_clauses_list_and_explain_cover_the_new_models():
    listed = CliRunner().invoke(main, ["clauses", "list", "--care-model", "primary_care_home"])
    assert listed.exit_code == 0, listed.output
    ids = {line.split()[0] for line in listed.output.splitlines()}
    assert {"care_network.team", "care_network.schedule.team", "mou.status", "common.status"} <= ids
    assert not any(i.startswith(("network.", "mcp.", "pacs.")) for i in ids)
    explained = CliRunner().invoke(main, ["explain", str(CHIN)])
    assert explained.exit_code == 0, explained.output
    assert re.search(r"\+ mou\.status +\S+ +always included in this document", explained.output)
    assert "care_network_memorandum: Memorandum of Understanding" in explained.output


# ---------------------------------------------------------------- the documents

def test_the_pch_alliance_states_each_partys_status_from_what_it_is(pch):
    loaded, built = pch
    status = text_of(find(built.documents["care_network_agreement"].document, "common.status"))
    # the GMS and PMS practices elect; an APMS practice cannot; a council and a charity are not health service bodies
    assert "Abbey Road Medical Centre, Millbrook Surgery, Marlbrook Community Health NHS Trust" in status
    assert "Westgate Health Partnership, because it holds an APMS contract, and an APMS contractor cannot be a " \
           "health service body" in status
    assert "Marlbrook Borough Council, because it is a local authority, which is not a health service body" in status
    assert "Marlbrook Community Action, because it is a voluntary sector organisation" in status


def test_the_pch_alliance_caps_each_party_by_its_kind(pch):
    loaded, built = pch
    rows = {r[0]: r[1] for r in table_rows(find(built.documents["care_network_agreement"].document,
                                                 "common.liability.capped"))}
    assert rows["Westgate Health Partnership"] == "[£500,000: to be agreed]"
    assert rows["Marlbrook Community Action"] == "[£1,000,000: to be agreed]"
    assert rows["Downs Mental Health NHS Foundation Trust"] == "[£10,000,000: to be agreed]"
    # no payment terms, so no carve-out for sums payable under them
    assert "express payment terms" not in text_of(find(built.documents["care_network_agreement"].document,
                                                       "common.liability.capped"))


def test_the_team_table_carries_the_files_figures(pch):
    loaded, built = pch
    p = loaded.partnership
    rows = table_rows(find(built.documents["care_network_agreement"].document, "care_network.schedule.team"))
    names = {x.id: x.name for x in p.parties}
    expected = [[t.role, names[t.employer], f"{t.wte.normalize():f}"] for t in p.care_network.team]
    assert [r[:3] for r in rows[:-1]] == expected
    assert rows[-1][0] == "Total" and Decimal(rows[-1][2]) == sum(t.wte for t in p.care_network.team) == Decimal(19)
    assert rows[4][3] == "Abbey Road Medical Centre: ILLUSTRATIVE] and [Millbrook Surgery"  # the practices it works with
    assert rows[7][3] == "Marlbrook North and Marlbrook South"  # or its localities


def test_the_registered_population_is_the_sum_of_the_lists_and_the_whole_area_is_labelled(pch):
    loaded, built = pch
    doc = built.documents["care_network_agreement"].document
    text = text_of(find(doc, "care_network.population"))
    assert "[38,100: ILLUSTRATIVE] people, the sum of the registered lists of three (3) GP practices" in text
    assert "[52,000: ILLUSTRATIVE] people (a figure for the whole area, not the Registered Population)" in text
    tables = [b for b in find(doc, "care_network.schedule.members").blocks if isinstance(b, Table)]
    practices = [[unmarked(inline_text(c)) for c in row] for row in tables[1].rows]
    assert practices[-1] == ["Registered Population", "", "", "38,100"]
    assert sum(int(r[3].replace(",", "")) for r in practices[:-1]) == 38_100


def test_the_memorandum_says_it_is_not_binding_and_lists_every_member(chin):
    loaded, built = chin
    p = loaded.partnership
    doc = built.documents["care_network_memorandum"].document
    assert "This Memorandum is not legally binding." in text_of(find(doc, "mou.status"))
    assert [x.id for x in document_parties(p, "care_network_memorandum")] == [x.id for x in p.parties]
    assert "does not make the Memorandum legally binding" in text_of(find(doc, "common.execution"))
    forum = text_of(find(doc, "care_network.forum"))
    assert "It cannot take decisions that bind a Partner" in forum and "A decision binds" not in forum
    assert build_deal(p).document("care_network_memorandum").status is None


def test_the_memorandum_says_it_is_not_binding_in_the_docx_and_the_pdf(built_examples):
    folder = built_examples / "ashcombe_chin"
    paragraphs = [x.text for x in docx.Document(str(folder / "care_network_memorandum.docx")).paragraphs]
    assert any(t.startswith("This Memorandum is not legally binding.") for t in paragraphs), paragraphs[:40]
    assert shutil.which("pdftotext"), "pdftotext is needed to read the PDF"
    text = subprocess.run(["pdftotext", "-layout", str(folder / "care_network_memorandum.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "This Memorandum is not legally binding." in re.sub(r"\s+", " ", text)
    agreement = " ".join(x.text for x in docx.Document(
        str(built_examples / "marlbrook_pch" / "care_network_agreement.docx")).paragraphs)
    assert "not legally binding" not in agreement.replace("is not legally binding", "")  # nothing disclaims it


# ---------------------------------------------------------------- domain rules

def test_a_primary_care_home_outside_30000_to_50000_is_warned_about(tmp_path):
    small = edited(PCH, tmp_path, ("    list_size: 15200", "    list_size: 5200"))
    found = [w for w in warnings(small) if "primary-care-home-population" in w]
    assert len(found) == 1, warnings(small)
    assert "expected a registered population of 30,000 to 50,000 for a Primary Care Home, got 28,100" in found[0]
    line = small.read_text(encoding="utf-8").splitlines().index("  members:") + 2  # its first entry
    assert found[0].startswith(f"{small}:{line}:"), found[0]  # at care_network.members, its value
    large = edited(PCH, tmp_path, ("    list_size: 15200", "    list_size: 35200"))
    assert any("got 58,100" in w for w in warnings(large))
    assert not any("primary-care-home-population" in w for w in warnings(PCH))


def test_a_care_closer_to_home_network_without_the_council_or_a_voluntary_organisation_is_warned_about(tmp_path):
    text = CHIN.read_text(encoding="utf-8")
    for kind in ("local_authority", "voluntary_sector", "voluntary_sector"):
        text = text.replace(f"kind: {kind}", "kind: company", 1)
    path = tmp_path / "chin.yaml"
    path.write_text(text, encoding="utf-8")
    found = [w for w in warnings(path) if "care-network-members" in w]
    assert len(found) == 1 and "got no council and no voluntary organisation" in found[0], found
    # either one missing is enough to warn: social care and the voluntary sector are both the point
    only_council = tmp_path / "council.yaml"
    only_council.write_text(CHIN.read_text(encoding="utf-8").replace("kind: voluntary_sector", "kind: company"),
                            encoding="utf-8")
    found = [w for w in warnings(only_council) if "care-network-members" in w]
    assert len(found) == 1 and "got no voluntary organisation: it brings" in found[0], found
    assert not any("care-network-members" in w for w in warnings(CHIN))


def test_a_team_line_whose_employer_is_not_a_party_or_not_a_member_is_refused(tmp_path):
    path = edited(PCH, tmp_path, ("employer: council, wte: 2", "employer: councl, wte: 2"))
    errors = refused(path)
    assert any("care_network.team[6].employer: expected the id of a party, got 'councl': did you mean 'council'?"
               in e for e in errors), errors
    line = next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "councl" in l)
    assert any(e.startswith(f"{path}:{line}:") for e in errors), errors


def test_members_that_are_not_parties_and_parties_that_are_not_members_are_refused(tmp_path):
    path = edited(PCH, tmp_path, ("    - party: voluntary\n", "    - party: volunteers\n"))
    errors = refused(path)
    assert any("care_network.members[6].party: expected the id of a party, got 'volunteers'" in e for e in errors)
    assert any("parties[7].id: expected every party among care_network.members, got 'voluntary'" in e
               for e in errors), errors


@pytest.mark.parametrize("form, words", [("collaboration", "a memorandum binds no one to pay or to pool money"),
                                         ("alliance", "its alliance agreement pools no money")])
def test_money_sections_are_refused_for_a_care_network(tmp_path, form, words):
    budget = ("budget:\n  financial_year: 2019/20\n  lines:\n    - { service: community_health, amount: 1000000, "
              "commissioner: council }\n\ncare_network:\n")
    path = edited(CHIN, tmp_path, ("organisational_form: collaboration", f"organisational_form: {form}"),
                  ("care_network:\n", budget))
    errors = refused(path)
    assert any("budget: expected no budget section for a care-closer-to-home integrated network" in e and words in e
               for e in errors), errors


def test_a_memorandum_form_cannot_ask_for_the_binding_alliance_agreement(tmp_path):
    path = edited(CHIN, tmp_path, ("care_network:\n", "documents: [care_network_agreement]\n\ncare_network:\n"))
    errors = refused(path)
    assert any("documents[0]: expected care_network_memorandum for a care-closer-to-home integrated network in the "
               "collaboration form, got care_network_agreement" in e for e in errors), errors


def test_a_care_network_admits_members_only_unanimously(tmp_path):
    path = edited(PCH, tmp_path, ("  new_members: unanimous", "  new_members: majority"))
    assert any("legal.new_members: expected 'unanimous' where the members decide consensus" in e
               for e in refused(path))


# ---------------------------------------------------------------- one story

def _lint_with(tmp_path: Path, example: Path, rel: str, old: str, new: str):
    folder = tmp_path / "clauses"
    target = folder / rel
    target.parent.mkdir(parents=True)
    text = (ROOT / "clauses" / rel).read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return CliRunner().invoke(main, ["lint", str(example), "--clauses", str(folder)])


def test_the_examples_tell_one_story():
    for path in (PCH, CHIN):
        result = CliRunner().invoke(main, ["lint", str(path)])
        assert result.exit_code == 0 and "cross-document" not in result.output, result.output


def test_a_clause_that_restates_the_registered_population_differently_is_reported(tmp_path):
    result = _lint_with(tmp_path, PCH, "care_network/team.md", "#. The Team works as one team",
                        "#. The Team supports 40,000 people registered with the practices.\n#. The Team works as one team")
    lines = [l for l in result.output.splitlines() if "cross-document" in l]
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert re.search(r"cross-document: care_network_agreement \[9\.\d\]: states 40,000 people registered with the "
                     r"practices, but the practices' lists sum to 38,100", lines[0]), lines[0]


def test_a_team_line_restated_with_other_figures_is_reported(tmp_path):
    result = _lint_with(tmp_path, CHIN, "care_network/schedule-team.md", "| {{ line.wte | number }} |",
                        "| {{ \"5\" if line.role == \"Community nurse\" else (line.wte | number) }} |")
    lines = [l for l in result.output.splitlines() if "cross-document" in l]
    assert result.exit_code == 2, result.output
    assert any("states 5 whole-time equivalents for Community nurse employed by Ashcombe and Fens Community "
               "Healthcare NHS Trust, but the team gives 4" in l for l in lines), lines


def test_the_main_document_follows_the_care_model_and_the_form():
    from contractgen.doctypes import main_document

    for model in MODELS:
        for form, doc_id in MAIN.items():
            assert main_document(model, None, form) == doc_id
    assert main_document("gp_network", None, "alliance") == "network_agreement"  # a network's form does not matter
