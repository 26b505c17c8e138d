"""Rules for a Primary Care Home or a care-closer-to-home integrated network: its members and team are
parties, the population a Primary Care Home serves, who a care-closer-to-home network brings together,
and the money a memorandum cannot pool."""

from __future__ import annotations

from collections import Counter

from ..care_models import BY_ID as CARE_MODELS, CARE_NETWORK_MODELS
from ..doctypes import BY_ID as DOCUMENTS, main_document
from .schema import PartnershipFile

# a Primary Care Home serves a registered population of 30,000 to 50,000 (National Association of
# Primary Care): small enough to know its patients, large enough to support a whole team
PCH_POPULATION = (30_000, 50_000)
# sections that commit money a memorandum cannot commit, and that an alliance of members who keep their
# own contracts and budgets does not hold either
MONEY_SECTIONS = {
    "budget": "a whole population budget",
    "risk_share": "a risk and gain share",
    "pooled_fund": "a section 75 pooled fund",
    "improvement_scheme": "an improvement payment scheme",
}
# sections of other care models that would draft documents beside the network's own
OTHER_MODEL_SECTIONS = ("governance", "alliance", "memorandum", "integration_agreement", "network")
MEMORANDUM_FORMS = ("network", "collaboration")


def check_care_network(p: PartnershipFile, f, suggest) -> None:
    """Add the findings for a care_network section and its care model to `f` (a rules._Findings)."""
    model = p.partnership.care_model
    if p.care_network is not None and model not in CARE_NETWORK_MODELS:
        f.error(("care_network",), f"expected care_model {' or '.join(CARE_NETWORK_MODELS)} for a care_network "
                f"section, got {model}: remove the section or change the care model")
        return
    if model not in CARE_NETWORK_MODELS:
        return
    _sections(p, f)
    if p.care_network is None:
        return  # rules_network.check_care_model reports the missing section
    parties = {x.id: x for x in p.parties}
    n = p.care_network
    members = Counter(m.party for m in n.members)

    def party(path: tuple, value: str) -> bool:
        if value not in parties:
            f.error(path, f"expected the id of a party, got '{value}'{suggest(value, set(parties))}")
            return False
        return True

    def member(path: tuple, value: str, what: str = "a member") -> None:
        if party(path, value) and value not in members:
            f.error(path, f"expected {what} (one of care_network.members), got '{value}': add it to "
                    "care_network.members with what it brings")

    for i, m in enumerate(n.members):
        if party(("care_network", "members", i, "party"), m.party) and members[m.party] > 1:
            f.error(("care_network", "members", i, "party"), f"expected each member once, got '{m.party}' again")
    for i, x in enumerate(p.parties):
        if x.id not in members:
            f.error(("parties", i, "id"), f"expected every party among care_network.members, got '{x.id}', which "
                    "is not a member: the documents list every organisation in scope, so add it to "
                    "care_network.members with what it brings, or remove the party")
    practices = {m for m in members if m in parties and parties[m].kind == "gp_practice"}
    for i, line in enumerate(n.team):
        member(("care_network", "team", i, "employer"), line.employer, "a member as the employer")
        for j, x in enumerate(line.practices):
            if x not in practices:
                f.error(("care_network", "team", i, "practices", j), f"expected a member practice, got '{x}'")
    member(("care_network", "lead", "party"), n.lead.party)
    if n.forum.quorum > len(n.members):
        f.error(("care_network", "forum", "quorum"), f"expected at most the {len(n.members)} members, "
                f"got {n.forum.quorum}")
    if p.legal.new_members == "majority":
        f.error(("legal", "new_members"), f"expected 'unanimous' where the members decide {n.forum.decision_rule}"
                ", got 'majority': admitting a member is a decision like any other, and a majority would "
                "override a member's objection")
    if n.nhs_contract and p.partnership.organisational_form in MEMORANDUM_FORMS:
        f.error(("care_network", "nhs_contract"), "expected nhs_contract only for the alliance form, got true "
                "for a memorandum, which binds no one: remove the key or choose organisational_form alliance")
    if model == "primary_care_home":
        _pch_population(p, f, parties, practices)
    else:
        kinds = {parties[m].kind for m in members if m in parties}
        missing = [what for kind, what in (("local_authority", "council"), ("voluntary_sector", "voluntary organisation"))
                   if kind not in kinds]
        if missing:
            f.warn(("care_network", "members"), "expected the council and a voluntary organisation among the "
                   f"members of a care-closer-to-home network, got no {' and no '.join(missing)}: it brings health, "
                   "social care and the voluntary sector together around a community", "care-network-members")


def _sections(p: PartnershipFile, f) -> None:
    """A memorandum pools no money; the members of an alliance keep their own contracts and budgets; and
    the documents named are those of the network's form."""
    info = p.partnership
    name = CARE_MODELS[info.care_model].name
    memo = info.organisational_form in MEMORANDUM_FORMS
    for section, what in MONEY_SECTIONS.items():
        if getattr(p, section) is None:
            continue
        if memo:
            f.error((section,), f"expected no {section} section for a {name} working under a memorandum of "
                    f"understanding, got {what}: a memorandum binds no one to pay or to pool money; record the "
                    "money in a binding agreement of its own, or remove the section")
        else:
            f.error((section,), f"expected no {section} section for a {name}, got {what}: its members keep "
                    "their own contracts and budgets, and its alliance agreement pools no money; remove the "
                    "section")
    for section in OTHER_MODEL_SECTIONS:
        if getattr(p, section) is not None:
            f.error((section,), f"expected no {section} section for a {name}, got one: it is drafted from "
                    "care_network, and its members meet and decide through care_network.forum")
    if p.documents is None or info.organisational_form not in CARE_MODELS[info.care_model].forms:
        return
    main = main_document(info.care_model, None, info.organisational_form)
    for i, doc_id in enumerate(p.documents):
        t = DOCUMENTS[doc_id]
        if info.care_model in t.main_for and doc_id != main:
            f.error(("documents", i), f"expected {main} for a {name} in the {info.organisational_form} form, got "
                    f"{doc_id}: " + ("a memorandum is drafted for the network and collaboration forms"
                                     if not t.binding else "the binding alliance agreement is drafted for the "
                                     "alliance form; choose organisational_form alliance"))


def _pch_population(p: PartnershipFile, f, parties: dict, practices: set[str]) -> None:
    if not practices:
        f.error(("care_network", "members"), "expected at least one GP practice among the members of a Primary "
                "Care Home, got none: it is built around the practices' registered lists")
        return
    sizes = [parties[x].list_size for x in practices]
    if any(s is None for s in sizes):
        return  # rules._parties reports a practice without a list size
    registered = sum(sizes)
    low, high = PCH_POPULATION
    if not low <= registered <= high:
        at = ("partnership", "population", "registered") if p.partnership.population.registered is not None \
            else ("care_network", "members")
        f.warn(at, f"expected a registered population of {low:,} to {high:,} for a Primary Care Home, got "
               f"{registered:,} (the sum of the member practices' list sizes)", "primary-care-home-population")
