"""The alliance agreement, integration agreement and memorandum of understanding: built from
the fixtures in tests/fixtures/partnerships/ (Markdown only) and checked for substance:
the right parties and figures, and the chosen variant of each alternative clause."""

from __future__ import annotations

import re


import pytest

from documents import FIXTURES, build, clause_ids

ALLIANCE = FIXTURES / "mcp_virtual_alliance.yaml"
PARTIAL = FIXTURES / "mcp_partial_integration.yaml"
# a partially integrated MCP whose set also has an alliance agreement beside the contract
PARTIAL_ALLIANCE = FIXTURES / "mcp_partial_alliance.yaml"


@pytest.fixture(scope="module")
def alliance_docs(tmp_path_factory) -> dict[str, str]:
    return build(ALLIANCE, tmp_path_factory.mktemp("alliance"))


@pytest.fixture(scope="module")
def integration_md(tmp_path_factory) -> str:
    return build(PARTIAL, tmp_path_factory.mktemp("integration"))["integration_agreement"]


# ---------------------------------------------------------------- alliance agreement

def test_alliance_parties_include_every_commissioner_and_provider(alliance_docs):
    md = alliance_docs["alliance_agreement"]
    front = md.split("**Background**")[0]
    for name in ["NHS Dudley Clinical Commissioning Group", "Dudley Metropolitan Borough Council",
                 "Birmingham Community Healthcare NHS Foundation Trust", "The Dudley Group NHS Foundation Trust",
                 "Dudley and Walsall Mental Health Partnership NHS Trust",
                 "Black Country Partnership NHS Foundation Trust"]:
        assert f"**{name}**" in front
    schedule = md.split("## Schedule 1: Parties")[1].split("## Schedule 2")[0]
    assert "| NHS Dudley Clinical Commissioning Group | clinical commissioning group | Commissioner | 05C |" in schedule
    assert "| Dudley Metropolitan Borough Council | local authority | Commissioner |" in schedule
    assert "| Sedgley Lane Surgery | GP practice (APMS contract) | Participating Practice | M87006 |" in schedule


def test_alliance_objectives_and_leadership_team(alliance_docs):
    md = alliance_docs["alliance_agreement"]
    objectives = md.split("## Schedule 2: Objectives")[1]
    assert ("| 1 | Fewer avoidable emergency admissions | Avoidable emergency admissions per 1,000 people "
            "| 5% fewer by March 2020 |") in objectives
    assert "| 3 | People die in their preferred place |" in objectives
    assert "There are 3 Objectives" in md
    team = md.split("## Schedule 3: Alliance Leadership Team")[1]
    assert "| Dr Farah Fenton | GP Partner | Castle Meadows Surgery | Chair |" in team
    assert "| Alice Ashworth | Chief Officer | NHS Dudley Clinical Commissioning Group | Member |" in team
    assert "Dr Farah Fenton (GP Partner, Castle Meadows Surgery) chairs the Alliance Leadership Team" in md
    assert "not as a delegate" in md


def test_alliance_risk_reward_pool_amount_and_shares(alliance_docs):
    md = alliance_docs["alliance_agreement"]
    assert "The Risk and Reward Pool is £2,400,000 for each Year" in md
    assert "| NHS Dudley Clinical Commissioning Group | 30% | £720,000 |" in md  # the commissioner shares risk
    assert "| Dudley and Walsall Mental Health Partnership NHS Trust | 12.5% | £300,000 |" in md
    assert "| Black Country Partnership NHS Foundation Trust | 7.5% | £180,000 |" in md
    assert "| **Total** | **100%** | **£2,400,000** |" in md


def test_alliance_without_a_pool_leaves_the_pool_clause_out(tmp_path):
    text = ALLIANCE.read_text(encoding="utf-8")
    start = text.index("  risk_reward_pool:")
    end = text.index("  underlying_contracts:")
    md = build(ALLIANCE, tmp_path, (text[start:end], ""))["alliance_agreement"]
    assert "alliance-risk_reward_pool" not in clause_ids(md)
    assert "Risk and Reward Pool" not in md


def test_alliance_references_each_underlying_contract(alliance_docs):
    md = alliance_docs["alliance_agreement"]
    for provider, contract, commissioner in [
        ("Birmingham Community Healthcare NHS Foundation Trust", "NHS Standard Contract 2017/19 for community health services", "NHS Dudley Clinical Commissioning Group"),
        ("The Dudley Group NHS Foundation Trust", "NHS Standard Contract 2017/19 for acute services", "NHS Dudley Clinical Commissioning Group"),
        ("Dudley and Walsall Mental Health Partnership NHS Trust", "NHS Standard Contract 2017/19 for mental health services", "NHS Dudley Clinical Commissioning Group"),
        ("Black Country Partnership NHS Foundation Trust", "NHS Standard Contract 2017/19 for learning disability services", "NHS Dudley Clinical Commissioning Group"),
        ("Birmingham Community Healthcare NHS Foundation Trust", "Reablement services contract 2017-2020", "Dudley Metropolitan Borough Council"),
    ]:
        assert f"| {provider} | {contract} | {commissioner} |" in md
    assert "does not replace or vary them" in md


