"""Read YAML as plain data with the position of every key and value, constructing no objects.

ruamel.yaml composes the node graph; this module builds Python values from it itself, so
that no tag can construct an object, duplicate keys and aliases are caught with their
positions, floats become exact Decimals and impossible dates are located errors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import Diagnostic, InvalidInput, Location

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32

TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# XML 1.0 cannot hold these, so no writer could put them in a document
BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Characters that change how text is shown without showing themselves: a right-to-left override
# makes "Trust Ltd exe.pdf" show as "Trust dtL exe.pdf", a zero-width space makes two names that
# look the same differ. A partnership file has no use for them.
BIDI = {"\u061c": "Arabic letter mark", "\u200e": "left-to-right mark", "\u200f": "right-to-left mark",
        "\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
        "\u202c": "pop directional formatting", "\u202d": "left-to-right override",
        "\u202e": "right-to-left override", "\u2066": "left-to-right isolate", "\u2067": "right-to-left isolate",
        "\u2068": "first strong isolate", "\u2069": "pop directional isolate"}
ZERO_WIDTH = {"\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
              "\u2060": "word joiner", "\ufeff": "zero-width no-break space"}
INVISIBLE_RE = re.compile("[" + "".join(BIDI) + "".join(ZERO_WIDTH) + "]")
# What YAML allows in a file at all (its "printable" set); ruamel reports anything else by offset
NOT_YAML_RE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
LINE_BREAK_RE = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # as ruamel counts lines

Path_ = tuple  # a key path: ("parties", 2, "name")


class SourceInt(int):
    """An integer read from YAML that remembers how it was written (for codes like 0012345)."""

    source: str

    def __new__(cls, value: int, source: str):
        obj = super().__new__(cls, value)
        obj.source = source
        return obj


@dataclass
class Positions:
    """The 1-based position of each key and value in the file, by key path."""

    file: str
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: tuple) -> Location:
        """Where the value at `path` is; falls back to its nearest ancestor."""
        for p in _ancestors(path):
            if p in self.values:
                return Location(self.file, *self.values[p])
        return Location(self.file)

    def of_key(self, path: tuple) -> Location:
        """Where the key at `path` is written (for unknown keys)."""
        if path in self.keys:
            return Location(self.file, *self.keys[path])
        return self.of_value(path)


class _Alias(ScalarNode):
    """An alias (*name), kept where it is written instead of being resolved to its anchor's node."""


class _TooDeep(Exception):
    def __init__(self, mark):
        self.mark = mark


