"""Clause numbers as Word multilevel lists: one list definition per part prefix, restarted in every part;
schedule numbers as one more list ("Schedule 1", "Schedule 2" ...) running through the document."""

from __future__ import annotations

import copy
import hashlib

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

TEMPLATE_LIST = "contractgen clauses"  # the abstractNum docx_reference puts in every reference document
SCHEDULE_LIST = "contractgen schedules"
SCHEDULE_WORD = "Schedule"  # the number's label, as Part.heading writes it
# One level: "Schedule 5" as the number, the heading's own text (": Services") straight after it,
# flush with the margin as an unnumbered Heading 1 is. A reference's REF field shows "Schedule 5".
SCHEDULE_ABSTRACT = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="{id}">'
    '<w:nsid w:val="0C6E5C4D"/><w:multiLevelType w:val="singleLevel"/><w:name w:val="' + SCHEDULE_LIST + '"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/>'
    '<w:lvlText w:val="' + SCHEDULE_WORD + ' %1"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
    '</w:abstractNum>'
)


class ClauseNumbering:
    """Adds list definitions to a document's numbering part and numbers clause paragraphs with them."""

    def __init__(self, numbering) -> None:
        self._numbering = numbering  # the w:numbering element
        self._template = self._find_template()
        self._abstract_ids: dict[str, int] = {}
        self._schedules: int | None = None

    def _find_template(self):
        for abstract in self._numbering.findall(qn("w:abstractNum")):
            name = abstract.find(qn("w:name"))
            if name is not None and name.get(qn("w:val")) == TEMPLATE_LIST:
                return abstract
        # docx_reference.complete adds it to every reference document before the writer starts
        raise ValueError(f'the reference document has no "{TEMPLATE_LIST}" list')

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

    def schedule_list(self) -> int:
        """The numId that numbers schedule headings, made on first use (in the package, not the reference:
        a reference from before it existed still works)."""
        if self._schedules is None:
            abstracts = self._numbering.findall(qn("w:abstractNum"))
            abstract_id = 1 + max(int(a.get(qn("w:abstractNumId"))) for a in abstracts)
            abstracts[-1].addnext(parse_xml(SCHEDULE_ABSTRACT.format(id=abstract_id)))
            self._schedules = self._numbering.add_num(abstract_id).numId
        return self._schedules

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
