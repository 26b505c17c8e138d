"""The terms a commissioner's lawyer expects (LEGAL.md sections 1 and 2), each found in the clause of the
Document model that carries it: execution by every party, termination rights and notice periods,
suspension, step-in, assignment and change of control, force majeure, exit, VAT, liability caps per
party, expert determination kept to technical and financial questions, and the alliance's pool."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

import pytest

from contractgen.build import assemble_all
from contractgen.context import document_parties
from contractgen.doctypes import BY_ID as DOCUMENT_TYPES
from contractgen.document import Clause, Document, Paragraph, Strong, Table, inline_text
from contractgen.errors import InvalidInput
from contractgen.partnership.load import load
from contractgen.resources import Resources
from contractgen.starter import Answers, PlaceAnswers, place_starter, starter
from contractgen.templating import words

from conftest import EXAMPLES
from documents import edited

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "partnerships"
AGREEMENTS = {"mcp_contract", "pacs_agreement", "alliance_agreement", "integration_agreement", "risk_share_agreement",
              "section75_agreement", "information_sharing_agreement", "memorandum_of_understanding", "place_memorandum"}
MAIN = {"mcp_contract", "pacs_agreement"}
WITH_PAYMENTS = {"mcp_contract", "pacs_agreement", "integration_agreement", "risk_share_agreement", "network_agreement"}
# a service schedule forms part of another contract and takes its VAT and liability terms from it
SCHEDULES = {"extended_access_schedule", "social_prescribing_schedule"}


def built(path: Path):
    loaded = load(path)
    return loaded.partnership, assemble_all(loaded, Resources()).documents


def init_variants(tmp: Path) -> list[Path]:
    paths = []
    for model, level in itertools.product(["mcp", "pacs"], ["virtual", "partial", "full"]):
        answers = Answers(model, level, "Wessex", "NHS Wessex CCG", "Wessex Community NHS Trust",
                          "Wessex Hospitals NHS Foundation Trust", today=date(2026, 1, 1))
        path = tmp / f"init_{model}_{level}.yaml"
        path.write_text(starter(answers), encoding="utf-8")
        paths.append(path)
    for shared_costs in (True, False):  # a place-based partnership, with and without shared costs
        path = tmp / f"init_place_based_{'shared' if shared_costs else 'own'}_costs.yaml"
        path.write_text(place_starter(PlaceAnswers("Wessex", "NHS Wessex CCG", "Wessex County Council",
                                                   "Wessex Hospitals NHS Foundation Trust", shared_costs,
                                                   today=date(2026, 1, 1))), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def init_builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("init")
    return {path.stem: built(path) for path in init_variants(tmp)}


@pytest.fixture(scope="module")
def example_builds():
    return {path.stem: built(path) for path in EXAMPLES}


# ---------------------------------------------------------------- reading the model

def text_of(clause: Clause) -> str:
    """A clause's words, its sub-clauses' and its tables' included, as one string."""
    parts = [clause.title or "", inline_text(clause.text)]
    for block in clause.blocks:
        if isinstance(block, Paragraph):
            parts.append(inline_text(block.content))
        elif isinstance(block, Table):
            parts += [inline_text(cell) for row in block.rows for cell in row]
        elif isinstance(block, Clause):
            parts.append(text_of(block))
    parts += [text_of(child) for child in clause.children]
    return "\n".join(parts)


def find(doc: Document, clause_id: str) -> Clause:
    found = doc.find(clause_id)
    assert found, f"{doc.meta.doc_type}: no clause {clause_id}"
    return found[1]


def unmarked(text: str) -> str:
    """A value as the file gives it: "[I. Executive: ILLUSTRATIVE]" (an illustrative value, marked) is "I. Executive"."""
    match = re.fullmatch(r"\[(.*): ILLUSTRATIVE\]", text)
    return match.group(1) if match else text


