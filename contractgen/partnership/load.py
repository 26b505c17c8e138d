"""Load a partnership file: YAML with positions -> typed `PartnershipFile`, every error located."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from typing import Annotated, Iterator, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, InvalidInput
from .schema import FORMAT_VERSION, Expected, PartnershipFile
from .yamlread import Positions, format_path, read_yaml


M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded:
    """A partnership file that passed the schema, with what validation had to say about it."""

    path: Path
    display: str
    partnership: PartnershipFile
    positions: Positions
    warnings: list[Diagnostic]  # warnings and acknowledged warnings, to print

    @property
    def unacknowledged(self) -> list[Diagnostic]:
        """The warnings that fail a build under --strict."""
        return [w for w in self.warnings if w.severity == "warning"]


def describe(value: object) -> str:
    """How a received value is named in an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"{shown!r}"
    source = getattr(value, "source", None)
    if source:
        return f"the number {source}"
    if isinstance(value, (int, Decimal)):
        return f"the number {value}"
    return f"{type(value).__name__} {value}"


def _field_names(model: type[BaseModel], path: tuple) -> list[str]:
    """The keys allowed in the mapping at `path`, by walking the schema's models."""
    current: object = model
    for at, part in enumerate(path):
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        # of a union of models, the one that has the next key (risk_share: one scheme or `schemes`)
        models = list(_models_in(field.annotation))
        following = next((q for q in path[at + 1:] if isinstance(q, str)), None)
        current = next((m for m in models if following in m.model_fields), models[0] if models else None)
        if current is None:
            return []
    names = list(getattr(current, "model_fields", {}))
    # `illustrative`, which every entry may have, comes last: the entry's own keys are what a reader looks for
    return [n for n in names if n != "illustrative"] + [n for n in names if n == "illustrative"]


def expected(model: type[BaseModel], path: tuple) -> Expected | None:
    """The words the field at `path` carries for what it expects (`schema.Expected`), if any."""
    current: object = model
    field = None
    for part in path:
        if isinstance(part, int):
            continue  # an item of a list: its annotation is inside the list's
        models = list(_models_in(current))
        chosen = next((m for m in models if m.__name__ == part), None)
        if chosen is not None:  # pydantic names the member of a union it tried
            current = chosen
            continue
        field = next((m.model_fields[part] for m in models if part in m.model_fields), None)
        if field is None:
            return None
        current = field.annotation
    if field is None:
        return None
    return next((m for m in (*field.metadata, *_metadata(field.annotation)) if isinstance(m, Expected)), None)


def _models_in(annotation) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in get_args(annotation):
        yield from _models_in(arg)


def _metadata(annotation) -> Iterator[object]:
    """The metadata of every Annotated in `annotation`, through lists and unions but not into models."""
    if get_origin(annotation) is Annotated:
        yield from annotation.__metadata__
        annotation = get_args(annotation)[0]
    for arg in get_args(annotation):
        yield from _metadata(arg)


def _model_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "decimal_type": "a number",
    "decimal_parsing": "a number",
    "bool_type": "true or false",
    "date_type": "a date as YYYY-MM-DD",
    "list_type": "a list",
    "model_type": "a mapping of keys",
    "dict_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
}


# errors that mean "a value of the wrong kind", for which a field's `Expected.kind` speaks
_WRONG_KIND = {"string_type", "int_type", "decimal_type", "decimal_parsing", "is_instance_of", "bool_type",
               "date_type"}


def _message(err: dict, value: object, path: tuple, model: type[BaseModel]) -> str:
    kind = err["type"]
    ctx = err.get("ctx", {})
    got = describe(value)
    words = expected(model, path)
    if words and words.kind and kind in _WRONG_KIND:
        return f"expected {words.kind}, got {got}"
    if kind == "string_pattern_mismatch":
        if words is None or not words.pattern:  # a test holds every pattern to having its words
            return f"expected text matching {ctx.get('pattern', '')}, got {got}"
        return f"expected {words.pattern}, got {got}" + (f": {words.fix}" if words.fix else "")
    if kind == "missing":
        return "expected this key, got nothing: add it"
    if kind == "extra_forbidden":
        names = _field_names(model, path[:-1])
        close = difflib.get_close_matches(str(path[-1]), names, n=1, cutoff=0.6)
        hint = f": did you mean '{close[0]}'?" if close else (
            f": allowed keys are {', '.join(names)}" if names else "")
        return f"expected a known key, got unknown key '{path[-1]}'{hint}"
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected', '')}, got {got}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {got}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"expected a number of at least {bound}, got {got}"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return f"expected a number of at most {bound}, got {got}"
    if kind == "decimal_max_places":
        return f"expected at most {ctx.get('decimal_places')} decimal places, got {got}"
    if kind == "decimal_max_digits":
        return f"expected at most {ctx.get('max_digits')} digits in all, got {got}"
    if kind == "decimal_whole_digits":
        return f"expected at most {ctx.get('whole_digits')} digits before the decimal point, got {got}"
    if kind == "string_too_short" or kind == "too_short":
        return f"expected at least {ctx.get('min_length', 1)} item(s), got {got}" if kind == "too_short" \
            else f"expected some text, got {got}"
    if kind == "string_too_long":
        return f"expected at most {ctx.get('max_length')} characters, got {len(value) if isinstance(value, str) else got}"
    if kind == "too_long":
        return f"expected at most {ctx.get('max_length')} items, got {got}"
    return f"expected {err['msg'].lower()}, got {got}"


def _value_at(data: object, path: tuple) -> object:
    for part in path:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def schema_diagnostics(exc: ValidationError, data: object, positions: Positions,
                       model: type[BaseModel] = PartnershipFile) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        # pydantic adds names of function validators to the loc; keep only real keys
        # and the tags of a union told apart by a discriminator (schema.MoneySource, schema.RiskShareSection)
        path = tuple(p for p in err["loc"] if isinstance(p, int)
                     or not str(p).startswith(("function-", "constrained-", "tagged-", "form:")))
        value = _value_at(data, path)
        if err["type"] == "extra_forbidden":
            where = positions.of_key(path)
        elif err["type"] == "missing":
            where = positions.of_value(path[:-1])
        else:
            where = positions.of_value(path)
        out.append(Diagnostic(where, _message(err, value, path, model), format_path(path)))
    return sorted(set(out), key=lambda d: (d.location.line or 0, d.location.col or 0, d.path))


def validated(model: type[M], data: object, positions: Positions, what: str) -> M:
    """`data` read as a `model`, or InvalidInput with every schema error located; `what` names the
    mapping expected, for when `data` is not one."""
    if not isinstance(data, dict):
        raise InvalidInput(Diagnostic(positions.of_value(()), f"expected {what}, got {describe(data)}"))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(schema_diagnostics(exc, data, positions, model))


def load(path: Path, display: str | None = None) -> Loaded:
    """Read and validate one partnership file. Raises InvalidInput listing every error."""
    from .rules import check

    display = display or str(path)
    data, positions = read_yaml(path, display)
    if isinstance(data, dict) and "format" in data and data["format"] != FORMAT_VERSION and not isinstance(data["format"], bool):
        raise InvalidInput(Diagnostic(positions.of_value(("format",)),
                                      f"expected format {FORMAT_VERSION}, got {describe(data['format'])}: "
                                      f"this contractgen reads format {FORMAT_VERSION} only", "format"))
    partnership = validated(PartnershipFile, data, positions, "a mapping of keys")
    errors, warnings = check(partnership, positions)
    if errors:
        raise InvalidInput(errors + warnings)
    return Loaded(path, display, partnership, positions, warnings)
