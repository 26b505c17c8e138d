"""The deal a partnership file describes, worked out once: documents, parties, precedence, money, status.

The documents of one partnership are one deal, and a legal reader checks that they tell the
same story. So the facts that more than one document states are computed here, once, from the
validated partnership file, and every clause states them from this model instead of working
them out again. Clause authors see it as `deal` in the template data:

- `deal.documents`: the documents of the set, main document first, each a `DocumentRef` with
  its id, the name other documents use for it in running text, its parties and its status;
  `deal.document(id)` finds one, `deal.has(id)` says whether the set includes it.
- `deal.precedence`: the one order of precedence, as `Precedence` entries: first the matters on
  which a document prevails over all the others (the risk and gain share agreement on the risk
  share, the section 75 agreement on the pooled fund), then the general order.
- `deal.flows`: every money flow, a `MoneyFlow` (payer, payee, amount, financial year label,
  the document that makes it). Pooled contributions go to the host; where a pooled fund pays
  the main contract's budget, the host pays the provider and no commissioner pays twice. A service
  schedule's payment is a flow (commissioner to provider, its `annual_value`); network money given
  as data is a flow from its payer to the network's holder, under the schedule it names, and then
  from the holder to each party with a share (the most payable: shares are of what is left after the
  network's costs). A schedule named by a network money source is paid once, as network money. A
  place-based partnership's memorandum makes only contributions to shared costs, to the partner
  that holds them.
- `deal.network`: a GP network's member practices, money holder and shares (`NetworkFacts`);
  `deal.schedules`: each service schedule's provider, payer, payee, annual amount, start and the
  practices whose patients it serves (`ScheduleFacts`), which both the network agreement and the
  schedule state.
- `deal.pools_functions`: whether a document of the set pools a statutory function or a budget
  (a section 75 agreement); a place-based memorandum says it pools none, and must not be beside
  one that does.
- `deal.risk_share`: the one risk and gain share instrument (`RiskShareTerms`): which document
  holds it, how others refer to it, the one rule for adjusting its baselines, and each of its
  schemes (`SchemeTerms`: name, measure, baseline, threshold, cap and collar in pounds, its
  commissioners, payer, sharing parties and timetable). A partnership may run several schemes;
  they are all held in the one risk and gain share agreement, and each party is bound only by the
  schemes it takes part in.
- `deal.population`: the registered-list total summed from the practices, and a whole-area
  figure labelled as such.
- `deal.team`: a Primary Care Home's or care-closer-to-home network's multidisciplinary team, line by
  line (`TeamLine`: role, employer, whole-time equivalents), as every document that shows it states it.
- `deal.caps`: liability cap and risk-share cap and collar in pounds.
- `deal.dual`: each party that both commissions and provides (`DualParty`), with its two roles and
  the services it provides itself; `deal.retained`: the part of such a party's budget contribution
  that pays for a service it provides itself (or, for the Provider, its whole contribution), which
  it keeps instead of paying across (`Retained`). No money flow runs from a party to itself.
- each document's `status`: whether it is an NHS contract under section 9 of the NHS Act 2006
  between health service bodies, or a contract enforceable in the courts, party by party.

The model imports only the partnership schema and the document registry; it knows nothing of
templates or output formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .doctypes import BY_ID, main_document
from .partnership import schema
from .partnership.schema import NetworkMoneySource, PartnershipFile

# Bodies that are health service bodies for section 9 of the NHS Act 2006 by what they are.
HEALTH_SERVICE_BODY_KINDS = frozenset({"ccg", "nhs_england", "nhs_trust", "foundation_trust"})
COMMISSIONER_ROLES = frozenset(schema.COMMISSIONER_ROLES)
PROVIDER_ROLES = frozenset(schema.PROVIDER_ROLES)

# How each document names itself in its own text.
SELF_NAMES = {
    "mcp_contract": "this Contract",
    "board_terms_of_reference": "these Terms of Reference",
    "memorandum_of_understanding": "this Memorandum",
    "place_memorandum": "this Memorandum",
    "extended_access_schedule": "this Schedule",
    "social_prescribing_schedule": "this Schedule",
    "care_network_memorandum": "this Memorandum",
}

# The order of precedence between the documents of a set, on any matter not given to one of
# them below: the single contract first, then the agreements that sit beside it, then the
# documents that bind no one (terms of reference, a memorandum).
GENERAL_ORDER = ("mcp_contract", "pacs_agreement", "network_agreement", "care_network_agreement", "alliance_agreement",
                 "integration_agreement", "risk_share_agreement", "section75_agreement", "information_sharing_agreement",
                 "extended_access_schedule", "social_prescribing_schedule",
                 "board_terms_of_reference", "memorandum_of_understanding", "place_memorandum",
                 "care_network_memorandum")


@dataclass(frozen=True)
class PartyStatus:
    """One party's standing for section 9 of the NHS Act 2006 in one document."""

    party: str
    name: str
    form: str  # its legal form in words, "an NHS foundation trust"
    health_service_body: bool  # a health service body for this document
    reason: str  # why, in words a reader can check ("a local authority is not a health service body")
    elected: bool = False  # a GMS or PMS practice that has elected to be regarded as a health service body


