"""Redlines between two drafts of a partnership: each document as native Word tracked changes and as
Markdown, and beside them a summary of the changes for the lawyers who read it.

model: the revision nodes live in contractgen.document (Inserted, Deleted, `revision` fields, Redline);
diff.py merges two drafts of a document; summary.py says what changed; sources.py reads the drafts,
from files or git revisions. `redlines` ties them together for the `contractgen redline` command.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..resources import Resources

REDLINE_SUFFIX = ".redline"  # <document>.redline.docx and .redline.md: the tracked changes
SUMMARY_SUFFIX = ".changes"  # <document>.changes.docx and .changes.md: the summary of them


@dataclass
class RedlineResult:
    """One document's redline and its summary, rendered."""

    doc_id: str
    docx: bytes
    markdown: bytes
    changed: bool
    changes: int  # how many tracked changes (insertions and deletions) the body holds
    old: object = None  # the two drafts' Documents (None for a document only one draft has)
    new: object = None
    summary_docx: bytes = b""
    summary_markdown: bytes = b""

    def files(self) -> dict[str, bytes]:
        """File name -> bytes, for every format rendered."""
        out = {}
        for suffix, docx, markdown in ((REDLINE_SUFFIX, self.docx, self.markdown),
                                       (SUMMARY_SUFFIX, self.summary_docx, self.summary_markdown)):
            if docx:
                out[f"{self.doc_id}{suffix}.docx"] = docx
            if markdown:
                out[f"{self.doc_id}{suffix}.md"] = markdown
        return out


def redlines(old_spec: str, new_spec: str, resources: Resources | None = None, documents: list[str] | None = None,
             author: str | None = None, when: date | None = None, formats: tuple[str, ...] = ("docx", "md"),
             verbose: bool = False) -> list[RedlineResult]:
    """Redline every document either draft produces (or only `documents`); nothing is written to disk.

    `verbose` adds clause ids, library versions and the partnership file's changed values to the summary.
    """
    from ..build import assemble_all
    from ..writers import docx as docx_writer
    from ..writers import markdown as md_writer
    from .diff import diff_documents
    from .sources import default_author, open_draft, public_name
    from .summary import summary_document, value_changes

    resources = resources or Resources()
    author = author or default_author(new_spec)
    with tempfile.TemporaryDirectory(prefix="contractgen-redline-") as work:
        old = open_draft(old_spec, resources, Path(work) / "old")
        new = open_draft(new_spec, resources, Path(work) / "new")
        only = list(documents) if documents else None
        old_built = assemble_all(old.loaded, old.resources, only=only, clean=True)
        new_built = assemble_all(new.loaded, new.resources, only=only, clean=True)
        values = value_changes(old.data, new.data)
        results = []
        doc_ids = list(new_built.documents) + [d for d in old_built.documents if d not in new_built.documents]
        missing = [d for d in only or [] if d not in doc_ids]
        if missing:
            from ..errors import Diagnostic, InvalidInput, Location

            raise InvalidInput(Diagnostic(Location(new_spec), f"expected documents that either draft produces "
                                          f"({', '.join(doc_ids) or 'none'}), got {', '.join(missing)}"))
        for doc_id in doc_ids:
            old_doc = old_built.documents[doc_id].document if doc_id in old_built.documents else None
            new_doc = new_built.documents[doc_id].document if doc_id in new_built.documents else None
            stamp = when or (new_doc or old_doc).meta.date
            merged, changes = diff_documents(old_doc, new_doc, author, stamp)
            summary = summary_document(merged, changes, values, (old_doc or new_doc).meta, (new_doc or old_doc).meta,
                                       public_name(old_spec), public_name(new_spec),
                                       f"{doc_id}{REDLINE_SUFFIX}.docx", verbose)
            markdown = md_writer.render(merged) if "md" in formats else b""
            docx = docx_writer.render(merged, new.resources) if "docx" in formats else b""
            count = markdown.count(b"<ins>") + markdown.count(b"<del>") if markdown else int(changes.changed)
            results.append(RedlineResult(
                doc_id, docx, markdown, changes.changed, count, old_doc, new_doc,
                summary_docx=docx_writer.render(summary, new.resources) if "docx" in formats else b"",
                summary_markdown=md_writer.render(summary) if "md" in formats else b""))
    return results
