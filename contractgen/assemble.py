"""Partnership + document template + clause library -> Document (before the transforms run)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import figures, markup
from .deal import document_parties
from .doctemplate import ClauseEntry, DefinitionsEntry, GroupEntry, LoadedTemplate
from .document import (Clause, Definitions, Document, Inline, Meta, PageBreak, Paragraph, Part, Ref, Source,
                       Strong, Table, TableOfContents, Text, blocks_with_owner, walk_inlines)
from .errors import Diagnostic, InvalidInput, Location
from .library import ClauseSpec, Library
from .partnership.schema import PartnershipFile
from .templating import Origin, compile_expression, compile_template, evaluate, render


@dataclass
class Decision:
    """Why a clause went in or was left out, for `contractgen explain`."""

    clause_id: str
    version: str | None
    included: bool
    reason: str
    digest: str | None = None  # sha256 of the clause file, for provenance


@dataclass
class Assembled:
    document: Document
    decisions: list[Decision] = field(default_factory=list)
    terms: dict[str, tuple[list[Inline], ClauseSpec]] = field(default_factory=dict)


class _Assembler:
    def __init__(self, p: PartnershipFile, template: LoadedTemplate, library: Library, context: dict[str, Any]):
        self.p = p
        self.template = template
        self.library = library
        # clauses shared by several documents name the one they are in ("this Contract", "this Agreement")
        self.context = {**context, "document_id": template.spec.id}
        self.result: Assembled | None = None
        self.errors: list[Diagnostic] = []
        self.charts = figures.builders(p)
        self.repeating: str | None = None  # in a repeated part: which copy, for the reasons `explain` gives
        info = p.partnership
        self.key = (info.care_model, info.integration_level, info.organisational_form)

    # -- conditions

    def _holds(self, when: str | None, path: tuple) -> bool:
        if when is None:
            return True
        origin = Origin(self.template.display, self.template.line_of(path).line or 1)
        return bool(evaluate(compile_expression(when, origin), self.context, origin, when))

    def _text(self, source: str, path: tuple) -> str:
        """A title, subtitle or subject: rendered like a clause (values escaped for the markup),
        then read back as plain text, so a value prints exactly as written."""
        origin = Origin(self.template.display, self.template.line_of(path).line or 1)
        rendered = render(compile_template(source, origin), self.context, origin).strip()
        try:
            return markup.plain_text(rendered)
        except markup.MarkupError as exc:
            raise InvalidInput(Diagnostic(Location(origin.file, origin.first_line),
                                          f"template: {exc}: {rendered!r}")) from None

    # -- clauses

    def _spec(self, clause_id: str, path: tuple) -> ClauseSpec:
        spec = self.library.get(clause_id)
        if spec is None:
            raise InvalidInput(Diagnostic(self.template.line_of(path),
                                          f"expected the id of a clause in the library, got '{clause_id}'"))
        return spec

    def clause(self, spec: ClauseSpec, level: int, why: str) -> Clause:
        text = render(spec.template, self.context, spec.origin)
        clause = Clause(
            title=spec.meta.title,
            level=level,
            id=spec.id,
            source=Source(spec.display, spec.body_line, spec.id, spec.meta.version),
            why=why,
            note=spec.meta.note,
        )
        try:
            markup.parse_body(text, clause, self.charts)
        except markup.MarkupError as exc:
            raise InvalidInput(Diagnostic(Location(spec.display, spec.body_line + exc.line - 1),
                                          f"clause {spec.id}: {exc}")) from None
        for term, template in spec.definition_templates.items():
            rendered = render(template, self.context, Origin(spec.display, 1, spec.id))
            clause.defines[term] = rendered
            self.result.terms.setdefault(term, (markup.parse_inlines(rendered.strip()), spec))
        return clause

    def entries(self, entries: list, level: int, path: tuple) -> list:
        out: list = []
        for i, entry in enumerate(entries):
            here = path + (i,)
            if isinstance(entry, str):
                entry = ClauseEntry(clause=entry)
            if isinstance(entry, DefinitionsEntry):
                out.append(Clause(title=entry.definitions, level=level, id=f"{self.template.spec.id}.definitions",
                                  text=markup.parse_inlines(entry.intro), blocks=[Definitions()],
                                  source=Source(self.template.display, self.template.line_of(here).line or 1)))
                continue
            if isinstance(entry, GroupEntry):
                if not self._holds(entry.when, here + ("when",)):
                    continue
                children = self.entries(entry.clauses, level + 1, here + ("clauses",))
                if children:
                    out.append(Clause(title=self._text(entry.title, here + ("title",)), level=level,
                                      children=children,
                                      source=Source(self.template.display, self.template.line_of(here).line or 1)))
                continue
            spec = self._spec(entry.clause, here)
            if not spec.applies(*self.key):
                self.result.decisions.append(Decision(spec.id, spec.meta.version, False,
                                                      "written for " + _applies_text(spec)))
                continue
            if not self._holds(entry.when, here + ("when",)):
                self.result.decisions.append(Decision(spec.id, spec.meta.version, False,
                                                      f"condition false: {entry.when}"))
                continue
            if entry.unless is not None and self._holds(entry.unless, here + ("unless",)):
                self.result.decisions.append(Decision(spec.id, spec.meta.version, False,
                                                      f"left out because: {entry.unless}"))
                continue
            why = f"condition held: {entry.when}" if entry.when else "always included in this document"
            if self.repeating:  # a copy of a part repeated for each item of a list
                why = f"{why}, {self.repeating}"
            if level > 3:
                raise InvalidInput(Diagnostic(self.template.line_of(here), "clauses nest at most three levels deep"))
            self.result.decisions.append(Decision(spec.id, spec.meta.version, True, why, spec.digest))
            out.append(self.clause(spec, level, why))
        return out

    def document(self) -> Assembled:
        t = self.template.spec
        meta = Meta(
            doc_type=t.id,
            title=self._text(t.title, ("title",)),
            subtitle=self._text(t.subtitle, ("subtitle",)),
            subject=self._text(t.subject, ("subject",)) if t.subject else "",
            partnership=self.p.partnership.name,
            version=self.p.partnership.draft.version,
            status=self.p.partnership.draft.status,
            date=self.p.partnership.draft.date,
            parties=tuple(x.short_name or x.name for x in document_parties(self.p, t.id)),
        )
        self.result = Assembled(Document(meta))
        doc = self.result.document
        front = Part(title="Front matter", kind="front")
        for i, entry in enumerate(t.front):
            if isinstance(entry, ClauseEntry):
                if not self._holds(entry.when, ("front", i, "when")):
                    continue
                clause_id = entry.clause
            else:
                clause_id = entry
            spec = self._spec(clause_id, ("front", i))
            self.result.decisions.append(Decision(spec.id, spec.meta.version, True, "front matter", spec.digest))
            clause = self.clause(spec, 1, "front matter")
            if clause.title:
                front.blocks.append(Paragraph([Strong([Text(clause.title)])], style="centred"))
            if clause.text:
                front.blocks.append(Paragraph(clause.text))
            front.blocks.extend(clause.blocks)
            if clause.children:
                raise InvalidInput(Diagnostic(Location(spec.display, spec.body_line),
                                              f"clause {spec.id}: front matter cannot hold numbered items"))
        if t.toc:
            front.blocks.append(TableOfContents())
        if front.blocks:
            front.blocks.append(PageBreak())
            doc.parts.append(front)
        schedule_number = 0
        for i, part_spec in enumerate(t.parts):
            here = ("parts", i)
            for item in self._items(part_spec, here):
                if not self._holds(part_spec.when, here + ("when",)):
                    continue
                blocks = self.entries(part_spec.clauses, 1, here + ("clauses",))
                if part_spec.schedule is not None:
                    schedule_number += 1
                    part = Part(title=self._text(part_spec.schedule, here + ("schedule",)), kind="schedule",
                                number=schedule_number, prefix=part_spec.prefix, blocks=blocks)
                else:
                    part = Part(title=self._text(part_spec.title or "", here + ("title",)), kind="body",
                                prefix=part_spec.prefix, blocks=blocks)
                if item is not None:
                    _own_ids(part, str(item))
                doc.parts.append(part)
        return self.result

    def _items(self, part_spec, here: tuple):
        """None once for a part that is not repeated; else each item's id (or position), with the item
        bound to its name in the context while that copy is assembled."""
        if part_spec.for_each is None:
            yield None
            return
        if not self._holds(part_spec.when, here + ("when",)):
            return  # checked before the list is read, so `when` can say whether there is one
        from .doctemplate import FOR_EACH

        name, expression = FOR_EACH.match(part_spec.for_each).groups()
        origin = Origin(self.template.display, self.template.line_of(here + ("for_each",)).line or 1)
        items = evaluate(compile_expression(expression, origin), self.context, origin, expression)
        for position, item in enumerate(items or (), start=1):
            self.context[name] = item
            key = getattr(item, "id", None) or position
            self.repeating = f"in the copy for {name} {key} of {expression}"
            yield key
        self.context.pop(name, None)
        self.repeating = None


def _own_ids(part: Part, suffix: str) -> None:
    """Give the clauses of one copy of a repeated part ids of their own (`id.suffix`), and point the
    references made inside the copy to its own clauses."""
    renamed = {}
    for clause in part.clauses():
        if clause.id:
            renamed[clause.id] = f"{clause.id}.{suffix}"
            clause.id = renamed[clause.id]
    for block, _ in blocks_with_owner(part.blocks):
        lists = [block.text] if isinstance(block, Clause) else [block.content] if isinstance(block, Paragraph) else \
            [c for row in [block.header, *block.rows] for c in row] if isinstance(block, Table) else []
        for inlines in lists:
            for node in walk_inlines(inlines):
                if isinstance(node, Ref) and node.target in renamed:
                    node.target = renamed[node.target]


def _applies_text(spec: ClauseSpec) -> str:
    return spec.meta.applies_to.describe()


def assemble(p: PartnershipFile, template: LoadedTemplate, library: Library, context: dict[str, Any]) -> Assembled:
    """Build the document a template describes for one partnership."""
    return _Assembler(p, template, library, context).document()
