"""Salford's documents tell one story: the memorandum names every organisation in scope, every
organisation that delivers a Service may be sub-contracted to, the section 75 agreement names the
main agreement as the table of documents does, and the part-year Capitated Budget is reckoned in
months, as the pooled fund's part-year contributions are, so the pool can pay what is due."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from documents import build

ROOT = Path(__file__).resolve().parent.parent
SALFORD = ROOT / "examples" / "salford.yaml"


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return build(SALFORD)


def clause(md: str, anchor: str) -> str:
    """The text of one clause, from its anchor to the next heading."""
    match = re.search(rf"\{{#c-{re.escape(anchor)}\}}\n(.*?)(?=^#|\Z)", md, re.S | re.M)
    assert match, f"no clause {anchor}"
    return match.group(1)


def pounds(text: str) -> Decimal:
    return Decimal(text.replace("£", "").replace(",", ""))


def test_memorandum_names_every_organisation_that_delivers_a_service(docs):
    md = docs["memorandum_of_understanding"]
    front = md.split("**Background**")[0]
    signatures = clause(md, "common-execution")
    for name in ("Salford Royal NHS Foundation Trust", "Greater Manchester West Mental Health NHS Foundation Trust",
                 "Salford Primary Care Together"):
        assert f"**{name}**" in front, name
        assert f"| {name} |" in signatures, name


def test_every_organisation_delivering_a_service_is_an_approved_sub_contractor(docs):
    md = docs["pacs_agreement"]
    definition = re.search(r"^\*\*Approved Sub-contractor\*\* means (.*)$", md, re.M).group(1)
    named = definition.split(", or any other")[0]
    assert named == "Greater Manchester West Mental Health NHS Foundation Trust or Salford Primary Care Together"


def test_section75_names_the_main_agreement_as_the_table_of_documents_does(docs):
    md = docs["section75_agreement"]
    table_name = "the integrated primary and acute care system agreement"
    assert f"| {table_name[0].upper()}{table_name[1:]} |" in clause(md, "common-document_set")
    functions = clause(md, "s75-council_functions")
    assert f"on the terms of {table_name}, to which both are parties" in functions
    assert "Integrated Care Agreement" not in md
    # Salford Royal is an NHS foundation trust, not an NHS trust
    assert "### 9. Council functions carried out by an NHS body" in md


def test_part_year_budget_is_reckoned_as_the_pool_is_and_the_pool_covers_it(docs):
    pacs, s75 = docs["pacs_agreement"], docs["section75_agreement"]
    budget = clause(pacs, "pacs-budget")
    assert "reduced in proportion to the number of months in that part of the year" in budget
    assert "For each later financial year, the Capitated Budget is uplifted" in budget
    assert "at least two months before the financial year starts" in budget
    # the capitated contributions for 2017/18, then July to March 2016/17 by the clause's rule
    capitated = {m.group(1): pounds(m.group(2)) for m in re.finditer(r"^14\.1\.\d (.+?): (?:<mark>\\\[)?(£[\d,]+)", budget, re.M)}
    rows = {m.group(1): pounds(m.group(2)) for m in
            re.finditer(r"^\| (Salford City Council|NHS Salford Clinical Commissioning Group) \| (?:<mark>\\\[)?(£[\d,]+)",
                        clause(s75, "s75-contributions"), re.M)}
    assert set(capitated) == set(rows) == {"Salford City Council", "NHS Salford Clinical Commissioning Group"}
    for name, annual in capitated.items():
        part_year = annual * 9 / 12
        assert rows[name] >= part_year.quantize(Decimal(1)) - 1, (name, rows[name], part_year)
    # the host pays in monthly instalments over the months of the financial year, not twelve regardless
    distribution = clause(pacs, "pacs-budget-distribution")
    assert "twelve equal monthly instalments" not in distribution
    assert "one for each month of the financial year in which the Services are provided" in distribution


def test_a_contribution_worked_out_from_illustrative_figures_is_marked_illustrative(docs):
    # the CCG's lines are illustrative in the file; the council's 2017/18 figure is sourced
    budget = clause(docs["pacs_agreement"], "pacs-budget")
    assert "NHS Salford Clinical Commissioning Group: <mark>\\[£138,567,000: ILLUSTRATIVE\\]</mark>." in budget
    assert "Salford City Council: £74,433,000;" in budget
    table = clause(docs["section75_agreement"], "s75-contributions")
    assert ("| Salford City Council | <mark>\\[£55,825,000: ILLUSTRATIVE\\]</mark> | £74,433,000 |") in table
    assert ("| NHS Salford Clinical Commissioning Group | <mark>\\[£121,175,000: ILLUSTRATIVE\\]</mark> | "
            "<mark>\\[£161,567,000: ILLUSTRATIVE\\]</mark> |") in table


def test_status_and_document_set_read_as_sentences(docs):
    s75_status = clause(docs["section75_agreement"], "common-status")
    assert ("because section 9 applies only between health service bodies and Salford City Council is not one: "
            "it is a local authority, which is not a health service body.") in s75_status
    assert "4.1.1" not in s75_status  # no list of one
    tor = docs["board_terms_of_reference"]
    assert "3.1 These Terms of Reference are one of the documents" in tor
    # no member of Salford's board comes from a GP practice, so the quorum says nothing about one
    assert "GP practice" not in clause(tor, "governance-tor-quorum")


def test_the_documents_that_do_not_bind_are_named_as_the_subject_of_the_sentence(docs):
    # "This document is not legally binding: the terms of reference..." reads as if the agreement
    # in hand did not bind; each document names the ones that do not, with a verb that agrees
    pacs = clause(docs["pacs_agreement"], "common-document_set")
    assert ("The terms of reference of the partnership board and the memorandum of understanding are not legally "
            "binding. They record") in pacs
    assert "not legally binding:" not in pacs
    tor = clause(docs["board_terms_of_reference"], "common-document_set")
    assert "These Terms of Reference and the memorandum of understanding are not legally binding." in tor


def test_the_pool_says_where_every_pound_of_the_main_years_total_goes(docs):
    # the pool's 2017/18 total is the payment to the provider under the PACS agreement plus a rest
    # the host spends on other providers' services: nothing in the pool is left unexplained
    s75 = docs["section75_agreement"]
    total = pounds(re.search(r"^\| \*\*Total \(the Pooled Fund\)\*\* \| .*? \| \*\*(£[\d,]+)\*\* \|$",
                             clause(s75, "s75-contributions"), re.M).group(1))
    host = clause(s75, "s75-host")
    paid = pounds(re.search(r"under the integrated primary and acute care system agreement: (£[\d,]+) for 2017/18",
                            host).group(1))
    rest = pounds(re.search(r"The rest of the Pooled Fund for 2017/18, (£[\d,]+), is not paid to Salford Royal NHS "
                            r"Foundation Trust", host).group(1))
    assert paid == pounds(re.search(r"is (?:<mark>\\\[)?(£[\d,]+)(?:: ILLUSTRATIVE\\\]</mark>)?, made up service by service",
                                    clause(docs["pacs_agreement"], "pacs-budget")).group(1))
    assert paid + rest == total == Decimal(236_000_000)


def test_the_host_credits_its_own_contribution_instead_of_paying_itself(docs):
    contributions = clause(docs["section75_agreement"], "s75-contributions")
    host = re.search(r"^14\.1 (.+?) is the Host Partner\.", clause(docs["section75_agreement"], "s75-host"), re.M)
    assert host and host.group(1) == "Salford City Council"
    assert f"| {host.group(1)} |" in contributions  # the host contributes to the pool it hosts
    assert "each Partner other than the Host Partner must pay its contribution" in contributions
    assert "The Host Partner must credit its own contribution to the Pooled Fund in its accounts" in contributions
    assert "each Partner must pay its contribution for a Financial Year to the Host Partner" not in contributions


# ---------------------------------------------------------------- Dudley read side by side

def test_dudley_main_contract_and_integration_agreement_agree_on_how_a_practice_stops_taking_part():
    dudley = build(ROOT / "examples" / "dudley.yaml")
    mcp, ia, rs = dudley["mcp_contract"], dudley["integration_agreement"], dudley["risk_share_agreement"]
    # the MCP contract has six parties, so the risk share may not call it a contract between two sides
    main_contract = re.search(r"^\*\*Main Contract\*\* means (.+)$", rs, re.M).group(1)
    assert "between the Commissioners and" not in main_contract
    assert "under which Birmingham Community Healthcare NHS Foundation Trust provides those services" in main_contract
    practices = clause(mcp, "mcp-particulars-integration-partial")
    assert "must keep it in force for the Term for as long as the practice remains a Participating Practice" in practices
    assert "its participation also ends when that agreement says it does" in practices
    told = re.search(r"must tell the Co-ordinating Commissioner within (\S+) Business Days", practices).group(1)
    ending = clause(ia, "integration-ending")
    assert f"in writing within {told} Business Days of any Participating Practice stopping" in ending
