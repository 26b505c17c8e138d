"""Rules for a place-based partnership: its memorandum of understanding pools nothing, so a file that
asks it for money or formal arrangements is refused; the partners, the board, the workstreams and any
shared costs name parties; and the dates fall after the draft."""

from __future__ import annotations

from collections import Counter
from datetime import date

from .rules_network import _suggest
from .rules_staff import end_date
from .schema import PartnershipFile


def term_years(p: PartnershipFile) -> list[str]:
    """Every financial year the memorandum's term covers, from the year it starts to the year it ends."""
    start = p.partnership.start_date
    last = end_date(start, p.partnership.term_years)
    years, year = [], start.year if start.month >= 4 else start.year - 1
    while date(year, 4, 1) <= last:
        years.append(f"{year}/{(year + 1) % 100:02d}")
        year += 1
    return years


def unfunded_years(p: PartnershipFile) -> list[str]:
    """The financial years of the term for which the shared costs give no contribution at all."""
    if p.place is None or p.place.shared_costs is None:
        return []
    given = {c.financial_year for c in p.place.shared_costs.contributions}
    return [y for y in term_years(p) if y not in given]


NHS_PROVIDER_KINDS = ("nhs_trust", "foundation_trust")

# sections that would make the memorandum pool money, share risk or move functions or staff
POOLING = {
    "budget": "a whole population budget",
    "improvement_scheme": "an improvement payment scheme",
    "risk_share": "a risk and gain share",
    "pooled_fund": "a section 75 pooled fund",
    "alliance": "an alliance agreement with a risk and reward pool",
    "integration_agreement": "an integration agreement with GP practices",
    "council_functions": "council functions carried out by an NHS trust",
}
# sections whose documents belong to other care models: the memorandum is drafted from `place`
OTHER = {
    "governance": "place.board",
    "memorandum": "place",
    "network": "a gp_network partnership file",
    "extended_access": "a gp_network, MCP or PACS partnership file",
    "social_prescribing": "a gp_network, MCP or PACS partnership file",
    "information_sharing": "a separate agreement named in place.information_sharing_agreement",
}
HOW = ("a place-based partnership's memorandum of understanding pools no budget or statutory function and "
       "binds no partner to pay or provide anything; record that arrangement in its own agreement (a section 75 "
       "agreement, or the contract of an MCP or PACS) in a partnership file of its own, and keep this file for "
       "the partners' joint planning")


def check_place(p: PartnershipFile, f) -> None:
    """Add the findings for a place-based partnership to `f` (a rules._Findings)."""
    if p.partnership.care_model != "place_based":
        if p.place is not None:
            f.error(("place",), f"expected no place section for a {p.partnership.care_model}, got one: it drafts "
                    "the memorandum of a place_based partnership; set care_model: place_based, or remove it")
        return
    for section, what in POOLING.items():
        if getattr(p, section) is not None:
            f.error((section,), f"expected no {section} section for a place_based partnership, got {what}: {HOW}")
    if p.staff_transfers:
        f.error(("staff_transfers",), f"expected no staff_transfers for a place_based partnership, got "
                f"{len(p.staff_transfers)}: {HOW}")
    for section, where in OTHER.items():
        if getattr(p, section) is not None:
            f.error((section,), f"expected no {section} section for a place_based partnership, got one: its "
                    f"memorandum of understanding is drafted from the place section; this belongs in {where}")
    if p.care_model_schedules:
        f.error(("care_model_schedules",), "expected no care_model_schedules for a place_based partnership, got "
                f"{len(p.care_model_schedules)}: its memorandum of understanding attaches no service schedule")
    for i, doc_id in enumerate(p.documents or ()):
        if doc_id != "place_memorandum":
            f.error(("documents", i), f"expected only place_memorandum among the documents of a place_based "
                    f"partnership, got {doc_id}: {HOW}")
    if p.partnership.population.registered is not None:
        f.error(("partnership", "population", "registered"), "expected no registered figure for a place_based "
                "partnership, got one: it has no participating practices' lists; give the population of the whole "
                "footprint as population.whole_area")
    if p.partnership.population.whole_area is None:
        f.error(("partnership", "population"), "expected population.whole_area for a place_based partnership, "
                "got none: the memorandum states the population of the whole footprint")
    _partners(p, f)
    if p.place is not None:
        _place(p, f)


