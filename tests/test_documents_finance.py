"""The risk and gain share agreement, the section 75 agreement and the information sharing
agreement: built from the fixtures in tests/fixtures/partnerships/ (Markdown only) and checked
for substance: figures recomputed independently, the statutory items present, and the
variant of each alternative clause that the partnership file chooses."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from documents import FIXTURES, build, clause_ids

DUDLEY = FIXTURES / "dudley_risk_share.yaml"
SALFORD = FIXTURES / "salford_s75_isa.yaml"
SALFORD_2017 = FIXTURES / "salford_isa_2017.yaml"


def clause_text(md: str, anchor: str) -> str:
    """The Markdown of one clause, from its heading to the next heading."""
    start = md.index(f"{{#c-{anchor}}}")
    rest = md[start:]
    end = re.search(r"\n#{2,3} ", rest)
    return rest[: end.start()] if end else rest


def pounds(cell: str) -> Decimal:
    """'£1,600,000' -> 1600000; '−£800,000' (true minus sign, maybe with a word joiner) -> -800000."""
    cell = cell.replace("\u2060", "").replace("*", "").strip()
    negative = cell.startswith("\u2212") or cell.startswith("-")
    digits = re.sub(r"[^\d]", "", cell)
    assert digits, f"expected an amount, got {cell!r}"
    return -Decimal(digits) if negative else Decimal(digits)


def table_rows(md: str, caption: str) -> list[list[str]]:
    """The body rows of the table with this caption, as lists of cell text."""
    block = md.split(f"*Table: {caption}*", 1)[1].strip().split("\n\n", 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("|")]
    return [[c.strip() for c in row.strip("|").split("|")] for row in rows[2:]]


# ---------------------------------------------------------------- risk and gain share

def recompute(change: int, baseline: Decimal, threshold: Decimal, shares: list[Decimal],
              cap: Decimal | None, collar: Decimal | None) -> tuple[Decimal, Decimal, list[Decimal], Decimal]:
    """An independent working of one row: (outturn, variation, shares, kept by the commissioners)."""
    outturn = baseline * (100 + change) / 100
    variation = baseline - outturn
    beyond = max(abs(variation) - threshold, Decimal(0))
    each = []
    for pct in shares:
        amount = beyond * pct / 100
        limit = cap if variation > 0 else collar
        if limit is not None:
            amount = min(amount, limit)
        each.append((amount if variation > 0 else -amount).quantize(Decimal(1), ROUND_HALF_UP))
    variation = variation.quantize(Decimal(1), ROUND_HALF_UP)
    return outturn, variation, each, variation - sum(each)


def worked_examples(md: str) -> dict[int, list[Decimal]]:
    """The worked-examples table, by signed outturn change (-10 is 10% below the Baseline)."""
    out = {}
    for cells in table_rows(md, "Worked examples (£, rounded to the pound)"):
        label = cells[0]
        if label == "On the Baseline":
            change = 0
        else:
            number = int(re.match(r"(\d+)% (below|above)", label).group(1))
            change = -number if label.endswith("below") else number
        out[change] = [pounds(c) for c in cells[1:]]
    return out


@pytest.fixture(scope="module")
def dudley_md(tmp_path_factory) -> str:
    return build(DUDLEY, tmp_path_factory.mktemp("dudley"))["risk_share_agreement"]


def test_worked_examples_equal_an_independent_recomputation(dudley_md):
    rows = worked_examples(dudley_md)
    assert sorted(rows) == [-10, -5, -2, -1, 0, 1, 2, 5, 10]
    baseline, threshold = Decimal(80_000_000), Decimal(800_000)
    cap, collar = Decimal(244_000_000) * 2 / 100, Decimal(244_000_000) * 1 / 100  # 2% and 1% of the WPB
    for change, (outturn, variation, *rest) in rows.items():
        expected = recompute(change, baseline, threshold, [Decimal(50), Decimal(30), Decimal(20)], cap, collar)
        assert (outturn, variation, rest[:-1], rest[-1]) == expected, f"row {change}%"
        assert sum(rest[:-1]) + rest[-1] == variation, f"row {change}% does not reconcile"


def test_worked_examples_show_the_domain_example_and_the_collar(dudley_md):
    rows = worked_examples(dudley_md)
    # 5% under an £80m baseline, £0.8m deadband, 50/30/20 of the £3.2m left
    assert rows[-5] == [Decimal(76_000_000), Decimal(4_000_000), Decimal(1_600_000), Decimal(960_000),
                        Decimal(640_000), Decimal(800_000)]
    # 10% over: the lead provider's 50% of £7.2m (£3.6m) is held to the £2.44m collar; the rest stays put
    assert rows[10] == [Decimal(88_000_000), Decimal(-8_000_000), Decimal(-2_440_000), Decimal(-2_160_000),
                        Decimal(-1_440_000), Decimal(-1_960_000)]
    # within the deadband nobody shares
    assert rows[1][2:5] == [0, 0, 0] and rows[-1][2:5] == [0, 0, 0]
    schedule = dudley_md.split("## Schedule 1: Worked examples")[1]
    assert "−\u2060£1,600,000" in schedule and "£-" not in schedule  # losses carry a true minus sign
    assert "illustrative calculations made from this Agreement's own parameters" in schedule
    assert "rounded to the pound" in schedule
    table = schedule.index("*Table: Worked examples")
    assert table < schedule.index("*Figure: Risk and gain share against outturn")  # the chart follows the table


def test_worked_examples_follow_other_parameters(tmp_path):
    md = build(DUDLEY, tmp_path,
               ("threshold: { amount: 800000 }", "threshold: { amount: 1200000 }"),
               ("  gain_cap: { percent_of_budget: 2 }\n", ""),
               ("  loss_collar: { percent_of_budget: 1 }\n", ""),
               ("{ party: bchc, gain_share: 50, loss_share: 50 }", "{ party: bchc, gain_share: 45, loss_share: 60 }"),
               ("{ party: dudley_group, gain_share: 30, loss_share: 30 }",
                "{ party: dudley_group, gain_share: 35, loss_share: 20 }"))["risk_share_agreement"]
    ids = clause_ids(md)
    assert "riskshare-gain_cap" not in ids and "riskshare-loss_collar" not in ids
    assert "Gain Cap" not in md and "Loss Collar" not in md
    for change, (outturn, variation, *rest) in worked_examples(md).items():
        gains = [Decimal(45), Decimal(35), Decimal(20)] if change < 0 else [Decimal(60), Decimal(20), Decimal(20)]
        expected = recompute(change, Decimal(80_000_000), Decimal(1_200_000), gains, None, None)
        assert (outturn, variation, rest[:-1], rest[-1]) == expected, f"row {change}%"


def test_risk_share_terms_come_from_the_partnership(dudley_md):
    front = dudley_md.split("**Background**")[0]
    for name in ["NHS Dudley Clinical Commissioning Group", "Dudley Metropolitan Borough Council",
                 "Birmingham Community Healthcare NHS Foundation Trust", "The Dudley Group NHS Foundation Trust"]:
        assert f"**{name}**" in front
    assert "which is both a Commissioner and a Sharing Party" in front
    shares = table_rows(dudley_md, "Shares of gains and losses")
    assert shares[:3] == [["Birmingham Community Healthcare NHS Foundation Trust", "50%", "50%"],
                          ["The Dudley Group NHS Foundation Trust", "30%", "30%"],
                          ["NHS Dudley Clinical Commissioning Group", "20%", "20%"]]
    assert "The Baseline is £80,000,000 a year" in clause_text(dudley_md, "riskshare-baseline")
    assert "(2016/17)" in clause_text(dudley_md, "riskshare-baseline")
    assert "The Threshold is £800,000" in clause_text(dudley_md, "riskshare-threshold")
    assert "£4,880,000" in clause_text(dudley_md, "riskshare-gain_cap")
    assert "£2,440,000" in clause_text(dudley_md, "riskshare-loss_collar")
    assert "after the end of each quarter" in clause_text(dudley_md, "riskshare-monitoring")
    assert "within 90 days after the end of the Financial Year" in clause_text(dudley_md, "riskshare-reconciliation")
    assert "Within 30 days after the Year-End Statement" in clause_text(dudley_md, "riskshare-payment")
    assert "£244,000,000 for 2018/19" in clause_text(dudley_md, "riskshare-relationship")


# ---------------------------------------------------------------- section 75

@pytest.fixture(scope="module")
def salford_docs(tmp_path_factory) -> dict[str, str]:
    return build(SALFORD, tmp_path_factory.mktemp("salford"))


REGULATION_7_3 = {
    "(a)": "s75-aims",
    "(b)": "s75-contributions",
    "(c)": "s75-functions",
    "(d)": "s75-persons_services",
    "(e)": "s75-resources",
    "(f)": "s75-duration",
    "(g)": "s75-management",
}


def test_section75_has_every_regulation_7_3_item_in_its_own_clause(salford_docs):
    md = salford_docs["section75_agreement"]
    assert "section 75 of the 2006 Act" in md
    assert "NHS Bodies and Local Authorities Partnership Arrangements Regulations 2000" in md
    ids = clause_ids(md)
    assert set(REGULATION_7_3.values()) <= ids
    checklist = {cells[0]: cells[2] for cells in table_rows(md, "Regulation 7(3) checklist")}
    assert set(checklist) == set(REGULATION_7_3)
    for item, anchor in REGULATION_7_3.items():
        assert f"(#c-{anchor})" in checklist[item], item
    assert "Give adults in Salford joined-up health and social care" in clause_text(md, "s75-aims")
    functions = clause_text(md, "s75-functions")
    assert "Arranging community health services for adults" in functions
    assert "Part 1 of the Care Act 2014" in functions
    assert "Adults aged 18 and over" in clause_text(md, "s75-persons_services")
    assert "five (5) years" in clause_text(md, "s75-duration") and "twelve (12) months" in clause_text(md, "s75-duration")


def test_section75_contributions_total_the_pool(salford_docs):
    md = salford_docs["section75_agreement"]
    rows = table_rows(md, "Contributions to the Pooled Fund")
    assert rows[0] == ["Salford City Council", "£73,500,000", "£74,433,000"]
    assert rows[1] == ["NHS Salford Clinical Commissioning Group", "£162,500,000", "£161,567,000"]
    assert rows[2] == ["**Total (the Pooled Fund)**", "**£236,000,000**", "**£236,000,000**"]
    for column in (1, 2):
        assert pounds(rows[0][column]) + pounds(rows[1][column]) == pounds(rows[2][column])
    assert "approved by each partner's governing body" in clause_text(md, "s75-contributions")


def test_section75_names_host_and_pool_manager(salford_docs):
    md = salford_docs["section75_agreement"]
    assert "Salford City Council is the Host Partner. It is responsible for the accounts and audit" in md
    manager = clause_text(md, "s75-pool_manager")
    assert "L. Manager, Assistant Director, Integrated Commissioning of Salford City Council" in manager
    assert "Drafting note" not in manager
    assert "Salford Together Partnership Board" in clause_text(md, "s75-governance")
    assert "as they agree in the Annual Plan" in clause_text(md, "s75-overspends")


def test_section75_flags_a_pool_manager_from_another_partner(tmp_path):
    md = build(SALFORD, tmp_path, ('Integrated Commissioning", party: salford_council }',
                                   'Integrated Commissioning", party: salford_ccg }'))["section75_agreement"]
    assert "Drafting note: the Pool Manager named in the partnership file does not work for the Host Partner" in md


# ---------------------------------------------------------------- disputes variant

@pytest.mark.parametrize("source,doc_id", [(DUDLEY, "risk_share_agreement"), (SALFORD, "section75_agreement"),
                                           (SALFORD, "information_sharing_agreement")])
def test_disputes_variant_follows_the_partnership_file(tmp_path, source, doc_id):
    default = build(source, tmp_path)[doc_id]
    assert "common-disputes-mediation_then_expert" in clause_ids(default)
    assert "common-disputes-arbitration" not in clause_ids(default)
    marker = "\ndocuments: ["
    md = build(source, tmp_path, (marker, "\nlegal:\n  disputes: arbitration\n" + marker))[doc_id]
    assert "common-disputes-arbitration" in clause_ids(md)
    assert "common-disputes-mediation_then_expert" not in clause_ids(md)
    assert "Arbitration Act 1996" in md
    if doc_id == "risk_share_agreement":  # its cross-references follow the variant too
        assert "(#c-common-disputes-arbitration)" in clause_text(md, "riskshare-reconciliation")


# ---------------------------------------------------------------- information sharing

def test_isa_after_25_may_2018_cites_the_gdpr_and_names_the_dpo(salford_docs):
    md = salford_docs["information_sharing_agreement"]
    basis = clause_text(md, "isa-legal_basis-gdpr")
    assert "Article 6(1)(e) of the GDPR" in basis and "Article 9(2)(h) of the GDPR" in basis
    assert "Data Protection Act 2018" in basis
    assert "isa-legal_basis-dpa1998" not in clause_ids(md)
    assert "1998" not in md
    assert "within 72 hours" in clause_text(md, "isa-breaches")
    assert "N. Officer, Data Protection Officer of Salford Royal NHS Foundation Trust" in clause_text(md, "isa-caldicott")
    assert "| Special category personal data |" in md


def test_isa_before_25_may_2018_cites_the_data_protection_act_1998(tmp_path):
    md = build(SALFORD_2017, tmp_path)["information_sharing_agreement"]
    basis = clause_text(md, "isa-legal_basis-dpa1998")
    assert "Schedule 2 to the Data Protection Act 1998" in basis and "paragraph 8 of Schedule 3" in basis
    assert "isa-legal_basis-gdpr" not in clause_ids(md)
    for later in ("GDPR", "General Data Protection Regulation", "Data Protection Act 2018", "data protection officer",
                  "72 hours"):
        assert later not in md, later
    assert "promptly" in clause_text(md, "isa-breaches")
    assert "| Sensitive personal data |" in md


@pytest.mark.parametrize("date,law", [("2018-05-24", "dpa1998"), ("2018-05-25", "gdpr")])
def test_isa_law_turns_on_25_may_2018(tmp_path, date, law):
    md = build(SALFORD, tmp_path, ("date: 2018-07-01", f"date: {date}"))["information_sharing_agreement"]
    assert f"isa-legal_basis-{law}" in clause_ids(md)


@pytest.mark.parametrize("source", [SALFORD, SALFORD_2017])
def test_isa_direct_care_duty_identifier_and_caldicott_sign_off(tmp_path, source):
    md = build(source, tmp_path)["information_sharing_agreement"]
    assert "section 251B of the Health and Social Care Act 2012" in clause_text(md, "isa-duty_to_share")
    assert "NHS number as the consistent identifier" in clause_text(md, "isa-nhs_number")
    assert "section 251A" in clause_text(md, "isa-nhs_number")
    assert "M. Guardian, Medical Director and Caldicott Guardian of Salford Royal NHS Foundation Trust" in md
    assert "| Caldicott Guardian | M. Guardian, Medical Director | Salford Royal NHS Foundation Trust |" in md
    front = md.split("[Contents]")[0]
    assert "**Salford Royal NHS Foundation Trust**" in front and "**Salford City Council**" in front
    assert "**NHS Salford Clinical Commissioning Group**" not in front  # not needed for direct care
    items = table_rows(md, "Data items")
    assert ["NHS number", "Personal data"] in items


def test_isa_for_other_purposes_drops_the_direct_care_clauses(tmp_path):
    md = build(SALFORD, tmp_path, ("direct_care: true", "direct_care: false"))["information_sharing_agreement"]
    ids = clause_ids(md)
    assert "isa-duty_to_share" not in ids and "isa-nhs_number" not in ids
    assert "implied consent cannot be relied on" in clause_text(md, "isa-confidentiality")
    assert "**NHS Salford Clinical Commissioning Group**" in md.split("[Contents]")[0]
