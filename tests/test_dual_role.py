"""A party that both commissions and provides (`also_roles`): it is in every list it belongs to, signs
once, pays no one itself, and the documents say in which capacity it acts where the two meet.

Stockport is the example: its council commissions adult social care and provides home reablement
itself (illustrative), keeping the £8m of its contribution that pays for it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.cli import main
from contractgen.context import build_context
from contractgen.deal import build_deal
from contractgen.partnership.load import load
from documents import build, clause_text, edited, line_of

ROOT = Path(__file__).resolve().parent.parent
STOCKPORT = ROOT / "examples" / "stockport.yaml"
COUNCIL = "Stockport Metropolitan Borough Council"


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return build(STOCKPORT)


def _deal(path: Path):
    return build_deal(load(path).partnership)


def _rows(md: str, first_cell: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split("|")] for line in md.splitlines()
            if line.startswith(f"| {first_cell} |")]


def _section(md: str, heading: str) -> str:
    start = md.index(heading)
    end = md.find("\n## ", start + 1)
    return md[start:end if end != -1 else len(md)]


def test_the_council_is_a_commissioner_and_a_partner_provider_in_the_context():
    context = build_context(load(STOCKPORT).partnership)
    assert COUNCIL in [x.name for x in context["commissioners"]]
    assert COUNCIL in [x.name for x in context["providers"]]
    assert context["lead_provider"].id == "new_org"  # the prime provider stays the Provider
    assert context["coordinating_commissioner"].id == "stockport_ccg"


def test_the_council_is_in_both_lists_named_once_and_signs_once(docs):
    md = docs["mcp_contract"]
    assert f"**Commissioners** means NHS Stockport Clinical Commissioning Group and {COUNCIL}." in md
    assert re.search(rf"\*\*Partner Providers\*\* means {COUNCIL}, Stockport NHS Foundation Trust, ", md)
    front = md[:md.index("**Background**")]
    assert front.count(f"**{COUNCIL}**") == 1
    assert [r[1] for r in _rows(md, COUNCIL) if r[1].startswith("Commissioner")] == ["Commissioner and Partner Provider"]
    signatures = _section(md, "## Execution")
    assert len(_rows(signatures, COUNCIL)) == 1
    deal = _deal(STOCKPORT)
    for doc in deal.documents:
        assert doc.parties.count("stockport_mbc") <= 1, doc.id


def test_no_money_flows_from_the_council_to_itself_and_it_keeps_what_pays_for_its_own_service():
    deal = _deal(STOCKPORT)
    assert [(d.party, d.commissioning_role, d.providing_role, d.services, d.is_provider) for d in deal.dual] == [
        ("stockport_mbc", "commissioner", "provider", ("Home reablement",), False)]
    assert not [f for f in deal.flows if f.payer == f.payee]
    council = [f for f in deal.flows if f.payer == "stockport_mbc"]
    assert [(f.payee, f.amount) for f in council] == [("new_org", Decimal(66_000_000))]
    assert [(r.party, r.amount, r.financial_year, r.purpose) for r in deal.retained] == [
        ("stockport_mbc", Decimal(8_000_000), "2019/20", "Home reablement")]
    # the budget is whole: what is paid across plus what is kept
    paid = sum(f.amount for f in deal.flows if f.instrument == "mcp_contract" and f.purpose != "improvement payment (the most payable)")
    assert paid + deal.retained_by("stockport_mbc") == Decimal(234_000_000)


@pytest.mark.parametrize("name", ["dudley", "modality", "northumberland", "salford", "somerset", "wolverhampton",
                                  "wyvern_vale"])
def test_no_other_example_has_a_dual_party_or_pays_itself_outside_a_pool(name):
    deal = _deal(ROOT / "examples" / f"{name}.yaml")
    assert deal.dual == () and deal.retained == ()
    # a host's own contribution to the pooled fund it hosts is the only flow with one party at both ends
    assert all(f.instrument == "section75_agreement" and deal.pool and f.payee == deal.pool.host
               for f in deal.flows if f.payer == f.payee)


def test_the_money_tables_and_the_payment_clause_say_what_is_paid_and_what_is_kept(docs):
    md = docs["mcp_contract"]
    table = _section(md, "### 2. Whole Population Budget by Commissioner")
    assert _rows(table, COUNCIL) == [[COUNCIL, "<mark>\\[£74,000,000: ILLUSTRATIVE\\]</mark>",
                                      "<mark>\\[£8,000,000: ILLUSTRATIVE\\]</mark>",
                                      "<mark>\\[£66,000,000: ILLUSTRATIVE\\]</mark>"]]
    # totals of illustrative lines are illustrative too
    assert ("| **Total** | **<mark>\\[£234,000,000: ILLUSTRATIVE\\]</mark>** | **<mark>\\[£8,000,000: ILLUSTRATIVE\\]</mark>** "
            "| **<mark>\\[£226,000,000: ILLUSTRATIVE\\]</mark>** |") in table
    payment = re.search(r"GC1\.1 (.*)", md).group(1)
    assert payment.startswith("Each Commissioner must pay the Provider its share of the Whole Population Budget, "
                              "less any part of it that the Commissioner keeps under [clause 8]")


def test_the_contract_says_in_which_capacity_the_council_acts(docs):
    md = docs["mcp_contract"]
    clause = md[md.index("### 8. A Party in two capacities"):md.index("### 9. ")]
    assert (f"8.1 {COUNCIL} is a Party in two capacities: as a Commissioner, and as a Partner Provider that "
            "provides services itself (Home reablement).") in clause
    assert "8.2.1 gives a Dual-Capacity Party, in one of its capacities, a right against itself in the other" in clause
    assert (f"8.4 {COUNCIL} does not pay itself. Of its contribution to the Whole Population Budget for 2019/20, "
            "<mark>\\[£8,000,000: ILLUSTRATIVE\\]</mark> (its Kept Sum) pays for Home reablement, which it provides "
            "itself.") in clause
    assert "must not vote" not in clause  # a consensus board takes no votes: see the conflicts tests


def test_conflicts_clauses_leave_the_council_out_of_consensus_on_its_own_service(docs):
    tor = docs["board_terms_of_reference"]
    paragraph = next(line for line in tor.splitlines() if line.startswith(f"11.6 {COUNCIL} both commissions"))
    assert ("counts towards the quorum, but is not counted in deciding whether there is consensus, and their "
            "objection does not prevent it") in paragraph
    assert "vote" not in paragraph
    assert "below the level of that Member and with no responsibility for managing the services it provides" in paragraph
    gc = re.search(r"GC13\.5 (.*)", docs["mcp_contract"]).group(1)
    assert gc.startswith("A Party that is both a Commissioner and a provider of Services has a conflict of interest")
    assert gc.endswith("its Member is not counted in deciding whether there is consensus on them, and its objection "
                       "does not prevent it.")
    assert "vote" not in gc


def test_the_cross_document_check_stays_clean():
    result = CliRunner().invoke(main, ["lint", str(STOCKPORT)])
    assert result.exit_code == 0, result.output
    assert re.search(r"^0 finding\(s\)", result.output, re.M), result.output


def test_a_provider_that_also_commissions_keeps_its_whole_contribution(tmp_path):
    """The council as prime provider beside the CCG: it pays itself nothing; only the CCG pays it."""
    path = edited(STOCKPORT, tmp_path,
                  ("    also_roles: [provider]", "    also_roles: [prime_provider]"),
                  ("    role: prime_provider                      # sourced", "    role: provider  # sourced"))
    deal = _deal(path)
    assert deal.dual[0].is_provider and deal.dual[0].providing_role == "prime_provider"
    assert not [f for f in deal.flows if f.payer == f.payee]
    assert deal.retained_by("stockport_mbc") == Decimal(74_000_000)
    assert {f.payer for f in deal.flows if f.payee == "stockport_mbc" and f.instrument == "mcp_contract"} == {
        "stockport_ccg"}
    md = build(path)["mcp_contract"]
    assert (f"{COUNCIL} does not pay itself. As the Provider, it keeps its whole contribution to the Whole "
            "Population Budget, <mark>\\[£74,000,000: ILLUSTRATIVE\\]</mark> for 2019/20") in md
    assert "This applies in particular to the rights to end this Contract in [clause GC11]" in md


def _validate(path: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, result.output.splitlines()


def test_a_provider_that_is_also_the_co_ordinating_commissioner_is_refused_at_the_line(tmp_path):
    path = edited(STOCKPORT, tmp_path,
                  ("    role: co_ordinating_commissioner\n", "    role: co_ordinating_commissioner\n"
                                                              "    also_roles: [prime_provider]\n"),
                  ("    role: prime_provider                      # sourced", "    role: provider  # sourced"))
    code, lines = _validate(path)
    assert code == 2
    assert lines == [f"{path}:{line_of(path, 'also_roles: [prime_provider]')}:18: parties[0].also_roles[0]: expected a co-ordinating commissioner other than "
                     "'stockport_ccg', which is the Provider of the MCP contract: the co-ordinating commissioner "
                     "manages the contract against the Provider; give co_ordinating_commissioner to 'stockport_mbc' "
                     "and make 'stockport_ccg' a commissioner"]


@pytest.mark.parametrize("old, new, message", [
    ("    also_roles: [provider]", "    also_roles: [participant]",
     "parties[1].also_roles[0]: expected a commissioning and a providing role, got participant with commissioner: "
     "a participant takes part in no other capacity; give the party's roles without participant, or leave out "
     "also_roles"),
    ("    also_roles: [provider]", "    also_roles: [co_ordinating_commissioner]",
     "parties[1].also_roles[0]: expected one commissioning role, got commissioner and co_ordinating_commissioner: "
     "a co-ordinating commissioner is already a commissioner; give co_ordinating_commissioner alone"),
])
def test_contradictory_roles_are_refused_at_the_line(tmp_path, old, new, message):
    path = edited(STOCKPORT, tmp_path, (old, new))
    code, lines = _validate(path)
    assert code == 2
    assert f"{path}:{line_of(path, new)}:18: {message}" in lines


def test_a_trust_cannot_take_a_commissioning_role(tmp_path):
    path = edited(STOCKPORT, tmp_path, ("    ods_code: RWJ\n", "    ods_code: RWJ\n    also_roles: [commissioner]\n"))
    code, lines = _validate(path)
    assert code == 2
    assert lines == [f"{path}:{line_of(path, 'also_roles: [commissioner]')}:18: parties[3].also_roles[0]: expected a commissioning body (ccg, nhs_england or "
                     "local_authority) for role commissioner, got kind foundation_trust"]


def test_the_format_documents_also_roles():
    text = (ROOT / "docs" / "partnership-format.md").read_text(encoding="utf-8")
    assert "also_roles" in text and "does not vote as a commissioner on decisions about its own services" in text


def test_the_council_s_status_follows_what_it_is_in_either_capacity(docs):
    """A local authority is not a health service body, whether it commissions or provides."""
    status = _deal(STOCKPORT).document("mcp_contract").status
    council = [x for x in status.parties if x.party == "stockport_mbc"]
    assert len(council) == 1 and not council[0].health_service_body
    assert status.kind == "mixed"
    md = docs["mcp_contract"]
    assert md.count(f"{COUNCIL}, because it is a local authority, which is not a health service body") == 1


def test_a_commissioner_that_provides_care_shares_data_for_direct_care(tmp_path):
    """Commissioners that give no care are left out of a direct-care sharing agreement; one that provides is in."""
    path = edited(STOCKPORT, tmp_path, ("    role: co_ordinating_commissioner\n", "    role: co_ordinating_commissioner\n"
                                                                          "    also_roles: [provider]\n"))
    assert "stockport_ccg" not in _deal(STOCKPORT).document("information_sharing_agreement").parties
    assert "stockport_ccg" in _deal(path).document("information_sharing_agreement").parties


# ---------------------------------------------------------------- the in-house Service, clause by clause

@pytest.fixture(scope="module")
def mcp():
    from documents import assembled
    return assembled(STOCKPORT)["mcp_contract"].document


def test_the_council_decides_on_its_own_service_with_the_ccg_s_agreement_not_the_ccg_alone(mcp):
    decisions = clause_text(mcp, "common.capacities.decisions")
    assert "the Co-ordinating Commissioner does not exercise the right or take the decision for the Dual-Capacity Party" in decisions
    assert ("The Dual-Capacity Party, as the Commissioner that funds that Service, exercises the right and takes the "
            "decision itself, through the officer named under clause 8.6, and only with the Co-ordinating "
            "Commissioner's agreement") in decisions
    assert "either of them may refer the matter to clause GC8" in decisions
    assert "section 75 of the National Health Service Act 2006, and the documents of the partnership include none" in decisions
    # suspension, step-in and termination are the rights named
    for ref in ("clause GC9", "clause GC10", "clause GC11"):
        assert ref in decisions
    parties = clause_text(mcp, "mcp.particulars.parties")
    assert ("It does not act for a Commissioner in a decision about a Service that Commissioner provides itself, "
            "which clause 8.3 governs") in parties


def test_the_council_owes_its_own_service_directly_and_bears_its_own_costs(mcp):
    own = clause_text(mcp, "common.capacities.own_service")
    assert f"{COUNCIL} owes the provision of that Service directly to the Co-ordinating Commissioner" in own
    assert "the Provider is not responsible for how" in own and "not provided under a Sub-contract" in own
    assert ("any reasonable cost of suspending that Service under clause GC9, or of a step-in under clause GC10, is met "
            "from its Kept Sum, and no payment due to the Provider is reduced for it") in own
    assert "the Provider's indemnity in clause GC17 does not cover any loss, claim or cost that " + COUNCIL in own
    assert ("must from that date pay the Provider its Kept Sum (or the part of it for what it has stopped providing), "
            "pro rata for the rest of the Contract Year") in own
    assert "remains responsible" not in clause_text(mcp, "common.capacities")
    provider = clause_text(mcp, "mcp.particulars.parties")
    assert "except a Service that a Commissioner provides itself, for which clause 8.5 applies" in provider
    liability = clause_text(mcp, "mcp.gc.liability")
    assert "except as clause 8.5 provides for a Service that a Commissioner provides itself" in liability
    assert f"The cap shown for {COUNCIL} is one cap for all its liability under this Contract, in both its capacities" in liability


def test_the_kept_sum_has_accounts_reports_audit_underspend_and_uplift(mcp):
    own = clause_text(mcp, "common.capacities.own_service")
    assert "must keep separate accounts of its Kept Sum and of what it spends on that Service, open in full" in own
    assert "report on that Service to the Co-ordinating Commissioner as and when the Provider reports under clause GC6" in own
    assert "the same access to its premises, records, systems and staff for that Service as that clause requires" in own
    assert ("its Kept Sum is uplifted for each Contract Year after the first in the same way, and at the same time, as "
            "the Whole Population Budget is uplifted under clause GC1") in own
    assert f"{COUNCIL} bears any overspend of its Kept Sum" in own
    assert "any underspend in a Contract Year it must report to the Co-ordinating Commissioner within 60 days" in own


def test_the_council_names_a_commissioning_officer_below_its_board_member(mcp):
    officer = clause_text(mcp, "common.capacities.officer")
    assert ("an officer below the level of its Director of Adult Social Care (its Member of the Partnership Board) who "
            "has no responsibility for managing the Services it provides itself") in officer
    assert "[name and role of the commissioning officer to be confirmed]" in officer


def test_the_improvement_payment_says_how_the_kept_sum_counts(mcp):
    ips = clause_text(mcp, "mcp.gc.improvement_payment")
    assert "That percentage is taken of the Whole Population Budget as a whole, including the Kept Sum" in ips
    assert ("Each Commissioner pays its share of the Improvement Payment in proportion to its whole contribution to the "
            "Whole Population Budget, including any Kept Sum") in ips


def test_the_board_quorum_stands_without_the_conflicted_partner(docs):
    tor = docs["board_terms_of_reference"]
    quorum = tor[tor.index("### 8. Quorum"):tor.index("### 9. ")]
    assert ("On an item about a service that a Partner provides itself, a meeting is quorate without a Member from "
            "that Partner") in quorum


def test_the_in_house_service_clause_reaches_the_docx(tmp_path):
    import docx
    result = CliRunner().invoke(main, ["build", str(STOCKPORT), "--format", "docx", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = next(tmp_path.rglob("mcp_contract.docx"))
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    decisions = next(p for p in paragraphs if p.startswith("Where this Contract gives the Commissioners, or the "
                                                             "Co-ordinating Commissioner, a right or a decision"))
    assert "and only with the Co-ordinating Commissioner's agreement" in decisions
    costs = next(p for p in paragraphs if p.startswith("any reasonable cost of suspending that Service"))
    assert "is met from its Kept Sum, and no payment due to the Provider is reduced for it" in costs
