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
from contractgen.lint import lint, partnership_names
from contractgen.partnership.load import load
from contractgen.resources import Resources
from contractgen.starter import CareNetworkAnswers, care_network_starter

from documents import edited, library_with, refused
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
    # the file marks every name illustrative, so the status clause brackets them as everywhere else
    assert ("[Abbey Road Medical Centre: ILLUSTRATIVE], [Millbrook Surgery: ILLUSTRATIVE], [Marlbrook Community "
            "Health NHS Trust: ILLUSTRATIVE]") in status
    assert "[Westgate Health Partnership: ILLUSTRATIVE], because it holds an APMS contract, and an APMS contractor " \
           "cannot be a health service body" in status
    assert ("[Marlbrook Borough Council: ILLUSTRATIVE], because it is a local authority, which is not a health service "
            "body") in status
    assert "[Marlbrook Community Action: ILLUSTRATIVE], because it is [a company limited by guarantee" in status


def test_the_pch_alliance_leaves_every_unagreed_cap_blank_and_caps_data_separately(pch, tmp_path):
    loaded, built = pch
    clause = find(built.documents["care_network_agreement"].document, "common.liability.capped")
    rows = table_rows(clause)
    # no default is sized to what a GP partnership or a small charity can bear: the cap is a blank to agree
    assert {r[0]: r[1:] for r in rows}["Westgate Health Partnership"] == ["[£X: to be agreed]"]
    assert all(r[1] == "[£X: to be agreed]" and len(r) == 2 for r in rows), rows  # no "Basis" column
    text = text_of(clause)
    assert "default for" not in text and "express payment terms" not in text
    carve_outs = [text_of(c) for c in clause.children[2].children]
    assert not any("Data Protection" in c for c in carve_outs), carve_outs  # data is capped, not unlimited
    data = text_of(clause.children[3])
    assert "for breach of the Data Protection Legislation" in data and "limited separately to [£X for each Party: " \
        "to be agreed], and does not count towards the limit in the table above" in data
    assert "starting on the date this Agreement takes effect" in text_of(clause.children[1])
    # a cap the partnership agrees is printed as agreed
    agreed = edited(PCH, tmp_path, ("legal:\n", "legal:\n  liability_caps:\n    - { party: voluntary, amount: 250000 }\n"))
    rows = {r[0]: r[1] for r in table_rows(find(build(agreed)[1].documents["care_network_agreement"].document,
                                                 "common.liability.capped"))}
    assert rows["Marlbrook Community Action"] == "£250,000" and rows["Abbey Road Medical Centre"] == "[£X: to be agreed]"


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
    return CliRunner().invoke(main, ["lint", str(example), "--clauses", str(library_with(tmp_path, rel, old, new))])


def test_the_examples_tell_one_story():
    for path in (PCH, CHIN):
        result = CliRunner().invoke(main, ["lint", str(path)])
        assert result.exit_code == 0 and "cross-document" not in result.output, result.output


