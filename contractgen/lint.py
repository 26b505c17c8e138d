"""Findings a legal reviewer would raise about an assembled, transformed document.

`lint(assembled)` returns a list of `Finding`s, each naming its kind, the document, and the
clause and file it is about. It runs after the transforms (numbers, defined terms, references)
and changes nothing. The kinds, in the order they are reported:

undefined-term
    A phrase of two or more capitalised words in running text that reads like a defined term
    ("the Service Commencement Date") but that no included clause defines. A heuristic, kept
    conservative so that it stays quiet on good drafting:

    * only clause text, paragraphs and definitions are read, not headings or table cells
      (those are labels and data, Title Case by convention);
    * a phrase is a run of words each starting with a capital and going on in lower case
      ("Co-ordinating" counts), joined by single spaces; acronyms and lower-case words break
      it, so "Secretary of State" and "NHS England" are never phrases;
    * sentence openers ("The", "Each", "Where", ...), months and weekdays are dropped from the
      front, and what is left must still be two words;
    * it is not reported when it is a defined term with a plural "s"; when it is part of a
      proper name: the document's title, subtitle and partnership, a part or clause title,
      any text of the partnership file passed as `names` (parties, services, boards, roles:
      see `partnership_names`) or the allow-list `KNOWN_NAMES` of statutes and bodies; or
      when it is inside the title of a statute (capitalised words, "and", "of", "for" and
      brackets ending in "Act", "Regulations", "Order" and the like) or inside the name of a
      body or office, capitalised words joined by "of" or "for" ("Chartered Institute of
      Arbitrators", "Director of Public Health").

    Each phrase is reported once per document, where it is first used, with a count.
unused-term
    A term an included clause defines that the document never uses outside the definitions
    list (a use inside the definition of a used term counts, as it does for the list).
duplicate-term
    A term two included clauses define; the document takes the first clause's definition.
dangling-reference
    A reference with no label after the transforms, or to a clause not in the document.
empty-clause
    A clause or sub-clause with no text, no content and no sub-clauses (a loop over an empty
    list leaves one behind); a table with no body rows; a definitions list with no terms.
numbering-restart
    A part (a schedule, or a body part) whose first clause is not numbered its prefix + "1".
seam
    Text assembled from clauses and values that does not read as one sentence: an article that does
    not agree with the next word, a list stem repeated by its items, a doubled full stop, a sentence
    starting in lower case, a data protection cut-over other than the one date (see `seams`).

Placeholders are not findings: `placeholders(document)` lists what each document leaves open
(values the file does not give, or gives as illustrative) for `contractgen lint` to print after the
findings. They are information for the reviewer and never fail a build, --strict included.

Findings across the documents of one partnership (kind `cross-document`: precedence, money,
legal forms, status and bodies named in the text) come from `crosscheck.cross_check`, which
reads all the documents together; `lint` and `build --strict` report both kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .assemble import Assembled
from .document import (Clause, Definitions, Document, Inline, Paragraph, Placeholder, Ref, Table, Term,
                       Text, blocks_with_owner, inline_lists, inline_text, walk_inlines)
from .seams import document_seams

KINDS = ("undefined-term", "unused-term", "duplicate-term", "dangling-reference", "empty-clause", "numbering-restart",
         "seam")

# Statutes, bodies and offices a contract names without defining them.
KNOWN_NAMES = (
    "National Health Service Act", "Health and Social Care Act", "Data Protection Act", "Freedom of Information Act",
    "Environmental Information Regulations", "Public Contracts Regulations", "General Data Protection Regulation",
    "UK General Data Protection Regulation", "Human Rights Act", "Equality Act", "Care Act", "Children Act",
    "Mental Capacity Act", "Bribery Act", "Modern Slavery Act", "Companies Act", "Local Government Act",
    "Contracts (Rights of Third Parties) Act", "Health and Care Act",
    "NHS England", "NHS Improvement", "NHS Standard Contract", "National Health Service", "Care Quality Commission",
    "Information Commissioner", "Secretary of State", "Competition and Markets Authority", "Health Service Ombudsman",
    "Parliamentary and Health Service Ombudsman", "Local Government and Social Care Ombudsman",
    "Clinical Commissioning Group", "Integrated Care Board", "Health and Wellbeing Board", "Primary Care Network",
    "General Medical Services", "Personal Medical Services", "Alternative Provider Medical Services",
    "England and Wales", "United Kingdom", "Bank of England", "Bank Holiday",
    "Integrated Support and Assurance Process", "Secondary Uses Service", "Mental Health Services Data Set",
    "Caldicott Guardian",
    "Data Security and Protection Toolkit", "Summary Care Record", "Electronic Staff Record",
    "Personal Demographics Service", "National Institute for Health and Care Excellence",
    "NHS Counter Fraud Authority", "Counter Fraud Authority", "National Audit Office",
    "NHS Pension Scheme", "Local Government Pension Scheme", "Government Actuary's Department",
    # national schemes named, not defined, in primary care and NHS contracts
    "Quality and Outcomes Framework", "Commissioning for Quality and Innovation",
)
LEGISLATION_WORDS = frozenset({"Act", "Acts", "Regulations", "Regulation", "Order", "Directions", "Rules", "Code"})
OPENERS = frozenset("""
    A An The This That These Those Each Every Any All No Neither Either Both Such Its Their Our His Her
    If Where When Whenever While Unless Until Before After Subject In On Under Upon For From With Without
    By At To Of As And Or But Nothing Notwithstanding Save Except Having Following During Within Between
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
""".split())
_WORD = r"[A-Z][a-z]+(?:-[A-Za-z]+)*"
_PHRASE = re.compile(rf"(?<![\w-]){_WORD}(?: {_WORD})+(?![\w-])")
# The title of a statute: capitalised words, "and", "of", "for" and brackets, ending in a word naming legislation.
_TOKEN = r"(?:[A-Z][\w'-]*|\([^()]*\)|and|of|for)"
# The name of a body or office: capitalised words joined by "of" or "for" (and "and" after that).
_BODY = re.compile(rf"(?<![\w-]){_WORD}(?: {_WORD})*(?: (?:of|for)(?: the)? {_WORD}(?: (?:and )?{_WORD})*)+(?![\w-])")
_LEGISLATION = re.compile(rf"(?<![\w-])[A-Z][\w'-]*(?:,? {_TOKEN})* (?:{'|'.join(sorted(LEGISLATION_WORDS))})(?![\w-])")


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer should look at."""

    kind: str
    message: str
    document: str
    clause: str | None = None
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file or self.document
        if self.file and self.line:
            where += f":{self.line}"
        clause = f" [{self.clause}]" if self.clause else ""
        return f"{where}: {self.kind}: {self.document}{clause}: {self.message}"


