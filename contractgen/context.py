"""The variables a clause sees: the partnership file as read, plus figures derived from it.

Derived figures (totals, end date, party groups) are computed here once, exactly, so
clauses never do arithmetic of their own.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from .deal import HEALTH_SERVICE_BODY_KINDS, build_deal, document_parties
from .care_models import CARE_MODELS
from .partnership.rules import FORM_OPEN_KINDS, budget_total, limit_amount
from .partnership.rules_documents import GDPR_DATE, contract_family, data_protection_law
from .partnership.rules_legal import liability_cap
from .partnership.rules_staff import end_date
from .riskshare import Sharer, worked_examples
from .partnership.schema import PartnershipFile, Party, value_fields
from . import markup
from .templating import Raw, derived_from, illustrative, percent as percent_text, placeholder, to_data

CARE_MODEL_NAMES = {m.id: m.name for m in CARE_MODELS}
LEVEL_NAMES = {"virtual": "virtually integrated", "partial": "partially integrated", "full": "fully integrated"}
KIND_NAMES = {
    "ccg": "clinical commissioning group",
    "nhs_england": "NHS England",
    "local_authority": "local authority",
    "nhs_trust": "NHS trust",
    "foundation_trust": "NHS foundation trust",
    "gp_practice": "GP practice",
    "gp_federation": "GP federation",
    "voluntary_sector": "voluntary sector organisation",
    "social_enterprise": "social enterprise",
    "company": "company",
}
FORM_NAMES = {
    "alliance": "an alliance",
    "prime_provider": "a prime provider",
    "lead_provider": "a lead provider",
    "host_trust": "a host trust",
    "sub_contracting": "sub-contracting",
    "joint_venture": "a corporate joint venture",
    "new_organisation": "a new organisation",
    "merger": "a merger",
    "federation": "a federation",
    "network": "a network",
    "collaboration": "a collaboration",
    "memorandum": "a partnership under a memorandum of understanding",
}
DAY_NAMES = {d: d.capitalize() for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}
# how a service schedule names the contract it forms part of
PARENT_TITLES = {
    "network_agreement": "Network Agreement",
    "mcp_contract": "Multispecialty Community Provider Contract",
    "pacs_agreement": "Integrated Care Agreement",
}
DECISION_RULE_TEXT = {
    "unanimous": "the votes of every Member Practice",
    "majority": "more than half of the votes cast",
    "two_thirds": "at least two-thirds of the votes cast",
}


NEW_CARE_MODEL_NAMES = {
    "enhanced_health_in_care_homes": "enhanced health in care homes",
    "urgent_and_emergency_care": "urgent and emergency care network",
    "acute_care_collaboration": "acute care collaboration",
}


def sharers(p: PartnershipFile, scheme=None) -> list[Sharer]:
    """The sharing parties of the one scheme, or of `scheme`, one of several."""
    scheme = scheme or p.risk_share
    return [Sharer(x.party, x.gain_share, x.loss_share) for x in scheme.parties] if scheme else []


def mark_illustrative(model: BaseModel, raw: dict[str, Any]) -> None:
    """Mark, in `raw` (the model dumped), every value its `illustrative` keys name, at every depth."""
    marked = model.illustrative
    names = value_fields(type(model)) if marked is True else (marked or ())
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in names and raw.get(name) is not None:
            raw[name] = illustrative(raw[name])  # lines of text in a list; an entry in it marks itself
        if isinstance(value, BaseModel) and name not in names:
            mark_illustrative(value, raw[name])
        elif isinstance(value, list):
            for item, dumped in zip(value, raw[name]):
                if isinstance(item, BaseModel):
                    mark_illustrative(item, dumped)


def data_protection_dates() -> dict[str, Any]:
    """The one data protection cut-over every clause states: the Data Protection Act 1998 applies until
    the day before the GDPR (and later the Data Protection Act 2018) applies."""
    from .seams import DPA_1998_UNTIL

    return {"gdpr_from": GDPR_DATE, "dpa1998_until": DPA_1998_UNTIL}


# How each document refers to itself in its clauses ("this Contract", "this Agreement").
DOCUMENT_NOUNS = {
    "mcp_contract": "Contract",
    "memorandum_of_understanding": "Memorandum",
    "place_memorandum": "Memorandum",
    "board_terms_of_reference": "terms of reference",
    "extended_access_schedule": "Schedule",
    "social_prescribing_schedule": "Schedule",
    "care_network_memorandum": "Memorandum",
}
SCHEDULE_TITLES = {"extended_access": "the service schedule for extended access",
                   "social_prescribing": "the service schedule for social prescribing"}
SCHEDULE_SECTIONS = {"extended_access_schedule": "extended_access", "social_prescribing_schedule": "social_prescribing"}
COMMISSIONER_ROLES = ("commissioner", "co_ordinating_commissioner")
PROVIDER_ROLES = ("provider", "prime_provider", "lead_provider", "sub_contractor")


def _clock(value: str) -> str:
    """08:00 as 8am, 18:30 as 6.30pm: how an English contract writes a time of day."""
    hours, minutes = int(value[:2]), int(value[3:])
    suffix = "am" if hours < 12 else "pm"
    shown = hours % 12 or 12
    if hours == 12 and minutes == 0:
        return "noon"
    if hours == 0 and minutes == 0:
        return "midnight"
    return f"{shown}{suffix}" if minutes == 0 else f"{shown}.{minutes:02d}{suffix}"


def _network(raw: dict, p: PartnershipFile, parties_by_id: dict, deal) -> None:
    n = raw["network"]
    for m in n["members"]:
        m["party_record"] = parties_by_id[m["party"]]
    votes = [m["votes"] for m in n["members"]]
    sizes = [parties_by_id[m.party].get("list_size") or 0 for m in p.network.members]
    # a total worked out from illustrative figures is illustrative too
    n["total_votes"] = derived_from(sum(votes), *votes)
    n["registered"] = derived_from(sum(sizes), *sizes)
    n["clinical_lead"]["party_record"] = parties_by_id[n["clinical_lead"]["party"]]
    n["board"]["rule_text"] = DECISION_RULE_TEXT[p.network.board.decision_rule]
    # the service schedules that form part of the network agreement, so that it names each one
    n["schedules"] = [title for section, title in SCHEDULE_TITLES.items()
                      if getattr(p, section) is not None and getattr(p, section).attaches_to == "network_agreement"]
    money = n["money"]
    money["holder"] = parties_by_id[money["held_by"]]
    money["holder_is_member"] = money["held_by"] in {m.party for m in p.network.members}
    for s_ in money["shares"]:
        s_["party_record"] = parties_by_id[s_["party"]]
    # a source given as data is stated from the model of the deal: its payer, its start and the schedule
    # for whose service it pays (the schedule states the same flow: see _schedule)
    flows = {f.source: f for f in deal.flows if f.source is not None}
    for i, src in enumerate(money["sources"]):
        if isinstance(src, dict):
            flow = flows[i]
            src["payer_party"] = parties_by_id[flow.payer]
            src["start"] = src.get("start_date") or _schedule_start(raw, src.get("paid_under")) or flow.start
            if src.get("paid_under") and deal.has(src["paid_under"]):
                src["schedule_name"] = deal.document(src["paid_under"]).name
    money["structured"] = any(isinstance(src, dict) for src in money["sources"])
    money["schedules_paid"] = [src["schedule_name"] for src in money["sources"]
                               if isinstance(src, dict) and src.get("schedule_name")]
    for staff in n["shared_staff"]:
        staff["employer_record"] = parties_by_id[staff["employer"]]
        staff["practice_records"] = [parties_by_id[x] for x in staff["practices"]]


# what each kind of partner stays accountable for, and to whom, under a place-based memorandum; the oversight
# bodies of NHS trusts and foundation trusts depend on the draft date (see _oversight)
ACCOUNTABILITY = {
    "ccg": "its statutory functions as a clinical commissioning group under the National Health Service Act 2006, "
           "through its governing body, and to NHS England",
    "nhs_england": "its own statutory functions under the National Health Service Act 2006, through its board",
    "nhs_trust": "the services it provides and the duties of an NHS trust, through its trust board, and to {trusts}",
    "foundation_trust": "the services it provides, through its board of directors, to its council of governors "
                        "and to {licence}",
    "local_authority": "its functions as a local authority, through its full council, its executive, its committees "
                       "or its officers as its constitution provides, and to the people who elect it",
    "gp_practice": "its own GMS, PMS or APMS contract, to the commissioner that holds it",
    "gp_federation": "the services it provides under its own contracts, through {board}",
    "voluntary_sector": "its own activities, through {board}, under its governing document",
    "social_enterprise": "the services it provides under its own contracts, through its board",
    "company": "the services it provides under its own contracts, through its board of directors",
}
# kinds whose name says nothing of their legal form
FORMLESS_KINDS = ("gp_federation", "voluntary_sector")
NHS_IMPROVEMENT_FROM = date(2016, 4, 1)
NHS_ENGLAND_MERGER = date(2022, 7, 1)  # the Health and Care Act 2022 abolished Monitor and the TDA


def _oversight(when: date) -> dict[str, str]:
    """Who oversees NHS trusts and licenses foundation trusts at the draft date."""
    if when < NHS_IMPROVEMENT_FROM:
        return {"trusts": "the NHS Trust Development Authority, which oversees NHS trusts for the Secretary of State",
                "licence": "Monitor as the holder of its licence"}
    if when < NHS_ENGLAND_MERGER:
        return {"trusts": "NHS Improvement (the NHS Trust Development Authority), which oversees NHS trusts for the "
                          "Secretary of State",
                "licence": "NHS Improvement (Monitor) as the holder of its licence"}
    return {"trusts": "NHS England, which oversees NHS trusts", "licence": "NHS England as the holder of its licence"}


def _place(raw: dict, p: PartnershipFile, parties_by_id: dict, deal) -> None:
    from .partnership.rules_place import term_years, unfunded_years

    place = raw["place"]
    for area in place["areas"]:
        if area.get("council"):
            area["council_party"] = parties_by_id[area["council"]]
    board = place["board"]
    for m in board["members"]:
        m["party_record"] = parties_by_id[m["party"]]
    board["chair_member"] = board["members"][p.place.board.chair - 1]
    board["frequency_words"] = {"monthly": "every month", "bi-monthly": "every two months",
                                "quarterly": "every three months"}[p.place.board.meeting_frequency]
    # a quorum that needs each kind of partner the board has: a commissioner, a council, an NHS provider
    kinds = {parties_by_id[m.party]["kind"] for m in p.place.board.members}
    board["quorum_kinds"] = [words for words, group in (
        ("an NHS commissioner", {"ccg", "nhs_england"}), ("a council", {"local_authority"}),
        ("an NHS provider", {"nhs_trust", "foundation_trust"})) if kinds & group]
    for w in place["workstreams"]:
        w["lead_party"] = parties_by_id[w["lead"]]
    oversight = _oversight(p.partnership.draft.date)
    for party in raw["parties"]:
        kind = party["kind"]
        # the form the file gives (else the kind with a visible placeholder, as in every document: see legal_form);
        # until a voluntary organisation's form is known, so is the body that governs it
        board_words = "its trustees or board" if kind == "voluntary_sector" else "its board of directors"
        if kind in FORMLESS_KINDS and party.get("legal_form") is None and not party.get("company_number"):
            board_words = placeholder("its trustees or board, when its legal form is confirmed")
        fills = {"board": board_words, **oversight}
        # the fixed words are escaped as text; a fill that is already markup (a placeholder) is kept as it is
        party["accountability"] = Raw("".join(
            (fills[piece] if isinstance(fills[piece], Raw) else markup.escape(fills[piece])) if i % 2 else
            markup.escape(piece) for i, piece in enumerate(re.split(r"\{(\w+)\}", ACCOUNTABILITY[kind]))))
    # the end of the term is worked out from the start and the number of years: illustrative if either is
    place["end_date"] = derived_from(raw["partnership"]["end_date"], raw["partnership"]["start_date"],
                                     raw["partnership"]["term_years"])
    place["councils"] = [x for x in raw["parties"] if x["kind"] == "local_authority"]
    sc = place.get("shared_costs")
    if sc:
        sc["holder"] = parties_by_id[sc["held_by"]]
        for c in sc["contributions"]:
            c["party_record"] = parties_by_id[c["party"]]
        years = sorted({c.financial_year for c in p.place.shared_costs.contributions})
        # a year's total worked out from illustrative amounts is illustrative too
        sc["years"] = [{"financial_year": y, "total": derived_from(
            sum((c.amount for c in p.place.shared_costs.contributions if c.financial_year == y), Decimal(0)),
            *(c["amount"] for c in sc["contributions"] if c["financial_year"] == y))} for y in years]
        sc["payers"] = [parties_by_id[i] for i in dict.fromkeys(c.party for c in p.place.shared_costs.contributions)]
        # the status of the clause, relationship by relationship, from the model of the deal: between the Holding
        # Partner and a payer that are both health service bodies an NHS contract (section 9), otherwise a contract
        status = deal.shared_costs
        holder_nhs = status is not None and status.parties[0].health_service_body
        others = [x for x in status.parties[1:]] if status is not None else []
        sc["nhs_payers"] = [parties_by_id[x.party] for x in others if holder_nhs and x.health_service_body]
        sc["contract_payers"] = [parties_by_id[x.party] for x in others if not (holder_nhs and x.health_service_body)]
        sc["holder_nhs"] = holder_nhs
        sc["nhs_bodies_share"] = bool(sc["nhs_payers"])
        sc["council_payers"] = [x for x in sc["payers"] if x["kind"] == "local_authority"]
        sc["term_years"] = term_years(p)
        sc["unfunded_years"] = unfunded_years(p)


def _underlying(party: dict, p: PartnershipFile) -> Any:
    """The contract or function under which a care network member brings its part, from what the file gives
    (as a table cell, so starting with a capital): the text an alliance agreement lists among the contracts it sits over (bracketed where the file is silent)."""
    services = [s.name[:1].lower() + s.name[1:] for s in p.services if s.provider == party["id"]]
    what = f" for {', '.join(services[:-1]) + ' and ' + services[-1] if len(services) > 1 else services[0]}" \
        if services else ""
    kind = party["kind"]
    if kind == "gp_practice":
        contract = party.get("gp_contract")
        if contract:
            return f"Its {contract['type'].upper()} contract for primary medical services"
        return Raw(f"Its contract for primary medical services ({placeholder('GMS, PMS or APMS: to be confirmed')})")
    if kind in ("nhs_trust", "foundation_trust"):
        return Raw(markup.escape(f"Its NHS Standard Contract{what}, with ") + placeholder("its commissioners: to be confirmed"))
    if kind == "local_authority":
        return f"Its own statutory functions{what}"
    if kind in ("ccg", "nhs_england"):
        return "Its statutory commissioning functions and the contracts it holds as a commissioner"
    return Raw(markup.escape(f"Its own funding and any contracts or grants{what}, from ")
               + placeholder("its funders: to be confirmed"))


def _care_network(raw: dict, p: PartnershipFile, parties_by_id: dict) -> None:
    n = raw["care_network"]
    for m in n["members"]:
        m["party_record"] = parties_by_id[m["party"]]
    practices = [m["party_record"] for m in n["members"] if m["party_record"]["kind"] == "gp_practice"]
    n["practices"] = practices
    sizes = [x.get("list_size") or 0 for x in practices]
    # a total worked out from illustrative list sizes is illustrative too
    n["registered"] = derived_from(sum(sizes), *sizes)
    wtes = [line["wte"] for line in n["team"]]
    n["team_wte"] = derived_from(sum((line.wte for line in p.care_network.team), Decimal(0)), *wtes)
    for line in n["team"]:
        line["employer_record"] = parties_by_id[line["employer"]]
        line["practice_records"] = [parties_by_id[x] for x in line["practices"]]
    n["lead"]["party_record"] = parties_by_id[n["lead"]["party"]]
    # recital (B) names the organisations that employ staff in the Team, not every member
    n["employers"] = [parties_by_id[i] for i in dict.fromkeys(line.employer for line in p.care_network.team)]
    members = [parties_by_id[m.party] for m in p.care_network.members]
    n["commissioner_members"] = [x for x in members if x["is_commissioner"] and not x["is_provider"]]
    # a commissioner that employs no one in the Team and provides no care needs no identifiable data
    employers = {line.employer for line in p.care_network.team}
    n["non_care_parties"] = [x for x in n["commissioner_members"] if x["id"] not in employers]
    for m, record in zip(n["members"], p.care_network.members):
        m["under_text"] = _underlying(parties_by_id[record.party], p)  # used where `under` is not given
    n["forum"]["rule_text"] = {"consensus": "by consensus, which means that no representative present objects",
                               "unanimous": "unanimously, which means with the agreement of a representative of "
                                            "every organisation that signs it"}[
        p.care_network.forum.decision_rule]
    n["model_name"] = CARE_MODEL_NAMES[p.partnership.care_model]


def _schedule_start(raw: dict, doc_id: str | None):
    """The start date of the schedule `doc_id` as the file gives it (marked where illustrative), or None."""
    section = SCHEDULE_SECTIONS.get(doc_id or "")
    return raw[section]["start_date"] if section and raw.get(section) else None


def _payment(raw: dict, section: str, parties_by_id: dict, facts) -> dict | None:
    """How a schedule is paid for, from the model of the deal: who pays whom, how much a year and from when;
    for network money, the amount as the network money source gives it (so its illustrative mark shows)."""
    if facts is None or facts.payer is None:
        return None
    s_ = raw[section]
    if facts.source is not None:
        src = raw["network"]["money"]["sources"][facts.source]
        amount = src["annual_amount"]
        start = src.get("start_date") or s_["start_date"]
    else:
        amount = s_.get("annual_value")
        start = s_["start_date"]
    return {"payer": parties_by_id[facts.payer], "payee": parties_by_id[facts.payee], "amount": amount,
            "financial_year": facts.financial_year, "start": start, "network_money": facts.source is not None,
            "payee_is_provider": facts.payee == facts.provider}


def _schedule(raw: dict, section: str, parties_by_id: dict, deal=None) -> None:
    s_ = raw[section]
    doc_id = next(d for d, sec in SCHEDULE_SECTIONS.items() if sec == section)
    facts = deal.schedule(doc_id) if deal is not None else None
    s_["payment"] = _payment(raw, section, parties_by_id, facts)
    # the practices whose registered patients the service is for, named in the schedule as in the network agreement
    s_["practices"] = [parties_by_id[x] for x in facts.practices] if facts else []
    s_["provider_party"] = parties_by_id[s_["provider"]]
    if s_.get("commissioner"):
        s_["commissioner_party"] = parties_by_id[s_["commissioner"]]
    if s_["attaches_to"] == "sub_contract":
        sub = s_["sub_contract"]
        sub["provider_party"] = parties_by_id[sub["provider"]]
        sub["sub_contractor_party"] = parties_by_id[sub["sub_contractor"]]
        s_["parent_title"] = sub["name"]
    else:
        s_["parent_title"] = PARENT_TITLES[s_["attaches_to"]]
    for line in s_["staffing"]:
        line["employer_record"] = parties_by_id[line["employer"]]
    for site in s_["sites"]:
        site["day_names"] = [DAY_NAMES[d] for d in site["days"]]
    for h in s_.get("hours", []):
        h["day_name"] = DAY_NAMES[h["day"]]
        h["opens_text"] = derived_from(_clock(h["opens"]), h["opens"])
        h["closes_text"] = derived_from(_clock(h["closes"]), h["closes"])
    for w in s_.get("link_workers", []):
        w["employer_record"] = parties_by_id[w["employer"]]


def _scheme_figures(rs: dict, share, p: PartnershipFile, parties_by_id: dict, total: Decimal,
                   marked: bool = False) -> None:
    """One scheme's limits in pounds, its sharing parties' records and its worked examples, into `rs`.
    `marked`: a limit worked out from an illustrative amount or percentage is shown as illustrative
    (one scheme written without `schemes` keeps the form its documents have always had)."""
    for name in ("threshold", "gain_cap", "loss_collar"):
        amount = limit_amount(getattr(share, name), total)
        if marked and amount is not None and rs.get(name):
            amount = derived_from(amount, rs[name].get("amount"), rs[name].get("percent_of_budget"))
        rs[f"{name}_amount"] = amount
    for entry in rs["parties"]:
        entry["party_record"] = parties_by_id[entry["party"]]
    rows = worked_examples(share.baseline, rs["threshold_amount"], sharers(p, share), rs["gain_cap_amount"],
                           rs["loss_collar_amount"])
    rs["worked_examples"] = [
        {
            "change_percent": row.change_percent,
            "outturn": row.outturn,
            "variation": row.variation,
            "shares": [row.shares[x.party] for x in share.parties],
            "retained": row.retained,
        }
        for row in rows
    ]


def _schemes(rs: dict, p: PartnershipFile, the_deal, parties_by_id: dict, total: Decimal) -> None:
    """Several schemes: each one's figures, and its commissioners, payer and parties as the deal settles
    them; `rs.schemes[i].number` is its place in the agreement, and `rs.sharers` every party that shares
    in any scheme."""
    for number, (raw_scheme, (_, scheme), terms) in enumerate(
            zip(rs["schemes"], p.risk_share_schemes(), the_deal.risk_share.schemes), start=1):
        _scheme_figures(raw_scheme, scheme, p, parties_by_id, total, marked=True)
        raw_scheme["number"] = number
        raw_scheme["commissioner_records"] = [parties_by_id[c] for c in terms.commissioners]
        raw_scheme["payer_record"] = parties_by_id[terms.payer] if terms.payer else None
        raw_scheme["party_ids"] = list(terms.parties)
        raw_scheme["sharer_ids"] = list(terms.sharers)
    schemes = the_deal.risk_share.schemes
    rs["metric"] = the_deal.risk_share.metric  # every scheme's measure, in words, for a clause that names them all
    rs["sharer_ids"] = list(dict.fromkeys(i for t in schemes for i in t.sharers))
    rs["commissioner_records"] = [parties_by_id[i] for i in dict.fromkeys(i for t in schemes for i in t.commissioners)]
    # what each party is in each scheme it takes part in, in words, for the parties clause
    rs["roles"] = {}
    for pid in dict.fromkeys(i for t in schemes for i in t.parties):
        mine = [t for t in schemes if pid in t.parties]
        by_role: dict[str, list[str]] = {}  # the schemes it takes part in the same way, together
        for t in mine:
            role = ("a Scheme Commissioner and a Sharing Party" if pid in t.commissioners and pid in t.sharers
                    else "a Scheme Commissioner" if pid in t.commissioners else "a Sharing Party")
            by_role.setdefault(role, []).append(f"the {t.name}")
        words = [f"{role} in {_and(names)}" for role, names in by_role.items()]
        rs["roles"][pid] = "; ".join(words) + (" only" if len(mine) < len(schemes) else "")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _lead_provider(p: PartnershipFile) -> Party | None:
    lead = next((x for x in p.parties if x.has_role("prime_provider", "lead_provider")), None)
    return lead or next((x for x in p.parties if x.provides), None)


def document_context(context: dict[str, Any], p: PartnershipFile, doc_id: str) -> dict[str, Any]:
    """The variables for one document: the partnership's, plus `document` (its id, the noun its
    clauses use for it, its parties, and each party's liability cap)."""
    total = budget_total(p)
    parties = document_parties(p, doc_id)
    info = {
        "id": doc_id,
        "noun": DOCUMENT_NOUNS.get(doc_id, "Agreement"),
        "parties": [context["party"][x.id] for x in parties],
        "liability_caps": [
            {"party": context["party"][x.id], "amount": cap.amount, "basis": cap.basis, "default": cap.default}
            for x in parties for cap in [liability_cap(p, x, total)]
        ],
    }
    return {**context, "document": to_data(info, "document")}


