"""Several risk and gain share schemes in one partnership file, held in one agreement.

Dudley runs two schemes: emergency admissions (the acute and community trusts and the CCG) and
out-of-area mental health placements (the mental health trust and the CCG). Each has its own
schedule in the one risk and gain share agreement; a party of one scheme takes no share in the
other; the figures are the same wherever a scheme is named; and a file with one scheme written
directly under `risk_share` builds exactly the documents it always did.
"""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from contractgen.cli import main
from contractgen.deal import build_deal
from contractgen.partnership.load import load

from tests.documents import build, edited, library_with

ROOT = Path(__file__).resolve().parent.parent
DUDLEY = ROOT / "examples" / "dudley.yaml"
ONE_SCHEME = ROOT / "tests" / "fixtures" / "one_scheme"
PACS = ROOT / "tests" / "fixtures" / "partnerships" / "pacs_prime.yaml"

EMERGENCY = "Emergency Admissions Scheme"
PLACEMENTS = "Out-of-Area Placements Scheme"
# each scheme's own figures, and a party that takes part in it alone
FIGURES = {EMERGENCY: ("£80,000,000", "£800,000", "£4,880,000", "£2,440,000"),
           PLACEMENTS: ("£6,000,000", "£120,000", "£500,000", "£300,000")}
ONLY_IN = {EMERGENCY: "Birmingham Community Healthcare NHS Foundation Trust",
           PLACEMENTS: "Dudley and Walsall Mental Health Partnership NHS Trust"}


def _sections(text: str, headings: list[str]) -> dict[str, str]:
    """The text under each heading, up to the next: each heading's last occurrence (after the contents)."""
    starts = [text.rindex(h) for h in headings]
    return {h: text[a:b] for h, a, b in zip(headings, starts, starts[1:] + [len(text)])}


def _docx_body_text(path: Path) -> str:
    """Paragraphs and table cells in reading order, headings marked as "# " lines."""
    document = docx.Document(str(path))
    out = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            paragraph = docx.text.paragraph.Paragraph(element, document)
            out.append(("# " if paragraph.style.name == "Heading 1" else "") + paragraph.text)
        elif element.tag.endswith("}tbl"):
            table = docx.table.Table(element, document)
            out += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(out)


def _check_each_scheme_under_its_heading(parts: dict[str, str], first: str, second: str) -> None:
    for heading, name, other in ((first, EMERGENCY, PLACEMENTS), (second, PLACEMENTS, EMERGENCY)):
        text = re.sub(r"\s+", " ", parts[heading])
        for figure in FIGURES[name]:
            assert figure in text, f"{name}: {figure} not under its heading"
        assert FIGURES[other][0] not in text, f"{name}'s schedule states the other scheme's baseline"
        # a party of the other scheme alone has no column, row or share here
        assert ONLY_IN[other] not in text, f"{name}'s schedule names {ONLY_IN[other]}"
        assert ONLY_IN[name] in text


def test_the_docx_carries_each_schemes_figures_under_its_own_heading(built_examples):
    text = _docx_body_text(built_examples / "dudley" / "risk_share_agreement.docx")
    # the schedule number is Word's list number, outside the heading's text
    first, second = f"# : {EMERGENCY}", f"# : {PLACEMENTS}"
    parts = _sections(text, [first, second, "# Execution"])
    _check_each_scheme_under_its_heading(parts, first, second)


def test_the_pdf_carries_each_schemes_figures_under_its_own_heading(built_examples):
    pdf = built_examples / "dudley" / "risk_share_agreement.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    first, second = f"Schedule 1: {EMERGENCY}\n", f"Schedule 2: {PLACEMENTS}\n"
    parts = _sections(text, [first, second, "\nExecution\n"])
    _check_each_scheme_under_its_heading(parts, first, second)


def _amount(cell: str) -> Decimal:
    negative = "−" in cell or "-" in cell
    value = Decimal(re.sub(r"[^\d.]", "", cell.split(":")[0]))
    return -value if negative else value


