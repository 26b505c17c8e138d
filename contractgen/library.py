"""The clause library: find clause files, read their metadata, and say which apply.

A clause file is YAML metadata between two `---` lines, then a Jinja body in the light
markup of `markup.py`. One clause per file; its id is unique across the library. A user's
own clause folder is searched first, so a clause there replaces the shipped one of the
same id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated

import jinja2
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .care_models import leveled
from .errors import Diagnostic, InvalidInput, Location, display_path
from .library_index import ClauseIndex
from .partnership.load import validated
from .partnership.schema import CareModel, Expected, IntegrationLevel, OrganisationalForm
from .partnership.yamlread import read_yaml_text
from .templating import Origin, compile_template

SEMVER = r"^\d+\.\d+\.\d+$"


class AppliesTo(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, use_attribute_docstrings=True)

    care_models: list[CareModel] = ["mcp", "pacs"]
    """The care models the clause is written for."""
    levels: list[IntegrationLevel] = ["virtual", "partial", "full"]
    """The integration levels the clause is written for. They narrow it for an MCP or PACS only: a GP
    network has no integration level, so a clause written for `gp_network` applies to every network."""
    forms: list[OrganisationalForm] | None = None
    """The organisational forms it is written for (all, when not given)."""

    def describe(self) -> str:
        """Where the clause applies, in words: "mcp/pacs at virtual/partial/full integration", "gp_network"."""
        with_levels = [m for m in self.care_models if leveled(m)]
        without = [m for m in self.care_models if not leveled(m)]
        text = " and ".join(filter(None, (
            f"{'/'.join(with_levels)} at {'/'.join(self.levels)} integration" if with_levels else "",
            "/".join(without))))
        if self.forms:
            text += f", {'/'.join(self.forms)}"
        return text

    def fits(self, care_model: str | None, level: str | None) -> bool:
        """Whether a clause written for this fits the care model and level asked about (either may be
        left open). A level narrows only the care models that have levels."""
        if care_model and care_model not in self.care_models:
            return False
        if level is None:
            return True
        models = [care_model] if care_model else self.care_models
        return any(leveled(m) for m in models) and level in self.levels


class ClauseMeta(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, use_attribute_docstrings=True)

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"),
                  Expected(pattern="a clause id of lower-case words joined by dots, like mcp.payment.wpb")]
    """The clause's id, dotted by document area, for instance `mcp.payment.wpb`."""
    title: str | None = None
    """The clause heading; leave it out for an untitled clause."""
    version: Annotated[str, Field(pattern=SEMVER), Expected(pattern="a version like 1.0.0 (major.minor.patch)")]
    """The clause's version (major.minor.patch): major for a change of substance."""
    applies_to: AppliesTo = AppliesTo()
    """Where the clause may be used."""
    defines: dict[str, str] = {}
    """Terms the clause defines, each with its definition (Jinja and markup allowed)."""
    note: str | None = None
    """A drafting note for the reviewer."""


@dataclass
class ClauseSpec:
    """One clause file, read and checked but not yet rendered."""

    meta: ClauseMeta
    file: Path
    display: str
    body: str
    body_line: int  # the line of the file where the body starts
    digest: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def origin(self) -> Origin:
        return Origin(self.display, self.body_line, self.meta.id)

    @cached_property
    def template(self) -> jinja2.Template:
        return compile_template(self.body, self.origin)

    @cached_property
    def definition_templates(self) -> dict[str, jinja2.Template]:
        origin = Origin(self.display, 1, self.meta.id)
        return {term: compile_template(text, origin) for term, text in self.meta.defines.items()}

    def applies(self, care_model: str, level: str | None, form: str) -> bool:
        a = self.meta.applies_to
        # a GP network has no integration level (None): levels do not narrow its clauses
        return care_model in a.care_models and (level is None or level in a.levels) \
            and (a.forms is None or form in a.forms)


def read_clause(path: Path, index: ClauseIndex | None = None) -> ClauseSpec:
    """Read one clause file. Raises InvalidInput with every problem in its metadata.

    With an `index`, metadata already validated for these exact bytes is taken from it."""
    display = display_path(path)
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    text = raw.decode("utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise InvalidInput(Diagnostic(Location(display, 1, 1), "expected the clause to start with a '---' line "
                                      "and its metadata, got something else"))
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise InvalidInput(Diagnostic(Location(display, 1, 1), "expected a closing '---' after the clause metadata, got none"))
    meta = _indexed(index, digest)
    if meta is None:
        front = "\n" * 1 + "\n".join(lines[1:end])  # keep line numbers true
        data, positions = read_yaml_text(front, display)
        meta = validated(ClauseMeta, data, positions, "the clause metadata as keys and values")
        if index is not None:
            index.put(digest, meta.model_dump(mode="json"))
    body = "\n".join(lines[end + 1 :])
    return ClauseSpec(meta, path, display, body, end + 2, digest)


def _indexed(index: ClauseIndex | None, digest: str) -> ClauseMeta | None:
    found = index.get(digest) if index is not None else None
    if found is None:
        return None
    try:
        return ClauseMeta.model_validate(found)
    except ValidationError:  # an index written by hand or damaged: read the file instead
        return None


@dataclass
class Library:
    """Every clause found in the clause folders, by id."""

    clauses: dict[str, ClauseSpec] = field(default_factory=dict)

    @classmethod
    def load(cls, folders: tuple[Path, ...], index: ClauseIndex | None = None) -> Library:
        library = cls()
        errors: list[Diagnostic] = []
        for folder in folders:
            seen_here: dict[str, str] = {}
            for path in sorted(folder.rglob("*.md")):
                if path.name.lower() == "readme.md":
                    continue
                try:
                    spec = read_clause(path, index)
                except InvalidInput as exc:
                    errors.extend(exc.diagnostics)
                    continue
                if spec.id in seen_here:
                    errors.append(Diagnostic(Location(spec.display, 2), f"clause id '{spec.id}' is also used by "
                                             f"{seen_here[spec.id]}: give each clause its own id"))
                    continue
                seen_here[spec.id] = spec.display
                library.clauses.setdefault(spec.id, spec)  # earlier folders win
        if errors:
            raise InvalidInput(errors)
        if index is not None:
            index.save()
        return library

    def get(self, clause_id: str) -> ClauseSpec | None:
        return self.clauses.get(clause_id)

    def select(self, care_model: str | None = None, level: str | None = None) -> list[ClauseSpec]:
        out = []
        for spec in self.clauses.values():
            if spec.meta.applies_to.fits(care_model, level):
                out.append(spec)
        return sorted(out, key=lambda s: s.id)
