"""Valid partnership files for tests: a small one as a dict, a large one, and `dump` to YAML text.

Tests edit the dict (deep-copied each call) and `dump` it, so each bad input is one
visible change to a file that is otherwise valid and raises no warnings.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal


def minimal_partnership() -> dict:
    """A partially integrated MCP with one commissioner, one lead provider and one practice."""
    return {
        "format": 1,
        "partnership": {
            "name": "Test Valley Community Provider",
            "area": "Test Valley",
            "care_model": "mcp",
            "integration_level": "partial",
            "organisational_form": "lead_provider",
            "population": {"whole_area": 150000},
            "start_date": date(2019, 4, 1),
            "term_years": 12,
            "draft": {"version": "0.1", "date": date(2018, 10, 1)},
        },
        "parties": [
            {"id": "valley_ccg", "name": "NHS Test Valley CCG", "kind": "ccg", "role": "commissioner"},
            {"id": "valley_trust", "name": "Test Valley NHS Foundation Trust", "kind": "foundation_trust",
             "role": "lead_provider"},
            practice(1),
        ],
        "services": [{"id": "community_health", "name": "Community health services", "provider": "valley_trust"}],
        "budget": {
            "financial_year": "2019/20",
            "lines": [{"service": "community_health", "amount": Decimal("1000000.10"), "commissioner": "valley_ccg"}],
        },
        "integration_agreement": {"forum": "Test Valley Practice Forum", "payment_per_patient": 2,
                                  "integrated_services": ["community_health"]},
        "procurement": {"early_engagement": date(2017, 6, 1), "checkpoint_1": date(2017, 9, 1),
                        "checkpoint_2": date(2018, 6, 1), "checkpoint_3": date(2019, 1, 15)},
        "governance": {
            "board": {
                "name": "Test Valley Partnership Board",
                "members": [
                    {"party": "valley_ccg", "role": "Chief Officer"},
                    {"party": "valley_trust", "role": "Chief Executive"},
                    {"party": "practice_1", "role": "GP representative"},
                ],
                "chair": 1,
                "quorum": 2,
            }
        },
    }


def practice(n: int) -> dict:
    """GP practice number `n` (a participant keeping its GMS contract)."""
    return {"id": f"practice_{n}", "name": f"Practice {n} Surgery", "kind": "gp_practice", "role": "participant",
            "ods_code": f"M{n:05d}", "list_size": 100, "gp_contract": {"type": "gms", "status": "retained"}}


def risk_share() -> dict:
    """A risk share between the commissioner and the trust, to add as data["risk_share"]."""
    return {
        "metric": "non-elective acute spend",
        "baseline": 500000,
        "baseline_year": "2017/18",
        "threshold": {"amount": 10000},
        "parties": [{"party": "valley_trust", "gain_share": 60, "loss_share": 60},
                    {"party": "valley_ccg", "gain_share": 40, "loss_share": 40}],
    }


def large_partnership(practices: int = 500, lines: int = 200, metrics: int = 50) -> dict:
    """The minimal partnership grown to `practices` practices, `lines` budget lines and `metrics` metrics."""
    data = minimal_partnership()
    data["parties"] = data["parties"][:2] + [practice(n) for n in range(1, practices + 1)]
    data["services"] = [{"id": f"service_{n}", "name": f"Service {n}", "provider": "valley_trust"}
                        for n in range(1, lines + 1)]
    data["budget"]["lines"] = [{"service": f"service_{n}", "amount": Decimal(f"{n}000.{n % 100:02d}"),
                                "commissioner": "valley_ccg"} for n in range(1, lines + 1)]
    data["integration_agreement"]["integrated_services"] = ["service_1"]
    weights = [Decimal(100) / metrics] * metrics
    weights[-1] = Decimal(100) - sum(weights[:-1])
    data["improvement_scheme"] = {"amount": 50000, "metrics": [
        {"id": f"metric_{n}", "name": f"Metric {n}", "unit": "%", "baseline": n, "target": n + 1,
         "weight": Decimal(w)} for n, w in enumerate(weights, start=1)]}
    return data


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PLAIN_TEXT = re.compile(r"^[A-Za-z]([A-Za-z0-9 _.\-]*[A-Za-z0-9])?$")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def _quote(text: str) -> str:
    """A YAML double-quoted scalar; anything not printable (line breaks included) is escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable() and ch != "\x85":
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        plain = _PLAIN_TEXT.match(value) and value.lower() not in _RESERVED
        return value if plain else _quote(value)
    raise TypeError(f"dump cannot write {type(value).__name__}")


def _key(key: object) -> str:
    return key if isinstance(key, str) and _PLAIN_KEY.match(key) else _quote(str(key))


def _lines(value: object, indent: str) -> list[str]:
    if isinstance(value, dict) and value:
        out = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out += [f"{indent}{_key(key)}:"] + _lines(item, indent + "  ")
            else:
                out.append(f"{indent}{_key(key)}: {_lines(item, '')[0]}")
        return out
    if isinstance(value, list) and value:
        out = []
        for item in value:
            inner = _lines(item, indent + "  ")
            out.append(f"{indent}- {inner[0].lstrip()}")
            out += inner[1:]
        return out
    if isinstance(value, (dict, list)):
        return [indent + ("{}" if isinstance(value, dict) else "[]")]
    return [indent + _scalar(value)]


def dump(data: dict) -> str:
    """Block-style YAML for `data`: every string double-quoted, Decimals written exactly."""
    return "\n".join(_lines(data, "")) + "\n"


TEST_DOCUMENT = "board_terms_of_reference"


def write_test_library(folder, body: str = "#. The board is {{ governance.board.name }}.") -> list[str]:
    """A one-document template and two clauses in `folder`, independent of the shipped library.

    The front matter lists every party's name in bold; the body is one clause, `test.body`.
    Returns the `--templates DIR --clauses DIR` options; the partnership must ask for
    `documents: [board_terms_of_reference]` (TEST_DOCUMENT).
    """
    from pathlib import Path

    templates, clauses = Path(folder) / "templates", Path(folder) / "clauses"
    (templates / "documents").mkdir(parents=True, exist_ok=True)
    clauses.mkdir(parents=True, exist_ok=True)
    (templates / "documents" / f"{TEST_DOCUMENT}.yaml").write_text(
        f"id: {TEST_DOCUMENT}\ntitle: Test Document\ntoc: false\nfront: [test.parties]\n"
        "parts:\n  - title: Body\n    clauses: [test.body]\n")
    (clauses / "parties.md").write_text(
        "---\nid: test.parties\ntitle: Parties\nversion: 1.0.0\n---\n"
        "{% for party in parties %}\n**{{ party.name }}**\n\n{% endfor %}\n")
    (clauses / "body.md").write_text(f"---\nid: test.body\ntitle: Body\nversion: 1.0.0\n---\n{body}\n")
    return ["--templates", str(templates), "--clauses", str(clauses)]