def table_rows(clause: Clause) -> list[list[str]]:
    tables = [b for b in clause.blocks if isinstance(b, Table)]
    for child in clause.walk():
        tables += [b for b in child.blocks if isinstance(b, Table) and child is not clause]
    assert tables, f"clause {clause.id} has no table"
    return [[unmarked(inline_text(cell)) for cell in row] for row in tables[0].rows]


def front_names(doc: Document) -> list[str]:
    """The names printed in bold at the start of a document: the parties it is made between."""
    front = next(p for p in doc.parts if p.kind == "front")
    names = []
    for block in front.blocks:
        if isinstance(block, Paragraph) and block.style == "body" and block.content \
                and isinstance(block.content[0], Strong):
            names.append(unmarked(inline_text(block.content[0].children)))
    return names


# ---------------------------------------------------------------- execution

def assert_executed(p, doc_id: str, doc: Document) -> None:
    last = doc.parts[-1]
    if doc_id == "board_terms_of_reference":
        assert last.title == "Approval"
        approval = find(doc, "governance.tor.approval")
        assert approval in last.blocks
        voting = {m.party for m in p.governance.board.members if m.voting}
        # the Partners approve: a practice's member represents all the practices, so no practice approves alone
        assert [r[0] for r in table_rows(approval)] == [x.name for x in p.parties
                                                        if x.id in voting and x.kind != "gp_practice"]
        assert all(r[2] == "[date]" for r in table_rows(approval))
        assert f"Adopted by the {p.governance.board.name} on [date]." in text_of(approval)
        return
    assert last.title == "Execution", f"{doc_id} ends with {last.title!r}"
    execution = last.blocks[0]
    assert isinstance(execution, Clause) and execution.id == "common.execution"
    rows = table_rows(execution)
    parties = document_parties(p, doc_id)
    assert [r[0] for r in rows] == [x.name for x in parties]
    for row, party in zip(rows, parties):
        if party.signatory:
            assert row[1:3] == [party.signatory.name, party.signatory.title]
        else:
            assert row[1:3] == ["[name]", "[title]"]
        assert row[4] == "[date]"
    # whoever the document says it is made between signs it
    assert set(front_names(doc)) <= {x.name for x in parties}, doc_id


def test_every_document_of_every_init_variant_ends_with_its_execution(init_builds):
    produced = set()
    for stem, (p, docs) in init_builds.items():
        for doc_id, assembled in docs.items():
            produced.add(doc_id)
            assert_executed(p, doc_id, assembled.document)
    # the document types init can produce, each checked at least once
    assert produced == {"mcp_contract", "pacs_agreement", "alliance_agreement", "integration_agreement",
                        "risk_share_agreement", "board_terms_of_reference", "place_memorandum"}


def test_every_document_of_every_example_ends_with_its_execution(example_builds):
    produced = set()
    for stem, (p, docs) in example_builds.items():
        for doc_id, assembled in docs.items():
            produced.add(doc_id)
            assert_executed(p, doc_id, assembled.document)
    assert produced >= AGREEMENTS


def test_signatories_from_the_file_and_bracketed_spaces_where_it_gives_none(example_builds, init_builds):
    p, docs = example_builds["salford"]
    rows = table_rows(find(docs["pacs_agreement"].document, "common.execution"))
    assert rows[2][:3] == ["Salford Royal NHS Foundation Trust", "I. Executive", "Chief Executive"]
    p, docs = init_builds["init_mcp_partial"]
    rows = table_rows(find(docs["integration_agreement"].document, "common.execution"))
    assert ["Wessex Practice 1", "[name]", "[title]", "", "[date]"] in rows


def test_the_memorandum_is_signed_without_becoming_binding(example_builds):
    _, docs = example_builds["salford"]
    execution = text_of(find(docs["memorandum_of_understanding"].document, "common.execution"))
    assert "does not make the Memorandum legally binding" in execution