def test_alliance_competition_law_term_and_defaults(alliance_docs):
    md = alliance_docs["alliance_agreement"]
    assert "Competitively Sensitive Information" in md
    assert "common ownership or control" in md
    assert "The Term is 5 years, ending at the end of the day before 1 April 2023" in md
    ids = clause_ids(md)
    # the fixture's choices: unanimous decisions and new members, mediation then expert, a £1m cap
    assert {"alliance-decisions-unanimous", "common-new_members-unanimous", "common-disputes-mediation_then_expert",
            "common-liability-capped", "common-exit", "common-governing_law"} <= ids
    assert not ids & {"alliance-decisions-consensus", "common-new_members-majority", "common-disputes-arbitration"}
    # the file's £1m cap holds for every Party but a GP practice, which keeps the lower default for its kind
    assert "| NHS Dudley Clinical Commissioning Group | £1,000,000 | cap agreed for every Party |" in md
    assert ("| Castle Meadows Surgery | <mark>\\[£500,000: to be agreed\\]</mark> | default for a GP practice, below the cap for the other "
            "Parties |") in md
    assert "twelve (12) months' notice" in md
    assert "courts of England and Wales" in md


def test_alliance_decision_rule_consensus(tmp_path):
    md = build(ALLIANCE, tmp_path, ("  decision_rule: unanimous", "  decision_rule: consensus"))["alliance_agreement"]
    ids = clause_ids(md)
    assert "alliance-decisions-consensus" in ids and "alliance-decisions-unanimous" not in ids
    assert "takes its decisions by consensus" in md
    assert "takes its decisions unanimously" not in md
    assert "take decisions together by consensus" in md  # the principles follow the rule too


def test_alliance_arbitration_majority_and_default_caps(tmp_path):
    md = build(ALLIANCE, tmp_path,
               ("  disputes: mediation_then_expert", "  disputes: arbitration"),
               ("  liability_cap: { amount: 1000000 }\n", ""),
               ("  new_members: unanimous", "  new_members: majority"),
               ("  decision_rule: unanimous", "  decision_rule: consensus"),
               ("  exit_notice_months: 12", "  exit_notice_months: 6"))["alliance_agreement"]
    ids = clause_ids(md)
    assert {"common-disputes-arbitration", "common-liability-capped", "common-new_members-majority"} <= ids
    assert not ids & {"common-disputes-mediation_then_expert", "common-new_members-unanimous"}
    assert "Arbitration Act 1996" in md and "expert determination" not in md.lower()
    # no cap in the file: each Party takes the default for its kind
    assert "| NHS Dudley Clinical Commissioning Group | <mark>\\[£5,000,000: to be agreed\\]</mark> | default for a clinical commissioning group |" in md
    assert "| The Dudley Group NHS Foundation Trust | <mark>\\[£10,000,000: to be agreed\\]</mark> | default for an NHS foundation trust |" in md
    assert "| Castle Meadows Surgery | <mark>\\[£500,000: to be agreed\\]</mark> | default for a GP practice |" in md
    assert "more than half of the existing Parties" in md
    assert "six (6) months' notice" in md


def test_liability_cap_as_a_percentage_of_the_budget(tmp_path):
    md = build(PARTIAL_ALLIANCE, tmp_path, ("  liability_cap: { amount: 1000000 }",
                                            "  liability_cap: { percent_of_budget: 0.5 }"))["alliance_agreement"]
    # the budget is £244m for 2018/19; 0.5% of it is £1,220,000, above a GP practice's default
    assert "| The Dudley Group NHS Foundation Trust | £1,220,000 | cap agreed for every Party |" in md
    assert "| Castle Meadows Surgery | <mark>\\[£500,000: to be agreed\\]</mark> | default for a GP practice, below the cap for the other Parties |" in md


# ---------------------------------------------------------------- integration agreement

PRACTICES = [  # name, ODS code, contract, list size, annual payment at £4.50 a patient
    ("Castle Meadows Surgery", "M87001", "GMS", "9,800", "£44,100.00"),
    ("Netherton Health Centre", "M87002", "PMS", "7,400", "£33,300.00"),
    ("Stourbridge Road Practice", "M87003", "GMS", "11,200", "£50,400.00"),
    ("Kingswinford Medical Practice", "M87004", "GMS", "8,650", "£38,925.00"),
    ("Halesowen Family Doctors", "M87005", "PMS", "6,300", "£28,350.00"),
    ("Sedgley Lane Surgery", "M87006", "APMS", "5,100", "£22,950.00"),
]


