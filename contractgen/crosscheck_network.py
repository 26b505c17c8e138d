"""Findings between a network agreement and the service schedules attached to it: one network, one story.

A commissioner's lawyer reads a GP network's agreement beside each schedule that forms part of it
and asks whether they describe the same network (LEGAL.md section 3). `network_findings` reads the
assembled documents (so a clause replaced with `--clauses` is checked like any other) against the
model of the deal and reports, as `cross-document` findings naming both places:

- provider and staff: the schedule's Provider, or an employer in its staffing table, that is neither
  a Member Practice listed in the agreement nor the Holder of the network money;
- money: a schedule that states a payer or an annual sum for its service other than the one the
  agreement's network money clause states for that schedule (the deal's figure is the reference);
- hours: extended access hours the agreement states ("8am to 8pm, seven days a week") that the
  schedule's hours table does not give on one of those days;
- practices served: the practices a schedule says it serves that are not the Member Practices the
  agreement lists, or the other way round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from .assemble import Assembled
from .deal import Deal, ScheduleFacts
from .document import Clause, Definitions, Table, blocks_with_owner, inline_text

_MONEY = re.compile(r"£(\d{1,3}(?:,\d{3})*(?:\.\d\d)?)(?![\d,])")
_TIME = r"(?:\d{1,2}(?:[.:]\d\d)?\s?(?:am|pm)|noon|midnight)"
_SPAN = re.compile(rf"\b(?:from\s+)?(?P<opens>{_TIME})\s+(?:to|until|-|–)\s+(?P<closes>{_TIME})", re.IGNORECASE)
WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Place:
    """Where a piece of text is: document, clause number (or part), and the clause file."""

    doc: str
    where: str
    file: str | None
    line: int | None

    def __str__(self) -> str:
        return f"{self.doc} {self.where}"


@dataclass(frozen=True)
class Piece:
    """A sentence, a table row (cells) or a definition, with its place."""

    place: Place
    text: str
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    term: str | None = None


def _place(doc: str, owner: Clause | None, title: str, schedule: int | None) -> Place:
    if owner is None:
        return Place(doc, title, None, None)
    where = f"clause {owner.number}" if owner.number else f'"{owner.title or owner.id}"'
    if schedule is not None and owner.number:  # as the documents refer to a schedule's paragraph
        where = f"Schedule {schedule}, paragraph {owner.number}"
    source = owner.source
    return Place(doc, where, source.file if source else None, source.line if source else None)


def _unmark(text: str) -> str:
    # an illustrative value prints as "[9am: ILLUSTRATIVE]": compare the value itself
    return re.sub(r"\[([^\[\]]*?): ILLUSTRATIVE\]", r"\1", text)


def pieces(doc: str, assembled: Assembled) -> Iterator[Piece]:
    """Every sentence, table row and definition of one document, with its place (illustrative values
    unmarked)."""
    for part in assembled.document.parts:
        title = part.title if part.kind != "front" else "the front page"
        for block, owner in blocks_with_owner(part.blocks):
            clause = block if isinstance(block, Clause) else owner
            place = _place(doc, clause, title, part.number if part.kind == "schedule" else None)
            if isinstance(block, Clause):
                text = _unmark(inline_text(block.text))
                for sentence in re.split(r"(?<=[.;:])\s+(?=[A-Z(])", text):
                    if sentence.strip():
                        yield Piece(place, sentence)
            elif isinstance(block, Table):
                header = tuple(inline_text(c) for c in block.header)
                for row in block.rows:
                    cells = tuple(_unmark(inline_text(c)) for c in row)
                    yield Piece(place, " | ".join(cells), cells, header)
            elif isinstance(block, Definitions):
                for term, inlines in block.entries:
                    yield Piece(place, _unmark(inline_text(inlines)), term=term)


def _finding(place: Place, message: str):
    from .lint import Finding

    clause = place.where.removeprefix("clause ")
    return Finding("cross-document", message, place.doc, clause, place.file, place.line)


def _named(text: str, names: dict[str, str]) -> list[str]:
    """The parties named in `text`, in the order they appear; a longer name wins over one inside it."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pid, name in sorted(names.items(), key=lambda x: -len(x[1])):
        for m in re.finditer(re.escape(name), text):
            if not any(a <= m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                found.append((m.start(), pid))
    return [pid for _, pid in sorted(found)]


def _column(piece: Piece, pattern: str) -> str | None:
    for i, h in enumerate(piece.header):
        if re.search(pattern, h, re.IGNORECASE) and i < len(piece.cells):
            return piece.cells[i]
    return None


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


# ---------------------------------------------------------------- what the network agreement says

@dataclass
class _Agreement:
    members: dict[str, Place]  # member practice id -> the row of the agreement that lists it
    members_place: Place | None
    holder: tuple[str, Place] | None
    money: dict[str, list[tuple[Piece, list[str], list[Decimal]]]]  # schedule id -> (piece, payers, amounts)
    hours: list[tuple[Piece, tuple[str, ...], str, str]]  # (piece, days, opens, closes)


def _agreement(pieces_: list[Piece], deal: Deal, names: dict[str, str]) -> _Agreement:
    members: dict[str, Place] = {}
    members_place = None
    holder = None
    money: dict[str, list] = {}
    hours = []
    schedule_names = {s.document: deal.document(s.document).name for s in deal.schedules
                      if deal.has(s.document)}
    for p in pieces_:
        if p.cells and _column(p, r"^member practice$") is not None:
            members_place = members_place or p.place
            for pid in _named(_column(p, r"^member practice$"), names):
                members.setdefault(pid, p.place)
        elif p.term == "Holder":
            named = _named(p.text, names)
            if named:
                holder = (named[0], p.place)
        elif not p.cells and p.term is None:
            amounts = [_amount(a) for a in _MONEY.findall(p.text)]
            for doc_id, name in schedule_names.items():
                if amounts and name in p.text:
                    money.setdefault(doc_id, []).append((p, _named(p.text, names), amounts))
            span = _SPAN.search(p.text)
            if span:
                days = _days(p.text)
                if days:
                    hours.append((p, days, _clock(span["opens"]), _clock(span["closes"])))
    return _Agreement(members, members_place, holder, money, hours)


def _days(text: str) -> tuple[str, ...]:
    """The days of the week a sentence speaks of: every day, weekdays, weekends, named days or ranges."""
    low = text.lower()
    if re.search(r"seven days a week|every day|each day|7 days a week", low):
        return WEEK
    days: list[str] = []
    for m in re.finditer(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\s+to\s+"
                         r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", low):
        a, b = WEEK.index(m[1]), WEEK.index(m[2])
        days += WEEK[a:b + 1]
    if re.search(r"\bweekdays?\b", low):
        days += WEEK[:5]
    if re.search(r"\bweekends?\b", low):
        days += WEEK[5:]
    days += [d for d in WEEK if re.search(rf"\b{d}s?\b", low)]
    return tuple(d for d in WEEK if d in days)


def _clock(text: str) -> str:
    """"8am", "8.30pm", "20:00", "noon" as minutes past midnight on the 24-hour clock, "20:00"."""
    t = text.strip().lower().replace(" ", "")
    if t == "noon":
        return "12:00"
    if t == "midnight":
        return "00:00"
    m = re.fullmatch(r"(\d{1,2})(?:[.:](\d\d))?(am|pm)?", t)
    if not m:
        return t
    hours, minutes = int(m[1]), int(m[2] or 0)
    if m[3] == "pm" and hours < 12:
        hours += 12
    if m[3] == "am" and hours == 12:
        hours = 0
    return f"{hours:02d}:{minutes:02d}"


# ---------------------------------------------------------------- the checks

def network_findings(documents: dict[str, Assembled], deal: Deal) -> list:
    """Every contradiction between a network agreement and the schedules that form part of it."""
    if deal.network is None or "network_agreement" not in documents:
        return []
    # every party's name: the commissioner that pays a schedule is often a party to neither document
    names = dict(deal.network.names)
    agreement = _agreement(list(pieces("network_agreement", documents["network_agreement"])), deal, names)
    out = []
    for facts in deal.schedules:
        if facts.attaches_to != "network_agreement" or facts.document not in documents:
            continue
        schedule = list(pieces(facts.document, documents[facts.document]))
        out += _staff(schedule, agreement, names)
        out += _money(facts, schedule, agreement, names)
        out += _served(schedule, agreement, names, deal.network.practices)
        if facts.section == "extended_access":
            out += _hours(schedule, agreement)
    return out


def _staff(schedule: list[Piece], agreement: _Agreement, names: dict[str, str]) -> list:
    allowed = set(agreement.members) | ({agreement.holder[0]} if agreement.holder else set())
    if not agreement.members:
        return []
    other = agreement.members_place
    holder = f" nor the Holder ({names[agreement.holder[0]]}, {agreement.holder[1]})" if agreement.holder else ""
    out = []
    seen: set[tuple[str, str]] = set()
    for p in schedule:
        if p.term == "Provider":
            who, what = _named(p.text, names)[:1], "as the Provider"
        elif p.cells and _column(p, r"employ") is not None:
            who, what = _named(_column(p, r"employ"), names), f"as employer of the {p.cells[0]} staff"
        else:
            continue
        for pid in who:
            if pid not in allowed and (pid, what) not in seen:
                seen.add((pid, what))
                out.append(_finding(p.place, f"names {names[pid]} {what}, but network_agreement lists the "
                                             f"Member Practices at {other}, and it is not one of them{holder}"))
    return out


def _money(facts: ScheduleFacts, schedule: list[Piece], agreement: _Agreement, names: dict[str, str]) -> list:
    stated = agreement.money.get(facts.document, [])
    if not stated or facts.annual_amount is None or facts.payer is None:
        return []
    # the schedule's statements of its payment: a sum a year, with the party that pays it
    own = [(p, _named(p.text, names), [_amount(a) for a in _MONEY.findall(p.text)]) for p in schedule
           if not p.cells and p.term is None and _MONEY.search(p.text) and "a year" in p.text]
    out = []
    right = lambda rows: [r for r in rows if facts.annual_amount in r[2] and facts.payer in r[1][:1]]
    for here, there in ((own, stated), (stated, own)):
        good = right(there)
        if not good:
            continue
        other = good[0][0].place
        for p, payers, amounts in here:
            wrong = [a for a in amounts if a != facts.annual_amount]
            if wrong:
                out.append(_finding(p.place, f"states £{wrong[0]:,.0f} a year for the service of {facts.document}, "
                                             f"but {other} states £{facts.annual_amount:,.0f}"))
            elif payers and payers[0] != facts.payer:
                out.append(_finding(p.place, f"names {names[payers[0]]} as paying for the service of "
                                             f"{facts.document}, but {other} names {names[facts.payer]}"))
    return out


def _served(schedule: list[Piece], agreement: _Agreement, names: dict[str, str],
            deal_practices: tuple[str, ...]) -> list:
    if not agreement.members:
        return []
    practices = set(deal_practices) | set(agreement.members)
    out = []
    for p in schedule:
        if p.cells or p.term is not None or not re.search(r"\bserves?\b", p.text):
            continue
        served = [pid for pid in _named(p.text, names) if pid in practices]
        if not served:
            continue
        missing = [pid for pid in agreement.members if pid not in served]
        extra = [pid for pid in served if pid not in agreement.members]
        if missing or extra:
            parts = ([f"leaves out the Member Practice {', '.join(names[x] for x in missing)}"] if missing else []) + (
                [f"names {', '.join(names[x] for x in extra)}, which is not a Member Practice"] if extra else [])
            out.append(_finding(p.place, f"lists the practices the Service serves, but {' and '.join(parts)}: "
                                         f"network_agreement lists the Member Practices at {agreement.members_place}"))
    return out


def _hours(schedule: list[Piece], agreement: _Agreement) -> list:
    table = {}
    for p in schedule:
        day = _column(p, r"^day$") if p.cells else None
        opens, closes = (_column(p, r"^(from|opens)$"), _column(p, r"^(to|closes)$")) if p.cells else (None, None)
        if day and opens and closes and day.strip().lower() in WEEK:
            table[day.strip().lower()] = (p, _clock(opens), _clock(closes))
    if not table:
        return []
    out = []
    for p, days, opens, closes in agreement.hours:
        for day in days:
            row = table.get(day)
            if row is None:
                out.append(_finding(p.place, f"states extended access from {opens} to {closes} on "
                                             f"{day.capitalize()}, but the hours table of "
                                             f"{next(iter(table.values()))[0].place} gives no hours that day"))
                break
            if (row[1], row[2]) != (opens, closes):
                out.append(_finding(p.place, f"states extended access from {opens} to {closes} on "
                                             f"{day.capitalize()}, but {row[0].place} gives {row[1]} to {row[2]}"))
                break
    return out
