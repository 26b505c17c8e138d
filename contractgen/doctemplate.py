"""Document templates: which parts a document has and which clauses go in under which conditions.

A document template is a YAML file in `templates/documents/`. Titles are Jinja; conditions
(`when:`) are Jinja expressions over the partnership, evaluated in the sandbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Union

from pydantic import BaseModel, ConfigDict, Field

from .doctypes import BY_ID, DOCUMENT_IDS
from .errors import Diagnostic, InvalidInput, Location
from .library import AppliesTo
from .partnership.load import validated
from .partnership.schema import Expected
from .partnership.yamlread import Positions, read_yaml


FOR_EACH = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s+in\s+(\S.*)$")


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, use_attribute_docstrings=True)


ClauseId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"),
                     Expected(pattern="a clause id of lower-case words joined by dots, like mcp.payment.wpb")]


class ClauseEntry(_Strict):
    clause: ClauseId
    """The id of a clause in the library."""
    when: str | None = None
    """A condition over the partnership; the clause goes in only when it holds."""
    unless: str | None = None
    """A condition over the partnership under which the clause is left out, because another entry
    takes its place (one risk share scheme's clause, where the file has several). The reason recorded
    for an included clause, shown in its drafting note, names only `when`, so adding an alternative
    leaves the documents that do not use it exactly as they were."""


class GroupEntry(_Strict):
    title: str
    """A heading clause that holds the clauses below it, each one level down."""
    clauses: list[Union[ClauseId, ClauseEntry, "GroupEntry"]]
    """The clauses under the heading."""
    when: str | None = None
    """A condition over the partnership; the group goes in only when it holds."""


class DefinitionsEntry(_Strict):
    definitions: str
    """The title of the definitions clause, assembled from the terms the document uses."""
    intro: str = "In this document the following words have the meanings shown."
    """The sentence that opens the definitions."""


Entry = Union[ClauseId, ClauseEntry, GroupEntry, DefinitionsEntry]


class PartSpec(_Strict):
    title: str | None = None
    """The title of a part of the document (for instance "General Conditions")."""
    schedule: str | None = None
    """The title of a schedule; schedules are numbered in order."""
    prefix: str = ""
    """Put before every clause number in the part, for instance "SC"."""
    when: str | None = None
    """A condition over the partnership; the part goes in only when it holds."""
    for_each: str | None = None
    """`NAME in EXPRESSION`: the part is repeated for each item of the list the expression gives, the
    item named NAME in its titles, conditions and clauses (a schedule for each risk share scheme). In
    each copy the clauses' ids, and references to them from inside the copy, end in `.` and the
    item's `id`, so a reference finds the clause of its own copy. `when` is checked before the list
    is read, so it can say whether there is one."""
    clauses: list[Entry]
    """The clauses of the part, in order."""


class DocTemplate(_Strict):
    id: ClauseId
    """The document's id, as named in a partnership file's `documents` list."""
    title: str
    """The document's title (Jinja)."""
    subtitle: str = "{{ partnership.name }}"
    """The line under the title (Jinja)."""
    subject: str = ""
    """The document's subject, stored in its properties (Jinja)."""
    applies_to: AppliesTo = AppliesTo()
    """Which partnerships the document is for."""
    toc: bool = True
    """Whether the document has a table of contents."""
    front: list[Union[ClauseId, ClauseEntry]] = []
    """Clauses printed unnumbered before the first part (parties, background), each with an optional
    condition."""
    parts: list[PartSpec]
    """The parts of the document."""


GroupEntry.model_rebuild()


@dataclass
class LoadedTemplate:
    spec: DocTemplate
    display: str
    positions: Positions

    def line_of(self, path: tuple) -> Location:
        return self.positions.of_value(path)


def load_template(path: Path, display: str) -> LoadedTemplate:
    data, positions = read_yaml(path, display)
    spec = validated(DocTemplate, data, positions, "a document template as keys and values")
    if spec.id not in BY_ID or spec.id != path.stem:
        known = ", ".join(DOCUMENT_IDS)
        raise InvalidInput(Diagnostic(positions.of_value(("id",)), f"expected the id of the document type this "
                                      f"template drafts, which is also its file name ({known}), got {spec.id}", "id"))
    for i, part in enumerate(spec.parts):
        if (part.title is None) == (part.schedule is None):
            raise InvalidInput(Diagnostic(positions.of_value(("parts", i)), "expected exactly one of title or schedule",
                                          f"parts[{i}]"))
        if part.for_each is not None and FOR_EACH.match(part.for_each) is None:
            raise InvalidInput(Diagnostic(positions.of_value(("parts", i, "for_each")),
                                          f"expected NAME in EXPRESSION, got {part.for_each!r}", f"parts[{i}].for_each"))
    return LoadedTemplate(spec, display, positions)


def clause_ids(spec: DocTemplate) -> set[str]:
    """Every clause id a template can include, whatever the conditions."""
    found: set[str] = {x if isinstance(x, str) else x.clause for x in spec.front}

    def walk(entries) -> None:
        for entry in entries:
            if isinstance(entry, str):
                found.add(entry)
            elif isinstance(entry, ClauseEntry):
                found.add(entry.clause)
            elif isinstance(entry, GroupEntry):
                walk(entry.clauses)

    for part in spec.parts:
        walk(part.clauses)
    return found
