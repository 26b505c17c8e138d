"""The PACS integrated care agreement: built from the four PACS fixtures in
tests/fixtures/partnerships/ (Markdown only) and checked for substance: the organisational-form
clause each partnership chose (and no other), the integration level variant, the budget totals,
and the other care models' schedules only where the partnership lists them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.cli import main
from contractgen.partnership.yamlread import read_yaml
from contractgen.writers.markdown import to_markdown
from documents import assembled

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "partnerships"
NAMES = ["pacs_prime", "pacs_host_trust", "pacs_joint_venture"]

FORM_CLAUSES = {
    "pacs.form.prime_provider", "pacs.form.host_trust", "pacs.form.joint_venture", "pacs.form.lead_provider",
    "pacs.form.other",
}
LEVEL_CLAUSES = {"pacs.level.partial", "pacs.level.full"}
CARE_MODEL_CLAUSES = {"care_models.care_homes", "care_models.urgent_care", "care_models.acute_collaboration"}


def build(source: Path, tmp_path: Path | None = None, *edits: tuple[str, str]):
    """Assemble the fixture's PACS agreement (after replacing text in it); (Markdown, included clause ids)."""
    agreement = assembled(source, tmp_path, *edits)["pacs_agreement"]
    return to_markdown(agreement.document), {d.clause_id for d in agreement.decisions if d.included}


@pytest.fixture(scope="module")
def docs() -> dict[str, tuple[str, set[str]]]:
    return {name: build(FIXTURES / f"{name}.yaml") for name in NAMES}


def schedule(md: str, title: str) -> str:
    """The text of the schedule with this title, up to the next schedule."""
    match = re.search(rf"^## Schedule \d+: {re.escape(title)}\n(.*?)(?=^## |\Z)", md, re.S | re.M)
    assert match, f"no schedule titled {title!r}"
    return match.group(1)


def clause(md: str, clause_id: str) -> str:
    """The text of one body clause, up to the next clause heading."""
    anchor = "c-" + clause_id.replace(".", "-")
    match = re.search(rf"\{{#{re.escape(anchor)}\}}\n(.*?)(?=^##|\Z)", md, re.S | re.M)
    assert match, f"no clause {clause_id}"
    return match.group(1)


# ---------------------------------------------------------------- organisational form

@pytest.mark.parametrize("name, form_clause", [
    ("pacs_prime", "pacs.form.prime_provider"),
    ("pacs_host_trust", "pacs.form.host_trust"),
    ("pacs_joint_venture", "pacs.form.joint_venture"),
])
def test_exactly_the_chosen_organisational_form_clause(docs, name, form_clause):
    _, included = docs[name]
    assert included & FORM_CLAUSES == {form_clause}


def test_prime_provider_holds_the_agreement_answers_for_and_approves_sub_contractors(docs):
    md, _ = docs["pacs_prime"]
    text = clause(md, "pacs.form.prime_provider")
    assert "Salford Royal NHS Foundation Trust is the Provider. It holds this Agreement as prime provider" in text
    assert "responsible to the Commissioners for the performance of every Sub-contractor" in text
    assert "Co-ordinating Commissioner's written approval" in text
    # every other organisation that delivers a Service, the participating federation too
    assert ("**Approved Sub-contractor** means Greater Manchester West Mental Health NHS Foundation Trust or "
            "Salford Primary Care Together, or any other Sub-contractor") in md
    assert "host trust" not in md and "Joint Venture" not in md


def test_host_trust_holds_for_the_partnership_and_may_pass_to_a_special_purpose_vehicle(docs):
    md, _ = docs["pacs_host_trust"]
    text = clause(md, "pacs.form.host_trust")
    assert "Northumbria Healthcare NHS Foundation Trust is the Provider. It holds this Agreement as host trust" in text
    assert "Special Purpose Vehicle take over this Agreement" in text
    assert ("**Partner Providers** means Northumberland, Tyne and Wear NHS Foundation Trust and "
            "North East Ambulance Service NHS Foundation Trust.") in md
    assert "prime provider" not in md and "Joint Venture" not in md


def test_joint_venture_names_partners_reserved_matters_and_the_lead_provider_fallback(docs):
    md, _ = docs["pacs_joint_venture"]
    text = clause(md, "pacs.form.joint_venture")
    assert ("**Joint Venture Partners** means Yeovil District Hospital NHS Foundation Trust, South Somerset GP "
            "Federation and Somerset Partnership NHS Foundation Trust.") in md
    assert "**Fallback Lead Provider** means Yeovil District Hospital NHS Foundation Trust." in md
    assert "If the Joint Venture has not acceded by the Service Commencement Date, the Fallback Lead Provider is the Provider" in text
    assert "is a Reserved Matter" in text
    assert "appointing the joint venture's chief executive;" in text  # from governance.board.reserved_matters
    parties = schedule(md, "Parties")
    assert "| Yeovil District Hospital NHS Foundation Trust | Fallback Lead Provider and Joint Venture Partner | RA4 |" in parties
    assert "prime provider" not in md and "host trust" not in md