def lint(assembled: Assembled, names: Iterable[str] = ()) -> list[Finding]:
    """Every finding about one assembled and transformed document, kind by kind, in document order.

    `names` are proper names the partnership supplies (see `partnership_names`), never reported
    as undefined terms.
    """
    checker = _Checker(assembled, names)
    return (checker.undefined_terms() + checker.unused_terms() + checker.duplicate_terms()
            + checker.dangling_references() + checker.empty_clauses() + checker.numbering() + checker.seams())


def placeholders(document: Document) -> list[Finding]:
    """Every placeholder in a document, in reading order, as an informational "placeholder" finding
    (one per distinct text in a clause): what remains open before the document can be signed."""
    found: dict[tuple[str | None, str], list] = {}  # insertion order is reading order
    for inlines, owner, _ in inline_lists(document):
        for node in walk_inlines(inlines):
            if isinstance(node, Placeholder):
                source = owner.source if owner else None
                clause_id = (owner.id or (source.clause_id if source else None) or owner.number) if owner else None
                entry = found.setdefault((clause_id, node.bracketed), [0, source])
                entry[0] += 1
    return [Finding("placeholder", text if count == 1 else f"{text} ({count} times)", document.meta.doc_type,
                    clause_id, source.file if source else None, source.line if source else None)
            for (clause_id, text), (count, source) in found.items()]


def partnership_names(partnership: Any) -> set[str]:
    """Every piece of text in a partnership (a pydantic model, dict or list): the names of its parties,
    services, boards, roles, metrics and so on, which clauses print but do not define."""
    out: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif hasattr(value, "model_dump"):
            walk(value.model_dump())

    walk(partnership)
    return out