@dataclass(frozen=True)
class Status:
    """Whether a document is an NHS contract, an enforceable contract, or each between different parties."""

    kind: str  # "nhs_contract" (all parties are health service bodies), "enforceable" or "mixed"
    parties: tuple[PartyStatus, ...]

    @property
    def nhs_bodies(self) -> tuple[PartyStatus, ...]:
        return tuple(x for x in self.parties if x.health_service_body)

    @property
    def others(self) -> tuple[PartyStatus, ...]:
        return tuple(x for x in self.parties if not x.health_service_body)


@dataclass(frozen=True)
class DocumentRef:
    """One document of the set."""

    id: str
    name: str  # how the other documents name it in running text
    self_name: str  # how it names itself: "this Agreement"
    parties: tuple[str, ...]  # party ids, in the order of the file
    party_names: tuple[str, ...]
    binding: bool
    main: bool
    status: Status | None  # None for a document that binds no one

    @property
    def status_words(self) -> str:
        if self.status is None:
            return "not legally binding"
        return {"nhs_contract": "NHS contract (section 9)", "enforceable": "contract enforceable in the courts",
                "mixed": "NHS contract between health service bodies; otherwise enforceable in the courts"}[
            self.status.kind]


@dataclass(frozen=True)
class Precedence:
    """One step of the order of precedence: `document` prevails on `matter` (None: in general order)."""

    document: str
    matter: str | None = None


@dataclass(frozen=True)
class MoneyFlow:
    """One payment the deal makes: who pays whom, how much, for which year, under which document."""

    payer: str
    payee: str
    amount: Decimal
    financial_year: str | None  # "2017/18"; None for a rate that applies every year
    instrument: str  # the id of the document that makes the payment
    purpose: str
    via_pool: bool = False  # paid by the host out of the pooled fund
    funder: str | None = None  # for a payment out of the pool: the commissioner whose contribution it is
    start: date | None = None  # when a yearly payment starts, where the file gives it
    source: int | None = None  # the index of the network money source (network.money.sources) it comes from
    scheme: str | None = None  # for a risk and gain share payment: the scheme's name


@dataclass(frozen=True)
class ScheduleFacts:
    """A service schedule of the set: who delivers it, who pays for it and whom, and whose patients it serves."""

    document: str  # extended_access_schedule, social_prescribing_schedule
    section: str  # the key of the partnership file that describes it
    attaches_to: str
    provider: str
    payer: str | None  # the commissioner that pays for the service, where one does
    payee: str | None  # whom it pays: the provider, or the network's holder where the money is network money
    annual_amount: Decimal | None
    financial_year: str | None
    start: date
    source: int | None  # the network money source that names this schedule, where one does
    practices: tuple[str, ...]  # the practices whose registered patients the service is for
    employers: tuple[str, ...]  # who employs its staff and link workers


@dataclass(frozen=True)
class NetworkFacts:
    """A GP network: its member practices, the holder of its money, and how the money is shared."""

    members: tuple[str, ...]
    holder: str
    shares: tuple[tuple[str, Decimal], ...]  # (party, percentage)
    practices: tuple[str, ...] = ()  # every GP practice of the partnership, member or not
    names: tuple[tuple[str, str], ...] = ()  # (id, name) of every party, the commissioners that fund it included


@dataclass(frozen=True)
class Retained:
    """Money a party that both commissions and provides keeps instead of paying it across: the part of
    its budget contribution for a service it provides itself. Not a payment: it never leaves the party."""

    party: str
    amount: Decimal
    financial_year: str | None
    instrument: str  # the id of the document whose budget it is part of
    purpose: str  # the service it pays for


@dataclass(frozen=True)
class DualParty:
    """A party that both commissions and provides, with the role it holds in each capacity."""

    party: str
    name: str
    commissioning_role: str  # "commissioner" or "co_ordinating_commissioner"
    providing_role: str  # "provider", "prime_provider", "lead_provider" or "sub_contractor"
    services: tuple[str, ...]  # the names of the services it provides itself
    is_provider: bool  # it is the Provider of the main contract, not a Partner Provider


@dataclass(frozen=True)
class SchemeShare:
    """One sharing party's percentages in one scheme."""

    party: str
    name: str
    gain_share: Decimal
    loss_share: Decimal


