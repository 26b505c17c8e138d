"""The Jinja environment clauses and templates render in, and contractgen's filters.

The environment is sandboxed and strict: a clause that asks for something the partnership
does not give fails, naming the key that would give it. Every value printed from the
partnership is escaped for the clause markup, so values stay data: `{{ 7*7 }}` typed into
a partnership file is printed as those characters, never evaluated.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, Iterable

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from . import markup
from .dates import long_date
from .english import mid_sentence, sentence_start, with_article
from .errors import Diagnostic, InvalidInput, Location, Refused
from .user_cache import user_cache_dir


class Raw(str):
    """Text that is already markup (from a filter that builds it on purpose): not escaped again."""


# ---------------------------------------------------------------- placeholders

ILLUSTRATIVE = "ILLUSTRATIVE"


class _Illustrative:
    """Marks a value the partnership file gives only as an illustration (see `illustrative`)."""

    __slots__ = ()


class _IllustrativeStr(_Illustrative, str):
    __slots__ = ()


class _IllustrativeInt(_Illustrative, int):
    __slots__ = ()


class _IllustrativeDecimal(_Illustrative, Decimal):
    __slots__ = ()


class _IllustrativeDate(_Illustrative, date):
    __slots__ = ()


def illustrative(value: Any) -> Any:
    """`value`, marked as illustrative: it compares, sorts and sums as before, and prints as a placeholder.

    A subclass of the value's own type rather than a wrapper, so that clauses keep comparing and
    adding values without knowing which are marked. Arithmetic gives an unmarked result: a total
    the file does not give is contractgen's own figure. Lists are marked item by item; a yes/no
    (bool cannot be subclassed) and anything else are returned as they are.
    """
    if isinstance(value, _Illustrative) or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _IllustrativeStr(value)
    if isinstance(value, int):
        return _IllustrativeInt(value)
    if isinstance(value, Decimal):
        return _IllustrativeDecimal(value)
    if isinstance(value, date):
        return _IllustrativeDate(value.year, value.month, value.day)
    if isinstance(value, list):
        return [illustrative(v) for v in value]
    return value


def is_illustrative(value: Any) -> bool:
    return isinstance(value, _Illustrative)


def derived_from(value: Any, *sources: Any) -> Any:
    """`value`, marked illustrative when any value it was worked out from is (a payment from an
    illustrative list size): arithmetic does not carry the mark, so a clause that computes says so."""
    return illustrative(value) if any(is_illustrative(s) for s in sources) else value


def placeholder(text: str) -> "Raw":
    """Markup for a placeholder: shown bracketed and highlighted in every format (`[?text]` in clause markup)."""
    return Raw(f"[?{markup.escape(str(text))}]")


def tbc(value: Any, what: str) -> Any:
    """`value`, or where the file does not give it a placeholder "[`what` to be confirmed]"."""
    if value is None or isinstance(value, jinja2.Undefined):
        return placeholder(f"{what} to be confirmed")
    return value


def _plain(value: Any) -> str:
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, Decimal):
        return number(value)
    return str(value)


# ---------------------------------------------------------------- partnership data

class Data:
    """A read-only mapping that knows its key path, so a missing key can be named in full."""

    __slots__ = ("_values", "_path")

    def __init__(self, values: dict[str, Any], path: str):
        self._values = values
        self._path = path

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self):
        return iter(self._values)

    def __repr__(self) -> str:
        return f"<{self._path or 'partnership'}>"


def to_data(value: Any, path: str = "") -> Any:
    """Wrap plain loaded data (dicts, lists, scalars) for templates. None-valued keys are left out,
    so that a template using them fails with the key's name instead of printing "None"."""
    if isinstance(value, dict):
        return Data(
            {k: to_data(v, f"{path}.{k}" if path else k) for k, v in value.items() if v is not None},
            path,
        )
    if isinstance(value, (list, tuple)):
        return [to_data(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return value


def key_hint(path: str) -> str:
    """"budget.lines[3].note" -> "budget.lines[].note": the key to add, for any item."""
    import re

    return re.sub(r"\[\d+\]", "[]", path)


class PathUndefined(jinja2.StrictUndefined):
    """A StrictUndefined whose message names the partnership key that is missing."""

    __slots__ = ()

    @property
    def key_path(self) -> str | None:
        obj = self._undefined_obj
        if isinstance(obj, Data) and self._undefined_name is not None:
            return f"{obj._path}.{self._undefined_name}" if obj._path else str(self._undefined_name)
        if obj is jinja2.utils.missing and self._undefined_name is not None:
            return str(self._undefined_name)
        return None

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any):
        try:
            super()._fail_with_undefined_error(*args, **kwargs)
        except self._undefined_exception as exc:
            exc.key_path = self.key_path  # type: ignore[attr-defined]
            raise

    __str__ = __iter__ = __len__ = __eq__ = __ne__ = __bool__ = __hash__ = __contains__ = _fail_with_undefined_error
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail_with_undefined_error
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _fail_with_undefined_error
    __pos__ = __neg__ = __call__ = __getitem__ = _fail_with_undefined_error
    __lt__ = __le__ = __gt__ = __ge__ = __int__ = __float__ = __complex__ = _fail_with_undefined_error


# ---------------------------------------------------------------- filters

def money(value: Decimal | int, pence: bool = False) -> str:
    """£244,000,000 (rounded half up to the pound unless `pence`); a loss as −£1,600,000, with a true
    minus sign joined to the amount so that a line never breaks after it."""
    step = Decimal("0.01") if pence else Decimal(1)
    amount = Decimal(value).quantize(step, ROUND_HALF_UP)
    text = f"£{abs(amount):,.2f}" if pence else f"£{abs(amount):,.0f}"
    return f"\u2212\u2060{text}" if amount < 0 else text


signed_money = money  # the name the clause library used first


def add_months(value: date, months: int) -> date:
    """The same day `months` later (the last day of the month where that day does not exist)."""
    import calendar

    index = value.month - 1 + int(months)
    year, month = value.year + index // 12, index % 12 + 1
    return date(year, month, min(value.day, calendar.monthrange(year, month)[1]))


def percent(value: Decimal | int) -> str:
    """12.5% (no trailing zeros)."""
    text = f"{Decimal(value).normalize():f}"
    return f"{text}%"


def number(value: Decimal | int) -> str:
    """318,000"""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def join_words(items: Iterable[Any], conjunction: str = "and") -> str:
    """"A, B and C" (as markup: an illustrative item stays marked)."""
    words = [_finalize(i) for i in items]
    if len(words) <= 1:
        return Raw("".join(words))
    return Raw(f"{', '.join(words[:-1])} {conjunction} {words[-1]}")


def years(value: int) -> str:
    """"15 years", "1 year"."""
    return f"{value} year" if value == 1 else f"{value} years"


NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                "nineteen", "twenty"]