class _Checker:
    def __init__(self, assembled: Assembled, names: Iterable[str]):
        self.assembled = assembled
        self.doc: Document = assembled.document
        self.doc_id = self.doc.meta.doc_type
        self.names = [name for name in names if name]
        self.definers = self._definers()

    # ------------------------------------------------------------ where things are

    def finding(self, kind: str, message: str, clause: Clause | None = None, *, clause_id: str | None = None,
                file: str | None = None, line: int | None = None) -> Finding:
        if clause is not None:
            source = clause.source
            clause_id = clause_id or clause.id or (source.clause_id if source else None) or clause.number
            file = file or (source.file if source else None)
            line = line or (source.line if source else None)
        return Finding(kind, message, self.doc_id, clause_id, file, line)

    def _definers(self) -> dict[str, list[tuple[str, str, int | None, Path | None]]]:
        """Each defined term with the clauses that define it: (clause id, file, line, path to read)."""
        definers: dict[str, list] = {}
        specs = {spec.id: spec for _, spec in self.assembled.terms.values()}

        def add(term: str, clause_id: str, display: str, line: int | None, path: Path | None) -> None:
            entries = definers.setdefault(term, [])
            if all(entry[0] != clause_id for entry in entries):
                entries.append((clause_id, display, line, path))

        # assembly keeps the first definer's text; front-matter clauses are not Clause nodes
        for term, (_, spec) in self.assembled.terms.items():
            add(term, spec.id, spec.display, spec.body_line, spec.file)
        for _, clause in self.doc.clauses():
            for term in clause.defines:
                clause_id = clause.id or (clause.source.clause_id if clause.source else "")
                spec = specs.get(clause_id)
                source = clause.source
                path = spec.file if spec else (Path(source.file) if source else None)
                add(term, clause_id, source.file if source else self.doc_id, source.line if source else None, path)
        for term, entries in definers.items():
            definers[term] = [(cid, display, _defines_line(path, term) or line, path)
                              for cid, display, line, path in entries]
        return definers

    # ------------------------------------------------------------ terms

    def undefined_terms(self) -> list[Finding]:
        meta = self.doc.meta
        defined = set(self.definers) | {t.text for inlines, _, _ in inline_lists(self.doc) for t in _terms(inlines)
                                        if t.defining}
        names = [meta.title, meta.subtitle, meta.partnership, meta.subject, *KNOWN_NAMES]
        names += [part.title for part in self.doc.parts] + [part.heading for part in self.doc.parts]
        names += [clause.title for _, clause in self.doc.clauses() if clause.title]
        names += self.names
        haystack = "\n".join(n for n in names if n)  # a phrase inside any proper name is part of that name
        first: dict[str, Clause | None] = {}
        counts: dict[str, int] = {}
        for inlines, owner, where in inline_lists(self.doc):
            if where == "table":
                continue
            plain, masked = _flatten(inlines)
            statutes = [m.span() for m in (*_LEGISLATION.finditer(plain), *_BODY.finditer(plain))]
            for match in _PHRASE.finditer(masked):
                if any(start <= match.start() and match.end() <= end for start, end in statutes):
                    continue
                phrase = _trim(match.group(0))
                if phrase is None or phrase in defined:
                    continue
                if phrase in counts:
                    counts[phrase] += 1
                    continue
                if phrase.endswith("s") and phrase[:-1] in defined:
                    continue
                if phrase in haystack:
                    continue
                first[phrase], counts[phrase] = owner, 1
        out = []
        for phrase, owner in first.items():
            count = counts[phrase]
            times = "once" if count == 1 else f"{count} times"
            out.append(self.finding("undefined-term", f'"{phrase}" is capitalised like a defined term, but no clause '
                                    f"in this document defines it (used {times}; first here)", owner))
        return out

    def unused_terms(self) -> list[Finding]:
        terms = {term: inlines for term, (inlines, _) in self.assembled.terms.items()}
        used = {t.text for inlines, _, where in inline_lists(self.doc) if where != "definitions" for t in _terms(inlines)}
        pattern = _term_pattern(terms)
        pending = [t for t in used if t in terms]
        while pending and pattern is not None:
            for m in pattern.finditer(inline_text(terms[pending.pop()])):
                if m.group(1) not in used:
                    used.add(m.group(1))
                    pending.append(m.group(1))
        out = []
        for term, entries in self.definers.items():
            if term not in used:
                clause_id, display, line, _ = entries[0]
                out.append(self.finding("unused-term", f'"{term}" is defined but never used in the document',
                                        clause_id=clause_id, file=display, line=line))
        return out

    def duplicate_terms(self) -> list[Finding]:
        out = []
        for term, entries in self.definers.items():
            first = entries[0]
            for clause_id, display, line, _ in entries[1:]:
                out.append(self.finding("duplicate-term", f'"{term}" is also defined by clause {first[0]} ({first[1]}:'
                                        f"{first[2]}); the document uses that definition", clause_id=clause_id,
                                        file=display, line=line))
        return out

    # ------------------------------------------------------------ structure

    def dangling_references(self) -> list[Finding]:
        targets = {clause.id for _, clause in self.doc.clauses() if clause.id}
        out = []
        for inlines, owner, _ in inline_lists(self.doc):
            for ref in _refs(inlines):
                if ref.target not in targets:
                    out.append(self.finding("dangling-reference",
                                            f"refers to '{ref.target}', which is not in this document", owner))
                elif ref.label is None:
                    out.append(self.finding("dangling-reference", f"the reference to '{ref.target}' has no label: "
                                            "the references transform has not run on it", owner))
        return out

    def empty_clauses(self) -> list[Finding]:
        out = []
        for part in self.doc.parts:
            for block, owner in blocks_with_owner(part.blocks):
                if isinstance(block, Clause) and _empty(block):
                    what = f'"{block.title}"' if block.title else (block.id or "")
                    out.append(self.finding("empty-clause", f"clause {block.number or ''} {what} has no text, "
                                            "content or sub-clauses".replace("  ", " "), block))
                elif isinstance(block, Table) and len(block.rows) <= block.total_rows:
                    name = f'"{block.caption}"' if block.caption else "with columns " + ", ".join(
                        inline_text(cell) for cell in block.header)
                    out.append(self.finding("empty-clause", f"the table {name} has no rows", owner,
                                            clause_id=None if owner else part.heading))
                elif isinstance(block, Definitions) and not block.entries:
                    out.append(self.finding("empty-clause", "the definitions list has no terms", owner))
        return out

    def seams(self) -> list[Finding]:
        return [self.finding("seam", message, owner) for message, owner in document_seams(self.doc)]

    def numbering(self) -> list[Finding]:
        out = []
        for part in self.doc.parts:
            if part.kind == "front":
                continue
            first = next((b for b in part.blocks if isinstance(b, Clause)), None)
            if first is not None and first.number != f"{part.prefix}1":
                out.append(self.finding("numbering-restart", f"{part.heading} starts at {first.number or 'no number'}, "
                                        f"expected {part.prefix}1: numbering restarts in every part", first))
        return out