def test_each_schemes_worked_examples_reconcile_with_its_own_figures():
    md = build(DUDLEY)["risk_share_agreement"]
    parts = _sections(md, [f"## Schedule 1: {EMERGENCY}", f"## Schedule 2: {PLACEMENTS}", "## Execution"])
    for heading, baseline, sharers in ((f"## Schedule 1: {EMERGENCY}", Decimal(80_000_000), 3),
                                       (f"## Schedule 2: {PLACEMENTS}", Decimal(6_000_000), 2)):
        rows = [line.split(" | ") for line in parts[heading].splitlines()
                if re.match(r"\| (\d+% (below|above)|On the Baseline) \|", line)]
        assert len(rows) == 9, heading
        # and the chart of its own figures (a chart line that misses becomes a paragraph of text)
        assert f"from the £{baseline:,.0f} baseline" in parts[heading] and "!chart" not in parts[heading]
        for row in rows:
            cells = [c.strip(" |") for c in row]
            outturn, variation, *shares = [_amount(c) for c in cells[1:]]
            assert len(shares) == sharers + 1  # each sharing party, then what the commissioners keep
            assert outturn + variation == baseline, (heading, cells)  # the variation is baseline less outturn
            assert sum(shares) == variation, (heading, cells)  # shared and kept add up to the variation
        # 10% under the placements baseline: £600,000, less the £120,000 threshold, split 60/40 (the trust's
        # £288,000 is within its £500,000 cap)
    ten_under = next(line for line in parts[f"## Schedule 2: {PLACEMENTS}"].splitlines() if line.startswith("| 10% below"))
    assert "£288,000" in ten_under and "£192,000" in ten_under


def test_a_party_in_one_scheme_only_is_bound_by_that_scheme_alone():
    deal = build_deal(load(DUDLEY).partnership)
    emergency, placements = deal.risk_share.schemes
    assert "dwmh" not in emergency.parties and "bchc" not in placements.parties
    # the agreement's parties are the union of the schemes' parties, and no one else
    assert deal.document("risk_share_agreement").parties == ("dudley_ccg", "bchc", "dudley_group", "dwmh")
    md = build(DUDLEY)["risk_share_agreement"]
    assert (f"**{ONLY_IN[PLACEMENTS]}**, an NHS trust (ODS code RYK), a Sharing Party in the {PLACEMENTS} only."
            in md)
    assert "has no share in its gains, bears none of its losses, and has no right and no obligation under it" in md
    # the council commissions the main contract but takes part in no scheme: not a party
    assert "**Dudley Metropolitan Borough Council**" not in md


def test_a_council_that_commissions_one_scheme_is_a_party_for_that_scheme_alone(tmp_path):
    path = edited(DUDLEY, tmp_path, ("      commissioners: [dudley_ccg]\n      parties:\n        - { party: dwmh",
                                     "      commissioners: [dudley_ccg, dudley_mbc]\n      payer: dudley_mbc\n"
                                     "      parties:\n        - { party: dwmh"))
    md = re.sub(r"\s+", " ", build(path)["risk_share_agreement"])
    assert (f"**Dudley Metropolitan Borough Council**, a local authority, a Scheme Commissioner in the {PLACEMENTS} "
            "only.") in md
    assert f"This Schedule sets out the {EMERGENCY}, which measures spend on avoidable emergency admissions. Its " \
           "Scheme Commissioner, and so its Lead Commissioner, is NHS Dudley Clinical Commissioning Group" in md
    assert ("Its Scheme Commissioners are NHS Dudley Clinical Commissioning Group and Dudley Metropolitan Borough "
            "Council, its Lead Commissioner is Dudley Metropolitan Borough Council") in md
    # a council is not a health service body: the agreement is enforceable as between it and the others
    assert "Dudley Metropolitan Borough Council, because it is a local authority, which is not a health service " \
           "body." in md


def test_the_main_contract_names_each_scheme_and_restates_none_of_its_figures():
    md = build(DUDLEY)["mcp_contract"]
    gc = md[md.index("Risk and gain share {#c-mcp-gc-risk_share_schemes}"):]
    gc = gc[:gc.index("\n### ")]
    assert f"the {EMERGENCY}, on spend on avoidable emergency admissions" in gc
    assert f"the {PLACEMENTS}, on" in gc
    assert "£" not in gc  # no baseline, threshold, cap or collar restated
    assert f"how gains and losses under the {EMERGENCY} and the {PLACEMENTS} are measured" in md


def test_a_pacs_agreement_names_the_schemes_of_its_risk_share_agreement(tmp_path):
    text = PACS.read_text(encoding="utf-8")
    providers = re.findall(r"- id: (\w+)\n\s+name: [^\n]+\n\s+kind: (?:foundation_trust|nhs_trust)", text)
    commissioner = re.search(r"- id: (\w+)\n\s+name: [^\n]+\n\s+kind: ccg", text).group(1)
    schemes = f"""
risk_share:
  schemes:
    - id: first
      name: First Scheme
      metric: spend on avoidable emergency admissions
      baseline: 50000000
      baseline_year: 2015/16
      threshold: {{ amount: 500000 }}
      parties:
        - {{ party: {providers[0]}, gain_share: 50, loss_share: 50 }}
        - {{ party: {commissioner}, gain_share: 50, loss_share: 50 }}
    - id: second
      name: Second Scheme
      metric: spend on out-of-area placements
      baseline: 4000000
      baseline_year: 2015/16
      threshold: {{ amount: 40000 }}
      parties:
        - {{ party: {providers[1]}, gain_share: 70, loss_share: 70 }}
        - {{ party: {commissioner}, gain_share: 30, loss_share: 30 }}
"""
    path = tmp_path / "pacs.yaml"
    text = text.replace("documents: [pacs_agreement]", "documents: [pacs_agreement, risk_share_agreement]")
    path.write_text(text.rstrip("\n") + "\n" + schemes, encoding="utf-8")
    documents = build(path)
    assert "risk_share_agreement" in documents
    pacs = documents["pacs_agreement"]
    clause = pacs[pacs.index("{#c-pacs-risk_share_schemes}"):]
    clause = clause[:clause.index("\n### ")]
    assert "the First Scheme, on spend on avoidable emergency admissions" in clause
    assert "the Second Scheme, on spend on out-of-area placements" in clause
    assert "£50,000,000" not in pacs and "£4,000,000" not in pacs