TENS_WORDS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(value: int) -> str:
    """Numbers below a hundred in words, as legal drafting writes them ("fifteen (15)", "twenty-four (24)")."""
    value = int(value)
    if 0 <= value < len(NUMBER_WORDS):
        return f"{NUMBER_WORDS[value]} ({value})"
    if value < 100:
        tens, units = divmod(value, 10)
        text = TENS_WORDS[tens] + (f"-{NUMBER_WORDS[units]}" if units else "")
        return f"{text} ({value})"
    return str(value)


def in_words(value: int) -> str:
    """A count below a hundred in words alone ("six", "twenty-four"), as the clause library writes months and
    years; days and Business Days are written in figures ("30 days")."""
    text = words(value)
    return text.split(" (")[0] if int(value) < 100 else text


FILTERS = {
    "placeholder": placeholder,
    "in_words": in_words,
    "article": with_article,
    "mid_sentence": mid_sentence,
    "sentence_start": sentence_start,
    "money": money,
    "signed_money": signed_money,
    "add_months": add_months,
    "percent": percent,
    "number": number,
    "long_date": long_date,
    "join_words": join_words,
    "years": years,
    "words": words,
}


def _finalize(value: Any) -> str:
    if isinstance(value, Raw):
        return value
    if isinstance(value, _Illustrative):
        return placeholder(f"{_plain(value)}: {ILLUSTRATIVE}")
    if isinstance(value, Data):
        raise jinja2.TemplateRuntimeError(f"'{value._path}' is a group of keys, not a value to print")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, Decimal):
        return number(value)
    return markup.escape(str(value))


# ---------------------------------------------------------------- the environment

def _strict(fn):
    """A filter that fails with the missing key's name when given an undefined value."""
    import functools

    @functools.wraps(fn)
    def wrapper(value, *args, **kwargs):
        for arg in (value, *args, *kwargs.values()):
            if isinstance(arg, jinja2.Undefined):
                arg._fail_with_undefined_error()
        result = fn(value, *args, **kwargs)
        # a formatted illustrative value ("£6,000" from an illustrative amount) is illustrative too
        return illustrative(result) if is_illustrative(value) and not isinstance(result, Raw) else result

    return wrapper


MAX_OUTPUT = 10_000_000  # characters or items a single `*` may make
MAX_EXPONENT = 100


class _Sandbox(ImmutableSandboxedEnvironment):
    # Jinja's sandbox limits range() but not `*` or `**`, so 'a' * 10**12 would exhaust memory
    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, Decimal)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"a power above {MAX_EXPONENT} is not allowed")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_OUTPUT:
                    raise SecurityError(f"repeating a sequence to more than {MAX_OUTPUT:,} items is not allowed")
        return super().call_binop(context, operator, left, right)


