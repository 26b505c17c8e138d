"""Rules for a GP network or federation and for the service schedules that attach to a contract:
the care model's own fields, the network's members, votes and money, extended access hours, and the
contract each schedule names."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from ..care_models import BY_ID as CARE_MODELS
from ..doctypes import BY_ID, DOCUMENT_TYPES, main_document
from .schema import PartnershipFile, ServiceScheduleBase

# the national expectation for extended access: 8am to 8pm, seven days a week
EXTENDED_OPEN, EXTENDED_CLOSE = "08:00", "20:00"
WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONEY_HOLDER_KINDS = ("gp_practice", "gp_federation", "company")


def document_set(p: PartnershipFile) -> set[str]:
    """The documents the partnership asks for: those it names, else its main document and one for each
    section it fills in (as the build does)."""
    if p.documents:
        return set(p.documents)
    return {main_document(p.partnership.care_model, None, p.partnership.organisational_form)} | {
        t.id for t in DOCUMENT_TYPES if t.section is not None and getattr(p, t.section) is not None}


def check_care_model(p: PartnershipFile, f) -> None:
    """Which fields each care model needs: an integration level and a board for an MCP or PACS; for a
    care model without levels (a GP network, say) no level, its own section, and forms that fit it."""
    info = p.partnership
    model = CARE_MODELS[info.care_model]
    if not model.leveled:
        if info.integration_level is not None:
            f.error(("partnership", "integration_level"), f"expected no integration_level for a {model.id}, got "
                    f"{info.integration_level}: it has no single contract to integrate GP services into, so remove "
                    "the key")
        if info.organisational_form not in model.forms:
            f.error(("partnership", "organisational_form"), f"expected one of {', '.join(model.forms)} for a "
                    f"{model.id}, got {info.organisational_form}")
        if model.section and getattr(p, model.section) is None:
            f.error(("partnership", "care_model"), f"expected a {model.section} section for a {model.id}, got none: "
                    f"{BY_ID[main_document(model.id, None, info.organisational_form if info.organisational_form in model.forms else None)].name} is drafted from it")
        return
    if info.integration_level is None:
        f.error(("partnership",), f"expected an integration_level (virtual, partial or full) for a "
                f"{info.care_model}, got none: add integration_level")
    if info.organisational_form not in model.forms:
        owner = next((m.id for m in CARE_MODELS.values() if info.organisational_form in m.forms), None)
        f.error(("partnership", "organisational_form"), f"expected an organisational form for an MCP or PACS, got "
                f"{info.organisational_form}, which is a form of {owner}: use care_model {owner}")
    if p.governance is None:
        f.error(("partnership",), f"expected a governance section for a {info.care_model}, got none: "
                "add governance with the partnership board")


def check_network(p: PartnershipFile, f) -> None:
    """Add the findings for the network and the service schedules to `f` (a rules._Findings)."""
    parties = {x.id: x for x in p.parties}

    def party(path: tuple, value: str | None) -> bool:
        if value is not None and value not in parties:
            f.error(path, f"expected the id of a party, got '{value}'{_suggest(value, set(parties))}")
            return False
        return True

    if p.network:
        _network(p, f, parties, party)
    for section in ("extended_access", "social_prescribing"):
        schedule = getattr(p, section)
        if schedule is not None:
            _schedule(p, f, section, schedule, parties, party)
    if p.extended_access:
        _hours(p, f)


def _network(p: PartnershipFile, f, parties: dict, party) -> None:
    n = p.network
    members = Counter(m.party for m in n.members)
    for i, m in enumerate(n.members):
        here = ("network", "members", i, "party")
        if party(here, m.party):
            if parties[m.party].kind != "gp_practice":
                f.error(here, f"expected a GP practice as a member, got '{m.party}' ({parties[m.party].kind})")
            if members[m.party] > 1:
                f.error(here, f"expected each practice once, got '{m.party}' again")
    if party(("network", "clinical_lead", "party"), n.clinical_lead.party) and n.clinical_lead.party not in members:
        f.error(("network", "clinical_lead", "party"), f"expected a member practice, got '{n.clinical_lead.party}'")
    if n.board.decision_rule == "unanimous" and p.legal.new_members == "majority":
        f.error(("legal", "new_members"), "expected 'unanimous' where the network board decides unanimously, got "
                "'majority': admitting a practice is a decision like any other")
    if n.board.quorum > len(n.members):
        f.error(("network", "board", "quorum"), f"expected at most the {len(n.members)} member practices, "
                f"got {n.board.quorum}")
    money = n.money
    if party(("network", "money", "held_by"), money.held_by):
        holder = parties[money.held_by]
        if holder.kind not in MONEY_HOLDER_KINDS or (holder.kind == "gp_practice" and holder.id not in members):
            f.error(("network", "money", "held_by"), f"expected a member practice or the federation company "
                    f"(kind gp_federation or company), got '{holder.id}' ({holder.kind})")
    seen: set[str] = set()
    for i, s in enumerate(money.shares):
        here = ("network", "money", "shares", i, "party")
        if party(here, s.party):
            if s.party in seen:
                f.error(here, f"expected each party once, got '{s.party}' again")
            elif s.party not in members and parties[s.party].kind not in ("gp_federation", "company"):
                f.error(here, f"expected a member practice or the federation company, got '{s.party}'")
        seen.add(s.party)
    _sources(p, f, parties, party)
    _unlisted(p, f)
    total = sum((s.share for s in money.shares), Decimal(0))
    if total != 100:
        f.error(("network", "money", "shares"), f"expected shares that sum to 100, got {total.normalize():f}: "
                "every pound the network holds must have somewhere to go")
    for i, s in enumerate(n.shared_staff):
        party(("network", "shared_staff", i, "employer"), s.employer)
        for j, x in enumerate(s.practices):
            if x not in members:
                f.error(("network", "shared_staff", i, "practices", j), f"expected a member practice, got '{x}'")


SCHEDULES = {"extended_access_schedule": "extended_access", "social_prescribing_schedule": "social_prescribing"}


def _sources(p: PartnershipFile, f, parties: dict, party) -> None:
    """A network money source given as data: a commissioner pays it, and the schedule it names is one of the
    set whose payer and annual value are the source's (the network agreement and the schedule state both)."""
    from .rules import pounds

    wanted = document_set(p)
    named: dict[str, int] = {}
    for i, src in enumerate(p.network.money.sources):
        if isinstance(src, str):
            continue
        here = ("network", "money", "sources", i)
        if party(here + ("payer",), src.payer) and not parties[src.payer].commissions:
            f.error(here + ("payer",), f"expected a party whose role is commissioner, got '{src.payer}' "
                    f"({parties[src.payer].role}): network money is paid to the network by a commissioner")
        if src.paid_under is None:
            continue
        if src.paid_under not in SCHEDULES:
            f.error(here + ("paid_under",), f"expected a service schedule ({', '.join(SCHEDULES)}), got "
                    f"{src.paid_under}: name the schedule whose service the money pays for, or leave paid_under out")
            continue
        section = SCHEDULES[src.paid_under]
        schedule = getattr(p, section)
        if src.paid_under not in wanted or schedule is None:
            f.error(here + ("paid_under",), f"expected a schedule this partnership has "
                    f"({', '.join(sorted(wanted & set(SCHEDULES))) or 'none'}), got {src.paid_under}: add the "
                    f"{section} section, or leave paid_under out")
            continue
        if src.paid_under in named:
            f.error(here + ("paid_under",), f"expected each schedule to be paid for by one source, got "
                    f"{src.paid_under} again (also sources[{named[src.paid_under]}]): a service paid twice")
        named.setdefault(src.paid_under, i)
        if schedule.annual_value is not None and schedule.annual_value != src.annual_amount:
            line = f.positions.of_value((section, "annual_value")).line
            f.error(here + ("annual_amount",), f"expected {pounds(schedule.annual_value)}, the annual_value of "
                    f"{section} (line {line}), got {pounds(src.annual_amount)}: the network agreement and the "
                    "schedule must state the same sum; correct one of them")
        if schedule.commissioner is not None and schedule.commissioner != src.payer:
            line = f.positions.of_value((section, "commissioner")).line
            f.error(here + ("payer",), f"expected '{schedule.commissioner}', the commissioner of {section} "
                    f"(line {line}), got '{src.payer}': the network agreement and the schedule must name the "
                    "same payer")