class _Composer(Composer):
    # Aliases become placeholders at their own position, so an alias bomb costs nothing and each
    # alias is reported where it is written; nesting stops at MAX_DEPTH before Python's recursion limit.
    _depth = 0

    def compose_node(self, parent, index):
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            self.parser.get_event()
            return _Alias(TAG + "str", event.anchor, event.start_mark, event.end_mark)
        if self._depth > MAX_DEPTH:
            raise _TooDeep(event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _ancestors(path: tuple):
    for n in range(len(path), -1, -1):
        yield path[:n]


def format_path(path: tuple) -> str:
    """("parties", 2, "name") -> "parties[2].name" (0-based list indices, as in the file)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.positions = Positions(file)
        self.errors: list[Diagnostic] = []

    def error(self, node: Node, path: tuple, message: str) -> None:
        self.errors.append(Diagnostic(Location(self.file, *_pos(node)), message, format_path(path)))

    def read(self, node: Node, path: tuple, depth: int = 0):
        if isinstance(node, _Alias):
            self.error(node, path, f"expected plain data, got an alias (*{node.value}): write the value out in full")
            return None
        if depth > MAX_DEPTH:
            self.error(node, path, f"expected at most {MAX_DEPTH} levels of nesting, got more")
            return None
        self.positions.values[path] = _pos(node)
        if getattr(node, "anchor", None):
            self.error(node, path, f"expected plain data, got an anchor (&{node.anchor}): anchors and aliases are not allowed")
        if node.tag not in ALLOWED_TAGS:
            self.error(node, path, f"expected plain data, got the tag {_short_tag(node.tag)}: remove the tag")
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.read(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: MappingNode, path: tuple, depth: int) -> dict:
        out: dict = {}
        first_seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            if key_node.tag == TAG + "merge" or (isinstance(key_node, ScalarNode) and key_node.value == "<<"
                                                  and key_node.style is None):
                self.error(key_node, path, "expected plain data, got a merge key (<<): write the keys out in full")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in ALLOWED_TAGS:
                self.error(key_node, path, "expected a plain text key, got a complex key")
                continue
            key = key_node.value
            if BAD_CHARS_RE.search(key):
                self.error(key_node, path, f"expected a key of printable characters, got {_show(key)}")
                continue
            child = path + (key,)
            if key in first_seen:
                line, col = first_seen[key]
                self.error(key_node, child, f"expected each key once, got a duplicate of the key at line {line}, column {col}")
                continue
            first_seen[key] = _pos(key_node)
            self.positions.keys[child] = _pos(key_node)
            out[key] = self.read(value_node, child, depth + 1)
        return out

    def scalar(self, node: ScalarNode, path: tuple):
        text, tag = node.value, node.tag[len(TAG):]
        if node.style == ">":
            # ruamel marks where a folded scalar was folded with \a (YAML allows no real one there)
            text = text.replace("\a", "")
        if tag == "str":
            bad = BAD_CHARS_RE.search(text)
            if bad:
                kind = "unpaired surrogate" if "\ud800" <= bad.group() <= "\udfff" else "control character"
                self.error(node, path, f"expected printable text, got the {kind} U+{ord(bad.group()):04X} "
                           f"at character {bad.start() + 1}: remove it")
                return None
            hidden = INVISIBLE_RE.search(text)
            if hidden:
                char = hidden.group()
                where = f"U+{ord(char):04X} at character {hidden.start() + 1}"
                what = (f"the {BIDI[char]} {where}, which changes the order text is shown in" if char in BIDI
                        else f"the invisible {ZERO_WIDTH[char]} {where}")
                self.error(node, path, f"expected text that reads as it is written, got {what}: remove it")
                return None
            return text
        if tag == "null":
            return None
        if tag == "bool":
            return text.lower() == "true"
        if tag == "int":
            try:
                value = int(text.replace("_", ""), 0) if not re.fullmatch(r"[-+]?0\d+", text) else int(text)
            except ValueError:
                self.error(node, path, f"expected a whole number, got {text!r}")
                return None
            if abs(value) >= 10**18:
                self.error(node, path, f"expected a number below 10^18, got {text}")
                return None
            return SourceInt(value, text)
        if tag == "float":
            try:
                value = Decimal(text.replace("_", ""))
            except InvalidOperation:
                self.error(node, path, f"expected a finite number, got {text!r}")
                return None
            if not value.is_finite():
                self.error(node, path, f"expected a finite number, got {text!r}")
                return None
            if value.adjusted() > 17:
                self.error(node, path, f"expected a number below 10^18, got {text}")
                return None
            return value
        if tag == "timestamp":
            match = DATE_RE.match(text)
            if not match:
                self.error(node, path, f"expected a date as YYYY-MM-DD, got {text!r}")
                return None
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError as exc:
                self.error(node, path, f"expected a real date as YYYY-MM-DD, got {text} ({exc})")
                return None
        raise AssertionError(f"unhandled tag {tag}")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(TAG):] if tag.startswith(TAG) else tag


def _show(text: str) -> str:
    return repr(text)[:60]


def read_yaml(path: Path, display: str | None = None) -> tuple[object, Positions]:
    """Read `path` as plain data. Raises InvalidInput with every problem found."""
    file = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput(Diagnostic(Location(file), f"cannot read the file: {exc.strerror}"))
    if size > MAX_BYTES:
        raise InvalidInput(Diagnostic(Location(file), f"expected a file of at most {MAX_BYTES // 1024} KiB, "
                                      f"got {size // 1024} KiB: split the partnership or trim it"))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidInput(Diagnostic(Location(file, line, col), "expected UTF-8 text, got a byte that is not UTF-8: "
                                      "save the file as UTF-8"))
    return read_yaml_text(text, file)


def _check_characters(text: str, file: str) -> None:
    """Refuse a character YAML does not allow anywhere in a file (a raw NUL, a BEL), at its line
    and column: ruamel.yaml's own message gives only an offset into the text."""
    bad = NOT_YAML_RE.search(text)
    if bad is None:
        return
    before = text[: bad.start()]
    breaks = list(LINE_BREAK_RE.finditer(before))
    line = len(breaks) + 1
    col = bad.start() - (breaks[-1].end() if breaks else 0) + 1
    char = bad.group()
    kind = "control character" if unicodedata.category(char) == "Cc" else "character"
    raise InvalidInput(Diagnostic(Location(file, line, col), f"expected printable text, got the {kind} "
                                  f"U+{ord(char):04X}, which YAML does not allow in a file: remove it"))


def read_yaml_text(text: str, file: str) -> tuple[object, Positions]:
    """Read YAML text as plain data; see `read_yaml`."""
    reader = _Reader(file)
    _check_characters(text, file)
    yaml = YAML(typ="safe", pure=True)  # no comment gathering: it reads a third faster
    yaml.allow_duplicate_keys = True  # we report duplicates ourselves, with both positions
    yaml.Composer = _Composer
    try:
        root = yaml.compose(text)
    except _TooDeep as exc:
        raise InvalidInput(Diagnostic(Location(file, exc.mark.line + 1, exc.mark.column + 1),
                                      f"expected at most {MAX_DEPTH} levels of nesting, got more"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = exc.problem or exc.context or "the YAML is malformed"
        if exc.context and problem.startswith("but "):  # "but found another document" needs its context
            problem = f"{exc.context}, {problem}"
        raise InvalidInput(Diagnostic(where, f"expected well-formed YAML, got a syntax error: {problem}"))
    except YAMLError as exc:
        raise InvalidInput(Diagnostic(Location(file), f"expected well-formed YAML, got: {exc}"))
    if root is None:
        raise InvalidInput(Diagnostic(Location(file, 1, 1), "expected a partnership description, got an empty file"))
    data = reader.read(root, ())
    if reader.errors:
        raise InvalidInput(reader.errors)
    return data, reader.positions