@dataclass(frozen=True)
class SchemeTerms:
    """One risk and gain share scheme, its figures in pounds: who takes part, what it measures, how it shares."""

    id: str | None  # None for a risk share written as one scheme, without `schemes`
    name: str  # the scheme's name; for one scheme written without `schemes`, its metric
    metric: str
    baseline: Decimal
    baseline_year: str
    threshold: Decimal | None
    gain_cap: Decimal | None  # per sharing party a year
    loss_collar: Decimal | None
    commissioners: tuple[str, ...]  # whose spend is measured; they keep or bear what is not shared
    payer: str | None  # the commissioner that works out the figures, pays gains and receives losses
    shares: tuple[SchemeShare, ...]
    monitoring: str  # "monthly" or "quarterly"
    year_end_days: int
    payment_days: int

    @property
    def parties(self) -> tuple[str, ...]:
        """The scheme's parties: its commissioners, then its sharing parties, each once."""
        return tuple(dict.fromkeys(self.commissioners + tuple(s.party for s in self.shares)))

    @property
    def sharers(self) -> tuple[str, ...]:
        return tuple(s.party for s in self.shares)


@dataclass(frozen=True)
class RiskShareTerms:
    """The one risk and gain share instrument and the one rule for adjusting its baselines."""

    document: str  # the document that holds the mechanics: the risk share agreement, else the main contract
    name: str  # how the other documents name it in running text
    metric: str  # what is measured; for several schemes, each scheme's measure, joined in words
    baseline: Decimal | None  # for several schemes: None (each scheme has its own)
    baseline_year: str | None
    adjustments: tuple[str, ...]  # what the baseline is adjusted for each year, agreed in writing
    fallback: str  # what happens when the parties have not agreed the adjustment in time
    schemes: tuple[SchemeTerms, ...] = ()  # every scheme: one for the single form
    several: bool = False  # written as `schemes`: the agreement has a schedule for each

    def scheme(self, scheme_id: str) -> SchemeTerms:
        return next(s for s in self.schemes if s.id == scheme_id)

    @property
    def scheme_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.schemes)


@dataclass(frozen=True)
class PopulationFacts:
    """Population figures from the data, each with what it counts."""

    registered: int  # people registered with the participating practices
    registered_from_lists: bool  # summed from the practices' list sizes
    practices_counted: int
    unregistered_estimate: int
    whole_area: int | None  # a figure for the whole area, labelled as such where shown

    @property
    def served(self) -> int:
        """Registered plus the unregistered estimate: the Population a contract is responsible for."""
        return self.registered + self.unregistered_estimate


@dataclass(frozen=True)
class YearTotal:
    """One financial year's total."""

    financial_year: str
    total: Decimal


@dataclass(frozen=True)
class PoolFacts:
    """A section 75 pooled fund: its host, each year's total, and what it pays under the main contract."""

    host: str
    host_name: str
    contributors: tuple[str, ...]
    year_totals: tuple[YearTotal, ...]
    # the commissioners whose share of the main contract's budget the host pays out of the pool
    pays_for: tuple[str, ...]
    pays_for_names: tuple[str, ...]
    main_payment: Decimal  # what the host pays the provider a year out of the pool (0: nothing)
    main_payment_year: str | None
    payee_name: str | None

    @property
    def rest_of_main_year(self) -> Decimal:
        """What the pool holds in the main payment's year beyond that payment: money the host spends on
        the other services in the pool's scope, never paid to the provider under the main contract."""
        total = next((t.total for t in self.year_totals if t.financial_year == self.main_payment_year), Decimal(0))
        return max(total - self.main_payment, Decimal(0)) if self.main_payment else Decimal(0)


@dataclass(frozen=True)
class TeamLine:
    """One line of a multidisciplinary team: a role, the member that employs it, and how many."""

    role: str
    employer: str  # party id
    employer_name: str
    wte: Decimal


@dataclass(frozen=True)
class Caps:
    """Caps in pounds a year (None: none agreed)."""

    liability: Decimal | None
    gain_cap: Decimal | None
    loss_collar: Decimal | None


@dataclass(frozen=True)
class Deal:
    """The deal of one partnership: see the module's docstring."""

    main: str  # the id of the main document
    documents: tuple[DocumentRef, ...]
    precedence: tuple[Precedence, ...]
    flows: tuple[MoneyFlow, ...]
    risk_share: RiskShareTerms | None
    population: PopulationFacts
    caps: Caps
    underlying_contracts: tuple[str, ...]  # contracts outside the set that an alliance sits over
    pool: PoolFacts | None = None
    network: NetworkFacts | None = None
    schedules: tuple[ScheduleFacts, ...] = ()
    dual: tuple[DualParty, ...] = ()
    retained: tuple[Retained, ...] = ()
    team: tuple[TeamLine, ...] = ()
    # a place-based memorandum binds no one, but its shared-costs clause binds the Holding Partner (first)
    # and each contributing partner: an NHS contract between health service bodies, otherwise enforceable
    shared_costs: Status | None = None

    def schedule(self, doc_id: str) -> ScheduleFacts | None:
        return next((s for s in self.schedules if s.document == doc_id), None)

    def has(self, doc_id: str) -> bool:
        return any(d.id == doc_id for d in self.documents)

    @property
    def pools_functions(self) -> bool:
        """Whether a document of the set pools a statutory function or a budget (a section 75 agreement)."""
        return self.has("section75_agreement")

    def document(self, doc_id: str) -> DocumentRef:
        return next(d for d in self.documents if d.id == doc_id)

    def name_in(self, doc_id: str, here: str) -> str:
        """How the document `here` names `doc_id` in its text: itself as "this Agreement"."""
        return self.document(doc_id).self_name if doc_id == here else self.document(doc_id).name

    @property
    def matters(self) -> tuple[Precedence, ...]:
        return tuple(x for x in self.precedence if x.matter)

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(x.document for x in self.precedence if not x.matter)

    def flows_in(self, doc_id: str) -> tuple[MoneyFlow, ...]:
        return tuple(f for f in self.flows if f.instrument == doc_id)

    def dual_in(self, doc_id: str) -> tuple[DualParty, ...]:
        """The parties to one document that both commission and provide."""
        return tuple(x for x in self.dual if x.party in self.document(doc_id).parties) if self.has(doc_id) else ()

    def retained_by(self, party: str) -> Decimal:
        """What one party keeps of its budget contribution for the services it provides itself."""
        return sum((r.amount for r in self.retained if r.party == party), Decimal(0))