# ---------------------------------------------------------------- walking the model

def _flatten(inlines: list[Inline]) -> tuple[str, str]:
    """The text of a run of inlines, and the same with defined terms and references blanked out."""
    plain, masked = [], []
    for node in walk_inlines(inlines):
        if isinstance(node, Text):
            plain.append(node.text)
            masked.append(node.text)
        elif isinstance(node, (Term, Ref)):
            text = node.text if isinstance(node, Term) else (node.label or node.target)
            plain.append(text)
            masked.append("\0" * len(text))
    return "".join(plain), "".join(masked)


def _terms(inlines):
    return (n for n in walk_inlines(inlines) if isinstance(n, Term))


def _refs(inlines):
    return (n for n in walk_inlines(inlines) if isinstance(n, Ref))


def _empty(clause: Clause) -> bool:
    if inline_text(clause.text).strip() or clause.children:
        return False
    return all(isinstance(b, Paragraph) and not inline_text(b.content).strip() for b in clause.blocks)


def _trim(phrase: str) -> str | None:
    words = phrase.split(" ")
    while words and words[0] in OPENERS:
        words.pop(0)
    return " ".join(words) if len(words) >= 2 else None


def _term_pattern(terms) -> re.Pattern | None:
    names = sorted(terms, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in names) + r")(?![\w-])")


def _defines_line(path: Path | None, term: str) -> int | None:
    """The line of the clause file's metadata where `term` is defined, to point the reader at it."""
    if path is None:
        return None
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError:
        return None
    key = re.compile(r"^\s+[\"']?" + re.escape(term) + r"[\"']?\s*:")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        if key.match(line):
            return number
    return None