def test_integration_parties_lead_provider_and_practices(integration_md):
    front = integration_md.split("**Background**")[0]
    assert "**Birmingham Community Healthcare NHS Foundation Trust**" in front
    assert "the 6 GP practices listed in Schedule 1" in front
    assert "**Lead Provider** means Birmingham Community Healthcare NHS Foundation Trust." in integration_md
    signatures = integration_md.split("## Execution")[-1]
    for name, *_ in PRACTICES:
        assert f"| {name} |" in signatures


def test_integration_schedule_gives_each_practice_its_particulars_and_payment(integration_md):
    schedule = integration_md.split("## Schedule 1: Participating Practices")[1]
    for i, (name, ods, contract, size, payment) in enumerate(PRACTICES, start=1):
        section = schedule.split(f"\n1.{i} **{name}**")[1].split(f"\n1.{i + 1} **")[0]
        assert f"ODS code: {ods}." in section
        assert f"Contract for core primary medical services: {contract}, retained." in section
        assert f"Registered list: {size} patients." in section
        assert f"Annual payment: {payment}." in section
    assert "total £218,025.00" in schedule  # 48,450 patients at £4.50
    assert "**Payment Rate** means £4.50 a year for each patient" in integration_md


def test_integration_services_forum_and_gp_contracts(integration_md):
    section = integration_md.split("Integrated services {#")[1].split("Governance: the Forum")[0]
    for service in ["Community health services", "Adult community mental health services",
                    "Primary care services beyond the core GP contract"]:
        assert f"**{service}**" in section
    assert "Learning disability services" not in section
    assert "**Forum** means the Dudley MCP Practice Forum" in integration_md
    assert "continues unchanged" in integration_md
    assert "continues until 31 March 2033" in integration_md


def test_integration_nhs_contract_true_holds_only_for_those_that_can_be_health_service_bodies(integration_md):
    ids = clause_ids(integration_md)
    assert "common-status" in ids
    status = re.split(r"### \d+\. Legal status", integration_md)[1].split("\n### ")[0]
    # the trust and the GMS and PMS practices (which elect) have an NHS contract between them ...
    assert re.search(r"As between Birmingham Community Healthcare NHS Foundation Trust, Castle Meadows Surgery, "
                     r"[^.]*Halesowen Family Doctors, each of which is a health service body \(each practice among them "
                     r"holding a GMS or PMS contract and having elected to be regarded as one\), this Agreement is an "
                     r"NHS contract within section 9 of the National Health Service Act 2006", status)
    # ... and the APMS practice, which cannot be one, has an enforceable contract
    assert ("Sedgley Lane Surgery, because it holds an APMS contract, and an APMS contractor cannot be a health "
            "service body.") in status
    assert "Sedgley Lane Surgery" not in status.split("each of which is a health service body")[0]


def test_integration_nhs_contract_false(tmp_path):
    md = build(PARTIAL, tmp_path, ("  nhs_contract: true", "  nhs_contract: false"))["integration_agreement"]
    status = re.split(r"### \d+\. Legal status", md)[1].split("\n### ")[0]
    assert ("This Agreement is a contract enforceable in the courts of England and Wales. It is not an NHS contract "
            "within section 9 of the National Health Service Act 2006") in status
    assert ("Castle Meadows Surgery: it holds a GMS contract and does not enter into this document as a health "
            "service body") in status
    assert "each of which is a health service body" not in status


# ---------------------------------------------------------------- memorandum of understanding

def test_memorandum_is_not_binding_except_confidentiality(alliance_docs):
    md = alliance_docs["memorandum_of_understanding"]
    assert "**This Memorandum is not legally binding.**" in md
    assert "It does not create legal relations between the Partners" in md
    status = md.split("Status of this Memorandum {#")[1].split("### 3.")[0]
    confidentiality_number = md.split("Confidentiality {#c-mou-confidentiality}")[0].rsplit("### ", 1)[1].split(".")[0]
    assert f"The only exception is [clause {confidentiality_number}](#c-mou-confidentiality), which is legally binding" in status
    assert "not legally binding, except for the confidentiality clause" in md.split("**Background**")[0]


def test_memorandum_substance(alliance_docs):
    md = alliance_docs["memorandum_of_understanding"]
    assert "agree by March 2018 whether to enter into an alliance agreement;" in md
    assert "take decisions at the level closest to the people they affect." in md
    assert "The Dudley MCP Partnership Board oversees the work" in md
    assert "the costs of joint work are shared equally between the commissioners" in md
    assert "takes effect on 30 June 2017 and lasts for eighteen (18) months" in md
    for name in ["NHS Dudley Clinical Commissioning Group", "Dudley Metropolitan Borough Council",
                 "Black Country Partnership NHS Foundation Trust"]:
        assert f"**{name}**" in md
