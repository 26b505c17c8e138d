"""Staff transfers (TUPE and pensions) and council functions an NHS trust carries out: the rules on the
file, and the clauses that carry each duty, in the document where the staff move."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractgen.build import assemble_all
from contractgen.document import Clause, Table, inline_text
from contractgen.errors import InvalidInput
from contractgen.partnership.load import load
from contractgen.resources import Resources

REPO = Path(__file__).resolve().parents[1]
SALFORD = REPO / "examples" / "salford.yaml"
WOLVERHAMPTON = REPO / "examples" / "wolverhampton.yaml"


def _build(path: Path):
    return assemble_all(load(path), Resources()).documents


def _clause(where, clause_id: str) -> Clause:
    """The clause `clause_id` in a document, or below a clause."""
    found = where.find(clause_id)[1] if hasattr(where, "parts") and where.find(clause_id) else next(
        (c for c in where.walk() if c.id == clause_id), None) if isinstance(where, Clause) else None
    assert found is not None, f"{clause_id} is not there"
    return found


def _text(clause: Clause) -> str:
    parts = [inline_text(c.text) for c in clause.walk()]
    for c in clause.walk():
        for block in c.blocks:
            if isinstance(block, Table):
                parts += [" | ".join(inline_text(cell) for cell in row) for row in block.rows]
    return "\n".join(parts)


def _edited(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


# ---------------------------------------------------------------- the clauses

def test_salford_council_staff_transfer_sits_in_the_pacs_agreement_with_lgps_admission():
    staff = _clause(_build(SALFORD)["pacs_agreement"].document, "common.staff_transfers")
    listed = _clause(staff, "common.staff_transfers.list")
    table = listed.blocks[0]
    assert [inline_text(c) for c in table.rows[0]] == [
        "Salford City Council", "Salford Royal NHS Foundation Trust", "adult social care staff", "Adult social care",
        "450", "1 July 2016", "Local Government Pension Scheme, as an admitted body"]
    pensions = _clause(staff, "common.staff_transfers.pensions")
    assert len(pensions.children) == 1
    item = inline_text(pensions.children[0].text)
    assert item.startswith("for the Staff Transfer from Salford City Council on 1 July 2016, Salford Royal NHS "
                           "Foundation Trust must become an admission body of the Local Government Pension Scheme")
    assert "Salford City Council must support the application for admission" in item


def test_indemnities_run_both_ways_and_information_comes_before_the_transfer():
    staff = _clause(_build(SALFORD)["pacs_agreement"].document, "common.staff_transfers")
    transferor = _clause(staff, "common.staff_transfers.indemnities")
    assert inline_text(transferor.text) == "The Transferor indemnifies the Transferee against all Staff Liabilities that arise from:"
    assert "before the Transfer Date" in inline_text(transferor.children[0].text)
    transferee = staff.children[staff.children.index(transferor) + 1]
    assert inline_text(transferee.text).startswith("The Transferee indemnifies the Transferor")
    assert "on or after the Transfer Date" in inline_text(transferee.children[0].text)
    information = _clause(staff, "common.staff_transfers.information")
    eli = inline_text(information.children[1].text)
    assert eli.startswith("the Employee Liability Information") and "at least 28 days before the Transfer Date" in eli
    exit_ = _clause(staff, "common.staff_transfers.exit")
    assert "TUPE may apply again" in inline_text(exit_.text) and len(exit_.children) == 3


def test_practice_gps_transfer_in_the_integration_agreement_with_nhs_pension_access():
    documents = _build(WOLVERHAMPTON)
    assert documents["pacs_agreement"].document.find("common.staff_transfers") is None
    staff = _clause(documents["integration_agreement"].document, "common.staff_transfers")
    pensions = _clause(staff, "common.staff_transfers.pensions")
    assert len(pensions.children) == 3
    assert all("The Royal Wolverhampton NHS Trust must make sure that every Transferring Employee who is a member "
               "of the NHS Pension Scheme" in inline_text(c.text) for c in pensions.children)
    # GP partners are not employees: the clause says they join under new contracts
    assert "A partner in a Transferor, or anyone else who is not its employee, does not transfer under TUPE" in _text(staff)
    table = _clause(staff, "common.staff_transfers.list").blocks[0]
    assert [inline_text(row[4]) for row in table.rows] == ["[5: ILLUSTRATIVE]", "[4: ILLUSTRATIVE]", "[3: ILLUSTRATIVE]"]


def test_no_staff_clause_where_no_staff_move():
    documents = _build(REPO / "examples" / "dudley.yaml")
    assert documents["mcp_contract"].document.find("common.staff_transfers") is None


def test_salford_royal_carries_out_council_functions_and_the_council_keeps_its_own():
    documents = _build(SALFORD)
    functions = _clause(documents["pacs_agreement"].document, "common.council_functions")
    listed = _clause(functions, "common.council_functions.list")
    assert "under section 75 of the National Health Service Act 2006" in inline_text(listed.text)
    assert [inline_text(row[1]) for row in listed.blocks[0].rows][0] == "Care Act 2014, sections 9 and 10"
    assert "are each satisfied that these arrangements are likely to lead to an improvement" in \
        inline_text(functions.children[1].text)  # section 75(1) of the 2006 Act
    kept = functions.children[2]
    assert inline_text(kept.text) == "Salford City Council keeps, and carries out itself:"
    kept_items = [inline_text(c.text) for c in kept.children]
    assert any("Safeguarding Adults Board" in k for k in kept_items)
    assert any(k.startswith("every decision to charge for care and support") for k in kept_items)
    s75 = _clause(documents["section75_agreement"].document, "s75.council_functions")
    assert len(s75.children[0].children) == 5


def test_care_act_delegation_says_the_council_answers_for_what_the_trust_does(tmp_path):
    path = _edited(tmp_path, SALFORD, "basis: integrated_provision", "basis: care_act_delegation")
    functions = _clause(_build(path)["pacs_agreement"].document, "common.council_functions")
    text = _text(functions)
    assert "Under section 79 of the Care Act 2014, Salford City Council authorises Salford Royal NHS Foundation Trust" in text
    assert "is treated in law as done, or not done, by Salford City Council" in text


# ---------------------------------------------------------------- the rules

@pytest.mark.parametrize("old,new,message", [
    ("transferee: salford_royal", "transferee: salford_roya",
     "staff_transfers[0].transferee: expected the id of a party, got 'salford_roya': did you mean 'salford_royal'?"),
    ("transferee: salford_royal", "transferee: salford_council",
     "staff_transfers[0].transferee: expected a different party from the transferor, got 'salford_council' for both"),
    ("transfer_date: 2016-07-01", "transfer_date: 2016-06-30",
     "staff_transfers[0].transfer_date: expected a date within the term (2016-07-01 to 2026-06-30), got 2016-06-30"),
    ("  provider: salford_royal\n  basis", "  provider: spct\n  basis",
     "council_functions.provider: expected an NHS trust or foundation trust, got 'spct' (gp_federation)"),
    ("  council: salford_council", "  council: salford_ccg",
     "council_functions.council: expected a party whose kind is local_authority, got 'salford_ccg' (ccg)"),
])
def test_rules_refuse_a_transfer_or_delegation_that_cannot_be(tmp_path, old, new, message):
    path = _edited(tmp_path, SALFORD, old, new)
    with pytest.raises(InvalidInput) as caught:
        load(path)
    assert any(message in line for line in caught.value.lines()), caught.value.lines()


def test_an_mcp_contract_carries_a_transfer_between_trusts_and_says_contract(tmp_path):
    source = REPO / "tests" / "fixtures" / "partnerships" / "mcp_partial_integration.yaml"
    text = source.read_text(encoding="utf-8").replace("documents: [integration_agreement]",
                                                      "documents: [mcp_contract, integration_agreement]") + (
        "\nstaff_transfers:\n"
        "  - { transferor: dudley_group, transferee: bchc, staff_group: community nursing staff, headcount: 120,\n"
        "      transfer_date: 2018-04-01, pension: nhs_pension_scheme }\n")
    path = tmp_path / "mcp.yaml"
    path.write_text(text, encoding="utf-8")
    documents = _build(path)
    staff = _clause(documents["mcp_contract"].document, "common.staff_transfers")
    assert staff.number.startswith("GC")
    listed = _clause(staff, "common.staff_transfers.list")
    assert inline_text(listed.text).endswith("under this Contract, and TUPE to apply to each of them:")
    # a transfer between trusts is not a practice's: the integration agreement does not carry it
    assert documents["integration_agreement"].document.find("common.staff_transfers") is None
