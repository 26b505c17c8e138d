"""The partnership format says in one place what each constrained field expects: `validate`
reads its messages from there, and the exported JSON Schema (checked here with the jsonschema
library, as an editor would) accepts and refuses the same files as `validate`."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import get_args

import jsonschema
import pytest
from click.testing import CliRunner
from pydantic import BaseModel
from ruamel.yaml import YAML

from contractgen.cli import main
from contractgen.doctemplate import DocTemplate
from contractgen.library import ClauseMeta
from contractgen.partnership.load import _metadata, expected
from contractgen.partnership.schema import Expected, PartnershipFile
from partnerships import dump, minimal_partnership

ROOT = Path(__file__).resolve().parent.parent


def constrained_fields(model: type[BaseModel], path: tuple = (), seen=None):
    """(path, field) for every field of `model`, and of the models inside it, that has a pattern."""
    seen = seen if seen is not None else set()
    if model in seen:
        return
    seen.add(model)
    for name, field in model.model_fields.items():
        if _has_pattern([*field.metadata, *_metadata(field.annotation)]):
            yield path + (name,), field
        for inner in _models(field.annotation):
            yield from constrained_fields(inner, path + (name,), seen)


def _has_pattern(items) -> bool:
    for item in items:
        if isinstance(item, Expected):
            continue
        if getattr(item, "pattern", None) or _has_pattern(getattr(item, "metadata", None) or []):
            return True
    return False


def _models(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in get_args(annotation):
        yield from _models(arg)


@pytest.mark.parametrize("model", [PartnershipFile, ClauseMeta, DocTemplate], ids=lambda m: m.__name__)
def test_every_field_with_a_pattern_says_in_words_what_it_expects(model):
    fields = list(constrained_fields(model))
    assert fields  # the walk finds the patterns it is meant to check
    for path, _ in fields:
        words = expected(model, path)
        assert words is not None and words.pattern, path


def test_the_patterns_messages_are_in_the_json_schema_for_editors():
    schema = json.dumps(PartnershipFile.model_json_schema())
    assert '"patternErrorMessage": "expected a financial year like 2018/19"' in schema
    assert '"patternErrorMessage": "expected some text, not only spaces"' in schema


# ---------------------------------------------------------------- validate and the JSON Schema agree

def json_schema() -> dict:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    return json.loads(result.stdout)


def as_json(value):
    """What an editor's YAML reader hands to the JSON Schema: dates as text, numbers as numbers."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


EDITS = {
    "a quoted all-digit ODS code": ("ods_code: M00001", 'ods_code: "0012345"'),
    "an unquoted all-digit ODS code": ("ods_code: M00001", "ods_code: 0012345"),
    "an unquoted ODS code without leading zeros": ("ods_code: M00001", "ods_code: 12345"),
    "an ODS code of letters and digits": ("ods_code: M00001", "ods_code: M87001"),
    "an ODS code of spaces alone": ("ods_code: M00001", 'ods_code: "  "'),
    "a name of spaces alone": ("name: NHS Test Valley CCG", 'name: "   "'),
    "money as text": ("amount: 1000000.10", "amount: £1,000"),
    "a financial year without its second year": ('financial_year: "2019/20"', 'financial_year: "2019"'),
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_validate_and_the_json_schema_agree(case, tmp_path):
    old, new = EDITS[case]
    text = dump(minimal_partnership())
    assert old in text
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    schema_errors = [e.message for e in jsonschema.Draft202012Validator(json_schema()).iter_errors(as_json(data))]
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert (result.exit_code == 0) == (not schema_errors), (result.output, schema_errors)


def test_the_minimal_partnership_passes_the_json_schema():
    data = YAML(typ="safe", pure=True).load(dump(minimal_partnership()))
    assert list(jsonschema.Draft202012Validator(json_schema()).iter_errors(as_json(data))) == []


def test_every_example_passes_the_json_schema():
    schema = json_schema()
    for path in sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml")):
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(
            as_json(data))]
        assert errors == [], path.name


def test_a_name_with_a_line_break_is_refused_where_it_is(tmp_path):
    # a name prints on one line (cover, table cell, signature block); a break would split it
    # differently in every format
    source = (ROOT / "examples" / "dudley.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("name:") and i > 30)
    column = lines[at].index("name:") + 7
    lines[at] = lines[at].split("name:")[0] + 'name: "First line\\n second line"'
    path = tmp_path / "p.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{at + 1}:{column}: " in result.output
    assert ("name: expected some text on one line, not only spaces, got 'First line\\n second line': write the "
            "text on one line, or leave out a key that is optional") in result.output