def test_a_clause_that_restates_the_registered_population_differently_is_reported(tmp_path):
    result = _lint_with(tmp_path, PCH, "care_network/team.md", "#. The Team works as one team",
                        "#. The Team supports 40,000 people registered with the practices.\n#. The Team works as one team")
    lines = [l for l in result.output.splitlines() if "cross-document" in l]
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert re.search(r"cross-document: care_network_agreement \[10\.\d\]: states 40,000 people registered with the "
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


# ---------------------------------------------------------------- the community trust lawyer's review

def _plain(text: str) -> str:
    """Running text with each illustrative value shown as the file gives it."""
    return re.sub(r"\[([^\[\]]*): ILLUSTRATIVE\]", r"\1", text).strip()


def _definitions(doc) -> dict[str, str]:
    from contractgen.document import Definitions
    return {term: inline_text(body) for _, c in doc.clauses() for b in c.blocks if isinstance(b, Definitions)
            for term, body in b.entries}


def _aa(pch):
    return pch[1].documents["care_network_agreement"].document


def _mou(chin):
    return chin[1].documents["care_network_memorandum"].document


def _front(doc) -> str:
    front = next(p for p in doc.parts if p.kind == "front")
    return "\n".join(inline_text(b.content) for b in front.blocks if hasattr(b, "content"))


def test_the_examples_give_legal_forms_and_the_memorandum_binds_an_unincorporated_partner_through_its_signatories(
        pch, chin):
    aa, mou = _front(_aa(pch)), _front(_mou(chin))
    assert "Abbey Road Medical Centre: ILLUSTRATIVE], [a partnership: ILLUSTRATIVE]" in aa
    assert "Marlbrook Community Action: ILLUSTRATIVE], [a company limited by guarantee and a registered charity: " \
           "ILLUSTRATIVE]" in aa
    assert "legal form to be confirmed" not in aa + mou
    assert "Age Friendly Ashcombe: ILLUSTRATIVE], [an unincorporated charitable association: ILLUSTRATIVE]" in mou
    status = find(_mou(chin), "mou.status").children[1]
    assert "A Partner that is not a legal person in its own right" in text_of(status)
    assert "for an association, [its trustees, or an incorporated body that hosts it: to be confirmed]" in text_of(status)


def test_the_alliance_has_the_practices_confirm_their_election_and_says_what_follows_if_one_has_not(pch):
    first, second = find(_aa(pch), "common.status").children[:2]
    text = text_of(first)
    assert "Abbey Road Medical Centre and Millbrook Surgery each confirm that they have elected, under their GMS or PMS " \
           "contracts, to be regarded as health service bodies." in text
    assert "having elected to be regarded as one" not in text  # no longer stated as fact
    assert f"If a practice has not so elected, clause {second.number} applies to it" in text
    assert second.id == "common.status.others"


def test_the_alliance_pays_nothing_and_leaves_commissioner_funding_to_its_own_contracts(pch):
    doc = _aa(pch)
    assert "share of gains or losses" not in text_of(find(doc, "common.exit"))
    duty = _plain(text_of(find(doc, "care_network.members").children[1].children[1]))
    assert "any funding that NHS Marlbrook and Downs Clinical Commissioning Group gives for the Team is for it to " \
           "decide under its own contracts and is not an obligation under this Agreement" in duty
    schedule = {r[0]: r[2] for r in table_rows(find(doc, "care_network.schedule.members"))}
    assert "funding" not in schedule["NHS Marlbrook and Downs Clinical Commissioning Group"]


def test_the_alliance_lists_the_contracts_it_sits_over_and_carves_them_out_once(pch):
    doc = _aa(pch)
    underlying = find(doc, "care_network.underlying")
    rows = {r[0]: r[1] for r in table_rows(underlying)}
    assert rows["Abbey Road Medical Centre"] == "Its GMS contract for primary medical services"
    assert rows["Westgate Health Partnership"] == "Its APMS contract for primary medical services"
    assert rows["Downs Mental Health NHS Foundation Trust"] == ("Its NHS Standard Contract for primary care mental "
                                                              "health, with [its commissioners: to be confirmed]")
    assert rows["Marlbrook Community Health NHS Trust"].startswith("Its NHS Standard Contract with NHS Marlbrook")
    assert rows["Marlbrook Borough Council"].startswith("Its own statutory functions")
    assert "[its funders: to be confirmed]" in rows["Marlbrook Community Action"]
    assert len(rows) == len(pch[0].partnership.care_network.members)
    # precedence is stated once, there, and the entire-agreement and document-set clauses point to it
    assert "This is the only rule of precedence between this Agreement and those contracts." in text_of(underlying)
    assert "prevails" not in text_of(find(doc, "care_network.members"))
    ref = f"clause {underlying.number}"
    entire = text_of(find(doc, "common.entire_agreement"))
    assert f"does not affect the Parties' own contracts and functions listed in {ref}" in entire
    assert "any contract this Agreement refers to" not in entire
    assert f"It sits over the Parties' own contracts and functions listed in {ref}" in text_of(find(doc,
                                                                                                "common.document_set"))


def test_the_alliance_says_who_relies_on_the_data_sharing_agreement_and_spares_the_ccg(pch):
    text = _plain(text_of(find(_aa(pch), "care_network.data_sharing").children[1]))
    assert "Each Party that employs staff in the Team or provides care to the people it supports must be" in text
    assert "NHS Marlbrook and Downs Clinical Commissioning Group provides no care in the Team, need not be a party " \
           "to it, and receives information about the people the Team supports only in a form that does not " \
           "identify anyone" in text


def test_the_memorandum_confidentiality_clause_leaves_personal_data_to_the_sharing_clause(chin):
    doc = _mou(chin)
    clause = find(doc, "mou.confidentiality")
    sharing = find(doc, "care_network.data_sharing")
    text = text_of(clause)
    assert "must not share personal data" not in text
    assert f"This clause does not govern personal data about patients or service users: the Partners share it only " \
           f"as the law allows and under an information sharing agreement, as clause {sharing.number} describes." in text
    assert "to its auditors, to a regulator, to NHS England" in text_of(clause.children[1])
    status = text_of(find(doc, "mou.status").children[1])
    assert "clause 1 and clause 2 bind the Partners too, so far as that clause relies on them" in status


def test_both_documents_are_dated_on_the_last_signature_and_bind_no_one_before_it(pch, chin):
    aa, mou = _front(_aa(pch)), _front(_mou(chin))
    assert "This Agreement is dated [date of the last signature]" in aa
    assert "This Memorandum of Understanding is dated [date of the last signature]" in mou
    assert "15 November 2018" not in aa and "20 June 2018" not in mou
    term = text_of(find(_aa(pch), "care_network.term").children[0])
    assert "takes effect when every Party named at the start of it has signed it" in term
    assert "binds each Party from the date it signs" not in term
    term_clause = find(_mou(chin), "care_network.term")
    assert f"from the date this Memorandum takes effect under clause {term_clause.number}" in text_of(
        find(_mou(chin), "mou.status"))


def test_removal_hands_over_under_its_own_plan_and_return_of_information_points_nowhere_false(pch):
    doc = _aa(pch)
    after = find(doc, "care_network.termination").children[2]
    exit_clause = find(doc, "common.exit")
    assert f"a Party that leaves by notice hands over under clause {exit_clause.number} instead" in text_of(after)
    assert "require" not in text_of(after.children[1])
    assert "as that Party asks" in text_of(after.children[1])
    ends = text_of(find(doc, "care_network.termination").children[0])
    assert "when no GP practice remains a Party" in ends


def test_the_alliance_fetters_no_statutory_discretion_and_keeps_numbers_only_while_funded(pch):
    doc = _aa(pch)
    assert _plain(text_of(find(doc, "care_network.independence").children[0])).startswith(
        "Nothing in this Agreement fetters any Party's statutory functions or discretion.")
    assert _plain(text_of(find(doc, "care_network.team").children[3])).startswith(
        "So long as its own contracts and funding for them continue, each Party must keep its part of the Team")


def test_the_alliance_has_assignment_sub_contracting_force_majeure_and_severance(pch):
    doc = _aa(pch)
    assign = text_of(find(doc, "care_network.assignment"))
    assert "No Party may assign, transfer" in assign and "sub-contractor" in assign
    assert "come under the control of another organisation" in assign
    fm = text_of(find(doc, "common.force_majeure"))
    assert "the Provider" not in fm and "Co-ordinating Commissioner" not in fm
    assert "for longer than [period to be agreed], the other Parties" in fm
    assert "invalid, unlawful or unenforceable" in text_of(find(doc, "care_network.severance"))


def test_recital_b_names_the_employers_from_the_team_not_every_party(pch):
    front = _front(_aa(pch))
    recital = next(line for line in front.splitlines() if line.startswith("(B)"))
    assert "staff from each of them" not in recital
    employers = {x.employer for x in pch[0].partnership.care_network.team}
    names = {x.id: x.name for x in pch[0].partnership.parties}
    for pid, name in names.items():
        assert (name in recital) == (pid in employers), name  # the CCG employs no one in the Team


@pytest.mark.parametrize("doc_id, word, words", [("care_network_agreement", "Party", "Parties"),
                                                 ("care_network_memorandum", "Partner", "Partners")])
def test_each_document_defines_one_word_for_its_signatories(pch, chin, doc_id, word, words):
    doc = (_aa(pch) if doc_id == "care_network_agreement" else _mou(chin))
    definitions = _definitions(doc)
    assert word in definitions and words in definitions and "Member" not in definitions and "Members" not in definitions
    body = "\n".join(text_of(c) for _, c in doc.clauses() if c.level == 1)
    assert not re.search(r"\bMembers?\b", body), re.findall(r".{40}\bMembers?\b.{20}", body)[:3]
    assert "Members of the Team" not in body and "member practices" not in body
    assert not re.search(r"\bthe team\b", body), re.findall(r".{40}\bthe team\b", body)
    forum_name = (pch if doc_id == "care_network_agreement" else chin)[0].partnership.care_network.forum.name
    assert forum_name not in body  # named in the definition of the Forum alone
    assert definitions["Forum"].startswith(f"the {forum_name}, on which each {word} has one representative")
    assert re.search(r"\bthe Forum\b", body)


def test_the_care_closer_to_home_memorandum_serves_the_whole_area(chin):
    text = text_of(find(_mou(chin), "care_network.population"))
    assert "Ashcombe Network serves the people of Ashcombe: about [27,500: ILLUSTRATIVE] people (a figure for the " \
           "whole area). They include the Registered Population: [24,500: ILLUSTRATIVE] people" in text
    assert "whether or not they are registered with one of those practices" in text
    assert "other services in the area" not in text


def test_invented_periods_are_bracketed_and_a_representative_is_only_expected_to_declare(pch, chin):
    duty = text_of(find(_aa(pch), "care_network.members").children[1].children[1])
    assert "at least [period of notice to be agreed] notice" in duty and "three months" not in duty
    withdraw = text_of(find(_mou(chin), "care_network.term").children[3])
    assert "at any time" not in withdraw and "one month" not in withdraw
    assert "[period of notice to be agreed]" in withdraw
    assert "A representative is expected to declare any interest" in text_of(find(_mou(chin), "care_network.forum"))
    assert "A representative must declare any interest" in text_of(find(_aa(pch), "care_network.forum"))
    aim = text_of(find(_mou(chin), "care_network.aims"))
    assert "within a year" not in aim and "by 30 June 2019" in aim


def test_disputes_escalate_to_someone_a_practice_and_a_charity_have_and_complaints_rules_apply_where_they_do(pch):
    doc = _aa(pch)
    assert "or, for a GP practice, a partner, and for a voluntary sector organisation or charity, its chair or chief " \
           "executive" in text_of(find(doc, "common.disputes.mediation_then_expert"))
    assert "Complaints (England) Regulations 2009 provide where those Regulations apply to them" in text_of(
        find(doc, "care_network.safeguarding"))


def test_the_review_findings_reach_the_docx_and_the_pdf(built_examples):
    folder = built_examples / "marlbrook_pch"
    paragraphs = " ".join(x.text for x in docx.Document(str(folder / "care_network_agreement.docx")).paragraphs)
    assert "This Agreement is dated [date of the last signature]" in paragraphs
    assert "Nothing in this Agreement fetters any Party's statutory functions or discretion." in paragraphs
    assert "each confirm that they have elected, under their GMS or PMS contracts" in paragraphs
    tables = docx.Document(str(folder / "care_network_agreement.docx")).tables
    caps = next(t for t in tables if t.rows[0].cells[0].text == "Party" and "Cap" in t.rows[0].cells[1].text)
    assert len(caps.columns) == 2 and all(r.cells[1].text == "[£X: to be agreed]" for r in caps.rows[1:])
    text = subprocess.run(["pdftotext", "-layout", str(built_examples / "ashcombe_chin" / "care_network_memorandum.pdf"),
                           "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert "This clause does not govern personal data about patients or service users" in flat
    assert "must not share personal data" not in flat