def test_one_scheme_written_directly_builds_exactly_the_documents_it_always_did():
    # the fixture is Dudley as it was, with one scheme under risk_share; golden/dudley/ is what contractgen
    # built from it before several schemes were possible (`build --check tests/fixtures/one_scheme/`, and
    # `--update-golden` when a change to the documents is meant)
    documents = build(ONE_SCHEME / "dudley.yaml")
    golden = {p.stem: p.read_text(encoding="utf-8") for p in (ONE_SCHEME / "golden" / "dudley").glob("*.md")}
    assert set(documents) == set(golden)
    for doc_id, md in documents.items():
        assert md == golden[doc_id], f"{doc_id} differs from what one scheme always built"


def test_the_drafting_notes_of_one_scheme_give_the_reasons_they_always_did():
    # each clause's reason is printed in its drafting note in the DOCX: the clauses that several schemes
    # replace are left out with `unless`, which the reason for an included clause does not mention
    from contractgen.build import assemble_all
    from contractgen.resources import Resources

    built = assemble_all(load(ONE_SCHEME / "dudley.yaml"), Resources()).documents
    reasons = {d.clause_id: d.reason for doc in built.values() for d in doc.decisions if d.included}
    assert reasons["riskshare.purpose"] == "always included in this document"
    assert reasons["riskshare.gain_cap"] == "condition held: risk_share.gain_cap_amount is defined"
    assert reasons["mcp.gc.risk_share_reference"] == \
        'condition held: risk_share is defined and deal.has("risk_share_agreement")'
    several = assemble_all(load(DUDLEY), Resources()).documents["risk_share_agreement"].decisions
    left_out = {d.clause_id: d.reason for d in several if not d.included}
    assert left_out["riskshare.purpose"] == "left out because: risk_share.schemes is defined"


# ---------------------------------------------------------------- validation, located at the scheme

def _validate(tmp_path: Path, *edits: tuple[str, str]):
    path = edited(DUDLEY, tmp_path, *edits)
    result = CliRunner().invoke(main, ["validate", str(path)])
    return path, result


def _line_of(path: Path, text: str, last: bool = False) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if text in line]
    return found[-1] if last else found[0]


def test_shares_of_a_scheme_that_do_not_sum_to_100_are_located_at_that_scheme(tmp_path):
    path, result = _validate(tmp_path, ("{ party: dwmh, gain_share: 60,", "{ party: dwmh, gain_share: 70,"))
    assert result.exit_code == 2
    line = _line_of(path, "{ party: dwmh, gain_share: 70")
    assert f"dudley.yaml:{line}:9: risk_share.schemes[1].parties: expected gain shares that sum to 100, got 110" \
        in result.output, result.output
    assert "risk_share.schemes[0]" not in result.output


def test_a_scheme_id_used_twice_is_refused_at_the_second(tmp_path):
    path, result = _validate(tmp_path, ("- id: out_of_area_placements", "- id: emergency_admissions"))
    assert result.exit_code == 2
    line = _line_of(path, "- id: emergency_admissions", last=True)
    assert (f"dudley.yaml:{line}:11: risk_share.schemes[1].id: expected a unique scheme id, got "
            "'emergency_admissions' again (first used by risk_share.schemes[0])") in result.output, result.output


def test_a_scheme_party_that_is_not_a_party_of_the_file_is_refused(tmp_path):
    path, result = _validate(tmp_path, ("{ party: dwmh, gain_share: 60", "{ party: dwhm, gain_share: 60"))
    assert result.exit_code == 2
    line = _line_of(path, "party: dwhm")
    assert (f"dudley.yaml:{line}:20: risk_share.schemes[1].parties[0].party: expected the id of a party, got "
            "'dwhm': did you mean 'dwmh'?") in result.output, result.output


