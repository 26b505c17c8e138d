"""Bad partnership files: the exact messages users see, the exit code, and no output written.

The fixtures in tests/fixtures/bad/ are each a small edit of `partnerships.minimal_partnership()`;
docs/errors.md lists them all with what contractgen says, and must be regenerated when that changes.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.cli import main
from partnerships import TEST_DOCUMENT, dump, minimal_partnership, write_test_library


# the build command's progress lines and summary, which are not messages about the input
PROGRESS = re.compile(r"^(built|failed|up to date): |^\d+ document\(s\) built")


def messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not PROGRESS.match(line)]

REPO = Path(__file__).resolve().parents[1]
BAD = REPO / "tests" / "fixtures" / "bad"
F = "tests/fixtures/bad"


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def run(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


CASES = {
    "misspelt_key": ["4:3: partnership.area: expected this key, got nothing: add it",
                     "5:3: partnership.aera: expected a known key, got unknown key 'aera': did you mean 'area'?"],
    "unknown_key": ["6:3: partnership.colour: expected a known key, got unknown key 'colour': allowed keys are name, "
                    "short_name, area, care_model, integration_level, organisational_form, population, start_date, "
                    "term_years, draft, illustrative"],
    "missing_key": ["4:3: partnership.area: expected this key, got nothing: add it"],
    "number_for_text": ["5:9: partnership.area: expected text, got the number 12"],
    "text_for_number": ["12:15: partnership.term_years: expected a whole number, got 'twelve'"],
    "three_errors": ["5:9: partnership.area: expected text, got the number 12",
                     "12:15: partnership.term_years: expected a whole number, got 'twelve'",
                     "19:11: parties[0].kind: expected one of 'ccg', 'nhs_england', 'local_authority', 'nhs_trust', "
                     "'foundation_trust', 'gp_practice', 'gp_federation', 'voluntary_sector', 'social_enterprise' or "
                     "'company', got 'cgc'"],
    "negative_amount": ["42:15: budget.lines[0].amount: expected a number of at least 0, got the number -5"],
    "empty_list": ["34:11: services: expected at least 1 item(s), got a list"],
    "wrong_format": ["2:9: format: expected format 1, got the number 2: this contractgen reads format 1 only"],
    "shares_not_100": ["72:5: risk_share.parties: expected gain shares that sum to 100, got 90"],
    "scheme_id_twice": ["69:12: risk_share.schemes[1].id: expected a unique scheme id, got 'acute' again "
                        "(first used by risk_share.schemes[0])"],
    "scheme_payer": ["68:150: risk_share.schemes[0].payer: expected one of the scheme's commissioners (valley_ccg), "
                     "got 'valley_trust'"],
    "stated_total_mismatch": ["40:17: budget.stated_total: expected the sum of the budget lines, £1,000,000.10, "
                              "got £1,000,000.09 (a difference of £0.01)"],
    "gp_status_vs_level": ["33:15: parties[2].gp_contract.status: expected retained for a practice in a partially "
                           "integrated partnership, got suspended"],
    "liability_cap_unknown_party": ["56:16: legal.liability_caps[0].party: expected the id of a party, got "
                                    "'valley_gp': did you mean 'valley_ccg'?",
                                    "57:27: warning: legal.provider_notice_months: expected at least 18 months, the "
                                    "time commissioners need to procure a successor, got 6 [provider-notice]"],
    "registered_not_lists": ["10:17: partnership.population.registered: expected the sum of the practices' list "
                             "sizes, 100, got 150,000: leave registered out to use the sum, and give a figure for "
                             "the whole area as population.whole_area"],
    "virtual_single_contract": [
        "7:22: partnership.integration_level: expected an alliance section for a virtually integrated partnership, "
        "got none: the alliance agreement holds a virtual model together",
        "39:3: budget: expected no budget section for a virtually integrated mcp, got a whole population budget: a "
        "virtual model is an alliance over the providers' own contracts, with no single contract and no single "
        "budget; remove it, or choose partial or full integration",
        "67:12: documents: expected alliance_agreement among the documents of a virtually integrated partnership, "
        "got none: the alliance agreement is its main document",
        "67:13: documents[0]: expected documents that fit virtual integration, got mcp_contract: a virtual model has "
        "no single contract: its main document is the alliance agreement over the providers' own contracts",
        "45:3: warning: integration_agreement: expected integration agreements only under partial integration, got "
        "virtual [integration-level]"],
    "dangling_reference": ["37:15: services[0].provider: expected the id of a party, got 'valley_trsut': "
                           "did you mean 'valley_trust'?"],
    "whitespace_name": ["18:11: parties[0].name: expected some text on one line, not only spaces, got '   ': "
                        "write the text on one line, or leave out a key that is optional"],
    "money_as_text": ["42:15: budget.lines[0].amount: expected an amount in pounds like 1000, got '£1,000'"],
    "unquoted_ods_code": ['29:15: parties[2].ods_code: expected a code in quotes, like "M87001" or "0012345", '
                          "got the number 0012345"],
    "financial_year_pattern": ["39:19: budget.financial_year: expected a financial year like 2018/19, got '2019'"],
    "acknowledged_bad_id": ["55:14: acknowledged_warnings[0].warning: expected the name of a warning, in lower-case "
                            "letters, digits and -, like pacs-population, got 'TERM_LENGTH'"],
    "staff_transfer": ["71:20: staff_transfers[0].transfer_date: expected a date within the term (2019-04-01 to "
                       "2031-03-31), got 2040-04-01",
                       "72:14: staff_transfers[0].pension: expected nhs_pension_scheme or broadly_comparable, got "
                       "lgps_admitted_body: admitted body status in the Local Government Pension Scheme protects "
                       "council staff, and 'practice_1' is not a local authority"],
    "network_money_source": ["74:36: network.money.sources[1].payer: expected a party whose role is commissioner, "
                             "got 'practice_2' (participant): network money is paid to the network by a commissioner",
                             "74:107: network.money.sources[1].paid_under: expected a schedule this partnership has "
                             "(none), got extended_access_schedule: add the extended_access section, or leave "
                             "paid_under out"],
    "dual_role_contradiction": [
        "21:18: parties[0].also_roles[0]: expected a role 'valley_ccg' does not already hold, got commissioner "
        "again: give each role once",
        "26:18: parties[1].also_roles[0]: expected one providing role, got lead_provider and provider: a party "
        "provides in one capacity, so give the one that describes it (a prime or lead provider already provides)"],
    "dual_role_sole_provider": [
        "21:18: parties[0].also_roles[0]: expected another commissioner beside 'valley_ccg', which is the Provider "
        "of the MCP contract: a party cannot contract with itself, so the Provider cannot be the contract's only "
        "commissioner; add the commissioner it contracts with, or make another party the provider"],
    "illustrative_key": ["36:9: parties[2].illustrative[1]: expected one of this entry's values (name, short_name, "
                         "ods_code, address, company_number, legal_form, list_size), got 'gp_contract'"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_gives_exact_located_messages(name):
    result = run("validate", f"{F}/{name}.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{F}/{name}.yaml:{line}" for line in CASES[name]]
    assert result.stdout == ""


@pytest.mark.parametrize("name", sorted(CASES))
def test_build_refuses_and_writes_nothing(name, tmp_path):
    options = write_test_library(tmp_path)
    result = run("build", "--format", "md", "--out", tmp_path / "out", *options, f"{F}/{name}.yaml")
    assert result.exit_code == 2
    assert messages(result.stderr) == [f"{F}/{name}.yaml:{line}" for line in CASES[name]]
    assert not (tmp_path / "out").exists()


def test_three_errors_are_reported_at_once_with_one_based_positions():
    lines = run("validate", f"{F}/three_errors.yaml").stderr.splitlines()
    assert len(lines) == 3
    positions = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert positions == [(5, 9), (12, 15), (19, 11)]
    text = (BAD / "three_errors.yaml").read_text().splitlines()
    assert text[4][8:].startswith("12") and text[11][14:].startswith("twelve") and text[18][10:].startswith("cgc")


def test_term_out_of_range_is_a_warning_and_strict_makes_it_fail(tmp_path):
    warning = (f"{F}/term_out_of_range.yaml:12:15: warning: partnership.term_years: expected 10 to 15 years for an "
               "MCP contract, got 20 [term-length]")
    loose = run("validate", f"{F}/term_out_of_range.yaml")
    assert (loose.exit_code, loose.stderr.splitlines()) == (0, [warning])
    strict = run("validate", "--strict", f"{F}/term_out_of_range.yaml")
    assert (strict.exit_code, strict.stderr.splitlines()) == (2, [warning])
    text = (BAD / "term_out_of_range.yaml").read_text() + f"documents: [{TEST_DOCUMENT}]\n"
    (tmp_path / "term.yaml").write_text(text)
    built = run("build", "--strict", "--format", "md", "--out", tmp_path / "out",
                *write_test_library(tmp_path), tmp_path / "term.yaml")
    assert built.exit_code == 2
    assert messages(built.stderr) == [f"{tmp_path / 'term.yaml'}:{warning.split(':', 1)[1]}"]
    assert not (tmp_path / "out" / "term").exists()


def test_dangling_risk_share_party_is_suggested(tmp_path):
    text = (BAD / "shares_not_100.yaml").read_text().replace("party: valley_ccg, gain_share: 30",
                                                             "party: valley_cgg, gain_share: 40")
    (tmp_path / "p.yaml").write_text(text)
    result = run("validate", tmp_path / "p.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{tmp_path / 'p.yaml'}:73:15: risk_share.parties[1].party: expected the "
                                          "id of a party, got 'valley_cgg': did you mean 'valley_ccg'?"]


def test_every_fixture_is_a_small_edit_of_the_minimal_partnership():
    base = dump(minimal_partnership()).splitlines()
    for path in sorted(BAD.glob("*.yaml")):
        lines = path.read_bytes().decode("utf-8", "replace").splitlines()
        assert lines[0].startswith("# bad: "), path.name
        changed = [d for d in difflib.ndiff(base, lines[1:]) if d[:1] in "+-"]
        assert 0 < len(changed) <= 12, (path.name, changed)


def test_the_minimal_partnership_is_valid_without_warnings(tmp_path):
    (tmp_path / "p.yaml").write_text(dump(minimal_partnership()))
    result = run("validate", tmp_path / "p.yaml")
    assert (result.exit_code, result.stderr) == (0, "")


def test_errors_doc_is_up_to_date():
    spec = importlib.util.spec_from_file_location("errors_doc", REPO / "tools" / "errors_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    assert module.generate() == current, "docs/errors.md is out of date: run `python tools/errors_doc.py`"
