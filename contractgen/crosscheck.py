"""Findings across the documents of one partnership: do they tell the same story?

A lawyer reads the documents of a partnership side by side (LEGAL.md section 3). `cross_check`
reads every assembled, transformed document of one partnership together with the model of the
deal and reports, as `cross-document` findings that name both places (document and clause
number):

- precedence: one document says A prevails over B where another (or the same) says B prevails
  over A, on the same matter or in general;
- money: a sum stated for a party and a financial year that is none of that party's figures
  for that year in the deal, while another document states the deal's figure; or a party's
  figure labelled with a year the deal does not give it; in a place-based memorandum, which is
  a set of one document, any contribution stated other than as the deal gives it;
- parties: the same party named with two different legal forms;
- status: a document that calls itself an NHS contract outright although one of its parties
  is not a health service body;
- population: a number of people registered with the practices that is not the registered total the
  deal sums from the practices' lists;
- team: a line of a multidisciplinary team (role and employer) stated with whole-time equivalents other
  than the file's, or a team total other than their sum;
- bodies: a board or committee named in lower-case running text ("the joint commissioning
  board") that is not a body the partnership defines;
- binding: a document the deal gives as not legally binding (a memorandum, terms of reference)
  that calls itself legally binding;
- pooling: a document that says it pools no statutory functions beside a section 75 agreement that
  pools them; a place-based memorandum that does not say it pools none, or that has money paid
  into a pooled fund or budget;
- risk share schemes: a scheme's baseline, threshold, gain cap, loss collar or a party's shares
  stated other than the deal gives them, wherever the scheme is named (by name or measure) or in
  its own schedule; or a share given to a party that does not share in that scheme;
- a GP network: its agreement and each service schedule attached to it name the same members,
  provider and staff employers, payer and annual sum, hours and practices served
  (`crosscheck_network`).

It reads the text the clauses produced, so a clause replaced with `--clauses DIR` is checked
like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Iterator

from .assemble import Assembled
from .deal import Deal
from .document import Clause, Paragraph, Strong, Table, Text, blocks_with_owner, inline_text
from .lint import Finding

KIND = "cross-document"
_MONEY = re.compile(r"£(\d{1,3}(?:,\d{3})*(?:\.\d\d)?)(?![\d,])")
_YEAR = re.compile(r"(?<!\d)(\d{4}/\d{2})(?!\d)")
# not inside a placeholder: "[Castle Surgery: ILLUSTRATIVE]" is one name, not two sentences
_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-Z(])(?![A-Z]+\])")
_BODY = re.compile(r"\bthe ((?:(?!(?:of|its|their|to|for|and|or|in|on|by|with|each|any|every)\b)[a-z][a-z'-]+ ){1,3}?)"
                   r"(board|committee)\b")
# lower-case names of bodies that are not a defined body of the partnership but are no defect:
# a party's own board or governing body, and the partnership board itself in running text
_GENERIC_BODIES = {"partnership board", "own board", "governing board", "joint committee"}


@dataclass(frozen=True)
class Statement:
    """One sentence or table row of a document, with where it is."""

    doc: str
    where: str  # "clause 4.2.1", "the front page"
    clause_id: str | None
    file: str | None
    line: int | None
    text: str
    years: tuple[str, ...] = ()  # year labels that apply from the table's header or caption
    caption: str = ""  # for a table row: the table's caption, which may name what the row is about


def _place(owner: Clause | None, part_title: str, label: str | None = None,
           ids: dict[int, str] | None = None) -> tuple[str, str | None, str | None, int | None]:
    if owner is None:
        return f"{part_title}", None, None, None
    source = owner.source
    where = (f"{label}, paragraph {owner.number}" if label else f"clause {owner.number}") if owner.number \
        else f'"{owner.title or owner.id}"'
    # the clause's own id, else that of the clause it is part of (a schedule's copy for one scheme
    # ends in the scheme's id), else the library clause it came from
    cid = owner.id or (ids or {}).get(id(owner)) or (source.clause_id if source else None)
    return where, cid, source.file if source else None, source.line if source else None


def _inherited_ids(blocks: list, above: str | None = None, out: dict[int, str] | None = None) -> dict[int, str]:
    """For each clause, the id of the nearest clause with one that holds it (itself included)."""
    out = {} if out is None else out
    for block in blocks:
        if isinstance(block, Clause):
            here = block.id or above
            if here:
                out[id(block)] = here
            _inherited_ids(block.children, here, out)
    return out


def statements(doc_id: str, assembled: Assembled) -> Iterator[Statement]:
    """Every sentence of running text and every table row of one document."""
    for part in assembled.document.parts:
        title = part.title if part.kind != "front" else "the front page"
        ids = _inherited_ids(part.blocks)
        for block, owner in blocks_with_owner(part.blocks):
            clause = block if isinstance(block, Clause) else owner
            where, cid, file, line = _place(clause, title, part.label, ids)
            if isinstance(block, Clause):
                texts = [inline_text(block.text)]
            elif isinstance(block, Paragraph):
                texts = [_with_strong(block.content)]
            elif isinstance(block, Table):
                header = [inline_text(c) for c in block.header]
                caption_years = tuple(_YEAR.findall(block.caption or ""))
                for row in block.rows:
                    cells = [inline_text(c) for c in row]
                    for i, cell in enumerate(cells):
                        years = tuple(_YEAR.findall(header[i])) if i < len(header) else ()
                        if years and _MONEY.search(cell):  # a cell under a year column
                            yield Statement(doc_id, where, cid, file, line, f"{cells[0]} | {cell}", years)
                    if not any(_YEAR.findall(h) for h in header[1:]):
                        yield Statement(doc_id, where, cid, file, line, " | ".join(cells), caption_years,
                                        block.caption or "")
                continue
            else:
                continue
            for text in texts:
                for sentence in _SENTENCE.split(text):
                    if sentence.strip():
                        yield Statement(doc_id, where, cid, file, line, sentence)


def _with_strong(inlines) -> str:
    # a party's name in bold in the front matter stays marked, to read its legal form after it
    out = []
    for node in inlines:
        if isinstance(node, Strong):
            out.append("**" + inline_text(node.children) + "**")
        elif isinstance(node, Text):
            out.append(node.text)
        else:
            out.append(inline_text([node]))
    return "".join(out)


def _finding(s: Statement, message: str) -> Finding:
    return Finding(KIND, message, s.doc, s.where.replace("clause ", "") if s.where.startswith("clause ") else s.where,
                   s.file, s.line)


def _at(s: Statement) -> str:
    return f"{s.doc} {s.where}"


# ---------------------------------------------------------------- precedence

def _doc_names(deal: Deal, here: str) -> list[tuple[str, str]]:
    """(phrase, document id) pairs that name a document of the set in `here`, longest first."""
    names: list[tuple[str, str]] = []
    for d in deal.documents:
        names.append((d.name, d.id))
        if d.id == here:
            names.append((d.self_name, d.id))
    defined = {"Main Contract": deal.main, "this Contract": "mcp_contract", "Alliance Agreement": "alliance_agreement",
               "Risk Share Agreement": "risk_share_agreement", "Integration Agreement": "integration_agreement",
               "Section 75 Agreement": "section75_agreement"}
    for phrase, doc in defined.items():
        if deal.has(doc):
            names.append((phrase, doc))
    return sorted(set(names), key=lambda x: -len(x[0]))


def _mentions(text: str, names: list[tuple[str, str]]) -> list[tuple[int, str]]:
    """Where each document of the set is named in `text`: (offset, document id), in order; a longer
    name wins over a shorter one inside it ("the risk and gain share agreement" over "agreement")."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for phrase, doc in names:
        flags = re.IGNORECASE if phrase[0].islower() else 0
        for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, flags=flags):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), doc))
    return sorted(found)


