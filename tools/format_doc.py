"""Write docs/partnership-format.md from the schema's docstrings and the Dudley example.

Run `python tools/format_doc.py` after changing the schema; a test fails while the
committed file differs from what this prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contractgen.partnership.schema import json_schema  # noqa: E402

INTRO = """# The partnership file, format v1

A partnership file is YAML describing one local partnership. contractgen reads it as plain
data: no tags, anchors or aliases, each key once, dates as `YYYY-MM-DD`, money as plain
numbers of pounds (read exactly, never as floating point), codes such as ODS codes kept as
written. `contractgen validate FILE` checks it and names the line and column of every
problem; `contractgen schema` prints this format as JSON Schema, so an editor with a YAML
language server validates the file as you type (add
`# yaml-language-server: $schema=partnership.schema.json` at the top after saving the
schema beside it).

This page is generated from the schema by `tools/format_doc.py`; do not edit it by hand.

## Illustrative and missing values

Any entry of the file (a party, a budget line, a staff transfer, the population...) may say which of
its values are illustrative rather than sourced, with one more key, `illustrative`:

```yaml
  - id: brookvale
    name: Brookvale Medical Centre
    list_size: 13200
    illustrative: [name, list_size]      # or `illustrative: true` for every value the entry gives
```

The documents then show each such value bracketed and highlighted ("[13,200: ILLUSTRATIVE]": a
yellow highlight in the DOCX, a marked span in the PDF, `<mark>` in the Markdown). `illustrative`
names the entry's own values (text, numbers, amounts, dates, lists of text); ids, references to
other entries, choices such as `kind`, and nested entries are structure and cannot be named (mark a
nested entry by its own `illustrative`). A value the file leaves out, such as a party's address or
a practice's ODS code, is shown the same way ("[address to be confirmed]"). `contractgen lint` lists
every placeholder of every document after its findings, for information: placeholders never fail a
build, `--strict` included. The tables below leave `illustrative` out.

## Fields
"""


def _type(prop: dict, defs: dict) -> str:
    if "$ref" in prop:
        return prop["$ref"].split("/")[-1]
    if "anyOf" in prop:
        kinds = [_type(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds) + (" (optional)" if any(p.get("type") == "null" for p in prop["anyOf"]) else "")
    if "oneOf" in prop:
        return " or ".join(_type(p, defs) for p in prop["oneOf"])
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    if prop.get("type") == "array":
        return f"list of {_type(prop.get('items', {}), defs)}"
    if prop.get("format") == "date":
        return "date"
    return prop.get("type", "value")


def _section(name: str, schema: dict, defs: dict) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [schema["description"], ""]
    lines += ["| key | type | required | meaning |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for key, prop in schema.get("properties", {}).items():
        if key == "illustrative":  # every entry has it: described once, above
            continue
        if isinstance(prop.get("default"), dict):
            prop = {**prop, "default": {k: v for k, v in prop["default"].items() if k != "illustrative"}}
        meaning = " ".join(prop.get("description", "").split())
        default = f" Default: `{prop['default']}`." if "default" in prop and prop["default"] not in (None, [], {}) else ""
        lines.append(f"| `{key}` | {_type(prop, defs)} | {'yes' if key in required else 'no'} | {meaning}{default} |")
    return lines + [""]


def render() -> str:
    schema = json_schema()
    defs = schema.get("$defs", {})
    out = [INTRO]
    out += _section("The file (top level)", schema, defs)
    for name in sorted(defs):
        out += _section(name, defs[name], defs)
    example = (ROOT / "examples" / "dudley.yaml").read_text(encoding="utf-8")
    out += ["## A commented example", "", "`examples/dudley.yaml`:", "", "```yaml", example.rstrip(), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    (ROOT / "docs" / "partnership-format.md").write_text(render(), encoding="utf-8")
    print("wrote docs/partnership-format.md")
