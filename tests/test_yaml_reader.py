"""The YAML reader: plain data only, every problem located, nothing constructed, nothing coerced."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractgen.cli import main
from contractgen.errors import InvalidInput
from contractgen.partnership.load import load
from contractgen.partnership.yamlread import MAX_BYTES, read_yaml, read_yaml_text
from partnerships import dump, minimal_partnership

REPO = Path(__file__).resolve().parents[1]
BAD = "tests/fixtures/bad"


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def validate(*files: str):
    result = CliRunner().invoke(main, ["validate", *files])
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr.splitlines()


# every YAML-level fixture: (exit code, exactly what the user sees)
CASES = {
    "python_tag": ["4:9: partnership.name: expected plain data, got the tag !!python/object/apply:os.system: "
                   "remove the tag"],
    "custom_tag": ["5:9: partnership.area: expected plain data, got the tag !foo: remove the tag"],
    "duplicate_key": ["6:3: partnership.area: expected each key once, got a duplicate of the key at line 5, column 3"],
    "anchor_alias": ["18:11: parties[0].name: expected plain data, got an anchor (&ccg_name): anchors and aliases "
                     "are not allowed",
                     "22:11: parties[1].name: expected plain data, got an alias (*ccg_name): write the value out in full"],
    "merge_key": ["14:5: partnership.draft: expected plain data, got a merge key (<<): write the keys out in full"],
    "malformed": ["6:13: expected well-formed YAML, got a syntax error: expected ',' or ']', but got ':'"],
    "bad_indent": ["5:2: expected well-formed YAML, got a syntax error: expected <block end>, "
                   "but found '<block mapping start>'"],
    "tab_indent": ["5:1: expected well-formed YAML, got a syntax error: found character '\\t' that cannot start any token"],
    "second_document": ["66:1: expected well-formed YAML, got a syntax error: expected a single document in the stream, "
                        "but found another document"],
    "not_utf8": ["26:26: expected UTF-8 text, got a byte that is not UTF-8: save the file as UTF-8"],
    "impossible_date": ["11:15: partnership.start_date: expected a real date as YYYY-MM-DD, got 2019-02-30 "
                        "(day is out of range for month)"],
    "datetime": ["11:15: partnership.start_date: expected a date as YYYY-MM-DD, got '2019-04-01T09:00:00'"],
    "control_character": ["26:11: parties[2].name: expected printable text, got the control character U+0007 "
                          "at character 11: remove it"],
    "lone_surrogate": ["26:11: parties[2].name: expected printable text, got the unpaired surrogate U+D800 "
                       "at character 10: remove it"],
    "huge_number": ["10:17: partnership.population.registered: expected a number below 10^18, "
                    "got 99999999999999999999999"],
    "nan_amount": ["42:15: budget.lines[0].amount: expected a finite number, got '.nan'"],
    "too_deep": ["66:40: expected at most 32 levels of nesting, got more"],
    "nul_byte": ["5:13: expected printable text, got the control character U+0000, which YAML does not allow in a "
                 "file: remove it"],
    "bidi_override": ["22:11: parties[1].name: expected text that reads as it is written, got the right-to-left "
                      "override U+202E at character 28, which changes the order text is shown in: remove it"],
    "zero_width": ["5:9: partnership.area: expected text that reads as it is written, got the invisible zero-width "
                   "space U+200B at character 5: remove it"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_yaml_fixture_gives_exact_located_message(name):
    code, lines = validate(f"{BAD}/{name}.yaml")
    assert code == 2
    assert lines == [f"{BAD}/{name}.yaml:{line}" for line in CASES[name]]


def test_alias_bomb_is_rejected_at_once_alias_by_alias():
    start = time.perf_counter()
    code, lines = validate(f"{BAD}/alias_bomb.yaml")
    elapsed = time.perf_counter() - start
    assert code == 2
    # 10 anchors and 81 aliases, each reported where it is written; nothing is expanded
    assert len(lines) == 91
    assert lines[0] == (f"{BAD}/alias_bomb.yaml:67:7: laughs.a0: expected plain data, got an anchor (&a0): "
                        "anchors and aliases are not allowed")
    assert lines[2] == (f"{BAD}/alias_bomb.yaml:68:12: laughs.a1[0]: expected plain data, got an alias (*a0): "
                        "write the value out in full")
    assert elapsed < 5  # generous: the point is that it is not exponential


def test_recursive_alias_is_refused_not_followed():
    with pytest.raises(InvalidInput) as exc:
        read_yaml_text("a: &x [1, *x]\n", "loop.yaml")
    assert exc.value.lines() == [
        "loop.yaml:1:4: a: expected plain data, got an anchor (&x): anchors and aliases are not allowed",
        "loop.yaml:1:11: a[1]: expected plain data, got an alias (*x): write the value out in full",
    ]


def test_undefined_alias_is_located():
    with pytest.raises(InvalidInput) as exc:
        read_yaml_text("a: *nowhere\n", "f.yaml")
    assert exc.value.lines() == ["f.yaml:1:4: a: expected plain data, got an alias (*nowhere): write the value out in full"]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/name:os.system", "!!binary",
                                 "!!set", "!!omap", "!foo", "!<tag:example.com,2000:app/foo>"])
def test_no_tag_constructs_anything(tag):
    with pytest.raises(InvalidInput) as exc:
        read_yaml_text(f"key: {tag} x\n", "t.yaml")
    (line,) = exc.value.lines()
    assert line.startswith("t.yaml:1:6: key: expected plain data, got the tag ")
    assert line.endswith(": remove the tag")


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("big.yaml").write_text("#" * MAX_BYTES + "\nformat: 1\n")
    code, lines = validate("big.yaml")
    assert code == 2
    assert lines == ["big.yaml: expected a file of at most 2048 KiB, got 2048 KiB: split the partnership or trim it"]


def test_empty_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("empty.yaml").write_text("")
    assert validate("empty.yaml") == (2, ["empty.yaml:1:1: expected a partnership description, got an empty file"])


def test_a_quoted_ods_code_keeps_its_leading_zeros(tmp_path):
    text = dump(minimal_partnership()).replace('ods_code: M00001', 'ods_code: "0012345"')
    (tmp_path / "p.yaml").write_text(text)
    party = load(tmp_path / "p.yaml").partnership.parties[2]
    assert party.ods_code == "0012345"
    assert isinstance(party.ods_code, str)


def test_an_unquoted_numeric_ods_code_is_refused_as_the_json_schema_refuses_it(tmp_path):
    # YAML reads 0012345 as a number (a YAML 1.1 reader as the octal 5349): a code is text, so it is quoted
    text = dump(minimal_partnership()).replace('ods_code: M00001', 'ods_code: 0012345')
    (tmp_path / "p.yaml").write_text(text)
    assert validate(str(tmp_path / "p.yaml")) == (2, [
        f'{tmp_path / "p.yaml"}:28:15: parties[2].ods_code: expected a code in quotes, like "M87001" or "0012345", '
        "got the number 0012345"])


def test_money_is_exact_decimal(tmp_path):
    data = minimal_partnership()
    data["budget"]["lines"] = [
        {"service": "community_health", "amount": Decimal("0.1"), "commissioner": "valley_ccg"},
        {"service": "community_health", "amount": Decimal("0.2"), "commissioner": "valley_ccg"},
    ]
    data["budget"]["stated_total"] = Decimal("0.3")  # 0.1 + 0.2 != 0.3 in floats; it must hold here
    (tmp_path / "p.yaml").write_text(dump(data))
    budget = load(tmp_path / "p.yaml").partnership.budget
    assert [type(line.amount) for line in budget.lines] == [Decimal, Decimal]
    assert budget.lines[0].amount == Decimal("0.1")
    assert budget.lines[0].amount + budget.lines[1].amount == budget.stated_total


def test_float_noise_in_an_amount_is_refused_not_rounded():
    code, lines = validate(f"{BAD}/float_money.yaml")
    assert (code, lines) == (2, [f"{BAD}/float_money.yaml:42:15: budget.lines[0].amount: expected at most 15 digits "
                                 "in all, got the number 0.30000000000000004"])


def test_floats_are_read_as_decimals_and_dates_as_dates():
    data, positions = read_yaml_text("a: 1000000.10\nb: 2019-04-01\nc: 0012345\nd: '12'\n", "f.yaml")
    assert data["a"] == Decimal("1000000.10") and isinstance(data["a"], Decimal)
    assert data["b"] == date(2019, 4, 1)
    assert data["c"] == 12345 and data["c"].source == "0012345"
    assert data["d"] == "12"
    assert positions.of_value(("b",)).line == 2 and positions.of_value(("b",)).col == 4


@pytest.mark.parametrize("escape, code", [("\\x07", "U+0007"), ("\\x00", "U+0000"), ("\\x1b", "U+001B"),
                                          ("\\x7f", "U+007F"), ("\\ud800", "U+D800"), ("\\uffff", "U+FFFF")])
def test_control_characters_are_located(escape, code):
    with pytest.raises(InvalidInput) as exc:
        read_yaml_text(f'name: "ab{escape}"\n', "c.yaml")
    (line,) = exc.value.lines()
    assert line.startswith("c.yaml:1:7: name: expected printable text, got the ")
    assert line.endswith(f" {code} at character 3: remove it")


def test_non_utf8_bytes_are_located(tmp_path):
    (tmp_path / "x.yaml").write_bytes(b"a: 1\nname: caf\xe9\n")
    with pytest.raises(InvalidInput) as exc:
        read_yaml(tmp_path / "x.yaml", "x.yaml")
    assert exc.value.lines() == ["x.yaml:2:10: expected UTF-8 text, got a byte that is not UTF-8: save the file as UTF-8"]
