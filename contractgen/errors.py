"""One exception tree for contractgen, with the exit code each kind of failure gives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INVALID = 2
EXIT_REFUSED = 3


def display_path(path: Path) -> str:
    """How messages name a file: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file, 1-based, as editors count lines and columns."""

    file: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the input: where, which key, and what is wrong."""

    location: Location
    message: str
    path: str = ""
    severity: str = "error"  # "error", "warning", or "acknowledged" (a warning the file accepts)
    code: str = ""  # a warning's name, by which a partnership file can acknowledge it

    def __str__(self) -> str:
        head = f"{self.location}: "
        if self.severity != "error":
            head += f"{self.severity}: "
        if self.path:
            head += f"{self.path}: "
        return head + self.message + (f" [{self.code}]" if self.code else "")


class ContractgenError(Exception):
    """Base of every error contractgen reports to its users without a traceback."""

    exit_code = EXIT_INTERNAL

    def lines(self) -> list[str]:
        return [str(self)]


class InvalidInput(ContractgenError):
    """The user's input (partnership file, clause or template) is wrong: exit 2."""

    exit_code = EXIT_INVALID

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic | str):
        if isinstance(diagnostics, (Diagnostic, str)):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def lines(self) -> list[str]:
        return [str(d) for d in self.diagnostics]


class TemplateError(InvalidInput):
    """A clause or template could not be rendered: names the clause, file and line."""


class Refused(ContractgenError):
    """contractgen refused to do something unsafe, or a renderer failed: exit 3."""

    exit_code = EXIT_REFUSED


class RenderFailed(Refused):
    """A writer could not produce its output (for instance WeasyPrint failed)."""
