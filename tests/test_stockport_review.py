"""The corrections a review of a commissioner-and-provider partnership (Stockport) called for, each tested on
the clause that carries the duty: the board's status, the status of the integration agreement across the
set, the procurement rules each commissioner follows, and the risk and gain share words where there is none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.cli import main
from contractgen.document import inline_text
from documents import assembled, clause_text, edited

ROOT = Path(__file__).resolve().parent.parent
STOCKPORT = ROOT / "examples" / "stockport.yaml"


@pytest.fixture(scope="module")
def stockport():
    return {k: a.document for k, a in assembled(STOCKPORT).items()}


def test_a_joint_committee_of_members_that_cannot_form_one_is_warned_at_the_status(tmp_path):
    path = edited(STOCKPORT, tmp_path, ("    status: advisory ", "    status: joint_committee "))
    result = CliRunner().invoke(main, ["validate", str(path)])
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "status: joint_committee" in text)
    assert re.search(rf"{re.escape(path.name)}:{line}:\d+: warning: governance\.board\.status: expected members that "
                     r"can together form a joint committee .* got ccg, company, foundation_trust, gp_federation, "
                     r"gp_practice, local_authority, .*choose advisory or committees_in_common \[board-status\]",
                     result.output), result.output
    strict = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert strict.exit_code == 2, strict.output


@pytest.mark.parametrize("keep, warned", [({"stockport_mbc"}, False), ({"stockport_ccg"}, False),
                                         ({"stockport_ccg", "stockport_mbc"}, True), ({"stockport_ft"}, True)])
def test_only_bodies_the_law_lets_delegate_together_may_form_a_joint_committee(keep, warned):
    from contractgen.partnership.load import load
    from contractgen.partnership.rules import _Findings, _joint_committee
    loaded = load(STOCKPORT)
    board = loaded.partnership.governance.board
    board.members[:] = [m for m in board.members if m.party in keep]
    found = _Findings(loaded.positions)
    _joint_committee(loaded.partnership, found, ("governance", "board"))
    assert bool(found.warnings) is warned


def test_the_advisory_board_says_it_takes_no_delegated_functions(stockport):
    constitution = clause_text(stockport["board_terms_of_reference"], "governance.tor.constitution")
    assert "The Board is an advisory partnership board. No Partner delegates any of its functions to it" in constitution
    assert "The Board's decisions are recommendations to the Partners." in constitution
    assert "joint committee" not in constitution


def test_the_practices_election_is_one_story_across_the_set(stockport):
    isa = clause_text(stockport["information_sharing_agreement"], "common.status")
    ia = clause_text(stockport["integration_agreement"], "common.status")
    for status in (isa, ia):
        assert ("[Fernlea Surgery: ILLUSTRATIVE] and [Thornbury Road Practice: ILLUSTRATIVE], each of which is a health "
                "service body (each practice among them holding a GMS or PMS contract and having elected to be "
                "regarded as one)") in status, status
        # names and forms the file gives only as illustrations stay bracketed here too
        assert ("[Stockport Together new organisation: ILLUSTRATIVE], because it is a company ([legal form to be "
                "confirmed])") in status
        assert "Viaduct Health, because it is a GP federation ([legal form to be confirmed])" in status
        assert "does not enter into this document as a health service body" not in status
    integration = clause_text(stockport["mcp_contract"], "mcp.particulars.integration.partial")
    assert ("The Provider is not a health service body, so an Integration Agreement is not an NHS contract between the "
            "Provider and any Participating Practice") in integration
    assert "only between the Provider and a Participating Practice that is a health service body" not in integration


def test_a_council_commissioner_follows_the_public_contracts_regulations(stockport):
    conflicts = clause_text(stockport["mcp_contract"], "mcp.gc.conflicts")
    assert ("Each Commissioner that is an NHS body must manage conflicts of interest in line with the National Health "
            "Service (Procurement, Patient Choice and Competition) (No. 2) Regulations 2013") in conflicts
    assert "Each Commissioner that is a local authority must manage them in line with the Public Contracts Regulations 2015" in conflicts


def test_no_risk_and_gain_share_words_without_one(stockport):
    mcp = stockport["mcp_contract"]
    parties = clause_text(mcp, "mcp.particulars.parties")
    assert "bound by the clauses on governance, information, conflicts of interest" in parties
    total = clause_text(mcp, "mcp.particulars.contract_sum")
    assert "risk and gain share" not in total and "The Commissioners must not pay the Provider" in total


def test_the_mediator_s_costs_fall_on_the_parties_to_the_dispute(stockport):
    disputes = clause_text(stockport["mcp_contract"], "mcp.gc.disputes")
    assert "The Parties to the Dispute share the mediator's costs equally." in disputes


def test_the_advisory_wording_reaches_the_pdf(tmp_path):
    import shutil
    import subprocess
    assert shutil.which("pdftotext"), "pdftotext is required"
    result = CliRunner().invoke(main, ["build", str(STOCKPORT), "--format", "pdf", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = next(tmp_path.rglob("board_terms_of_reference.pdf"))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "The Board is an advisory partnership board. No Partner delegates any of its functions to it" in text
    assert "is not counted in deciding whether there is consensus" in text


def test_figures_worked_out_from_illustrative_ones_are_bracketed(stockport):
    mcp = stockport["mcp_contract"]
    total = clause_text(mcp, "mcp.particulars.contract_sum")
    assert "The Whole Population Budget for 2019/20 is [£234,000,000: ILLUSTRATIVE]." in total
    assert "the Improvement Payment for 2019/20 is [£4,680,000: ILLUSTRATIVE], which is [2%: ILLUSTRATIVE]" in total
    assert "The Contract Sum for 2019/20 is therefore [£238,680,000: ILLUSTRATIVE]." in total
    ips = clause_text(mcp, "mcp.gc.improvement_payment")
    assert "an Improvement Payment of up to [£4,680,000: ILLUSTRATIVE] for 2019/20" in ips


def test_a_caldicott_guardian_s_sign_off_is_a_duty_not_a_fact(stockport):
    caldicott = clause_text(stockport["information_sharing_agreement"], "isa.caldicott")
    assert ("[L. Guardian: ILLUSTRATIVE], Medical Director and Caldicott Guardian of Stockport NHS Foundation Trust, "
            "must review this Agreement, and sign it off as lawful, necessary and proportionate for the purpose, before "
            "any Data Controller signs it.") in caldicott
    assert "has reviewed" not in caldicott


def test_a_consensus_board_speaks_of_consensus_not_votes(stockport):
    tor = stockport["board_terms_of_reference"]
    decisions = clause_text(tor, "governance.tor.decisions.consensus")
    assert "no Member counted for consensus (as clause 6 shows) who is present at a quorate meeting objects" in decisions
    quorum = clause_text(tor, "governance.tor.quorum")
    assert "at least six (6) Members counted for consensus are present" in quorum
    board = clause_text(stockport["mcp_contract"], "mcp.schedule.board")
    assert "members counted for consensus are present, including at least one from each Party that has such a member" in board


def test_a_council_s_services_reach_the_adults_it_owes_care_act_duties_to(stockport):
    population = clause_text(stockport["mcp_contract"], "mcp.particulars.population")
    assert ("For the Services that Stockport Metropolitan Borough Council commissions (Adult social care and Home "
            "reablement), the Population is instead the adults to whom Stockport Metropolitan Borough Council owes "
            "duties under the Care Act 2014") in population


def test_the_background_does_not_put_the_provider_beside_itself(stockport):
    front = next(p for p in stockport["mcp_contract"].parts if p.kind == "front")
    text = " ".join(inline_text(b.content) for b in front.blocks if hasattr(b, "content"))
    assert "working with the Partner Providers, as the new organisation formed to hold it." in text
    assert "through a new organisation" not in text


def test_the_council_s_commissioning_staff_do_not_see_shared_data(stockport):
    security = clause_text(stockport["information_sharing_agreement"], "isa.security")
    assert ("Stockport Metropolitan Borough Council is a party to this Agreement only as a provider of care (Home "
            "reablement).") in security
    assert "its staff who commission services, or who manage its commissioning, must not have access to Shared Data" in security
    dp = clause_text(stockport["mcp_contract"], "mcp.gc.data_protection")
    assert ("Each Party that shares personal data for the Services must be a party to the information sharing agreement "
            "of the partnership, in force from the Service Commencement Date") in dp
    assert "The Parties must have an information sharing agreement" not in dp


def test_a_practice_leaves_on_the_integration_agreement_s_notice(stockport):
    integration = clause_text(stockport["mcp_contract"], "mcp.particulars.integration.partial")
    assert ("A Participating Practice may leave by ending its Integration Agreement under that agreement's terms, on "
            "at least twelve (12) months' notice") in integration
    exit_ = clause_text(stockport["integration_agreement"], "common.exit")
    assert "A Party may leave this Agreement by giving at least twelve (12) months' notice" in exit_


def test_a_practice_is_represented_on_the_board_but_is_no_party_to_its_terms(stockport):
    tor = stockport["board_terms_of_reference"]
    _, approval = tor.find("governance.tor.approval")
    from contractgen.document import Table
    tables = [b for b in approval.blocks if isinstance(b, Table)]
    partners = [inline_text(row[0]) for row in tables[0].rows]
    assert "Viaduct Health" in partners
    assert not [p for p in partners if "Brookvale" in p]
    membership = clause_text(tor, "governance.tor.membership")
    assert "represents general practice as a whole and not only their own practice" in membership