def test_the_information_sharing_agreement_is_signed_by_its_controllers_and_signed_off(example_builds):
    p, docs = example_builds["stockport"]
    doc = docs["information_sharing_agreement"].document
    rows = [r[0] for r in table_rows(find(doc, "common.execution"))]
    assert not {x.name for x in p.parties if x.kind == "ccg"} & set(rows)  # direct care: no commissioners
    assert [b.id for b in doc.parts[-1].blocks] == ["common.execution", "isa.signoff"]


# ---------------------------------------------------------------- commissioner protections

def protections(p, doc_id: str, doc: Document) -> None:
    legal = p.legal
    termination = "mcp.gc.termination" if doc_id == "mcp_contract" else "pacs.termination"
    events = text_of(find(doc, termination + ".events"))
    assert "materially breaches" in events and f"within {legal.remedy_business_days} Business Days" in events
    assert "persistently fails" in events and "two written warnings" in events
    assert "insolvent" in events and "administrator" in events
    assert "CQC" in events or "Care Quality Commission" in events
    assert "change of control without the consent" in events.lower()
    whole = text_of(find(doc, termination))
    assert f"without giving a reason by giving the other Parties at least " \
           f"{words(legal.commissioner_notice_months)} months' notice" in whole
    provider = find(doc, termination + ".provider")
    assert provider.text and inline_text(provider.text).startswith("The Provider may end this")
    assert len(provider.children) == 2  # non-payment, or long notice: nothing else
    assert "fails to pay an undisputed amount" in text_of(provider.children[0])
    assert f"at least {words(legal.provider_notice_months)} months' notice" in text_of(provider.children[1])

    suspension = text_of(find(doc, "common.suspension"))
    assert "suspend any Service" in suspension and "lift the suspension" in suspension
    step_in = text_of(find(doc, "common.step_in"))
    assert "take over the management of that Service" in step_in and "hand the Service back" in step_in
    assignment = text_of(find(doc, "mcp.gc.assignment" if doc_id == "mcp_contract" else "pacs.assignment"))
    assert "must not assign, novate or otherwise transfer" in assignment
    assert "change of control" in assignment.lower() and "consent" in assignment
    force = text_of(find(doc, "common.force_majeure"))
    assert "Force Majeure Event" in force and "business continuity" in force
    exit_ = text_of(find(doc, "mcp.gc.exit" if doc_id == "mcp_contract" else "pacs.exit"))
    assert "Exit Plan" in exit_ and "Successor Provider" in exit_
    assert "records" in exit_ and "up to twelve months after" in exit_


def main_documents(builds) -> list[tuple[str, object, str, Document]]:
    return [(stem, p, doc_id, a.document) for stem, (p, docs) in builds.items() for doc_id, a in docs.items()
            if doc_id in MAIN]


def test_main_contracts_of_examples_and_init_variants_carry_every_commissioner_protection(example_builds, init_builds):
    found = main_documents(example_builds) + main_documents(init_builds)
    assert {doc_id for _, _, doc_id, _ in found} == MAIN
    for stem, p, doc_id, doc in found:
        protections(p, doc_id, doc)


def test_notice_periods_come_from_the_file(tmp_path):
    source = ROOT / "examples" / "salford.yaml"
    path = edited(source, tmp_path, ("format: 1\n", "format: 1\nlegal:\n  provider_notice_months: 30\n"
                                                 "  commissioner_notice_months: 18\n  remedy_business_days: 25\n"))
    p, docs = built(path)
    doc = docs["pacs_agreement"].document
    assert "at least thirty (30) months' notice" in text_of(find(doc, "pacs.termination.provider"))
    assert "at least eighteen (18) months' notice" in text_of(find(doc, "pacs.termination"))
    assert "within 25 Business Days" in text_of(find(doc, "pacs.termination.events"))


