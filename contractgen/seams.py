"""Seams: where text assembled from clauses and partnership values does not read as one sentence.

A clause written around a value can read well with one value and badly with another ("a {{ name }}"
before "integrated primary and acute care system"). These checks find the patterns in the built
document, whatever produced them:

* an article that does not agree with the sound of the next word: "a integrated", "an council"
  ("an NHS", "an hour", "a unanimous", "a one-year" are right and pass);
* a list whose stem ends with the word its items start with: "work together to:" then "to commission";
* a doubled full stop ("pool.. No Partner"), not part of an ellipsis;
* a sentence that starts in lower case after a full stop ("... this Contract. as agreed each year"),
  or a phrase pasted into the middle of one as if it started it ("is uplifted In line with");
* a Data Protection Act 1998 cut-over other than the one contractgen uses everywhere.

`lint` turns each seam into a finding.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Iterator

from .english import expects_an
from .document import Clause, Definitions, Document, Paragraph, Table, blocks_with_owner, inline_text
from .partnership.rules_documents import GDPR_DATE

# The last day the Data Protection Act 1998 applied: the day before the one cut-over date every clause uses.
DPA_1998_UNTIL = GDPR_DATE - timedelta(days=1)


_ARTICLE = re.compile(r"(?<![\w'’-])(a|an|A|An)\s+([\w’'-]+)")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
# A lower-case word straight after a sentence's full stop. Abbreviations ("e.g.", "para.") are left alone.
_LOWER_START = re.compile(r"(\S+)\.\s+([a-z]\w*)")
_LABEL_BEFORE = re.compile(r"(?:^|\s)[A-Z][\w-]*\s+$")  # "Part A", "Annex A": a letter as a label, not an article
_ABBREVIATIONS = frozenset("""e g i etc cf viz no nos para paras reg regs art arts s ss sch approx vol pp p ch incl
                              st co ltd plc govt dept min max ref fig figs""".split())
# A phrase pasted mid-sentence as if it began one: "is uplifted In line with the growth".
_CAPITAL_MID = re.compile(r"(?<![\w-])[a-z]+,? (In|As|By|Broadly|Under|With|Within|From|On|Each|Every|Following) (?=[a-z])")
_DPA_UNTIL = re.compile(r"Data Protection Act 1998 until (\d{1,2} [A-Z][a-z]+ \d{4})")


def text_seams(text: str) -> Iterator[str]:
    """The seams inside one run of text, each as a message."""
    for m in _ARTICLE.finditer(text):
        article, word = m.group(1), m.group(2)
        if article == "A" and _LABEL_BEFORE.search(text[: m.start()]):
            continue
        wanted = expects_an(word)
        if wanted is None:
            continue
        if wanted and article.lower() == "a":
            yield f'"{article} {word}": "{word}" starts with a vowel sound, so the article is "an"'
        elif not wanted and article.lower() == "an":
            yield f'"{article} {word}": "{word}" starts with a consonant sound, so the article is "a"'
    for m in _DOUBLE_STOP.finditer(text):
        yield f'a doubled full stop: "{_around(text, m.start(), m.end())}"'
    for m in _LOWER_START.finditer(text):
        token = m.group(1).strip("()[]'\"’").lower()
        if "." in token or len(token) == 1 or token in _ABBREVIATIONS:
            continue
        yield f'a sentence that starts in lower case: "{_around(text, m.start(), m.end())}"'
    for m in _CAPITAL_MID.finditer(text):
        yield f'a capital in the middle of a sentence: "{_around(text, m.start(), m.end())}"'
    for m in _DPA_UNTIL.finditer(text):
        if m.group(1) != f"{DPA_1998_UNTIL.day} {DPA_1998_UNTIL:%B %Y}":
            yield (f'"Data Protection Act 1998 until {m.group(1)}": the Act applied until '
                   f"{DPA_1998_UNTIL.day} {DPA_1998_UNTIL:%B %Y}, and every document must say so")


def stem_seam(stem: str, items: list[str]) -> str | None:
    """A list stem ending ":" whose items start with the stem's last word ("work together to:" + "to commission")."""
    stem = stem.rstrip()
    if not stem.endswith(":"):
        return None
    words = re.findall(r"[\w’'-]+", stem)
    if not words:
        return None
    last = words[-1].lower()
    for item in items:
        first = re.match(r"\s*([\w’'-]+)", item)
        if first and first.group(1).lower() == last:
            return f'the list\'s stem ends "{words[-1]}:" and an item starts "{first.group(1)}" again: "{_tail(stem)} {item[:40]}"'
    return None


def document_seams(document: Document) -> Iterator[tuple[str, Clause | None]]:
    """Every seam in a built document, with the clause it is in."""
    for part in document.parts:
        for block, owner in blocks_with_owner(part.blocks):
            if isinstance(block, Clause):
                for message in text_seams(inline_text(block.text)):
                    yield message, block
                if block.children:
                    seam = stem_seam(inline_text(block.text), [inline_text(c.text) for c in block.children])
                    if seam:
                        yield seam, block
            elif isinstance(block, Paragraph):
                for message in text_seams(inline_text(block.content)):
                    yield message, owner
            elif isinstance(block, Definitions):
                for term, definition in block.entries:
                    for message in text_seams(f"{term} means {inline_text(definition)}"):
                        yield message, owner
            elif isinstance(block, Table):
                for row in [block.header, *block.rows]:
                    for cell in row:
                        for message in text_seams(inline_text(cell)):
                            yield message, owner


def _around(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 30): end + 30].split())


def _tail(text: str) -> str:
    return " ".join(text.split()[-6:])
