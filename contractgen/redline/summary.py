"""The summary shown before a redline's body: clauses added, removed and revised, and partnership values changed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..document import Block, Meta, Paragraph, Strong, Table, Text
from .diff import Changes

NO_CHANGES = "No changes between the two drafts."
ABSENT = "(none)"
VALUE_WIDTH = 80  # longer values are cut short in the table
_LIST_KEYS = ("id", "party", "service")  # list items with one of these are matched by it, not by position


@dataclass
class ValueChange:
    path: str
    old: str
    new: str


def value_changes(old: object, new: object, path: str = "") -> list[ValueChange]:
    """Every value that differs between two partnership files read as plain data, by key path."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[ValueChange] = []
        for key in list(old) + [k for k in new if k not in old]:
            here = f"{path}.{key}" if path else str(key)
            out += value_changes(old.get(key), new.get(key), here) if key in old and key in new else \
                [ValueChange(here, _show(old.get(key)) if key in old else ABSENT,
                             _show(new.get(key)) if key in new else ABSENT)]
        return out
    if isinstance(old, list) and isinstance(new, list):
        key = _list_key(old, new)
        if key is None:
            out = []
            for i in range(max(len(old), len(new))):
                here = f"{path}[{i}]"
                if i < len(old) and i < len(new):
                    out += value_changes(old[i], new[i], here)
                else:
                    out.append(ValueChange(here, _show(old[i]) if i < len(old) else ABSENT,
                                           _show(new[i]) if i < len(new) else ABSENT))
            return out
        olds = {item[key]: item for item in old}
        news = {item[key]: item for item in new}
        out = []
        for ident in list(olds) + [i for i in news if i not in olds]:
            here = f"{path}[{key}={ident}]"
            if ident in olds and ident in news:
                out += value_changes(olds[ident], news[ident], here)
            else:
                out.append(ValueChange(here, _show(olds[ident]) if ident in olds else ABSENT,
                                       _show(news[ident]) if ident in news else ABSENT))
        return out
    if _plain(old) == _plain(new) and type(old) is type(new):
        return []
    return [ValueChange(path, _show(old), _show(new))]


def _list_key(old: list, new: list) -> str | None:
    items = old + new
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    for key in _LIST_KEYS:
        if all(key in i and isinstance(i[key], (str, int)) for i in items) and \
                len({i[key] for i in old}) == len(old) and len({i[key] for i in new}) == len(new):
            return key
    return None


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    source = getattr(value, "source", None)
    if source:
        return source
    if isinstance(value, (str, int, Decimal)):
        text = str(value)
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = json.dumps(_plain(value), default=str, ensure_ascii=False)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 3] + "..."


def _cell(text: str | None) -> list:
    return [Text(text or "")]


def summary_blocks(changes: Changes, values: list[ValueChange], old: Meta, new: Meta,
                   old_label: str, new_label: str) -> list[Block]:
    """The summary as model blocks, so every redline writer shows it the same way."""
    blocks: list[Block] = [
        Paragraph([Strong([Text("Redline")])], style="centred"),
        Paragraph([Text(f"From {old_label} (draft {old.version}, {old.status}, {old.date.isoformat()}) "
                        f"to {new_label} (draft {new.version}, {new.status}, {new.date.isoformat()}).")]),
    ]
    if not changes.changed:
        blocks.append(Paragraph([Strong([Text(NO_CHANGES)])]))
    rows = []
    seen: set[tuple] = set()
    for kind, found in (("added", changes.added), ("removed", changes.removed), ("revised", changes.revised)):
        for c in found:
            if (kind, c.clause_id) in seen:
                continue
            seen.add((kind, c.clause_id))
            rows.append([_cell(kind), _cell(c.clause_id), _cell(c.title), _cell(c.old_version),
                         _cell(c.new_version)])
    if rows:
        blocks.append(Table(header=[_cell(h) for h in ("Change", "Clause", "Title", "Old version", "New version")],
                            rows=rows, caption="Clauses added, removed and revised"))
    if values:
        if not changes.changed:
            blocks.append(Paragraph([Text("The partnership file changed, but not in ways this document shows.")]))
        blocks.append(Table(header=[_cell(h) for h in ("Key path", "Old value", "New value")],
                            rows=[[_cell(v.path), _cell(v.old), _cell(v.new)] for v in values],
                            caption="Partnership values changed"))
    blocks.append(Paragraph([Text("Insertions and deletions below are tracked changes: accept them all for the "
                                  "new draft, reject them all for the old one.")], style="note"))
    return blocks
