"""The command line: messages users see, exit codes, and what gets written."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from contractgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
DUDLEY = ROOT / "examples" / "dudley.yaml"


def run(*args, cwd=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_validate_accepts_the_examples():
    result = run("validate", ROOT / "examples")
    assert result.exit_code == 0, result.output
    assert "dudley.yaml: valid" in result.output


def test_malformed_yaml_gives_file_line_col_exit_2_and_no_output(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\npartnership:\n  name: [unclosed\n  area: x\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", bad, "--out", out, "--format", "md")
    assert result.exit_code == 2
    assert result.output.startswith(f"{bad}:4:")
    assert "expected well-formed YAML, got a syntax error" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_schema_error_names_key_path_expected_and_got(tmp_path):
    text = DUDLEY.read_text(encoding="utf-8").replace("term_years: 15", "term_years: fifteen")
    bad = tmp_path / "dudley.yaml"
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "term_years" in l)
    col = text.splitlines()[line - 1].index("fifteen") + 1
    result = run("validate", bad)
    assert result.exit_code == 2
    assert result.output.strip() == (f"{bad}:{line}:{col}: partnership.term_years: "
                                     "expected a whole number, got 'fifteen'")


def test_every_error_at_once(tmp_path):
    text = (DUDLEY.read_text(encoding="utf-8")
            .replace("term_years: 15", "term_years: fifteen")
            .replace("care_model: mcp", "care_model: mpc")
            .replace("  area: Dudley\n", "  area: Dudley\n  aera: Dudley\n"))
    bad = tmp_path / "dudley.yaml"
    bad.write_text(text, encoding="utf-8")
    result = run("validate", bad)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2
    assert len(lines) == 3, lines
    assert "partnership.aera: expected a known key, got unknown key 'aera': did you mean 'area'?" in lines[0]
    assert "partnership.care_model: expected one of 'mcp', 'pacs', 'gp_network', 'place_based', " \
           "'primary_care_home' or 'care_closer_to_home', got 'mpc'" in lines[1]


def test_domain_rule_errors_are_located(tmp_path):
    text = DUDLEY.read_text(encoding="utf-8").replace("gain_share: 20, loss_share: 20", "gain_share: 25, loss_share: 20")
    bad = tmp_path / "dudley.yaml"
    bad.write_text(text, encoding="utf-8")
    result = run("validate", bad)
    assert result.exit_code == 2
    assert "risk_share.schemes[0].parties: expected gain shares that sum to 100, got 105" in result.output


def test_warnings_fail_only_under_strict(tmp_path):
    text = DUDLEY.read_text(encoding="utf-8").replace("term_years: 15", "term_years: 7")
    path = tmp_path / "dudley.yaml"
    path.write_text(text, encoding="utf-8")
    relaxed = run("validate", path)
    assert relaxed.exit_code == 0
    assert "warning: partnership.term_years: expected 10 to 15 years for an MCP contract, got 7" in relaxed.output
    assert run("validate", "--strict", path).exit_code == 2


def test_schema_is_json_schema_with_descriptions():
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["$schema"].endswith("2020-12/schema")
    info = schema["$defs"]["PartnershipInfo"]["properties"]
    assert "integration" in info["integration_level"]["description"]
    assert info["care_model"]["enum"] == ["mcp", "pacs", "gp_network", "place_based", "primary_care_home",
                                          "care_closer_to_home"]


def test_help_and_validate_do_not_import_weasyprint_or_docx():
    code = ("import sys; from click.testing import CliRunner; from contractgen.cli import main; "
            f"r = CliRunner().invoke(main, ['validate', {str(DUDLEY)!r}]); "
            "CliRunner().invoke(main, ['--help']); "
            "print(sorted(m for m in ('weasyprint', 'docx') if m in sys.modules), r.exit_code)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] 0"


def test_check_reports_stale_golden_files_and_update_fixes_them(tmp_path):
    shutil.copy(DUDLEY, tmp_path / "dudley.yaml")
    first = run("build", "--check", tmp_path)
    assert first.exit_code == 4
    assert "golden/dudley/mcp_contract.md (missing)" in first.output
    assert run("build", "--update-golden", tmp_path).exit_code == 0
    assert run("build", "--check", tmp_path).exit_code == 0
    golden = tmp_path / "golden" / "dudley" / "mcp_contract.md"
    golden.write_text(golden.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    stale = run("build", "--check", tmp_path)
    assert stale.exit_code == 4 and "mcp_contract.md" in stale.output


def test_committed_golden_files_are_current():
    result = run("build", "--check", ROOT / "examples")
    assert result.exit_code == 0, result.output


def test_an_acknowledged_warning_is_printed_but_does_not_fail_strict(tmp_path):
    text = DUDLEY.read_text(encoding="utf-8").replace("term_years: 15", "term_years: 7")
    text += "\nacknowledged_warnings:\n  - warning: term-length\n    reason: a short pilot contract agreed with NHS England\n"
    path = tmp_path / "dudley.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", "--strict", path)
    assert result.exit_code == 0, result.output
    assert "acknowledged: partnership.term_years: expected 10 to 15 years for an MCP contract, got 7 [term-length]" \
        in result.output


def test_acknowledging_an_unknown_warning_is_an_error_with_a_suggestion(tmp_path):
    text = DUDLEY.read_text(encoding="utf-8")
    text += "\nacknowledged_warnings:\n  - warning: term-lenght\n    reason: typo\n"
    path = tmp_path / "dudley.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 2
    assert "acknowledged_warnings[0].warning: expected the name of a warning, got 'term-lenght': did you mean " \
           "'term-length'?" in result.output


import pytest  # noqa: E402


@pytest.mark.parametrize("model,level", [("mcp", "virtual"), ("mcp", "partial"), ("mcp", "full"),
                                         ("pacs", "virtual"), ("pacs", "partial")])
def test_init_writes_a_starter_that_validates_and_builds(tmp_path, model, level):
    target = tmp_path / "starter.yaml"
    result = run("init", target, "--care-model", model, "--level", level, "--area", "Testville",
                 "--commissioner", "NHS Testville CCG", "--lead-provider", "Testville Community NHS FT",
                 "--acute-provider", "Testville Hospitals NHS FT", "--practices", "2")
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Starter partnership file") and f"care_model: {model}" in text
    built = run("build", target, "--format", "md", "--out", tmp_path / "out", "--jobs", "1")
    assert built.exit_code == 0, built.output
    # a virtual model's main document is the alliance agreement; partial and full have a single contract
    main_doc = "alliance_agreement" if level == "virtual" else "mcp_contract" if model == "mcp" else "pacs_agreement"
    md = (tmp_path / "out" / "starter" / f"{main_doc}.md").read_text(encoding="utf-8")
    assert "NHS Testville CCG" in md and "Testville Hospitals NHS FT" in md


def test_init_refuses_to_overwrite(tmp_path):
    target = tmp_path / "starter.yaml"
    target.write_text("keep me", encoding="utf-8")
    result = run("init", target, "--care-model", "mcp", "--level", "virtual", "--area", "A", "--commissioner", "C",
                 "--lead-provider", "L", "--acute-provider", "P", "--practices", "0")
    assert result.exit_code == 2 and "exists" in result.output
    assert target.read_text(encoding="utf-8") == "keep me"


def test_clauses_list_show_and_explain():
    listed = run("clauses", "list", "--document", "board_terms_of_reference")
    assert listed.exit_code == 0
    assert "governance.tor.quorum" in listed.output and "mcp.gc.payment" not in listed.output
    shown = run("clauses", "show", "governance.tor.quorum")
    assert shown.exit_code == 0 and shown.output.startswith("governance.tor.quorum 1.0.1")
    assert "governance.board.quorum" in shown.output  # the body as written, with its variables
    missing = run("clauses", "show", "governance.tor.quorom")
    assert missing.exit_code == 2 and "Did you mean governance.tor.quorum" in missing.output
    explained = run("explain", ROOT / "examples" / "salford.yaml", "--document", "board_terms_of_reference")
    assert explained.exit_code == 0
    assert "+ governance.tor.decisions.unanimous" in explained.output
    assert "- governance.tor.decisions.consensus" in explained.output
    assert 'condition false: governance.board.decision_rule == "consensus"' in explained.output


def test_manifest_explain_and_clean_copy(tmp_path):
    import hashlib
    import zipfile

    result = run("build", DUDLEY, "--document", "board_terms_of_reference", "--format", "docx,md",
                 "--out", tmp_path / "full", "--jobs", "1")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "full" / "dudley"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    docx_bytes = (folder / "board_terms_of_reference.docx").read_bytes()
    assert manifest["outputs"]["board_terms_of_reference.docx"] == hashlib.sha256(docx_bytes).hexdigest()
    (doc,) = manifest["documents"]
    assert doc["partnership"]["sha256"] == hashlib.sha256(DUDLEY.read_bytes()).hexdigest()
    assert {"id": "governance.tor.quorum", "version": "1.0.1"}.items() <= next(
        c for c in doc["clauses"] if c["id"] == "governance.tor.quorum").items()
    explained = run("explain", folder / "board_terms_of_reference.docx")
    assert explained.exit_code == 0
    assert "board_terms_of_reference: built by contractgen" in explained.output
    assert "+ governance.tor.quorum" in explained.output
    with zipfile.ZipFile(folder / "board_terms_of_reference.docx") as z:
        assert "word/comments.xml" in z.namelist()
    clean = run("build", DUDLEY, "--document", "board_terms_of_reference", "--format", "docx", "--clean",
                "--out", tmp_path / "clean", "--jobs", "1")
    assert clean.exit_code == 0, clean.output
    with zipfile.ZipFile(tmp_path / "clean" / "dudley" / "board_terms_of_reference.docx") as z:
        assert "word/comments.xml" not in z.namelist()


def test_a_second_build_is_up_to_date_and_a_clause_change_rebuilds(tmp_path):
    import shutil as sh

    clauses = tmp_path / "clauses"
    sh.copytree(ROOT / "clauses", clauses)
    args = ["build", DUDLEY, "--format", "md", "--out", tmp_path / "out", "--jobs", "2", "--clauses", clauses]
    first = run(*args)
    assert first.exit_code == 0 and "0 up to date" in first.output
    target = tmp_path / "out" / "dudley" / "board_terms_of_reference.md"
    stamp = target.stat().st_mtime_ns
    second = run(*args)
    assert "0 document(s) built" in second.output and "0 failed" in second.output
    assert target.stat().st_mtime_ns == stamp
    quorum = clauses / "governance" / "tor-quorum.md"
    quorum.write_text(quorum.read_text(encoding="utf-8").replace("is quorate", "has a quorum"), encoding="utf-8")
    third = run(*args)
    assert "built: " in third.output and "board_terms_of_reference" in third.output
    assert "has a quorum" in target.read_text(encoding="utf-8")
    assert "mcp_contract" not in [l.split()[-1] for l in third.output.splitlines() if l.startswith("built:")]
    forced = run(*args, "--force")
    assert "0 up to date" in forced.output