# ---------------------------------------------------------------- building it

def default_documents(p: PartnershipFile) -> list[str]:
    """The documents a partnership file asks for when it names none: the main document for its
    care model and level, and one document for each section it fills in that fits the level."""
    level = p.partnership.integration_level
    main = main_document(p.partnership.care_model, level, p.partnership.organisational_form)
    out = [main]
    for doc_id, t in BY_ID.items():
        if t.section is not None and getattr(p, t.section) is not None and doc_id != main \
                and (level is None or level in t.levels):  # a GP network has no integration level
            out.append(doc_id)
    return out


def documents_of(p: PartnershipFile) -> list[str]:
    """The documents of the set: those the file names, else the default set."""
    return list(p.documents) if p.documents else default_documents(p)


def _lead(p: PartnershipFile):
    providers = [x for x in p.parties if x.provides]
    return next((x for x in p.parties if x.has_role("prime_provider", "lead_provider")), None) or (
        providers[0] if providers else None)


def document_parties(p: PartnershipFile, doc_id: str) -> list:
    """The parties to one document, in the order of the partnership file: who is named at its start
    and who signs it. The one place that decides it, so the parties clause, the execution block of
    a document and the table of the documents in every other document always agree."""
    parties = p.parties
    if doc_id in ("mcp_contract", "pacs_agreement"):
        # the practices take part through their own contracts and are listed in a schedule
        return [x for x in parties if x.kind != "gp_practice"]
    if doc_id == "alliance_agreement":
        return [x for x in parties if x.commissions or x.kind == "gp_practice"
                or (x.provides and not x.has_role("sub_contractor"))]
    if doc_id == "integration_agreement":
        lead = _lead(p)
        return [x for x in parties if (lead is not None and x.id == lead.id) or x.kind in ("gp_federation", "gp_practice")]
    if doc_id == "risk_share_agreement":
        if p.several_schemes:  # the union of the schemes' parties: each is bound by its own schemes only
            ids = {i for s in scheme_terms(p) for i in s.parties}
            return [x for x in parties if x.id in ids]
        sharers_ = {s.party for s in p.risk_share.parties} if p.risk_share else set()
        return [x for x in parties if x.commissions or x.id in sharers_]
    if doc_id == "section75_agreement":
        partners = {c.party for c in p.pooled_fund.contributions} if p.pooled_fund else set()
        return [x for x in parties if x.id in partners]
    if doc_id == "information_sharing_agreement":
        # for direct care, commissioners that do not provide care need no identifiable data
        direct = p.information_sharing is not None and p.information_sharing.direct_care
        return [x for x in parties if not direct or x.kind not in ("ccg", "nhs_england") or x.provides]
    if doc_id == "network_agreement":
        return _network_parties(p)
    if doc_id in ("care_network_memorandum", "care_network_agreement"):
        # every member, in the order of the file: the memorandum lists every organisation in scope
        members = {m.party for m in p.care_network.members} if p.care_network else set()
        return [x for x in parties if x.id in members]
    if doc_id in SCHEDULE_SECTIONS:
        # a service schedule is signed by the parties to the contract it forms part of
        schedule = getattr(p, SCHEDULE_SECTIONS[doc_id])
        if schedule is None:
            return []
        if schedule.attaches_to == "sub_contract" and schedule.sub_contract is not None:
            ids = (schedule.sub_contract.provider, schedule.sub_contract.sub_contractor)
            return [x for x in parties if x.id in ids]
        return document_parties(p, schedule.attaches_to)
    if doc_id == "board_terms_of_reference" and p.governance:
        # the Partners: a practice's member represents all the practices, so the practice is no party to them
        return [x for x in parties if x.id in {m.party for m in p.governance.board.members if m.voting}
                and x.kind != "gp_practice"]
    if doc_id in ("memorandum_of_understanding", "place_memorandum"):
        # a memorandum lists every organisation in scope, a sub-contractor that delivers a service too
        return list(parties)
    # any other document: every party but a sub-contractor (a commissioner that also sub-contracts is a party)
    return [x for x in parties if x.role != "sub_contractor" or x.commissions]


