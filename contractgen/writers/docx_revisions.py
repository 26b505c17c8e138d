"""Tracked changes as raw WordprocessingML (w:ins, w:del), which python-docx has no API for.

Runs are written as usual and then wrapped: a w:ins or w:del around them, deleted text as
w:delText and deleted field instructions as w:delInstrText; a paragraph wholly inserted or
deleted also gets its paragraph mark marked (w:pPr/w:rPr/w:ins|w:del), so Word joins it to the
next paragraph when the change is accepted (deleted) or rejected (inserted) and list numbers
stay right both ways; a table row gets w:trPr/w:ins|w:del.
"""

from __future__ import annotations

from datetime import date

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from contractgen.document import DELETED, INSERTED
from contractgen.writers.docx_package import insert_in_schema_order

FIRST_ID = 10000  # clear of bookmark and comment ids, which count from 0
_TAG = {INSERTED: "w:ins", DELETED: "w:del"}
_PPR_AFTER_RPR = (qn("w:sectPr"), qn("w:pPrChange"))


class Revisions:
    """Makes the change marks of one document: one author and date, ids counted in writing order."""

    def __init__(self, author: str, when: date) -> None:
        self.author = author
        self.date = f"{when.isoformat()}T00:00:00Z"  # the drafts' date, never the clock: equal input, equal bytes
        self.next_id = FIRST_ID
        self.count = 0

    def element(self, revision: str):
        if revision not in _TAG:
            raise ValueError(f"unknown revision {revision!r}: expected {INSERTED!r} or {DELETED!r}")
        mark = OxmlElement(_TAG[revision])
        mark.set(qn("w:id"), str(self.next_id))
        mark.set(qn("w:author"), self.author)
        mark.set(qn("w:date"), self.date)
        self.next_id += 1
        return mark

    def wrap(self, parent, start: int, revision: str) -> None:
        """Wrap the runs among `parent`'s children from index `start` on, each unbroken stretch in one mark."""
        group = None
        for child in list(parent)[start:]:
            if child.tag != qn("w:r"):
                group = None
                continue
            if group is None:
                group = self.element(revision)
                child.addprevious(group)
                self.count += 1
            group.append(child)
            if revision == DELETED:
                _as_deleted(child)

    def paragraph(self, p, revision: str, mark_paragraph: bool = True) -> None:
        """Mark every run of the paragraph not marked yet and, unless told not to, its paragraph mark."""
        self.wrap(p, 0, revision)
        if not mark_paragraph:
            return
        p_pr = p.get_or_add_pPr()
        r_pr = p_pr.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            insert_in_schema_order(p_pr, r_pr, _PPR_AFTER_RPR)
        r_pr.insert(0, self.element(revision))  # w:ins and w:del come first in a paragraph mark's properties

    def row(self, tr, revision: str) -> None:
        """A whole table row inserted or deleted, with the text in its cells."""
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(self.element(revision))  # last in w:trPr, as the schema orders it
        for p in tr.iter(qn("w:p")):
            self.paragraph(p, revision, mark_paragraph=False)


def _as_deleted(run) -> None:
    for t in run.findall(qn("w:t")):
        t.tag = qn("w:delText")
    for instr in run.findall(qn("w:instrText")):
        instr.tag = qn("w:delInstrText")