def _partners(p: PartnershipFile, f) -> None:
    kinds = {x.kind for x in p.parties}
    missing = []
    if not any(x.commissions and x.kind in ("ccg", "nhs_england") for x in p.parties):
        missing.append("an NHS commissioner (a CCG or NHS England)")
    if not kinds & set(NHS_PROVIDER_KINDS):
        missing.append("an NHS provider (an NHS trust or foundation trust)")
    if "local_authority" not in kinds:
        missing.append("a local authority")
    if missing:
        f.warn(("parties",), f"expected at least one commissioner, one NHS provider and one local authority among "
               f"the partners of a place-based partnership, got none that is {' or '.join(missing)}: add the "
               "missing partner, or acknowledge the warning with the reason", "place-partners")


def _place(p: PartnershipFile, f) -> None:
    place = p.place
    parties = {x.id: x for x in p.parties}
    draft = p.partnership.draft.date

    def party(path: tuple, value: str | None) -> bool:
        if value is not None and value not in parties:
            f.error(path, f"expected the id of a party, got '{value}'{_suggest(value, set(parties))}")
            return False
        return True

    for i, area in enumerate(place.areas):
        here = ("place", "areas", i, "council")
        if party(here, area.council) and area.council is not None and parties[area.council].kind != "local_authority":
            f.error(here, f"expected a party of kind local_authority, got '{area.council}' "
                    f"({parties[area.council].kind})")
    given = [a.population for a in place.areas if a.population is not None]
    whole = p.partnership.population.whole_area
    if whole is not None and sum(given) > whole:
        f.error(("place", "areas"), f"expected places whose populations add up to no more than the whole-area "
                f"population {whole:,}, got {sum(given):,}: the places are parts of the footprint")
    names = Counter(a.name for a in place.areas)
    for i, area in enumerate(place.areas):
        if names[area.name] > 1:
            f.error(("place", "areas", i, "name"), f"expected each place once, got '{area.name}' again")
    board = place.board
    seen: Counter = Counter(m.party for m in board.members)
    for i, m in enumerate(board.members):
        if party(("place", "board", "members", i, "party"), m.party) and seen[m.party] > 1:
            f.error(("place", "board", "members", i, "party"), f"expected one member from each partner, got "
                    f"'{m.party}' again: the board is a forum of the partners, one voice each")
    if board.chair > len(board.members):
        f.error(("place", "board", "chair"), f"expected a member's position from 1 to {len(board.members)}, "
                f"got {board.chair}")
    if board.first_meeting is not None and board.first_meeting <= draft:
        f.error(("place", "board", "first_meeting"), f"expected a date after the draft date {draft.isoformat()}, "
                f"got {board.first_meeting.isoformat()}")
    for i, w in enumerate(place.workstreams):
        party(("place", "workstreams", i, "lead"), w.lead)
    if place.shared_costs is not None:
        _shared_costs(p, f, party, draft)


def _shared_costs(p: PartnershipFile, f, party, draft: date) -> None:
    sc = p.place.shared_costs
    party(("place", "shared_costs", "held_by"), sc.held_by)
    seen: set[tuple[str, str]] = set()
    for i, c in enumerate(sc.contributions):
        here = ("place", "shared_costs", "contributions", i)
        party(here + ("party",), c.party)
        start = int(c.financial_year[:4])
        if int(c.financial_year[5:]) != (start + 1) % 100:
            f.error(here + ("financial_year",), f"expected consecutive years such as {start}/{(start + 1) % 100:02d}, "
                    f"got {c.financial_year}")
        elif date(start + 1, 3, 31) <= draft:
            f.error(here + ("financial_year",), f"expected a financial year that ends after the draft date "
                    f"{draft.isoformat()}, got {c.financial_year}: a contribution cannot be promised for a year "
                    "that is over")
        if (c.party, c.financial_year) in seen:
            f.error(here + ("party",), f"expected one contribution from '{c.party}' for {c.financial_year}, got "
                    "another")
        seen.add((c.party, c.financial_year))
        if c.amount == 0:
            f.error(here + ("amount",), "expected an amount above zero, got 0: leave the partner out instead")
    missing = unfunded_years(p)
    if missing:
        years = " and ".join(missing) if len(missing) < 3 else ", ".join(missing[:-1]) + " and " + missing[-1]
        f.warn(("place", "shared_costs", "contributions"), f"expected contributions for every financial year of the "
               f"term ({', '.join(term_years(p))}), got none for {years}: add them, or acknowledge the warning "
               "and the memorandum says the Partners agree them in writing before each of those years starts",
               "place-unfunded-year")