SCHEDULE_SECTIONS = {"extended_access_schedule": "extended_access", "social_prescribing_schedule": "social_prescribing"}
SCHEDULE_SERVICES = {"extended_access_schedule": "extended access", "social_prescribing_schedule": "social prescribing"}


def _network_parties(p: PartnershipFile) -> list:
    """The parties to a network agreement: the member practices, then any other party that holds or
    shares the network's money or employs its shared staff (a federation company), in file order."""
    if p.network is None:
        return []
    members = [m.party for m in p.network.members]
    others = {p.network.money.held_by} | {s.party for s in p.network.money.shares} | {
        s.employer for s in p.network.shared_staff}
    by_id = {x.id: x for x in p.parties}
    return [by_id[m] for m in members if m in by_id] + [x for x in p.parties if x.id in others and x.id not in members]


def parties_of(p: PartnershipFile, doc_id: str) -> list[str]:
    """The ids of the parties to one document."""
    return [x.id for x in document_parties(p, doc_id)]


def _party_status(p: PartnershipFile, party, doc_id: str, form: str) -> PartyStatus:
    kind = party.kind
    if kind in HEALTH_SERVICE_BODY_KINDS:
        return PartyStatus(party.id, party.name, form, True, f"it is {form}, a health service body")
    if kind == "gp_practice" and party.gp_contract is not None and party.gp_contract.type in ("gms", "pms"):
        # a GMS or PMS contractor may elect to be treated as a health service body; the file's
        # integration_agreement.nhs_contract (or care_network.nhs_contract) records that the practices
        # have. The election is the practice's status, not one document's, so every document of a
        # partnership that records it says so
        elects = (p.integration_agreement is not None and p.integration_agreement.nhs_contract) or (
            doc_id == "care_network_agreement" and p.care_network is not None and p.care_network.nhs_contract)
        kind_words = party.gp_contract.type.upper()
        if elects:
            return PartyStatus(party.id, party.name, form, True, f"it holds a {kind_words} contract and has "
                               "elected to be regarded as a health service body", elected=True)
        return PartyStatus(party.id, party.name, form, False, f"it holds a {kind_words} contract and does not "
                           "enter into this document as a health service body")
    if kind == "gp_practice" and party.gp_contract is not None:
        return PartyStatus(party.id, party.name, form, False, "it holds an APMS contract, and an APMS contractor "
                           "cannot be a health service body")
    return PartyStatus(party.id, party.name, form, False, f"it is {form}, which is not a health service body")


def _status(p: PartnershipFile, doc_id: str, ids: list[str], forms: dict[str, str]) -> Status:
    by_id = {x.id: x for x in p.parties}
    parties = tuple(_party_status(p, by_id[i], doc_id, forms[i]) for i in ids if i in by_id)
    nhs = sum(1 for x in parties if x.health_service_body)
    if nhs >= 2 and nhs == len(parties):
        kind = "nhs_contract"
    elif nhs >= 2:
        kind = "mixed"
    else:  # section 9 needs health service bodies on both sides
        kind = "enforceable"
    return Status(kind, parties)


def _precedence(p: PartnershipFile, docs: list[str]) -> tuple[Precedence, ...]:
    matters = []
    if "risk_share_agreement" in docs and p.several_schemes:
        names = _words([f"the {s.name}" for _, s in p.risk_share_schemes()])
        matters.append(Precedence("risk_share_agreement", f"how gains and losses under {names} are measured, "
                                  "how their baselines are adjusted and how the gains and losses are shared"))
    elif "risk_share_agreement" in docs and p.risk_share:
        matters.append(Precedence("risk_share_agreement", f"how gains and losses on {p.risk_share.metric} are "
                                  "measured, how its baseline is adjusted and how the gains and losses are shared"))
    if "section75_agreement" in docs:
        matters.append(Precedence("section75_agreement", "the pooled fund, the contributions to it and the "
                                  "functions exercised under it"))
    if "information_sharing_agreement" in docs:
        matters.append(Precedence("information_sharing_agreement", "the sharing of personal data between the "
                                  "parties to it"))
    return tuple(matters) + tuple(Precedence(d) for d in GENERAL_ORDER if d in docs)


