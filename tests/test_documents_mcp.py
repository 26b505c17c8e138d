"""The MCP contract at each integration level, and the board terms of reference for each decision rule:
the right variant's clauses and not the others', and the figures the partnership file gives."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from contractgen.build import assemble_all
from contractgen.partnership.load import load
from contractgen.resources import Resources
from contractgen.templating import money
from contractgen.writers.markdown import to_markdown

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "partial": ROOT / "examples" / "dudley.yaml",
    "full": ROOT / "tests" / "fixtures" / "partnerships" / "mcp_full.yaml",
}


@pytest.fixture(scope="module")
def contracts():
    out = {}
    for level, path in FILES.items():
        loaded = load(path)
        built = assemble_all(loaded, Resources(), only=["mcp_contract", "board_terms_of_reference"])
        out[level] = (loaded.partnership, built.documents)
    return out


def _included(assembled) -> set[str]:
    return {d.clause_id for d in assembled.decisions if d.included}


def _flat(assembled) -> str:
    return re.sub(r"\s+", " ", to_markdown(assembled.document)).replace("\\", "")


@pytest.mark.parametrize("level", ["partial", "full"])
def test_each_level_gets_its_own_integration_clauses_only(contracts, level):
    partnership, docs = contracts[level]
    assert partnership.partnership.integration_level == level
    included = _included(docs["mcp_contract"])
    for variant in ("partial", "full"):
        for clause in (f"mcp.particulars.integration.{variant}", f"mcp.sc.primary_medical.{variant}"):
            assert (clause in included) == (variant == level), clause
    assert ("mcp.gc.reinstatement" in included) == (level == "full")


def test_partial_integration_keeps_gp_contracts_outside_and_links_practices(contracts):
    partnership, docs = contracts["partial"]
    text = _flat(docs["mcp_contract"])
    assert "Integration Agreement" in text
    assert money(partnership.integration_agreement.payment_per_patient, pence=True) in text
    assert partnership.integration_agreement.forum in text
    assert "Alliance Agreement" not in text


def test_full_integration_suspends_gp_contracts_and_puts_primary_care_in_the_budget(contracts):
    partnership, docs = contracts["full"]
    text = _flat(docs["mcp_contract"])
    assert "suspend" in text.lower()
    assert "Integration Agreement" not in text
    primary = sum((l.amount for l in partnership.budget.lines if l.primary_medical), Decimal(0))
    assert primary > 0 and money(primary) in text


def test_a_virtual_mcp_that_asks_for_an_mcp_contract_is_refused_in_its_own_file():
    from contractgen.errors import InvalidInput

    path = ROOT / "tests" / "fixtures" / "partnerships" / "mcp_virtual.yaml"
    with pytest.raises(InvalidInput) as caught:
        load(path)
    lines = [str(d) for d in caught.value.diagnostics]
    assert any(re.match(rf"{re.escape(str(path))}:\d+:\d+: documents\[0\]: expected documents that fit virtual "
                        r"integration, got mcp_contract: a virtual model has no single contract", line) for line in lines)
    assert any(": budget: expected no budget section for a virtually integrated mcp" in line for line in lines)


def test_budget_schedule_totals_and_contract_sum(contracts):
    partnership, docs = contracts["partial"]
    text = _flat(docs["mcp_contract"])
    total = sum(l.amount for l in partnership.budget.lines)
    ips = total * partnership.improvement_scheme.percent_of_budget / 100
    assert money(total) == "£244,000,000" and money(total) in text
    assert money(ips) in text and money(total + ips) in text  # the contract sum
    for line in partnership.budget.lines:
        assert money(line.amount) in text
    by_commissioner = {}
    for line in partnership.budget.lines:
        by_commissioner[line.commissioner] = by_commissioner.get(line.commissioner, 0) + line.amount
    for amount in by_commissioner.values():
        assert money(amount) in text


def test_improvement_metrics_and_their_maximum_payments(contracts):
    partnership, docs = contracts["partial"]
    text = _flat(docs["mcp_contract"])
    total = sum(l.amount for l in partnership.budget.lines) * partnership.improvement_scheme.percent_of_budget / 100
    for metric in partnership.improvement_scheme.metrics:
        assert metric.name in text
        assert money(total * metric.weight / 100) in text


def test_the_risk_share_has_one_home_and_the_contract_refers_to_it(contracts):
    # Dudley's set has a risk and gain share agreement with two schemes: the contract names each, restating none
    included = _included(contracts["partial"][1]["mcp_contract"])
    assert "mcp.gc.risk_share_schemes" in included and "mcp.gc.risk_share" not in included
    assert "mcp.gc.risk_share_reference" not in included
    text = _flat(contracts["partial"][1]["mcp_contract"])
    assert "Gains and losses are measured, adjusted and shared under the following schemes of the Risk Share " \
           "Agreement, not under this Contract" in text
    assert "by the same percentage as the Whole Population Budget" not in text
    # with one scheme written directly, the contract refers to the agreement for that one measure
    one = assemble_all(load(ROOT / "tests" / "fixtures" / "one_scheme" / "dudley.yaml"), Resources(),
                       only=["mcp_contract"]).documents["mcp_contract"]
    assert "mcp.gc.risk_share_reference" in _included(one) and "mcp.gc.risk_share_schemes" not in _included(one)
    assert "Gains and losses on spend on avoidable emergency admissions are measured, adjusted and shared under " \
           "the Risk Share Agreement, not under this Contract" in _flat(one)


@pytest.mark.parametrize("level", ["partial", "full"])
def test_terms_of_reference_follow_the_decision_rule(contracts, level):
    partnership, docs = contracts[level]
    board = partnership.governance.board
    included = _included(docs["board_terms_of_reference"])
    for rule in ("unanimous", "consensus", "majority"):
        assert (f"governance.tor.decisions.{rule}" in included) == (rule == board.decision_rule)
    assert ("governance.tor.reserved_matters" in included) == bool(board.reserved_matters)
    text = _flat(docs["board_terms_of_reference"])
    assert board.name in text
    for member in board.members:
        assert member.role.replace("\\", "") in text
    coi = partnership.governance.conflicts_of_interest
    assert str(coi.declaration_days) in text