def test_alliance_form_makes_the_provider_a_co_ordinator_not_answerable_for_others(tmp_path):
    md, included = build(FIXTURES / "pacs_host_trust.yaml", tmp_path,
                         ("organisational_form: host_trust", "organisational_form: alliance"))
    assert included & FORM_CLAUSES == {"pacs.form.other"}
    text = clause(md, "pacs.form.other")
    assert "work together as an alliance. Northumbria Healthcare NHS Foundation Trust is the Provider" in text
    assert "The Provider is not responsible for another provider's performance" in text


def test_lead_provider_form_uses_its_own_clause(tmp_path):
    md, included = build(FIXTURES / "pacs_host_trust.yaml", tmp_path,
                         ("organisational_form: host_trust", "organisational_form: lead_provider"))
    assert included & FORM_CLAUSES == {"pacs.form.lead_provider"}
    assert "It holds this Agreement as lead provider" in md


# ---------------------------------------------------------------- integration level

@pytest.mark.parametrize("name, level_clause", [
    ("pacs_prime", "pacs.level.partial"),
    ("pacs_host_trust", "pacs.level.partial"),
    ("pacs_joint_venture", "pacs.level.full"),
])
def test_exactly_the_integration_level_variant(docs, name, level_clause):
    _, included = docs[name]
    assert included & LEVEL_CLAUSES == {level_clause}


def test_partial_keeps_primary_medical_services_outside_the_budget(docs):
    md, _ = docs["pacs_host_trust"]
    text = clause(md, "pacs.level.partial")
    assert "but Core Primary Medical Services stay outside it." in text
    assert "The Capitated Budget includes no payment for Core Primary Medical Services." in text
    assert "Integration Agreement" not in md  # no practices listed, so none to sign


def test_partial_with_practices_needs_an_integration_agreement_with_each(tmp_path):
    practice = ("  - id: practice_1\n    name: Illustrative Practice One\n    kind: gp_practice\n    role: participant\n"
                "    ods_code: X99101\n    list_size: 8000\n    gp_contract: { type: gms, status: retained }\n\nservices:")
    md, _ = build(FIXTURES / "pacs_host_trust.yaml", tmp_path,
                  ("\nservices:", "\n" + practice), ("    registered: 321000", "    whole_area: 321000"),
                  ("\ndocuments:", "\nintegration_agreement: { forum: Northumberland GP Forum, payment_per_patient: 2,"
                                   " integrated_services: [community] }\n\ndocuments:"))
    text = clause(md, "pacs.level.partial_practices")
    assert "must have an Integration Agreement in place with every Participating Practice" in text
    assert "through the forum named Northumberland GP Forum" in text
    assert "| Illustrative Practice One | X99101 | GMS | Retained | 8,000 |" in schedule(md, "Parties")


def test_full_suspends_gp_contracts_and_brings_primary_medical_services_inside(docs):
    md, _ = docs["pacs_joint_venture"]
    text = clause(md, "pacs.level.full")
    assert "The GP Contract of each Participating Practice is suspended for the Term." in text
    assert "The Capitated Budget includes £4,200,000 a year for Primary Medical Services" in text
    assert "| Illustrative Practice B | X99002 | PMS | Suspended | 9,500 |" in schedule(md, "Parties")


def test_a_virtual_pacs_that_asks_for_a_pacs_agreement_and_a_budget_is_refused_in_its_own_file():
    path = FIXTURES / "pacs_virtual.yaml"
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}:114:13: documents\[0\]: expected documents that fit virtual "
                     r"integration, got pacs_agreement: a virtual model has no single contract", result.output)
    assert f"{path}:60:3: budget: expected no budget section for a virtually integrated pacs" in result.output