def _flows(p: PartnershipFile, docs: list[str], main: str) -> tuple[MoneyFlow, ...]:
    flows: list[MoneyFlow] = []
    lead = _lead(p)
    services = {s.id: s.name for s in p.services}
    pool = p.pooled_fund if "section75_agreement" in docs else None
    pooled = {c.party for c in pool.contributions} if pool else set()
    if pool:
        for c in pool.contributions:
            flows.append(MoneyFlow(c.party, pool.host, c.amount, c.financial_year, "section75_agreement",
                                   "contribution to the pooled fund"))
    if p.budget and main in ("mcp_contract", "pacs_agreement") and lead:
        for line in p.budget.lines:
            if line.commissioner in _keeps(p, line, lead.id):
                continue  # kept by a party that provides the service itself: see _retained
            via_pool = line.commissioner in pooled
            payer = pool.host if via_pool else line.commissioner
            flows.append(MoneyFlow(payer, lead.id, line.amount, p.budget.financial_year, main,
                                   services.get(line.service, line.service), via_pool,
                                   line.commissioner if via_pool else None))
    if p.improvement_scheme and p.budget and main in ("mcp_contract", "pacs_agreement") and lead:
        payer = _payer(p, lead.id)
        scheme = p.improvement_scheme
        total = sum((line.amount for line in p.budget.lines), Decimal(0))
        amount = scheme.amount if scheme.amount is not None else total * scheme.percent_of_budget / 100
        if payer:
            flows.append(MoneyFlow(payer, lead.id, amount, p.budget.financial_year, main,
                                   "improvement payment (the most payable)"))
    if p.alliance and p.alliance.risk_reward_pool and "alliance_agreement" in docs:
        for c in p.alliance.risk_reward_pool.contributions:
            flows.append(MoneyFlow(c.party, c.underlying_contract, c.amount, None, "alliance_agreement",
                                   "held back from the underlying contract for the risk and reward pool"))
    if p.place and p.place.shared_costs and "place_memorandum" in docs:
        # the only money a place-based memorandum moves: contributions to shared costs, never a pooled budget
        held_by = p.place.shared_costs.held_by
        for c in p.place.shared_costs.contributions:
            flows.append(MoneyFlow(c.party, held_by, c.amount, c.financial_year, "place_memorandum",
                                   "contribution to the shared costs" if c.party != held_by
                                   else "its own contribution to the shared costs, which it keeps"))
    if p.risk_share and "risk_share_agreement" in docs:
        # each scheme's payments run between its payer and each sharing party, never to the payer itself;
        # their size depends on the outturn, so the flow is the most its cap or collar allows (none: no flow)
        for scheme in scheme_terms(p):
            for share in scheme.shares:
                if scheme.payer is None or share.party == scheme.payer:
                    continue
                if scheme.gain_cap is not None:
                    flows.append(MoneyFlow(scheme.payer, share.party, scheme.gain_cap, None, "risk_share_agreement",
                                           "the most payable for a share of a gain a year", scheme=scheme.name))
                if scheme.loss_collar is not None:
                    flows.append(MoneyFlow(share.party, scheme.payer, scheme.loss_collar, None, "risk_share_agreement",
                                           "the most payable for a share of a loss a year", scheme=scheme.name))
    if p.integration_agreement and "integration_agreement" in docs and lead:
        rate = p.integration_agreement.payment_per_patient
        for x in p.parties:
            if x.kind == "gp_practice" and x.list_size is not None:
                flows.append(MoneyFlow(lead.id, x.id, rate * x.list_size, None, "integration_agreement",
                                       "integration payment a year"))
    flows.extend(_network_flows(p, docs))
    return tuple(flows)


def structured_sources(p: PartnershipFile) -> list[tuple[int, "NetworkMoneySource"]]:
    """The network money sources given as data, with their index in `network.money.sources` (a line of
    text names no payer or amount the model could use)."""
    if p.network is None:
        return []
    return [(i, s) for i, s in enumerate(p.network.money.sources) if not isinstance(s, str)]


def _schedules(p: PartnershipFile, docs: list[str]) -> tuple[ScheduleFacts, ...]:
    out = []
    sources = {s.paid_under: (i, s) for i, s in structured_sources(p) if s.paid_under} \
        if "network_agreement" in docs else {}
    members = tuple(m.party for m in p.network.members) if p.network else ()
    practices = members or tuple(x.id for x in p.parties if x.kind == "gp_practice")
    for doc_id, section in SCHEDULE_SECTIONS.items():
        s = getattr(p, section)
        if s is None or doc_id not in docs:
            continue
        employers = tuple(dict.fromkeys([line.employer for line in s.staffing]
                                        + [w.employer for w in getattr(s, "link_workers", [])]))
        named = sources.get(doc_id)
        if named:  # network money: paid to the holder, once, under this schedule
            i, src = named
            out.append(ScheduleFacts(doc_id, section, s.attaches_to, s.provider, src.payer, p.network.money.held_by,
                                     src.annual_amount, src.financial_year, src.start_date or s.start_date, i,
                                     practices, employers))
        else:
            out.append(ScheduleFacts(doc_id, section, s.attaches_to, s.provider, s.commissioner,
                                     s.provider if s.commissioner else None, s.annual_value, None, s.start_date, None,
                                     practices, employers))
    return tuple(out)