def _claims(s: Statement, deal: Deal) -> list[tuple[str, str, str | None]]:
    """(winner, loser, matter) claims of precedence one sentence makes."""
    text = s.text
    names = _doc_names(deal, s.doc)
    out: list[tuple[str, str, str | None]] = []
    order = re.search(r"take priority in this order:(.*)", text)
    if order:
        docs = [doc for _, doc in _mentions(order.group(1), names)]
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                if a != b:
                    out.append((a, b, None))
        return out
    m = re.search(r"\bprevails?\b", text)
    if not m:
        return out
    mentions = _mentions(text, names)
    before = [(i, d) for i, d in mentions if i < m.start()]
    if not before:
        return out
    winner = before[-1][1]
    matter = None
    on = re.match(r"\s*on (.+?), (?:the |this )", text)
    if on and "any other matter" not in on.group(1):
        matter = on.group(1).strip().lower()
    losers = [d for _, d in mentions if d != winner]
    if re.search(r"prevails? over (?:the )?others", text):
        losers = [d.id for d in deal.documents if d.id != winner]
    return [(winner, loser, matter) for loser in dict.fromkeys(losers)]


def _precedence(all_statements: list[Statement], deal: Deal) -> list[Finding]:
    seen: dict[tuple[str, str, str | None], Statement] = {}
    out: list[Finding] = []
    reported: set[tuple] = set()
    for s in all_statements:
        for winner, loser, matter in _claims(s, deal):
            other = seen.get((loser, winner, matter))
            # one finding for each contradiction, however many documents repeat the side it contradicts
            key = (frozenset((winner, loser)), matter)
            if other is not None and key not in reported:
                reported.add(key)
                on = f" on {matter}" if matter else ""
                out.append(_finding(s, f"says {deal.document(winner).name} prevails over "
                                       f"{deal.document(loser).name}{on}, but {_at(other)} says the opposite"))
            seen.setdefault((winner, loser, matter), s)
    return out