def test_a_payer_outside_the_schemes_commissioners_is_refused(tmp_path):
    path, result = _validate(tmp_path, ("      commissioners: [dudley_ccg]\n      parties:\n        - { party: dwmh",
                                        "      commissioners: [dudley_ccg]\n      payer: dudley_mbc\n"
                                        "      parties:\n        - { party: dwmh"))
    assert result.exit_code == 2
    line = _line_of(path, "payer: dudley_mbc")
    assert (f"dudley.yaml:{line}:14: risk_share.schemes[1].payer: expected one of the scheme's commissioners "
            "(dudley_ccg), got 'dudley_mbc'") in result.output, result.output


def test_a_scheme_rule_for_one_scheme_applies_to_each(tmp_path):
    # the cap must be at least the threshold: broken in the second scheme only
    path, result = _validate(tmp_path, ("gain_cap: { amount: 500000,", "gain_cap: { amount: 100000,"))
    assert result.exit_code == 2
    line = _line_of(path, "gain_cap: { amount: 100000")
    assert (f"dudley.yaml:{line}:17: risk_share.schemes[1].gain_cap: expected at least the threshold £120,000, "
            "got £100,000") in result.output, result.output


def test_an_unknown_key_in_a_scheme_names_the_schemes_own_keys(tmp_path):
    path, result = _validate(tmp_path, ("      name: Out-of-Area Placements Scheme\n",
                                        "      name: Out-of-Area Placements Scheme\n      payee: dudley_ccg\n"))
    assert result.exit_code == 2
    line = _line_of(path, "payee: dudley_ccg")
    assert f"dudley.yaml:{line}:7: risk_share.schemes[1].payee: expected a known key, got unknown key 'payee': " \
        "did you mean 'payer'?" in result.output, result.output


def test_several_schemes_need_the_risk_share_agreement(tmp_path):
    path, result = _validate(tmp_path, ("format: 1\n", "format: 1\ndocuments: [mcp_contract]\n"))
    assert result.exit_code == 2
    assert f"dudley.yaml:{_line_of(path, 'documents: [mcp_contract]')}:12: documents: expected " \
        "risk_share_agreement among the documents, got none" in result.output, result.output


# ---------------------------------------------------------------- the cross-document check



ANCHOR = "#. Payments under the Risk Share Agreement are separate"


def test_a_scheme_figure_restated_differently_is_reported_with_both_places(tmp_path):
    clauses = library_with(tmp_path, "mcp/gc-risk-share-schemes.md", ANCHOR,
                            f"#. The {PLACEMENTS} is measured against a baseline of £7,000,000 a year.\n{ANCHOR}")
    result = CliRunner().invoke(main, ["lint", str(DUDLEY), "--clauses", str(clauses)])
    assert result.exit_code == 2
    lines = [l for l in result.output.splitlines() if "cross-document" in l]
    assert len(lines) == 1, result.output
    assert re.search(rf"cross-document: mcp_contract \[GC\d+\.\d+\]: states the baseline in the {PLACEMENTS} as "
                     r"£7,000,000, but risk_share_agreement Schedule 2, paragraph \d+\.\d+ states £6,000,000",
                     lines[0]), lines[0]


def test_a_share_given_in_a_scheme_to_a_party_outside_it_is_reported(tmp_path):
    table = (f": Shares in the {EMERGENCY}\n| Party | Gains | Losses |\n|---|---:|---:|\n"
             f"| {ONLY_IN[PLACEMENTS]} | 10% | 10% |\n\n")
    clauses = library_with(tmp_path, "mcp/gc-risk-share-schemes.md", ANCHOR, f"#. The shares are:\n\n{table}{ANCHOR}")
    result = CliRunner().invoke(main, ["lint", str(DUDLEY), "--clauses", str(clauses)])
    assert result.exit_code == 2
    assert (f"states the share of {ONLY_IN[PLACEMENTS]} in the {EMERGENCY} as 10% of gains and 10% of losses, "
            f"but {ONLY_IN[PLACEMENTS]} is not a sharing party of that scheme") in result.output, result.output


def test_a_share_restated_differently_is_reported_with_both_places(tmp_path):
    table = (f": Shares in the {EMERGENCY}\n| Party | Gains | Losses |\n|---|---:|---:|\n"
             f"| {ONLY_IN[EMERGENCY]} | 40% | 50% |\n\n")
    clauses = library_with(tmp_path, "mcp/gc-risk-share-schemes.md", ANCHOR, f"#. The shares are:\n\n{table}{ANCHOR}")
    result = CliRunner().invoke(main, ["lint", str(DUDLEY), "--clauses", str(clauses)])
    assert result.exit_code == 2
    assert re.search(rf"states the share of {ONLY_IN[EMERGENCY]} in the {EMERGENCY} as 40% of gains and 50% of "
                     r"losses, but risk_share_agreement Schedule 1, paragraph \d+\.\d+ states 50% of gains and 50% "
                     "of losses", result.output), result.output