def legal_form(kind: str, given: Any, a_kind_name: str) -> Any:
    """How a party's legal form reads after its name: its kind where the kind settles it ("an NHS
    foundation trust"), the form the file gives (kept as given, illustrative or not), or the kind
    with a visible placeholder."""
    if kind not in FORM_OPEN_KINDS:
        return a_kind_name
    if given is not None:
        return given
    return Raw(f"{markup.escape(a_kind_name)} ({placeholder('legal form to be confirmed')})")


def build_context(p: PartnershipFile) -> dict[str, Any]:
    raw = p.model_dump(mode="python")
    mark_illustrative(p, raw)
    info = raw["partnership"]
    info["display_name"] = info.get("short_name") or info["name"]
    info["end_date"] = end_date(p.partnership.start_date, p.partnership.term_years)
    info["care_model_name"] = CARE_MODEL_NAMES[p.partnership.care_model]
    if p.partnership.integration_level is not None:  # a GP network has none
        info["level_name"] = LEVEL_NAMES[p.partnership.integration_level]
    info["form_name"] = FORM_NAMES[p.partnership.organisational_form]
    the_deal = build_deal(p)
    # the registered figure is the sum of the practices' lists where they give them (see deal.py)
    if the_deal.population.registered_from_lists or info["population"].get("registered") is None:
        info["population"]["registered"] = the_deal.population.registered  # else keep it, marked as given
    info["population"]["total"] = the_deal.population.served

    parties_by_id = {}
    for party, record in zip(raw["parties"], p.parties):
        party["kind_name"] = KIND_NAMES[party["kind"]]
        party["a_kind_name"] = ("an " if KIND_NAMES[party["kind"]][0] in "aeioN" else "a ") + KIND_NAMES[party["kind"]]
        party["a_legal_form"] = legal_form(party["kind"], party.get("legal_form"), party["a_kind_name"])
        # a party that both commissions and provides (also_roles) is both
        party["is_commissioner"] = record.commissions
        party["is_provider"] = record.provides
        party["is_dual"] = record.dual
        party["retained"] = the_deal.retained_by(record.id)
        parties_by_id[party["id"]] = party
    services_by_id = {s["id"]: s for s in raw["services"]}
    for service in raw["services"]:
        if service.get("provider"):
            service["provider_party"] = parties_by_id[service["provider"]]

    total = budget_total(p)
    if raw.get("budget"):
        budget = raw["budget"]
        # a total the lines add up to is as illustrative as the lines it is worked out from
        budget["total"] = derived_from(total, *(line["amount"] for line in budget["lines"]))
        for line in budget["lines"]:
            line["service_name"] = services_by_id[line["service"]]["name"]
            line["commissioner_party"] = parties_by_id[line["commissioner"]]
        kept = {(r.party, r.purpose) for r in the_deal.retained}
        budget["by_commissioner"] = [
            # a contribution worked out from an illustrative line is itself illustrative
            {"party": parties_by_id[cid], "amount": derived_from(
                sum((l.amount for l in p.budget.lines if l.commissioner == cid), Decimal(0)),
                *(line["amount"] for line in budget["lines"] if line["commissioner"] == cid)),
             # what it keeps for services it provides itself, and what it pays across (see deal.retained)
             "retained": derived_from(the_deal.retained_by(cid), *(
                 line["amount"] for line in budget["lines"]
                 if line["commissioner"] == cid and (cid, line["service_name"]) in kept)),
             "paid": derived_from(
                 sum((l.amount for l in p.budget.lines if l.commissioner == cid), Decimal(0)) - the_deal.retained_by(cid),
                 *(line["amount"] for line in budget["lines"] if line["commissioner"] == cid))}
            for cid in dict.fromkeys(l.commissioner for l in p.budget.lines)
        ]
        for line in budget["lines"]:
            line["retained"] = (line["commissioner"], line["service_name"]) in kept
        budget["retained_total"] = derived_from(sum((r.amount for r in the_deal.retained), Decimal(0)),
                                                *(line["amount"] for line in budget["lines"] if line["retained"]))
        budget["paid_total"] = derived_from(total - budget["retained_total"], *(line["amount"] for line in budget["lines"]))
        start = p.partnership.start_date
        first = start.year if start.month >= 4 else start.year - 1
        first_label = f"{first}/{(first + 1) % 100:02d}"
        if first_label != p.budget.financial_year:
            # the file gives the first full year; the year the services start in is a part year
            budget["part_year"] = first_label
        budget["primary_medical_total"] = sum((l.amount for l in p.budget.lines if l.primary_medical), Decimal(0))

    if raw.get("improvement_scheme"):
        ips = raw["improvement_scheme"]
        scheme = p.improvement_scheme
        amount = scheme.amount if scheme.amount is not None else total * scheme.percent_of_budget / 100
        # worked out from an illustrative percentage or budget, the figures are illustrative too
        sources = (ips.get("amount"), ips.get("percent_of_budget"), (raw.get("budget") or {}).get("total"))
        ips["total"] = derived_from(amount, *sources)
        ips["percent"] = scheme.percent_of_budget if scheme.percent_of_budget is not None else (
            (amount * 100 / total) if total else None)
        for metric in ips["metrics"]:
            metric["maximum"] = derived_from(amount * metric["weight"] / 100, *sources)
        raw["contract_sum"] = derived_from(total + amount, *sources)

    if raw.get("risk_share") and p.several_schemes:
        _schemes(raw["risk_share"], p, the_deal, parties_by_id, total)
    elif raw.get("risk_share"):
        _scheme_figures(raw["risk_share"], p.risk_share, p, parties_by_id, total)

    info["contract_family"] = contract_family(p.partnership.draft.date)
    if raw.get("information_sharing"):
        raw["information_sharing"]["law"] = data_protection_law(p.information_sharing.date)
    if raw.get("pooled_fund"):
        pf = raw["pooled_fund"]
        pf["host_party"] = parties_by_id[pf["host"]]
        for c in pf["contributions"]:
            c["party_record"] = parties_by_id[c["party"]]
        pf["years"] = sorted({c["financial_year"] for c in pf["contributions"]})
    if raw.get("alliance"):
        a = raw["alliance"]
        for m in a["leadership_team"]:
            m["party_record"] = parties_by_id[m["party"]]
        a["chair_member"] = a["leadership_team"][p.alliance.chair - 1]
        for c in a["underlying_contracts"]:
            c["party_record"] = parties_by_id[c["party"]]
            c["commissioner_party"] = parties_by_id[c["commissioner"]]
        objectives = p.alliance.objectives
        equal = all(o.weight is None for o in objectives)
        for o, raw_o in zip(objectives, a["objectives"]):
            # without weights every objective weighs the same; shown as a fraction, which is exact
            raw_o["weight_shown"] = f"1/{len(objectives)}" if equal else percent_text(o.weight)
        a["equal_weights"] = equal
        if a.get("risk_reward_pool"):
            pool = a["risk_reward_pool"]
            for s_ in pool["shares"]:
                s_["party_record"] = parties_by_id[s_["party"]]
            for c in pool["contributions"]:
                c["party_record"] = parties_by_id[c["party"]]
                c["provider_record"] = parties_by_id[c["underlying_contract"]]
            # an illustration for the clause: every objective met but the last
            met = objectives[:-1] if len(objectives) > 1 else objectives
            proportion = (Decimal(len(met)) * 100 / len(objectives)) if equal else sum((o.weight for o in met), Decimal(0))
            earned = p.alliance.risk_reward_pool.amount * proportion / 100
            pool["example"] = {
                "met": [str(i) for i in range(1, len(met) + 1)],
                # an exact fraction where the weights are equal (2/3, not 66.67%)
                "proportion": f"{len(met)}/{len(objectives)}" if equal else percent_text(proportion),
                "earned": earned,
                "payments": [{"party_record": parties_by_id[x.party], "amount": earned * x.share / 100}
                             for x in p.alliance.risk_reward_pool.shares],
            }
    if raw.get("integration_agreement"):
        ia = raw["integration_agreement"]
        ia["services"] = [services_by_id[s_] for s_ in ia["integrated_services"]]
    for schedule in raw.get("care_model_schedules", []):
        schedule["lead_party"] = parties_by_id[schedule["lead"]]
        schedule["model_name"] = NEW_CARE_MODEL_NAMES[schedule["model"]]

    if raw.get("network"):
        _network(raw, p, parties_by_id, the_deal)
    if raw.get("place"):
        _place(raw, p, parties_by_id, the_deal)
    if raw.get("care_network"):
        _care_network(raw, p, parties_by_id)
    for section in ("extended_access", "social_prescribing"):
        if raw.get(section):
            _schedule(raw, section, parties_by_id, the_deal)

    if p.governance:
        board = raw["governance"]["board"]
        for member in board["members"]:
            member["party_record"] = parties_by_id[member["party"]]
        board["chair_member"] = board["members"][p.governance.board.chair - 1]
        if p.governance.board.vice_chair:
            board["vice_chair_member"] = board["members"][p.governance.board.vice_chair - 1]
        board["partners"] = [parties_by_id[i] for i in dict.fromkeys(m.party for m in p.governance.board.members if m.voting)]

    for t in raw["staff_transfers"]:
        t["transferor_party"] = parties_by_id[t["transferor"]]
        t["transferee_party"] = parties_by_id[t["transferee"]]
        t["service_names"] = [services_by_id[s_]["name"] for s_ in t["services"]]
    if raw.get("council_functions"):
        cf = raw["council_functions"]
        cf["council_party"] = parties_by_id[cf["council"]]
        cf["provider_party"] = parties_by_id[cf["provider"]]
        cf["start"] = cf.get("start_date") or info["start_date"]
    raw["data_protection"] = data_protection_dates()

    # absent sections are left out, so `risk_share is defined` says whether the file has one
    context = {key: to_data(value, key) for key, value in raw.items() if value is not None}
    context["deal"] = the_deal
    context["party"] = to_data(parties_by_id, "parties")
    groups = {
        "commissioners": [x for x in raw["parties"] if x["is_commissioner"]],
        "providers": [x for x in raw["parties"] if x["is_provider"]],
        "practices": [x for x in raw["parties"] if x["kind"] == "gp_practice"],
        "acute_providers": [x for x in raw["parties"] if x["kind"] in ("nhs_trust", "foundation_trust")],
    }
    for name, items in groups.items():
        context[name] = [context["party"][x["id"]] for x in items]
    lead_record = _lead_provider(p)
    lead = parties_by_id[lead_record.id] if lead_record else None
    if lead:
        context["lead_provider"] = context["party"][lead["id"]]
    coordinating = next((parties_by_id[x.id] for x in p.parties if x.has_role("co_ordinating_commissioner")), None) or (
        # never the Provider itself, where it also commissions
        next((x for x in groups["commissioners"] if lead is None or x["id"] != lead["id"]), None))
    if coordinating:
        context["coordinating_commissioner"] = context["party"][coordinating["id"]]
    # a transfer between the lead provider and a practice belongs in that practice's integration agreement;
    # every other transfer in the main contract
    practice_ids = {x["id"] for x in groups["practices"]}
    in_integration = lambda t: (p.integration_agreement is not None and lead is not None
                                and {t.transferor, t.transferee} & practice_ids and lead["id"] in (t.transferor, t.transferee))
    context["main_staff_transfers"] = [context["staff_transfers"][i] for i, t in enumerate(p.staff_transfers)
                                       if not in_integration(t)]
    context["practice_staff_transfers"] = [context["staff_transfers"][i] for i, t in enumerate(p.staff_transfers)
                                           if in_integration(t)]
    return context