# ---------------------------------------------------------------- money

def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _known_amounts(deal: Deal) -> dict[str, dict[str | None, set[Decimal]]]:
    """Every figure the deal gives each party, by financial year: each flow, and each party's totals."""
    by_party: dict[str, dict[str | None, set[Decimal]]] = {}
    for f in deal.flows:
        for who in (f.payer, f.payee):
            by_party.setdefault(who, {}).setdefault(f.financial_year, set()).add(f.amount)
    totals: dict[tuple[str, str | None, str, str], Decimal] = {}
    for f in deal.flows:  # a party's total paid, funded or received under one document in one year
        keys = [(f.payer, f.financial_year, f.instrument, "out"), (f.payee, f.financial_year, f.instrument, "in")]
        if f.funder:
            keys.append((f.funder, f.financial_year, f.instrument, "funds"))
            by_party.setdefault(f.funder, {}).setdefault(f.financial_year, set()).add(f.amount)
        for key in keys:
            totals[key] = totals.get(key, Decimal(0)) + f.amount
    for r in deal.retained:  # a share a party keeps for its own services: the part kept, and the whole share
        by_party.setdefault(r.party, {}).setdefault(r.financial_year, set()).add(r.amount)
        key = (r.party, r.financial_year, r.instrument, "share")
        totals[key] = totals.get(key, totals.get((r.party, r.financial_year, r.instrument, "out"), Decimal(0))) + r.amount
    for (who, year, _, _), amount in totals.items():
        by_party.setdefault(who, {}).setdefault(year, set()).add(amount)
    if deal.pool:
        for t in deal.pool.year_totals:
            by_party.setdefault(deal.pool.host, {}).setdefault(t.financial_year, set()).add(t.total)
    return by_party


def _money(all_statements: list[Statement], deal: Deal, names: dict[str, str]) -> list[Finding]:
    by_party = _known_amounts(deal)

    stated: list[tuple[Statement, str, str, Decimal]] = []
    for s in all_statements:
        parties = [pid for pid, name in names.items() if name in s.text]
        years = sorted(set(_YEAR.findall(s.text)) | set(s.years))
        amounts = [_amount(a) for a in _MONEY.findall(s.text)]
        if len(parties) != 1 or len(years) != 1 or not amounts or parties[0] not in by_party:
            continue
        for amount in amounts:
            stated.append((s, parties[0], years[0], amount))
    out: list[Finding] = []
    for s, pid, year, amount in stated:
        known = by_party[pid]
        if amount in known.get(year, set()):
            continue
        # the deal's figure under another year's label: the label is what disagrees
        labelled = [y for y, amounts in known.items() if amount in amounts and y is not None]
        elsewhere = [(o, y2) for o, p2, y2, a in stated if p2 == pid and a == amount and y2 in labelled]
        if elsewhere:
            other, other_year = elsewhere[0]
            out.append(_finding(s, f"labels £{amount:,.0f} for {names[pid]} as {year}, but {_at(other)} "
                                   f"labels it {other_year}"))
            continue
        right = [(o, a) for o, p2, y2, a in stated if p2 == pid and y2 == year and a in known.get(year, set())
                 and o.doc != s.doc]
        if right:
            other, figure = right[0]
            out.append(_finding(s, f"states £{amount:,.0f} for {names[pid]} for {year}, but {_at(other)} "
                                   f"states £{figure:,.0f}"))
    return out