def _network_flows(p: PartnershipFile, docs: list[str]) -> list[MoneyFlow]:
    """The schedules' payments, the network money paid to the holder, and the holder's payments of each
    share. A schedule whose payment a network money source names is one flow, not two: the source says
    the money is network money paid to the holder, the schedule says what it pays for."""
    flows: list[MoneyFlow] = []
    for s in _schedules(p, docs):
        if s.source is None and s.payer and s.annual_amount is not None:
            flows.append(MoneyFlow(s.payer, s.payee, s.annual_amount, None, s.document,
                                   f"the {SCHEDULE_SERVICES[s.document]} service a year", start=s.start))
    if p.network is None or "network_agreement" not in docs:
        return flows
    holder = p.network.money.held_by
    received: dict[str | None, Decimal] = {}
    for i, src in structured_sources(p):
        instrument = src.paid_under if src.paid_under in docs else "network_agreement"
        start = src.start_date or (getattr(p, SCHEDULE_SECTIONS[src.paid_under]).start_date
                                   if src.paid_under in SCHEDULE_SECTIONS and getattr(p, SCHEDULE_SECTIONS[src.paid_under])
                                   else p.partnership.start_date)
        flows.append(MoneyFlow(src.payer, holder, src.annual_amount, src.financial_year, instrument,
                               f"network money for {src.purpose} a year", start=start, source=i))
        received[src.financial_year] = received.get(src.financial_year, Decimal(0)) + src.annual_amount
    for year, total in received.items():
        for share in p.network.money.shares:
            if share.party != holder:
                # the balance is shared after the Network Costs, so a share of the whole is the most payable
                flows.append(MoneyFlow(holder, share.party, total * share.share / 100, year, "network_agreement",
                                       "share of the Network Money after Network Costs (the most payable)"))
    return flows


def _keeps(p: PartnershipFile, line, lead: str) -> set[str]:
    """Who keeps a budget line instead of paying it across: its commissioner, where that commissioner is
    the Provider itself, or provides the line's service itself in its other capacity. Empty otherwise."""
    who = p.party(line.commissioner)
    if who is None or not who.dual:
        return set()
    service = next((s for s in p.services if s.id == line.service), None)
    if who.id == lead or (service is not None and service.provider == who.id):
        return {who.id}
    return set()


def _payer(p: PartnershipFile, lead: str) -> str | None:
    """The commissioner that pays the improvement payment: the co-ordinating commissioner, else the
    first commissioner; never the Provider itself."""
    commissioners = [x for x in p.parties if x.commissions and x.id != lead]
    return next((x.id for x in commissioners if x.has_role("co_ordinating_commissioner")),
                commissioners[0].id if commissioners else None)


def _retained(p: PartnershipFile, main: str) -> tuple[Retained, ...]:
    lead = _lead(p)
    if not p.budget or main not in ("mcp_contract", "pacs_agreement") or lead is None:
        return ()
    services = {s.id: s.name for s in p.services}
    return tuple(Retained(line.commissioner, line.amount, p.budget.financial_year, main,
                          services.get(line.service, line.service))
                 for line in p.budget.lines if line.commissioner in _keeps(p, line, lead.id))


def _dual(p: PartnershipFile) -> tuple[DualParty, ...]:
    lead = _lead(p)
    return tuple(DualParty(x.id, x.name, next(r for r in x.roles if r in COMMISSIONER_ROLES),
                           next(r for r in x.roles if r in PROVIDER_ROLES),
                           tuple(s.name for s in p.services if s.provider == x.id),
                           lead is not None and lead.id == x.id)
                 for x in p.parties if x.dual)


def _population(p: PartnershipFile) -> PopulationFacts:
    pop = p.partnership.population
    practices = [x for x in p.parties if x.kind == "gp_practice"]
    listed = [x.list_size for x in practices if x.list_size is not None]
    from_lists = bool(practices) and len(listed) == len(practices)
    registered = sum(listed) if from_lists else (pop.registered if pop.registered is not None else sum(listed))
    return PopulationFacts(registered, from_lists, len(listed), pop.unregistered_estimate, pop.whole_area)


def _limit(limit, total: Decimal) -> Decimal | None:
    if limit is None:
        return None
    return limit.amount if limit.amount is not None else total * limit.percent_of_budget / 100


