"""The pipeline for one partnership file: load -> validate -> assemble -> transform -> render -> write."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .assemble import Assembled, assemble
from .context import build_context, document_context
from .doctemplate import LoadedTemplate, load_template
from .deal import documents_of
from .document import Document
from .errors import Diagnostic, InvalidInput, Location, display_path
from .library import Library
from .library_index import ClauseIndex
from .partnership.load import Loaded
from .resources import Resources
from .transforms import apply_all
from .writers import writer



@dataclass
class Built:
    """The documents of one partnership, assembled and transformed, ready for any writer."""

    loaded: Loaded
    documents: dict[str, Assembled] = field(default_factory=dict)
    # with keep_going: the problems of the documents that could not be assembled
    errors: list[Diagnostic] = field(default_factory=list)


@lru_cache(maxsize=8)
def _library(folders: tuple[Path, ...], stamp: tuple) -> Library:
    return Library.load(folders, ClauseIndex.default())


def _stamp(folders: tuple[Path, ...]) -> tuple:
    # a clause edited between two builds in one process (a worker forked from it, a test) is read afresh
    out = []
    for folder in folders:
        for path in sorted(folder.rglob("*.md")):
            try:
                st = path.stat()
            except OSError:
                continue
            out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


def library(resources: Resources) -> Library:
    return _library(resources.clause_dirs, _stamp(resources.clause_dirs))


def template(resources: Resources, doc_id: str, asked_at: Location | None = None) -> LoadedTemplate:
    name = f"documents/{doc_id}.yaml"
    try:
        path = resources.template_file(name)
    except FileNotFoundError:
        folders = ", ".join(str(d) for d in resources.template_dirs)
        raise InvalidInput(Diagnostic(asked_at or Location(name), f"expected a document template {name} in "
                                      f"{folders} for the document '{doc_id}', found none", "documents"))
    return load_template(path, display_path(path))


def documents_for(loaded: Loaded) -> list[str]:
    """The documents a partnership asks for; by default the main document of its care model and
    level (the single contract, or for a virtual model the alliance agreement) and one document
    for each section it fills in that fits its level (see `deal.default_documents`)."""
    return documents_of(loaded.partnership)


def assemble_all(loaded: Loaded, resources: Resources, only: list[str] | None = None, clean: bool = False,
                 keep_going: bool = False) -> Built:
    """Assemble and transform every document the partnership asks for (`clean`: without the
    reviewer's comments, for a copy to send to the other side). A document that cannot be
    assembled raises InvalidInput, or with `keep_going` is left out and its problems kept in
    `Built.errors`, so that lint and explain can still report on the others."""
    lib = library(resources)
    context = build_context(loaded.partnership)
    built = Built(loaded)
    errors: list[Diagnostic] = []
    for doc_id in documents_for(loaded):
        if only and doc_id not in only:
            continue
        try:
            tmpl = template(resources, doc_id, loaded.positions.of_value(("documents",)))
            info = loaded.partnership.partnership
            applies = tmpl.spec.applies_to
            level = info.integration_level
            if info.care_model not in applies.care_models or (level is not None and level not in applies.levels):
                fits = f"a {info.care_model} partnership" + (f" at {level} integration" if level else "")
                raise InvalidInput(Diagnostic(loaded.positions.of_value(("documents",)),
                                              f"expected documents that fit {fits}, got {doc_id}", "documents"))
            # each document knows which of the set it is, to name itself "this Agreement"
            here = document_context(context, loaded.partnership, doc_id)
            here["this_document"] = context["deal"].document(doc_id)
            assembled = assemble(loaded.partnership, tmpl, lib, here)
            left_out = {d.clause_id: d.reason for d in assembled.decisions if not d.included}
            terms = {term: inlines for term, (inlines, _) in assembled.terms.items()}
            apply_all(assembled.document, terms, left_out)
            assembled.document.meta.comments = not clean
            built.documents[doc_id] = assembled
        except InvalidInput as exc:
            errors.extend(exc.diagnostics)
    if errors and not keep_going:
        raise InvalidInput(errors)
    built.errors = errors
    return built


def cross_findings(built: Built) -> list:
    """The contradictions between the documents of one partnership (see crosscheck.py)."""
    from .crosscheck import cross_check
    from .deal import build_deal

    p = built.loaded.partnership
    # the bodies documents may name: the partnership board, a GP network's board, a place's board, or the
    # forum of a Primary Care Home or care-closer-to-home network
    boards = [p.governance.board.name] if p.governance else [p.network.board.name] if p.network else \
        [p.place.board.name] if p.place else [p.care_network.forum.name] if p.care_network else []
    return cross_check(built.documents, build_deal(p), boards)


def render(document: Document, fmt: str, resources: Resources, strict: bool = False) -> bytes:
    return writer(fmt).render(document, resources, strict=strict)