def _unlisted(p: PartnershipFile, f) -> None:
    """Where the network gives its money as data, a schedule of the network paid for by a commissioner is one
    of its sources: else the schedule calls the money network money that the agreement's list leaves out."""
    sources = [s for s in p.network.money.sources if not isinstance(s, str)] if p.network else []
    if not sources:
        return  # a file that gives its sources as text: nothing to compare
    named = {s.paid_under for s in sources}
    for doc_id, section in SCHEDULES.items():
        s = getattr(p, section)
        if s is not None and s.attaches_to == "network_agreement" and s.commissioner is not None \
                and s.annual_value is not None and doc_id not in named:
            f.warn((section, "annual_value"), f"expected a network money source with paid_under: {doc_id}, got "
                   "none: the schedule's payment is money paid to the network, so list it in network.money.sources",
                   "network-money-unlisted")


def _schedule(p: PartnershipFile, f, section: str, s: ServiceScheduleBase, parties: dict, party) -> None:
    party((section, "provider"), s.provider)
    if party((section, "commissioner"), s.commissioner) and s.commissioner is not None:
        if not parties[s.commissioner].commissions:
            f.error((section, "commissioner"), f"expected a party whose role is commissioner, got '{s.commissioner}'")
    if s.attaches_to == "sub_contract":
        if s.sub_contract is None:
            f.error((section, "attaches_to"), "expected a sub_contract naming the provider and the sub-contractor "
                    "for a schedule that attaches to a sub-contract, got none")
        else:
            party((section, "sub_contract", "provider"), s.sub_contract.provider)
            if party((section, "sub_contract", "sub_contractor"), s.sub_contract.sub_contractor):
                if not parties[s.sub_contract.sub_contractor].has_role("sub_contractor"):
                    f.error((section, "sub_contract", "sub_contractor"), f"expected a party whose role is "
                            f"sub_contractor, got '{s.sub_contract.sub_contractor}'")
    else:
        if s.sub_contract is not None:
            f.error((section, "sub_contract"), f"expected no sub_contract for a schedule attached to "
                    f"{s.attaches_to}, got one")
        wanted = document_set(p)
        if s.attaches_to not in wanted:
            f.error((section, "attaches_to"), f"expected a contract this partnership has "
                    f"({', '.join(sorted(wanted & {'network_agreement', 'mcp_contract', 'pacs_agreement'})) or 'none'}"
                    f", or sub_contract), got {s.attaches_to}: a schedule must form part of a contract the parties sign")
    signers = _parent_parties(p, s)
    if s.provider in parties and signers is not None and s.provider not in signers:
        f.error((section, "provider"), f"expected a party to the contract the schedule forms part of "
                f"({s.attaches_to}), got '{s.provider}': the provider must be bound by the schedule it delivers")
    for i, line in enumerate(s.staffing):
        party((section, "staffing", i, "employer"), line.employer)
        if (line.sessions_per_week is None) == (line.wte is None):
            f.error((section, "staffing", i), "expected exactly one of sessions_per_week or wte, got "
                    + ("both" if line.wte is not None else "neither"))
    for i, w in enumerate(getattr(s, "link_workers", [])):
        party((section, "link_workers", i, "employer"), w.employer)
    for i, c in enumerate(getattr(s, "partners", [])):
        party((section, "partners", i, "party"), c.party)