def build_deal(p: PartnershipFile) -> Deal:
    """The deal of a validated partnership file."""
    from .context import KIND_NAMES  # the words for each kind of party live with the template data

    level = p.partnership.integration_level
    docs = documents_of(p)
    main = main_document(p.partnership.care_model, level, p.partnership.organisational_form)
    if main not in docs:
        main = docs[0]
    forms = {x.id: ("an " if KIND_NAMES[x.kind][0] in "aeioN" else "a ") + KIND_NAMES[x.kind] for x in p.parties}
    names = {x.id: x.name for x in p.parties}
    refs = []
    for doc_id in sorted(docs, key=lambda d: (d != main, GENERAL_ORDER.index(d) if d in GENERAL_ORDER else 99)):
        t = BY_ID[doc_id]
        ids = parties_of(p, doc_id)
        refs.append(DocumentRef(doc_id, t.name, SELF_NAMES.get(doc_id, "this Agreement"), tuple(ids),
                                tuple(names[i] for i in ids), t.binding, doc_id == main,
                                _status(p, doc_id, ids, forms) if t.binding else None))
    risk = None
    total = sum((line.amount for line in p.budget.lines), Decimal(0)) if p.budget else Decimal(0)
    if p.risk_share:
        holder = "risk_share_agreement" if "risk_share_agreement" in docs else main
        schemes = tuple(scheme_terms(p))
        several = p.several_schemes
        risk = RiskShareTerms(
            holder, BY_ID[holder].name, _words([s.metric for s in schemes]),
            None if several else p.risk_share.baseline, None if several else p.risk_share.baseline_year,
            ("changes in national prices, or in the prices agreed with the hospital providers concerned",
             "growth or change in the population served, at the rate the Parties agree",
             "changes in the way activity is counted or coded",
             "services moving into or out of the measure, including services moving into or out of the main contract"),
            "the previous year's baseline adjusted only for changes in national prices", schemes, several)
    single = p.risk_share if p.risk_share is not None and not p.several_schemes else None
    caps = Caps(_limit(p.legal.liability_cap, total),  # several schemes: each has its own (deal.risk_share.schemes)
                _limit(single.gain_cap, total) if single else None,
                _limit(single.loss_collar, total) if single else None)
    underlying = tuple(c.contract for c in p.alliance.underlying_contracts) if p.alliance else ()
    flows = _flows(p, docs, main)
    network = None
    if p.network is not None and "network_agreement" in docs:
        network = NetworkFacts(tuple(m.party for m in p.network.members), p.network.money.held_by,
                               tuple((s.party, s.share) for s in p.network.money.shares),
                               tuple(x.id for x in p.parties if x.kind == "gp_practice"),
                               tuple((x.id, x.name) for x in p.parties))
    team = tuple(TeamLine(x.role, x.employer, names.get(x.employer, x.employer), x.wte)
                 for x in p.care_network.team) if p.care_network else ()
    shared = None
    if p.place is not None and p.place.shared_costs is not None and "place_memorandum" in docs:
        sc = p.place.shared_costs
        ids = list(dict.fromkeys([sc.held_by] + [c.party for c in sc.contributions]))
        if all(i in names for i in ids):
            shared = _status(p, "place_memorandum", ids, forms)
    return Deal(main, tuple(refs), _precedence(p, docs), flows, risk, _population(p), caps, underlying,
                _pool(p, docs, flows, names), network, _schedules(p, docs), _dual(p), _retained(p, main), team,
                shared)


def _pool(p: PartnershipFile, docs: list[str], flows: tuple[MoneyFlow, ...], names: dict[str, str]) -> PoolFacts | None:
    pf = p.pooled_fund
    if pf is None or "section75_agreement" not in docs:
        return None
    contributors = tuple(dict.fromkeys(c.party for c in pf.contributions))
    years = sorted({c.financial_year for c in pf.contributions})
    totals = tuple(YearTotal(y, sum((c.amount for c in pf.contributions if c.financial_year == y), Decimal(0)))
                   for y in years)
    paid = [f for f in flows if f.via_pool]
    pays_for = tuple(dict.fromkeys(f.funder for f in paid if f.funder))
    return PoolFacts(pf.host, names[pf.host], contributors, totals, pays_for, tuple(names[i] for i in pays_for),
                     sum((f.amount for f in paid), Decimal(0)), paid[0].financial_year if paid else None,
                     names[paid[0].payee] if paid else None)


def _words(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def scheme_terms(p: PartnershipFile) -> list[SchemeTerms]:
    """Every risk and gain share scheme of the file, its limits in pounds, its parties and payer settled."""
    total = sum((line.amount for line in p.budget.lines), Decimal(0)) if p.budget else Decimal(0)
    commissioners = tuple(x.id for x in p.parties if x.commissions)  # in any capacity
    coordinating = next((x.id for x in p.parties if x.has_role("co_ordinating_commissioner")), None)
    names = {x.id: x.name for x in p.parties}
    out = []
    for _, s in p.risk_share_schemes():
        own = tuple(getattr(s, "commissioners", ())) or commissioners
        payer = getattr(s, "payer", None) or (coordinating if coordinating in own else (own[0] if own else None))
        shares = tuple(SchemeShare(x.party, names.get(x.party, x.party), x.gain_share, x.loss_share) for x in s.parties)
        out.append(SchemeTerms(getattr(s, "id", None), getattr(s, "name", s.metric), s.metric, s.baseline,
                               s.baseline_year, _limit(s.threshold, total), _limit(s.gain_cap, total),
                               _limit(s.loss_collar, total), own, payer, shares, s.reconciliation.monitoring,
                               s.reconciliation.year_end_days, s.reconciliation.payment_days))
    return out