def test_salfords_provider_cannot_leave_the_pacs_agreement_on_twelve_months_notice(example_builds):
    p, docs = example_builds["salford"]
    doc = docs["pacs_agreement"].document
    assert p.legal.exit_notice_months == 12 and p.legal.provider_notice_months == 24
    leaving = find(doc, "common.exit")
    # the general leaving clause is closed to the Provider and the Commissioners
    assert "other than the Provider and the Commissioners" in inline_text(leaving.children[0].text)
    assert "twenty-four (24) months' notice" in text_of(find(doc, "pacs.termination.provider"))


# ---------------------------------------------------------------- money and liability

def test_every_agreement_with_payments_has_a_vat_clause(example_builds):
    seen = set()
    for stem, (p, docs) in example_builds.items():
        for doc_id, a in docs.items():
            doc = a.document
            if doc_id in WITH_PAYMENTS or (doc_id == "alliance_agreement" and p.alliance.risk_reward_pool):
                seen.add(doc_id)
                assert "is exclusive of VAT" in text_of(find(doc, "common.vat"))
            elif doc_id == "section75_agreement":
                seen.add(doc_id)
                vat = text_of(find(doc, "s75.vat"))
                host = p.party(p.pooled_fund.host)
                assert f"The Host Partner, {host.name}, buys goods and services from the Pooled Fund" in vat
                assert "not payment for any supply between the Partners" in vat
                assert ("section 33" if host.kind == "local_authority" else "section 41(3)") in vat
            else:
                assert doc.find("common.vat") is None, doc_id
    assert seen == WITH_PAYMENTS | {"alliance_agreement", "section75_agreement"}


def liability(doc_id: str, doc: Document) -> Clause:
    return find(doc, "mcp.gc.liability" if doc_id == "mcp_contract" else "common.liability.capped")


def test_each_party_has_a_cap_sized_to_its_kind_with_the_usual_carve_outs(example_builds):
    for stem, (p, docs) in example_builds.items():
        for doc_id, a in docs.items():
            if not DOCUMENT_TYPES[doc_id].binding or doc_id in SCHEDULES:
                continue  # a memorandum or terms of reference binds no one to anything that needs a cap
            clause = liability(doc_id, a.document)
            rows = {r[0]: r for r in table_rows(clause)}
            assert list(rows) == [x.name for x in document_parties(p, doc_id)], (stem, doc_id)
            for x in document_parties(p, doc_id):
                if x.kind == "gp_practice":
                    # a default nobody has agreed yet is shown as an open placeholder; a care network's
                    # alliance, whose members range from a foundation trust to a small charity, shows no figure
                    assert rows[x.name][1] == ("[£X: to be agreed]" if doc_id == "care_network_agreement"
                                               else "[£500,000: to be agreed]")
            text = text_of(clause)
            for carve_out in ["death or personal injury", "fraud or fraudulent misrepresentation",
                              "Data Protection Legislation", "the law does not allow"]:
                assert carve_out in text, (stem, doc_id, carve_out)
            assert "indirect or consequential loss" in text and "NHS Resolution" in text


def test_a_gp_federation_is_not_capped_like_a_foundation_trust(example_builds):
    p, docs = example_builds["salford"]
    rows = {r[0]: r for r in table_rows(find(docs["pacs_agreement"].document, "common.liability.capped"))}
    assert rows["Salford Royal NHS Foundation Trust"][1:] == ["[£10,000,000: to be agreed]",
                                                              "default for an NHS foundation trust"]
    assert rows["Salford Primary Care Together"][1:] == ["[£1,000,000: to be agreed]", "default for a GP federation"]


def test_a_cap_named_for_one_party_replaces_the_default(tmp_path):
    path = edited(ROOT / "examples" / "salford.yaml", tmp_path,
                  ("format: 1\n", "format: 1\nlegal:\n  liability_caps:\n    - { party: salford_royal, amount: 25000000 }\n"))
    p, docs = built(path)
    rows = {r[0]: r for r in table_rows(find(docs["pacs_agreement"].document, "common.liability.capped"))}
    assert rows["Salford Royal NHS Foundation Trust"][1:] == ["£25,000,000", "agreed for this Party"]


