"""docs/partnership-format.md is generated from the schema's docstrings: it must match what the tool prints now."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("format_doc", REPO / "tools" / "format_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_partnership_format_doc_matches_the_schema():
    committed = (REPO / "docs" / "partnership-format.md").read_text(encoding="utf-8")
    expected = _tool().render()
    assert committed == expected, ("docs/partnership-format.md differs from the schema's docstrings: "
                                   "run `python tools/format_doc.py` and commit the result")


def test_the_drift_test_sees_a_changed_docstring(monkeypatch):
    # the check is only worth having if a schema change reaches the generated text
    from contractgen.partnership import schema

    tool = _tool()
    before = tool.render()
    original = schema.json_schema

    def edited():
        out = original()
        out["$defs"]["RiskShare"]["properties"]["metric"]["description"] = "An edited docstring."
        return out

    monkeypatch.setattr(tool, "json_schema", edited)
    assert tool.render() != before and "An edited docstring." in tool.render()
