"""Where contractgen finds its templates, clause library, styles and fonts.

A user's own folders come first (so a legal team can restyle or add clauses without
forking), then the ones shipped with contractgen: inside the installed package, or at
the top of a source checkout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


@dataclass(frozen=True)
class Resources:
    """The folders searched for templates and clauses, user folders first."""

    template_dirs: tuple[Path, ...] = field(default_factory=lambda: (_shipped("templates"),))
    clause_dirs: tuple[Path, ...] = field(default_factory=lambda: (_shipped("clauses"),))
    assets_dir: Path = PACKAGE_DIR / "assets"

    @classmethod
    def with_user_dirs(cls, templates: Path | None = None, clauses: Path | None = None) -> "Resources":
        base = cls()
        return cls(
            template_dirs=((templates,) if templates else ()) + base.template_dirs,
            clause_dirs=((clauses,) if clauses else ()) + base.clause_dirs,
        )

    def template_file(self, name: str) -> Path:
        """The first `name` found in the template folders."""
        for folder in self.template_dirs:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise FileNotFoundError(f"no {name} in {', '.join(str(d) for d in self.template_dirs)}")

    @property
    def reference_docx(self) -> Path:
        return self.template_file("reference.docx")

    @property
    def print_css(self) -> Path:
        return self.template_file("print.css")