def test_expert_determination_is_for_technical_and_financial_questions_and_never_final_on_law(example_builds):
    for stem, (p, docs) in example_builds.items():
        for doc_id, a in docs.items():
            doc = a.document
            if doc_id == "mcp_contract":
                text = text_of(find(doc, "mcp.gc.disputes"))
            elif doc.find("common.disputes.mediation_then_expert"):
                expert = text_of(find(doc, "common.disputes.expert"))
                assert "technical or financial question" in expert
                text = text_of(find(doc, "common.disputes.mediation_then_expert"))
            else:
                continue
            assert "technical or financial question" in text and "not final on any point of law" in text
            assert "The expert's decision is final and binding" not in text  # the old, unlimited wording


# ---------------------------------------------------------------- the alliance

def test_the_pool_says_where_it_comes_from_how_it_is_earned_and_who_pays(example_builds):
    p, docs = example_builds["modality"]
    doc = docs["alliance_agreement"].document
    source = find(doc, "alliance.pool.source")
    rows = table_rows(source)
    assert rows[0] == ["NHS Sandwell and West Birmingham Clinical Commissioning Group",
                       "Modality Partnership's Underlying Contract", "£400,000"]
    assert rows[-1][-1] == "£1,000,000"
    formula = text_of(find(doc, "alliance.pool.formula"))
    assert "sum of the weights of the Objectives whose targets were met" in formula
    assert "data source" in formula
    pool = text_of(find(doc, "alliance.risk_reward_pool"))
    assert "neither the Certifying Officer nor the Alliance Leadership Team may change the Earned Proportion" in pool
    # weights 50, 25, 25: the first two met earns 75%, £750,000, of which Modality's 40% is £300,000
    assert "the Earned Proportion is 75% and £750,000 is earned" in pool
    assert "Modality Partnership, £300,000" in pool
    payment = text_of(find(doc, "alliance.pool.payment"))
    assert "Within 90 days after the end of each Year, each Commissioner that held back" in payment
    assert "still add up to 100%" in text_of(find(doc, "alliance.pool.exit"))
    objectives = table_rows(find(doc, "alliance.schedule.objectives"))
    assert [r[4] for r in objectives] == ["50%", "25%", "25%"]


def test_the_alliance_manages_conflicts_and_admits_members_only_unanimously(example_builds):
    p, docs = example_builds["modality"]
    doc = docs["alliance_agreement"].document
    conflicts = text_of(find(doc, "alliance.conflicts"))
    assert "register" in conflicts and "must not take part in that decision" in conflicts
    assert "through its own governance" in conflicts
    admission = text_of(find(doc, "common.new_members.unanimous"))
    assert "only if every existing Party agrees in writing, as for every other decision" in admission
    assert "still add up to 100%" in admission
    assert doc.find("common.new_members.majority") is None


def test_majority_admission_under_a_unanimous_alliance_is_refused(tmp_path):
    path = edited(ROOT / "examples" / "modality.yaml", tmp_path,
                  ("new_members: unanimous", "new_members: majority"))
    with pytest.raises(InvalidInput) as caught:
        load(path)
    assert any("expected 'unanimous' where the alliance decides unanimously" in d.message
               for d in caught.value.diagnostics)


def test_pool_contributions_must_add_up_and_come_from_a_commissioners_underlying_contract(tmp_path):
    path = edited(ROOT / "examples" / "modality.yaml", tmp_path,
                  ("underlying_contract: bsmhft, amount: 200000", "underlying_contract: swb_ccg, amount: 300000"))
    with pytest.raises(InvalidInput) as caught:
        load(path)
    messages = [d.message for d in caught.value.diagnostics]
    assert any("whose underlying contract is with 'swb_ccg', got 'swb_ccg'" in m for m in messages)
    assert any("expected contributions that sum to the pool, £1,000,000, got £1,100,000" in m for m in messages)


