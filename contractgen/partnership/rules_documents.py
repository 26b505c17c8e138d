"""Rules for the sections behind the other documents: alliance, integration, section 75,
information sharing, procurement checkpoints and the contract family (DOMAIN.md section C,
rules 4, 5, 9, 10, 11, 12 and 14)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

from ..care_models import leveled
from .schema import PartnershipFile

NHS_KINDS = {"ccg", "nhs_england", "nhs_trust", "foundation_trust"}
GDPR_DATE = date(2018, 5, 25)
MCP_CONTRACT_PUBLISHED = date(2016, 12, 1)
ACO_CONTRACT_PUBLISHED = date(2017, 8, 4)
ICP_CONTRACT_CONSULTATION = date(2018, 8, 1)


def contract_family(draft_date: date) -> str:
    """Which national contract form a draft of this date follows."""
    if draft_date < ACO_CONTRACT_PUBLISHED:
        return "mcp"
    if draft_date < ICP_CONTRACT_CONSULTATION:
        return "aco"
    return "icp"


def data_protection_law(when: date) -> str:
    """The law an information sharing agreement of this date cites."""
    return "gdpr" if when >= GDPR_DATE else "dpa1998"


def check_documents(p: PartnershipFile, f) -> None:
    """Add the findings for the document sections to `f` (a rules._Findings)."""
    parties = {x.id: x for x in p.parties}
    services = {x.id for x in p.services}

    def party(path: tuple, value: str) -> None:
        if value not in parties:
            f.error(path, f"expected the id of a party, got '{value}'")

    info = p.partnership
    # a GP network has no integration level (one given by mistake is reported once, in rules_network)
    level = info.integration_level if leveled(info.care_model) else None
    _document_set(p, f)
    if level == "virtual" and p.alliance is None:  # rule 4
        f.error(("partnership", "integration_level"), "expected an alliance section for a virtually integrated "
                "partnership, got none: the alliance agreement holds a virtual model together")
    practices = [x for x in p.parties if x.kind == "gp_practice"]
    if level == "partial" and practices and p.integration_agreement is None:  # rule 5
        f.error(("partnership", "integration_level"), "expected an integration_agreement section for a partially "
                "integrated partnership with practices, got none: each practice joins through one")

    if info.care_model == "mcp" and info.draft.date < MCP_CONTRACT_PUBLISHED:  # rule 9
        f.warn(("partnership", "draft", "date"), f"expected a draft dated on or after December 2016, when the draft "
               f"MCP contract was published, got {info.draft.date.isoformat()}", "draft-before-mcp-contract")
    if contract_family(info.draft.date) == "icp":
        lead = next((x for x in p.parties if x.has_role("prime_provider", "lead_provider")), None)
        if lead and lead.kind not in ("nhs_trust", "foundation_trust"):
            f.error(("partnership", "draft", "date"), f"expected a statutory NHS body to hold an ICP contract "
                    f"(drafts from August 2018 follow the ICP contract), got '{lead.id}' ({lead.kind})")

    if p.procurement:  # rule 10
        order = ["early_engagement", "checkpoint_1", "checkpoint_2", "checkpoint_3"]
        dates = [getattr(p.procurement, k) for k in order]
        for before, after, k in zip(dates, dates[1:], order[1:]):
            if not before < after:
                f.error(("procurement", k), f"expected a date after {before.isoformat()}, got {after.isoformat()}")
        if p.procurement.checkpoint_3 > info.start_date:
            f.error(("procurement", "checkpoint_3"), f"expected checkpoint 3 before the start date "
                    f"{info.start_date.isoformat()}, got {p.procurement.checkpoint_3.isoformat()}")
    elif leveled(info.care_model) and (p.budget or p.risk_share):
        f.warn(("partnership",), "expected procurement checkpoint dates for a novel or complex contract, got none: "
               "add procurement with the assurance process dates", "procurement-dates")

    if p.alliance:
        a = p.alliance
        for i, m in enumerate(a.leadership_team):
            party(("alliance", "leadership_team", i, "party"), m.party)
        if a.chair > len(a.leadership_team):
            f.error(("alliance", "chair"), f"expected a member's position from 1 to {len(a.leadership_team)}, got {a.chair}")
        for i, c in enumerate(a.underlying_contracts):
            party(("alliance", "underlying_contracts", i, "party"), c.party)
            party(("alliance", "underlying_contracts", i, "commissioner"), c.commissioner)
        covered = {c.party for c in a.underlying_contracts}
        for i, x in enumerate(p.parties):  # rule 14
            # a party that also commissions provides its own services under no contract with itself
            if x.has_role("provider", "lead_provider", "prime_provider") and x.kind != "gp_practice" \
                    and x.id not in covered and not x.dual:
                f.error(("alliance", "underlying_contracts"), f"expected the underlying contract of every provider, "
                        f"got none for '{x.id}'")
        if not any(x.commissions for x in p.parties):
            f.error(("alliance",), "expected the commissioners to be parties to the alliance, got none")
        if a.risk_reward_pool:
            total = sum((s.share for s in a.risk_reward_pool.shares), Decimal(0))
            if total != 100:
                f.error(("alliance", "risk_reward_pool", "shares"), f"expected shares that sum to 100, got {total.normalize():f}")
            for i, s in enumerate(a.risk_reward_pool.shares):
                party(("alliance", "risk_reward_pool", "shares", i, "party"), s.party)

    if p.integration_agreement:
        for i, s in enumerate(p.integration_agreement.integrated_services):
            if s not in services:
                f.error(("integration_agreement", "integrated_services", i), f"expected the id of a service, got '{s}'")
        if level != "partial":
            f.warn(("integration_agreement",), f"expected integration agreements only under partial integration, "
                   f"got {level or f'a {info.care_model}, which has none'}", "integration-level")

    if p.pooled_fund:  # rule 11
        pf = p.pooled_fund
        party(("pooled_fund", "host"), pf.host)
        party(("pooled_fund", "pool_manager", "party"), pf.pool_manager.party)
        kinds = set()
        by_year: dict[str, Decimal] = defaultdict(Decimal)
        for i, c in enumerate(pf.contributions):
            party(("pooled_fund", "contributions", i, "party"), c.party)
            if c.party in parties:
                kinds.add(parties[c.party].kind)
            by_year[c.financial_year] += c.amount
        if not kinds & NHS_KINDS or "local_authority" not in kinds:
            f.error(("pooled_fund", "contributions"), "expected contributions from at least one NHS body and one "
                    "local authority, got " + (", ".join(sorted(kinds)) or "none"))
        for year, total in sorted(by_year.items()):
            if pf.pool_total is not None and total != pf.pool_total:
                f.error(("pooled_fund", "pool_total"), f"expected the sum of the {year} contributions, "
                        f"£{total:,.0f}, got £{pf.pool_total:,.0f}")

    if p.information_sharing:  # rule 12
        isa = p.information_sharing
        party(("information_sharing", "caldicott_guardian", "party"), isa.caldicott_guardian.party)
        if isa.data_protection_officer:
            party(("information_sharing", "data_protection_officer", "party"), isa.data_protection_officer.party)
        elif data_protection_law(isa.date) == "gdpr":
            f.error(("information_sharing", "date"), "expected a data_protection_officer for an agreement dated on or "
                    "after 25 May 2018, when the GDPR applies, got none")
        if not any(d.name.casefold() == "nhs number" for d in isa.data_items) and isa.direct_care:
            f.warn(("information_sharing", "data_items"), "expected the NHS number among the data items, as the "
                   "consistent identifier for direct care, got none", "nhs-number")

    seen = Counter(s.model for s in p.care_model_schedules)
    for i, s in enumerate(p.care_model_schedules):
        party(("care_model_schedules", i, "lead"), s.lead)
        if seen[s.model] > 1:
            f.error(("care_model_schedules", i, "model"), f"expected each care model once, got {s.model} again")


def _document_set(p: PartnershipFile, f) -> None:
    """The document set fits the care model and level (LEGAL.md section 3): a virtual model has no
    single contract and no single budget; every document asked for has the section it drafts from."""
    from ..doctypes import BY_ID, main_document

    info = p.partnership
    level, model = info.integration_level, info.care_model
    if not leveled(model):
        return  # its own main document holds it together (a GP network's network agreement), at no level
    if level == "virtual":
        for section, what in (("budget", "a whole population budget"),
                              ("improvement_scheme", "an improvement payment scheme on the whole population budget"),
                              ("risk_share", "a risk and gain share measured against the main contract (an "
                               "alliance shares risk through alliance.risk_reward_pool)")):
            if getattr(p, section) is not None:
                f.error((section,), f"expected no {section} section for a virtually integrated {model}, got "
                        f"{what}: a virtual model is an alliance over the providers' own contracts, with no "
                        "single contract and no single budget; remove it, or choose partial or full integration")
    else:
        main = main_document(model, level)
        if p.budget is None and (not p.documents or main in p.documents):
            f.error(("partnership", "integration_level"), f"expected a budget section for a {level}ly "
                    f"integrated {model}, got none: its {BY_ID[main].name} pays the whole population budget")
    if p.documents is None:
        return
    for i, doc_id in enumerate(p.documents):
        t = BY_ID[doc_id]
        if t.main_for and model not in t.main_for:
            f.error(("documents", i), f"expected documents that fit a {model} partnership, got {doc_id}, "
                    f"the main document of a {' or '.join(t.main_for)} partnership")
        elif level not in t.levels:
            if t.main_for:
                why = ("a virtual model has no single contract: its main document is the alliance agreement "
                       "over the providers' own contracts")
            else:
                why = f"{t.name} belongs to {' or '.join(t.levels)} integration"
            f.error(("documents", i), f"expected documents that fit {level} integration, got {doc_id}: {why}")
        if t.section is not None and getattr(p, t.section) is None:
            f.error(("documents", i), f"expected a {t.section} section for {doc_id}, got none: "
                    f"{t.name} is drafted from it")
    if p.several_schemes and "risk_share_agreement" not in p.documents and level != "virtual":
        f.error(("documents",), "expected risk_share_agreement among the documents, got none: several "
                "risk and gain share schemes are held in one risk and gain share agreement, with a schedule "
                "for each (the main contract refers to it and does not restate them)")
    if p.documents.count("alliance_agreement") == 0 and level == "virtual":
        f.error(("documents",), "expected alliance_agreement among the documents of a virtually integrated "
                "partnership, got none: the alliance agreement is its main document")