def _shared_costs(all_statements: list[Statement], deal: Deal, names: dict[str, str]) -> list[Finding]:
    """A place-based memorandum is a set of one document, so no second document can state a contribution
    differently: each figure it states for a partner and a year is checked against the deal itself."""
    if not deal.has("place_memorandum"):
        return []
    by_party = _known_amounts(deal)
    out = []
    for s in all_statements:
        if s.doc != "place_memorandum":
            continue
        parties = [pid for pid, name in names.items() if name in s.text]
        years = sorted(set(_YEAR.findall(s.text)) | set(s.years))
        if len(parties) != 1 or len(years) != 1:
            continue
        known = by_party.get(parties[0], {}).get(years[0], set())
        for amount in (_amount(a) for a in _MONEY.findall(s.text)):
            if amount not in known:
                given = " or ".join(f"£{a:,.0f}" for a in sorted(known)) or "no figure"
                out.append(_finding(s, f"states £{amount:,.0f} for {names[parties[0]]} for {years[0]}, but the model "
                                       f"of the deal gives it {given} for that year"))
    return out


# ---------------------------------------------------------------- risk share schemes

# the words that name each figure of a scheme, as the clauses write them, looked for just before an amount
_FIGURE_WORDS = (("baseline", "baseline"), ("threshold", "threshold"), ("gain cap", "gain cap"),
                 ("can gain", "gain cap"), ("receive more than", "gain cap"), ("loss collar", "loss collar"),
                 ("can lose", "loss collar"), ("bear more than", "loss collar"))
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


def _scheme_of(s: Statement, deal: Deal):
    """The risk share scheme a statement is about: the one whose schedule it is in, or the one it names
    (by name or measure); with one scheme, any statement of the document that holds it, or of a clause
    about it. None when it names none, or more than one."""
    schemes = deal.risk_share.schemes if deal.risk_share else ()
    for scheme in schemes:
        if scheme.id and s.clause_id and s.clause_id.endswith("." + scheme.id):
            return scheme
    text = (s.text + " " + s.caption).lower()
    named = [x for x in schemes if x.name.lower() in text or x.metric.lower() in text]
    if len(named) == 1:
        return named[0]
    if len(schemes) == 1 and not deal.risk_share.several and not named and (
            s.doc == deal.risk_share.document and s.doc == "risk_share_agreement"
            or "risk_share" in (s.clause_id or "")):
        return schemes[0]
    return None


def _scheme_figures(s: Statement, scheme) -> Iterator[tuple[str, Decimal]]:
    """(figure, amount) for each amount the statement gives a figure of the scheme: the figure named
    nearest before the amount, with no other amount between them."""
    text = s.text.lower()
    for m in _MONEY.finditer(s.text):
        before = text[max(0, m.start() - 60):m.start()]
        before = before[before.rfind("£") + 1:]  # nothing before an earlier amount
        found = [(before.rfind(words), figure) for words, figure in _FIGURE_WORDS if words in before]
        if found:
            yield max(found)[1], _amount(m.group(1))


