"""Clause numbers as Word multilevel lists: one list definition per part prefix, restarted in every part."""

from __future__ import annotations

import copy
import hashlib

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

TEMPLATE_LIST = "contractgen clauses"  # the abstractNum tools/make_reference_docx.py puts in the reference


class ClauseNumbering:
    """Adds list definitions to a document's numbering part and numbers clause paragraphs with them."""

    def __init__(self, numbering) -> None:
        self._numbering = numbering  # the w:numbering element
        self._template = self._find_template()
        self._abstract_ids: dict[str, int] = {}

    def _find_template(self):
        for abstract in self._numbering.findall(qn("w:abstractNum")):
            name = abstract.find(qn("w:name"))
            if name is not None and name.get(qn("w:val")) == TEMPLATE_LIST:
                return abstract
        raise ValueError(f'the reference .docx has no "{TEMPLATE_LIST}" list; rebuild it with tools/make_reference_docx.py')

    def _abstract_for(self, prefix: str) -> int:
        if prefix in self._abstract_ids:
            return self._abstract_ids[prefix]
        if "%" in prefix:
            raise ValueError(f"a part prefix cannot contain '%': {prefix!r}")
        abstracts = self._numbering.findall(qn("w:abstractNum"))
        abstract_id = 1 + max(int(a.get(qn("w:abstractNumId"))) for a in abstracts)
        clone = copy.deepcopy(self._template)
        clone.set(qn("w:abstractNumId"), str(abstract_id))
        # Word treats lists sharing an nsid as one list, so each prefix gets its own, derived not random.
        clone.find(qn("w:nsid")).set(qn("w:val"), hashlib.sha1(f"cg:{prefix}".encode()).hexdigest()[:8].upper())
        clone.find(qn("w:name")).set(qn("w:val"), f"{TEMPLATE_LIST} {prefix}".rstrip())
        for lvl_text in clone.iter(qn("w:lvlText")):
            lvl_text.set(qn("w:val"), prefix + lvl_text.get(qn("w:val")))
        abstracts[-1].addnext(clone)  # abstractNums must all precede the w:num elements
        self._abstract_ids[prefix] = abstract_id
        return abstract_id

    def new_list(self, prefix: str) -> int:
        """A fresh w:num for one part, every level restarted at 1; returns its numId."""
        abstract_id = self._abstract_for(prefix)
        num = self._numbering.add_num(abstract_id)
        for lvl in self._template.findall(qn("w:lvl")):
            num.add_lvlOverride(ilvl=int(lvl.get(qn("w:ilvl")))).add_startOverride(1)
        return num.numId


def number_paragraph(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Give the paragraph list number `level` (1-based) of list `num_id`."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level - 1
    num_pr.get_or_add_numId().val = num_id