def test_a_short_provider_notice_is_warned_about(tmp_path):
    path = edited(ROOT / "examples" / "salford.yaml", tmp_path,
                  ("format: 1\n", "format: 1\nlegal:\n  provider_notice_months: 12\n"))
    loaded = load(path)
    assert [w.code for w in loaded.warnings if w.code == "provider-notice"] == ["provider-notice"]


def test_a_pool_without_a_source_is_warned_about_and_left_as_a_bracketed_space(tmp_path):
    text = (ROOT / "examples" / "modality.yaml").read_text(encoding="utf-8")
    start = text.index("    contributions:")
    end = text.index("  underlying_contracts:")
    path = edited(ROOT / "examples" / "modality.yaml", tmp_path, (text[start:end], ""))
    loaded = load(path)
    assert "pool-source" in {w.code for w in loaded.warnings}
    doc = assemble_all(loaded, Resources()).documents["alliance_agreement"].document
    assert "[the Commissioners and Underlying Contracts from which the pool is held back, and the amounts, to be " \
           "agreed]" in text_of(find(doc, "alliance.pool.source"))


def test_objective_weights_must_sum_to_100(tmp_path):
    path = edited(ROOT / "examples" / "modality.yaml", tmp_path, ("      weight: 50  ", "      weight: 40  "))
    with pytest.raises(InvalidInput) as caught:
        load(path)
    assert any(d.message == "expected weights that sum to 100, got 90" for d in caught.value.diagnostics)


def test_without_weights_every_objective_weighs_the_same(tmp_path):
    path = edited(ROOT / "examples" / "modality.yaml", tmp_path, ("      weight: 50                                # illustrative weights and data sources\n", ""),
                  ("      weight: 25\n      data_source", "      data_source"),
                  ("      weight: 25\n      data_source", "      data_source"))
    p, docs = built(path)
    doc = docs["alliance_agreement"].document
    assert "Each of the three (3) Objectives carries an equal weight of 1/3." in text_of(find(doc, "alliance.pool.formula"))
    # two of three met: two thirds of £1,000,000
    assert "the Earned Proportion is 2/3 and £666,667 is earned" in text_of(find(doc, "alliance.risk_reward_pool"))


# ---------------------------------------------------------------- LEGAL.md section 1, document by document