def _schemes(all_statements: list[Statement], deal: Deal) -> list[Finding]:
    """Each scheme's baseline, threshold, cap, collar and shares the same wherever they are stated."""
    if deal.risk_share is None:
        return []
    stated: list[tuple[Statement, object, str, object]] = []
    for s in all_statements:
        scheme = _scheme_of(s, deal)
        if scheme is None:
            continue
        for figure, amount in _scheme_figures(s, scheme):
            stated.append((s, scheme, figure, amount))
        cells = s.text.split(" | ")
        percents = [_PERCENT.search(c) for c in cells[1:3]]
        if len(cells) == 3 and all(percents):
            name = cells[0].strip("*[] ").split(":")[0]
            if name in _party_names(deal):  # a sharing party's row, or a share given to a party outside it
                stated.append((s, scheme, f"share of {name}",
                               (Decimal(percents[0].group(1)), Decimal(percents[1].group(1)))))
    truth = {}
    for scheme in deal.risk_share.schemes:
        truth[(scheme.name, "baseline")] = scheme.baseline
        truth[(scheme.name, "threshold")] = scheme.threshold
        truth[(scheme.name, "gain cap")] = scheme.gain_cap
        truth[(scheme.name, "loss collar")] = scheme.loss_collar
        for x in scheme.shares:
            truth[(scheme.name, f"share of {x.name}")] = (x.gain_share, x.loss_share)
    out: list[Finding] = []
    for s, scheme, figure, value in stated:
        right = truth.get((scheme.name, figure))
        if value == right:
            continue
        other = next((o for o, sc, f, v in stated if sc is scheme and f == figure and v == right and o is not s), None)
        where = f"{_at(other)} states {_shown(figure, right)}" if other else f"the partnership file gives " \
            f"{_shown(figure, right)}"
        if right is None and figure.startswith("share of"):
            where = f"{figure[9:]} is not a sharing party of that scheme"
        out.append(_finding(s, f"states the {figure} in the {scheme.name} as {_shown(figure, value)}, but {where}"))
    return out


def _shown(figure: str, value) -> str:
    if value is None:
        return "none" if not figure.startswith("share of") else "no share"
    if isinstance(value, tuple):
        return f"{value[0].normalize():f}% of gains and {value[1].normalize():f}% of losses"
    return f"£{value:,.0f}" if value == value.to_integral_value() else f"£{value:,.2f}"


def _party_names(deal: Deal) -> set[str]:
    return {name for d in deal.documents for name in d.party_names}


# ---------------------------------------------------------------- parties, status, bodies

_FORM = re.compile(r"\*\*(?P<name>[^*]+)\*\*, (?P<form>an? [a-zA-Z ]+?)(?=[,.(]| of | which)")


def _forms(all_statements: list[Statement]) -> list[Finding]:
    seen: dict[str, tuple[str, Statement]] = {}
    out = []
    for s in all_statements:
        for m in _FORM.finditer(s.text):
            name, form = m.group("name"), m.group("form").strip()
            if name in seen and seen[name][0] != form:
                other = seen[name][1]
                out.append(_finding(s, f"names {name} as {form}, but {_at(other)} names it as {seen[name][0]}"))
            seen.setdefault(name, (form, s))
    return out


def _status(all_statements: list[Statement], deal: Deal) -> list[Finding]:
    out = []
    for s in all_statements:
        doc = deal.document(s.doc) if deal.has(s.doc) else None
        if doc is None or doc.status is None:
            continue
        outright = re.search(r"(?<!Whether )\b(?:[Tt]his (?:Agreement|Contract)) is an NHS contract\b", s.text)
        if outright and not s.text.lstrip().startswith("As between") and doc.status.others:
            first = doc.status.others[0]
            out.append(_finding(s, f"calls {doc.self_name} an NHS contract outright, but {first.name} is a party "
                                   f"and {first.reason}; the model of the deal gives it {doc.status_words}"))
    return out


def _bodies(all_statements: list[Statement], defined: Iterable[str]) -> list[Finding]:
    known = {d.lower() for d in defined}
    out = []
    seen: set[tuple[str, str]] = set()
    for s in all_statements:
        for m in _BODY.finditer(s.text):
            phrase = (m.group(1) + m.group(2)).strip()
            if phrase in _GENERIC_BODIES or any(phrase in k for k in known) or (s.doc, phrase) in seen:
                continue
            seen.add((s.doc, phrase))
            out.append(_finding(s, f'names "the {phrase}", which is not a board or committee of the partnership: '
                                   "name a defined body (the partnership board, a party's own board) instead"))
    return out


# ---------------------------------------------------------------- binding, pooling

_BINDING_CLAIM = re.compile(r"\b(?:[Tt]his|[Tt]hese) (?P<noun>Memorandum|Terms of Reference|Agreement) (?:is|are) "
                            r"legally binding\b")
_POOLS_NOTHING = re.compile(r"\bpools? no statutory functions?\b", re.IGNORECASE)
_POOL_PAYMENT = re.compile(r"\b(?:pay|pays|paid|contribute|contributes|contributed)\b[^.;]*?\b(?:into|to) (?:the|a|its) "
                           r"pooled (?:fund|budget)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:no|not|nor|never|without)\b", re.IGNORECASE)