def test_a_virtual_pacs_without_a_budget_is_an_alliance_over_the_underlying_contracts(tmp_path):
    text = (FIXTURES / "pacs_virtual.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\nbudget:\n(?:  .*\n)+", "\n", text).replace("documents: [pacs_agreement]\n", "")
    path = tmp_path / "virtual.yaml"
    path.write_text(text, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    result = runner.invoke(main, ["build", str(path), "--format", "md", "--out", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in (tmp_path / "out" / "virtual").glob("*.md"))
    assert built == ["alliance_agreement.md", "board_terms_of_reference.md"]
    md = (tmp_path / "out" / "virtual" / "alliance_agreement.md").read_text(encoding="utf-8")
    assert ("| Wyvern Vale Community Health NHS Trust | NHS Standard Contract 2017/19 for community services | "
            "NHS Wyvern Vale Clinical Commissioning Group |") in md
    assert "capitated budget" not in md.lower() and "whole population budget" not in md.lower()


# ---------------------------------------------------------------- the Capitated Budget

@pytest.mark.parametrize("name, total, by_commissioner", [
    ("pacs_prime", "£213,000,000", [("Salford City Council", "£74,433,000"),
                                    ("NHS Salford Clinical Commissioning Group", "£138,567,000")]),
    ("pacs_host_trust", "£481,000,000", [("NHS Northumberland Clinical Commissioning Group", "£386,000,000"),
                                         ("Northumberland County Council", "£95,000,000")]),
    ("pacs_joint_venture", "£210,200,000", [("NHS Somerset Clinical Commissioning Group", "£184,200,000"),
                                            ("Somerset County Council", "£26,000,000")]),
])
def test_budget_totals_and_shares(docs, name, total, by_commissioner):
    md, _ = docs[name]
    budget = schedule(md, "Capitated Budget")
    assert f"| **Total** |  |  |  | **{total}** |" in budget
    assert f"| **Total** | **{total}** |" in budget
    for commissioner, amount in by_commissioner:
        assert f"| {commissioner} | {amount} |" in budget
        assert f"{commissioner}: {amount}" in clause(md, "pacs.budget")
    assert f"is {total}, made up service by service" in clause(md, "pacs.budget")


def test_gain_and_loss_share_only_with_a_risk_share(docs):
    host, included = docs["pacs_host_trust"]
    assert "pacs.risk_share" in included
    assert "| Northumbria Healthcare NHS Foundation Trust | 50% | 50% |" in clause(host, "pacs.risk_share")
    assert "Subject to the Risk Share Agreement, the Provider bears any overspend" in host
    prime, included = docs["pacs_prime"]
    assert "pacs.risk_share" not in included and "Risk Share Agreement" not in prime


# ---------------------------------------------------------------- other new care models

@pytest.mark.parametrize("name, expected", [
    ("pacs_prime", {"care_models.care_homes", "care_models.urgent_care"}),
    ("pacs_host_trust", set()),
    ("pacs_joint_venture", {"care_models.acute_collaboration"}),
])
def test_care_model_schedules_only_when_listed(docs, name, expected):
    md, included = docs[name]
    assert included & CARE_MODEL_CLAUSES == expected
    assert ("pacs.care_models" in included) == bool(expected)
    titles = {"care_models.care_homes": "Enhanced Health in Care Homes",
              "care_models.urgent_care": "Urgent and Emergency Care Network",
              "care_models.acute_collaboration": "Acute Care Collaboration"}
    for clause_id, title in titles.items():
        assert (re.search(rf"^## Schedule \d+: {title}$", md, re.M) is not None) == (clause_id in expected)


def test_care_homes_schedule_shows_lead_homes_elements_and_measures(docs):
    md, _ = docs["pacs_prime"]
    text = schedule(md, "Enhanced Health in Care Homes")
    assert "Salford Royal NHS Foundation Trust leads enhanced health in care homes." in text
    assert "At the start, 34 care homes take part." in text
    for element in ["named GP or other senior clinician", "at least once a week", "review of each resident's medicines",
                    "hydration and nutrition", "risk of falling", "advance care plan", "training and support for care home staff"]:
        assert element in text
    assert "| Residents with an advance care plan (% of residents) |" in text
    urgent = schedule(md, "Urgent and Emergency Care Network")
    assert "Salford Royal NHS Foundation Trust leads the urgent and emergency care network." in urgent
    assert "| Ambulance conveyances avoided through community rapid response |" in urgent
    assert "1.2 urgent and emergency care network, led by Salford Royal NHS Foundation Trust." in clause(md, "pacs.care_models")


def test_acute_collaboration_schedule_shows_lead_and_measures(docs):
    md, _ = docs["pacs_joint_venture"]
    text = schedule(md, "Acute Care Collaboration")
    assert "Yeovil District Hospital NHS Foundation Trust leads acute care collaboration." in text
    assert "Shared clinical networks with neighbouring acute trusts for stroke" in text
    assert "| Patients treated on a standard network pathway (%) |" in text


def test_the_mcp_contract_has_the_same_care_model_schedules_as_the_pacs_agreement():
    def schedules(name):
        template, _ = read_yaml(ROOT / "templates" / "documents" / f"{name}.yaml", name)
        return [p for p in template["parts"] if "schedule" in p and p["clauses"] and p["clauses"][0] in CARE_MODEL_CLAUSES]

    assert len(schedules("pacs_agreement")) == 3
    assert schedules("mcp_contract") == schedules("pacs_agreement")


# ---------------------------------------------------------------- general provisions and the CLI

def test_legal_choices_pick_the_common_clauses(docs):
    _, host = docs["pacs_host_trust"]
    _, prime = docs["pacs_prime"]
    assert {"common.disputes.arbitration", "common.liability.capped"} <= host
    assert "common.disputes.mediation_then_expert" not in host
    # liability is capped whether or not the file sets a cap: without one, each party takes its kind's default
    assert {"common.disputes.mediation_then_expert", "common.liability.capped"} <= prime
    assert "common.disputes.arbitration" not in prime


def test_cli_builds_the_agreement_as_markdown(tmp_path):
    result = CliRunner().invoke(main, ["build", str(FIXTURES / "pacs_host_trust.yaml"), "--format", "md",
                                       "--out", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    md = (tmp_path / "pacs_host_trust" / "pacs_agreement.md").read_text(encoding="utf-8")
    assert md.startswith("# Integrated Care Agreement")