# protection -> (the clause that carries it, words it must contain); "|" separates alternatives, for a
# clause chosen by the partnership (disputes) or worded by its integration level (payment)
COMMON = {
    "confidentiality": ("common.confidentiality", "must keep the Confidential Information"),
    "freedom of information": ("common.freedom_of_information", "Freedom of Information Act 2000"),
    "data protection": ("common.data_protection", "Data Protection Legislation"),
    "variation": ("common.variation", "No change to this Agreement has effect unless it is in writing"),
    "notices": ("common.notices", "A notice is treated as received"),
    "entire agreement": ("common.entire_agreement", "the whole agreement between the Parties"),
    "counterparts": ("common.counterparts", "counterparts"),
    "governing law": ("common.governing_law", "law of England and Wales"),
    "liability": ("common.liability.capped", "indirect or consequential loss"),
    "execution": ("common.execution", "authorised signatory"),
    "third-party rights": ("common.third_party_rights", "Contracts (Rights of Third Parties) Act 1999"),
}
MAIN_ONLY = {
    "suspension": ("common.suspension", "suspend any Service"),
    "step-in": ("common.step_in", "Step-in Period"),
    "force majeure": ("common.force_majeure", "Force Majeure Event"),
    "probity": ("common.probity", "Bribery Act 2010"),
    "VAT": ("common.vat", "exclusive of VAT"),
}
PROTECTIONS = {
    "mcp_contract": {
        **MAIN_ONLY,
        "payment": ("mcp.gc.payment", "twelve equal monthly instalments"),
        "termination": ("mcp.gc.termination", "persistently fails"),
        "exit": ("mcp.gc.exit", "Exit Plan"),
        "assignment and change of control": ("mcp.gc.assignment", "change of control"),
        "liability": ("mcp.gc.liability", "indirect or consequential loss"),
        "conflicts of interest": ("mcp.gc.conflicts", "register of the interests"),
        "disputes": ("mcp.gc.disputes", "technical or financial question"),
        "data protection": ("mcp.gc.data_protection", "Data Protection Legislation"),
        "freedom of information": ("mcp.gc.foi", "FOIA"),
        "notices": ("mcp.gc.notices", "A notice is treated as received"),
        "entire agreement": ("mcp.gc.entire_agreement", "the whole agreement between the Parties"),
        "third-party rights": ("mcp.gc.entire_agreement", "Contracts (Rights of Third Parties) Act 1999"),
        "counterparts": ("mcp.gc.entire_agreement", "any number of copies"),
        "variation": ("mcp.gc.variations", "Variation"),
        "governing law": ("mcp.gc.governing_law", "law of England and Wales"),
        "execution": ("common.execution", "authorised signatory"),
    },
    "pacs_agreement": {
        **{k: v for k, v in COMMON.items()},
        **MAIN_ONLY,
        "payment": ("pacs.budget.distribution", "The Commissioners pay|must pay the Provider"),
        "termination": ("pacs.termination", "persistently fails"),
        "exit": ("pacs.exit", "Exit Plan"),
        "assignment and change of control": ("pacs.assignment", "Change of Control"),
        "conflicts of interest": ("pacs.governance", "declare any interest"),
        "disputes": ("common.disputes.mediation_then_expert|common.disputes.arbitration", "Dispute"),
    },
    "alliance_agreement": {
        **COMMON,
        "leaving": ("common.exit", "may leave this Agreement"),
        "conflicts of interest": ("alliance.conflicts", "register"),
        "competition law": ("alliance.competition_law", "Competitively Sensitive Information"),
        "disputes": ("common.disputes.mediation_then_expert|common.disputes.arbitration", "Dispute"),
    },
    "integration_agreement": {
        **COMMON,
        "VAT": ("common.vat", "exclusive of VAT"),
        "ending a practice's participation": ("integration.ending", "Care Quality Commission"),
        "force majeure": ("common.force_majeure", "end that practice's participation"),
        "disputes": ("common.disputes.mediation_then_expert|common.disputes.arbitration", "Dispute"),
    },
    "risk_share_agreement": {
        **COMMON,
        "VAT": ("common.vat", "exclusive of VAT"),
        "disputes": ("common.disputes.mediation_then_expert|common.disputes.arbitration", "Dispute"),
    },
    "section75_agreement": {
        **COMMON,
        "VAT": ("s75.vat", "Host Partner"),
        "disputes": ("common.disputes.mediation_then_expert|common.disputes.arbitration", "Dispute"),
    },
    "information_sharing_agreement": {
        **{k: v for k, v in COMMON.items() if k not in ("confidentiality", "data protection", "entire agreement")},
        "confidentiality": ("isa.confidentiality", "confidential"),
        "data protection": ("isa.legal_basis.gdpr|isa.legal_basis.dpa1998", "Data Protection"),
        "disputes": ("common.disputes.mediation_then_expert|common.disputes.arbitration", "Dispute"),
    },
    "memorandum_of_understanding": {
        "execution": ("common.execution", "does not make the Memorandum legally binding"),
    },
    # a place-based partnership's memorandum: not binding, pools nothing, and says both
    "place_memorandum": {
        "execution": ("common.execution", "does not make the Memorandum legally binding"),
        "status": ("place.status", "this Memorandum is not legally binding."),
        "no pooling or delegation": ("place.statutory", "pools no statutory functions and no budgets. It does not "
                                     "delegate any function or decision"),
        "each partner's accountability": ("place.statutory", "remains accountable for its own statutory functions"),
        "formal arrangements need their own agreement": ("place.statutory", "needs a separate written agreement"),
        "each partner keeps its own budget": ("place.money", "keeps its own budget"),
        "a board that binds no one": ("place.board", "it makes no decision that binds a Partner"),
        "confidentiality": ("mou.confidentiality", "confidential"),
        "joining and leaving": ("place.joining", "may leave this Memorandum"),
    },
    "network_agreement": {
        **COMMON,
        "VAT": ("common.vat", "exclusive of VAT"),
        "disputes": ("common.disputes.mediation_then_expert|common.disputes.arbitration", "Dispute"),
        "status": ("network.status", "not an NHS contract under section 9"),
        "leaving": ("common.exit", "may leave this Agreement"),
        "joining": ("common.new_members.unanimous|common.new_members.majority", "may become a Party"),
        "money held and shared": ("network.money", "is the Holder"),
        "termination": ("network.termination", "material breach"),
    },
    "care_network_agreement": {
        **COMMON,
        "status": ("common.status", "not a health service body"),
        "disputes": ("common.disputes.mediation_then_expert|common.disputes.arbitration", "Dispute"),
        "leaving": ("common.exit", "may leave this Agreement"),
        "joining": ("common.new_members.unanimous|common.new_members.majority", "may become a Party"),
        "termination": ("care_network.termination", "material breach"),
        "conflicts of interest": ("common.probity", "register of the interests"),
        "anti-bribery": ("common.probity", "Bribery Act 2010"),
        "competition law": ("care_network.independence", "competition law"),
        "staff stay with their employer": ("care_network.team", "No member of staff transfers"),
        "no money moves under it": ("care_network.costs", "No Party pays another under this Agreement"),
        "safeguarding": ("care_network.safeguarding", "safeguarding children and adults at risk"),
        "complaints": ("care_network.safeguarding", "one co-ordinated reply"),
        "equality": ("care_network.safeguarding", "Equality Act 2010"),
    },
    "care_network_memorandum": {
        "not binding": ("mou.status", "This Memorandum is not legally binding."),
        "only confidentiality binds": ("mou.status", "The only exception is"),
        "no one is committed to pay": ("care_network.costs", "Nothing in this Memorandum commits any Partner to pay"),
        "execution": ("common.execution", "does not make the Memorandum legally binding"),
    },
    # a service schedule takes its boilerplate from the contract it forms part of, and says so
    **{doc_id: {
        "execution": ("common.execution", "authorised signatory"),
        "parent contract's terms": ("service_schedules.status", "terms on payment, VAT, liability, confidentiality, "
                                    "data protection, freedom of information, notices, disputes"),
        "payment, exclusive of VAT": ("service_schedules.payment", "a year, exclusive of VAT"),
    } for doc_id in ("extended_access_schedule", "social_prescribing_schedule")},
}


def check_protections(doc_id: str, doc: Document) -> None:
    for protection, (ids, words_) in PROTECTIONS[doc_id].items():
        clauses = [doc.find(i) for i in ids.split("|")]
        found = [c[1] for c in clauses if c]
        assert found, f"{doc_id}: no clause carries {protection} ({ids})"
        text = text_of(found[0])
        assert any(w in text for w in words_.split("|")), f"{doc_id}: {protection}: {words_!r} not in {found[0].id}"


def test_each_document_type_carries_the_protections_that_apply_to_it(example_builds, init_builds):
    checked = set()
    for stem, (p, docs) in {**example_builds, **init_builds}.items():
        for doc_id, a in docs.items():
            if doc_id in PROTECTIONS:
                check_protections(doc_id, a.document)
                checked.add(doc_id)
    assert checked == set(PROTECTIONS)