def _binding(all_statements: list[Statement], deal: Deal) -> list[Finding]:
    out = []
    for s in all_statements:
        doc = deal.document(s.doc) if deal.has(s.doc) else None
        if doc is None or doc.binding:
            continue
        if _BINDING_CLAIM.search(s.text):
            out.append(_finding(s, f"calls {doc.self_name} legally binding, but the model of the deal gives it "
                                   f"{doc.status_words}"))
    return out


def _pooling(all_statements: list[Statement], deal: Deal) -> list[Finding]:
    out = []
    if deal.pools_functions:
        pool = deal.document("section75_agreement")
        for s in all_statements:
            if s.doc != "section75_agreement" and _POOLS_NOTHING.search(s.text):
                out.append(_finding(s, f"says no statutory functions are pooled, but {pool.name} is a document of "
                                       "the set and pools them"))
        return out
    if not deal.has("place_memorandum"):
        return out
    own = [s for s in all_statements if s.doc == "place_memorandum"]
    if own and not any(_POOLS_NOTHING.search(s.text) for s in own):
        out.append(_finding(own[0], "does not say that the memorandum pools no statutory functions, which the model "
                                    "of the deal requires of a place-based partnership"))
    for s in all_statements:
        if _POOL_PAYMENT.search(s.text) and not _NEGATION.search(s.text):
            out.append(_finding(s, "has money paid into a pooled fund or budget, but the documents of a place-based "
                                   "partnership pool none: each partner keeps its own budget"))
    return out


# ---------------------------------------------------------------- population and team

_FIGURE = r"\[?(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:: ILLUSTRATIVE)?\]?"
_REGISTERED = re.compile(_FIGURE + r" (?:people|patients) (?:registered with|on (?:the|their) registered lists)")
_TEAM_TOTAL = re.compile(_FIGURE + r" whole-time equivalent staff")


def _unmark(cell: str) -> str:
    m = re.fullmatch(r"\[(.*): ILLUSTRATIVE\]", cell.strip())
    return m.group(1) if m else cell.strip()


def _population_and_team(all_statements: list[Statement], deal: Deal) -> list[Finding]:
    out = []
    registered = deal.population.registered
    lines = {(t.role, t.employer_name): t.wte for t in deal.team}
    total = sum((t.wte for t in deal.team), Decimal(0))
    for s in all_statements:
        for m in _REGISTERED.finditer(s.text):
            if deal.population.registered_from_lists and _amount(m.group("n")) != registered:
                out.append(_finding(s, f"states {m.group('n')} people registered with the practices, but the "
                                       f"practices' lists sum to {registered:,}"))
        if not deal.team:
            continue
        for m in _TEAM_TOTAL.finditer(s.text):
            if _amount(m.group("n")) != total:
                out.append(_finding(s, f"states a team of {m.group('n')} whole-time equivalents, but the team's "
                                       f"lines sum to {total.normalize():f}"))
        cells = [_unmark(c) for c in s.text.split(" | ")]
        if len(cells) >= 3 and (cells[0], cells[1]) in lines and re.fullmatch(r"\d+(?:\.\d+)?", cells[2]):
            wte = lines[(cells[0], cells[1])]
            if _amount(cells[2]) != wte:
                out.append(_finding(s, f"states {cells[2]} whole-time equivalents for {cells[0]} employed by "
                                       f"{cells[1]}, but the team gives {wte.normalize():f}"))
    return out


def cross_check(documents: dict[str, Assembled], deal: Deal, bodies: Iterable[str] = ()) -> list[Finding]:
    """Every contradiction between the documents of one partnership (see the module docstring).
    `bodies` are the names of the boards the partnership defines."""
    all_statements = [s for doc_id, assembled in documents.items() for s in statements(doc_id, assembled)]
    names = {}
    for d in deal.documents:
        names.update(dict(zip(d.parties, d.party_names)))
    from .crosscheck_network import network_findings

    return (_precedence(all_statements, deal) + _money(all_statements, deal, names) + _schemes(all_statements, deal)
            + _forms(all_statements) + _status(all_statements, deal) + _population_and_team(all_statements, deal)
            + _bodies(all_statements, bodies) + network_findings(documents, deal)
            + _binding(all_statements, deal) + _pooling(all_statements, deal) + _shared_costs(all_statements, deal, names))