def make_environment() -> ImmutableSandboxedEnvironment:
    env = _Sandbox(
        undefined=PathUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update({name: _strict(fn) for name, fn in FILTERS.items()})
    env.filters["tbc"] = tbc  # not strict: it is there for the value the file leaves out
    env.filters["derived_from"] = derived_from  # not strict: it looks only at whether its sources are marked
    env.globals["placeholder"] = placeholder
    return env


ENV = make_environment()


@dataclass(frozen=True)
class Origin:
    """What is being rendered, for error messages: the file, and the clause id if a clause."""

    file: str
    first_line: int = 1  # the line of the file where the rendered text starts
    clause_id: str | None = None

    def describe(self) -> str:
        return f"clause {self.clause_id}" if self.clause_id else "template"


@lru_cache(maxsize=1)
def _bytecode_cache() -> jinja2.FileSystemBytecodeCache | None:
    folder = user_cache_dir()
    if folder is None:
        return None
    # Compiled code depends on the environment as well as the source: a folder per version of
    # Jinja and of this module (which sets the environment up) keeps one from using another's code
    fingerprint = hashlib.sha256(jinja2.__version__.encode() + Path(__file__).read_bytes()).hexdigest()[:16]
    folder = folder / f"jinja-{fingerprint}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder), "%s.cache")


def _compiled(source: str):
    """Jinja's compiled code for `source`, from Jinja's bytecode cache when it holds it: compiling
    the clauses is most of the time a cold build spends assembling."""
    cache = _bytecode_cache()
    if cache is None:
        return ENV.compile(source)
    # one entry per distinct source; Jinja checks the source's checksum and the Python version
    try:
        bucket = cache.get_bucket(ENV, hashlib.sha256(source.encode("utf-8")).hexdigest(), None, source)
    except Exception:  # a truncated or damaged entry: Jinja's reader raises what unpickling raises
        return ENV.compile(source)
    if bucket.code is None:
        bucket.code = ENV.compile(source)
        try:
            cache.set_bucket(bucket)
        except OSError:
            pass
    return bucket.code


def compile_template(source: str, origin: Origin) -> jinja2.Template:
    """Compile Jinja source, reporting a syntax error at its line in the file."""
    # pad with newlines so Jinja's line numbers are the file's line numbers
    padded = "\n" * (origin.first_line - 1) + source
    try:
        return ENV.template_class.from_code(ENV, _compiled(padded), ENV.make_globals(None))
    except jinja2.TemplateSyntaxError as exc:
        where = Location(origin.file, exc.lineno)
        raise InvalidInput(Diagnostic(where, f"{origin.describe()}: template syntax error: {exc.message}"))


def compile_expression(source: str, origin: Origin):
    """Compile a condition such as `partnership.integration_level == "partial"`."""
    try:
        return ENV.compile_expression(source, undefined_to_none=False)
    except jinja2.TemplateSyntaxError as exc:
        raise InvalidInput(Diagnostic(Location(origin.file, origin.first_line),
                                      f"{origin.describe()}: the condition {source!r} has a syntax error: {exc.message}"))


def _template_line(tb: TracebackType | None, origin: Origin) -> int | None:
    line = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_error(exc: Exception, origin: Origin) -> Exception:
    """Turn an exception raised while rendering into a located contractgen error."""
    line = _template_line(exc.__traceback__, origin) or origin.first_line
    where = Location(origin.file, line)
    if isinstance(exc, SecurityError):
        return Refused(f"{where}: {origin.describe()}: refused by the template sandbox: {exc}")
    if isinstance(exc, jinja2.UndefinedError):
        return InvalidInput(Diagnostic(where, _undefined_message(exc, origin)))
    if isinstance(exc, markup.MarkupError):
        return InvalidInput(Diagnostic(where, f"{origin.describe()}: {exc}"))
    message = str(exc) or type(exc).__name__
    return InvalidInput(Diagnostic(where, f"{origin.describe()}: cannot render: {message}"))


def _undefined_message(exc: jinja2.UndefinedError, origin: Origin) -> str:
    path = getattr(exc, "key_path", None)
    if path:
        return (f"{origin.describe()} uses '{path}', which the partnership file does not give: "
                f"add {key_hint(path)} to the partnership file, or make the clause conditional on it")
    return f"{origin.describe()}: {exc.message}"


def render(template: jinja2.Template, context: dict[str, Any], origin: Origin) -> str:
    """Render a compiled template, turning every failure into a located error."""
    try:
        text = template.render(context)
    except jinja2.UndefinedError as exc:
        raise render_error(exc, origin) from None
    except (jinja2.TemplateError, SecurityError, ArithmeticError, TypeError, ValueError, LookupError) as exc:
        raise render_error(exc, origin) from None
    # drop the newlines `compile_template` padded with, so line 1 of the text is the source's first line
    padding = min(origin.first_line - 1, len(text) - len(text.lstrip("\n")))
    return text[padding:]


def evaluate(expression, context: dict[str, Any], origin: Origin, source: str) -> Any:
    """Evaluate a compiled condition."""
    try:
        return expression(**context)
    except (jinja2.TemplateError, SecurityError, ArithmeticError, TypeError, ValueError, LookupError) as exc:
        err = render_error(exc, origin)
        if isinstance(err, InvalidInput):
            raise InvalidInput([Diagnostic(d.location, f"{d.message} (in the condition {source!r})")
                                for d in err.diagnostics]) from None
        raise err from None