def _parent_parties(p: PartnershipFile, s: ServiceScheduleBase) -> set[str] | None:
    """The ids of the parties to the contract a schedule forms part of (as contractgen.context's
    document_parties names them), or None where that contract is not one the partnership has."""
    if s.attaches_to == "sub_contract":
        return {s.sub_contract.provider, s.sub_contract.sub_contractor} if s.sub_contract else None
    if s.attaches_to == "network_agreement":
        if p.network is None:
            return None
        n = p.network
        return {m.party for m in n.members} | {n.money.held_by} | {x.party for x in n.money.shares} | {
            x.employer for x in n.shared_staff}
    # an MCP contract or PACS agreement: every party but the practices, which keep their own contracts
    return {x.id for x in p.parties if x.kind != "gp_practice"}


def _hours(p: PartnershipFile, f) -> None:
    ea = p.extended_access
    days = Counter(h.day for h in ea.hours)
    for i, h in enumerate(ea.hours):
        if days[h.day] > 1:
            f.error(("extended_access", "hours", i, "day"), f"expected each day once, got {h.day} again")
        if h.opens >= h.closes:
            f.error(("extended_access", "hours", i, "closes"), f"expected a closing time after {h.opens}, got {h.closes}")
        elif h.opens > EXTENDED_OPEN or h.closes < EXTENDED_CLOSE:
            f.warn(("extended_access", "hours", i), f"expected 8am to 8pm on {h.day.capitalize()}, got {h.opens} to "
                   f"{h.closes}", "extended-access-hours")
    for i, site in enumerate(ea.sites):
        for j, day in enumerate(site.days):
            if day not in days:
                f.error(("extended_access", "sites", i, "days", j), f"expected a day the service runs (one in hours), "
                        f"got {day}")
    missing = [d.capitalize() for d in WEEK if d not in days]
    if missing:
        f.warn(("extended_access", "hours"), f"expected hours on every day of the week, got none for "
               f"{', '.join(missing)}", "extended-access-hours")


def _suggest(value: str, names: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(names), n=1, cutoff=0.6)
    return f": did you mean '{close[0]}'?" if close else ""
