"""The partnership file, format v1: typed fields with a docstring each.

The docstrings become the descriptions in `contractgen schema` (JSON Schema), so an editor
shows them as a commissioner types. Money is `Decimal`, dates are `date`, and nothing is
coerced: a number where text is expected is an error (codes such as ODS codes included, which
must be quoted). Each constrained field says in words what it expects (`Expected`), and
`validate` reads its messages from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)

from ..care_models import CARE_MODEL_IDS
from ..doctypes import DOCUMENT_IDS

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Expected:
    """What a constrained field expects, in words: the message `validate` gives when a value breaks
    the constraint, and (as `patternErrorMessage`, which editors show) part of the JSON Schema.
    `pattern`: for text that does not match the field's pattern; `kind`: for a value of the
    wrong kind (text where an amount is expected)."""

    pattern: str | None = None
    kind: str | None = None
    fix: str | None = None  # what to do, added to the message when a pattern fails

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        if self.pattern:
            schema["patternErrorMessage"] = f"expected {self.pattern}"
        return schema


def _money(value: object) -> object:
    # ints and Decimals are exact; floats never reach here (the loader reads them as Decimal)
    if isinstance(value, bool):
        return value  # rejected below as "expected an amount"
    if isinstance(value, int):
        return Decimal(value)
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    Field(ge=0, max_digits=15, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0, "description": "An amount in pounds sterling."}),
    Expected(kind="an amount in pounds like 1000"),
]
Percent = Annotated[
    Decimal,
    BeforeValidator(_money),
    Field(ge=0, le=100, max_digits=7, decimal_places=4),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100, "description": "A percentage, 0 to 100."}),
    Expected(kind="a percentage like 12.5, without the % sign"),
]
Quantity = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema({"type": "number"}),
    Expected(kind="a number like 14.2"),
]
# Codes are text: an unquoted 0012345 is a number to YAML, and an octal 5349 to a YAML 1.1 reader,
# so a code must be quoted, as the JSON Schema says
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"\S"),
                 Expected(kind='a code in quotes, like "M87001" or "0012345"', pattern="a code, not only spaces")]
IDENTIFIER_PATTERN = r"^[a-z][a-z0-9_]*$"
Identifier = Annotated[
    str,
    Field(pattern=IDENTIFIER_PATTERN, max_length=64),
    Expected(pattern="an identifier of lower-case letters, digits and _, like valley_ccg"),
]
FinancialYear = Annotated[str, Field(pattern=r"^\d{4}/\d{2}$"), Expected(pattern="a financial year like 2018/19")]
# \S: a name of spaces alone prints as nothing ("Provider means .")
_SOME_TEXT = Expected(pattern="some text, not only spaces", fix="write the text, or leave out a key that is optional")
# a name, address or title is printed on one line (a cover, a table cell, a signature block), where
# a line break would split it differently in every format
Name = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\r\n]*\S[^\r\n]*$"),
                 Expected(pattern="some text on one line, not only spaces",
                          fix="write the text on one line, or leave out a key that is optional")]
Prose = Annotated[str, Field(min_length=1, max_length=5000, pattern=r"\S"), _SOME_TEXT]


class Model(BaseModel):
    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        populate_by_name=False,
    )

    illustrative: bool | list[Identifier] = False
    """Values of this entry that are illustrative, not sourced: a list of its keys (for instance
    `[ods_code, list_size]`), or `true` for every value it gives. Documents show each such value
    bracketed and highlighted, as "[9,800: ILLUSTRATIVE]", and `lint` lists it."""


def value_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The keys of an entry whose values a document prints (text, numbers, amounts, dates, lists of
    text): what `illustrative` may name. Ids, references to other entries, choices from a fixed list,
    yes/no flags and nested entries are structure, not values."""
    return tuple(name for name, info in model.model_fields.items()
                 if name not in ("id", "illustrative") and _is_value(info.annotation, info.metadata))


def _is_value(annotation: object, metadata: list) -> bool:
    import typing

    if any(getattr(m, "pattern", None) == IDENTIFIER_PATTERN for m in metadata):
        return False
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *extra = typing.get_args(annotation)
        extra = [x for m in extra for x in ([m, *getattr(m, "metadata", [])])]
        return _is_value(base, extra)
    if origin in (typing.Union, __import__("types").UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        # a list that may hold lines of text or entries (network money sources) may be named: its lines
        # are values, and each entry is marked by its own `illustrative`
        values = [_is_value(a, []) for a in args]
        return any(values) if any(_model(a) for a in args) else all(values)
    if origin is list:
        return _is_value(typing.get_args(annotation)[0], [])
    if origin is Literal or annotation is bool:
        return False
    return annotation in (str, int, Decimal, date)


def _model(annotation: object) -> bool:
    import typing

    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


# ---------------------------------------------------------------- partnership

CareModel = Literal[CARE_MODEL_IDS]  # type: ignore[valid-type]  # one registry: contractgen.care_models
IntegrationLevel = Literal["virtual", "partial", "full"]
OrganisationalForm = Literal[
    "federation",
    "network",
    "collaboration",
    "alliance",
    "prime_provider",
    "lead_provider",
    "host_trust",
    "sub_contracting",
    "joint_venture",
    "new_organisation",
    "merger",
    "memorandum",
]


class Population(Model):
    registered: int | None = Field(default=None, ge=0)
    """People on the registered lists of the participating practices. Leave it out when every
    practice gives its `list_size`: the documents then state the sum of the lists, and a figure
    given here must equal it."""
    unregistered_estimate: int = Field(default=0, ge=0)
    """An estimate of the people the partnership serves who are not registered with a practice."""
    whole_area: int | None = Field(default=None, ge=0)
    """The population of the whole area (for instance everyone registered with any practice in
    it, or its residents), where it differs from the participating practices' lists. Documents
    show it labelled as a whole-area figure, never as the registered population. Required for a
    `place_based` partnership, whose population is that of its whole footprint (leave `registered`
    out there: it has no participating practices' lists)."""


class DraftInfo(Model):
    version: Name
    """The draft's version, for instance "0.3". Shown in the header of every page."""
    status: Name = "working draft"
    """Where the draft stands: "working draft", "for consultation", "for signature"..."""
    date: date
    """The date of this draft. It is also the date stamped on the DOCX, so output is reproducible."""


class PartnershipInfo(Model):
    name: Name
    """The partnership's full name, for instance "Dudley Multispecialty Community Provider"."""
    short_name: Name | None = None
    """A short name used in running text; defaults to the full name."""
    area: Name
    """The place the partnership serves, for instance "Dudley"."""
    care_model: CareModel
    """`mcp` (multispecialty community provider), `pacs` (integrated primary and acute care system),
    `gp_network` (GP practices working together as a federation or network under a network agreement,
    each keeping its own GMS, PMS or APMS contract), `place_based` (a place-based partnership, such as
    a sustainability and transformation partnership: commissioners, NHS providers and councils planning
    together across a footprint under a memorandum of understanding drafted from `place`, which pools
    no budget and no statutory function), `primary_care_home` (practices serving 30,000 to 50,000
    registered patients with a multidisciplinary team around them) or `care_closer_to_home` (a
    care-closer-to-home integrated network of health, social care and the voluntary sector around a
    community). The last two are drafted from `care_network` and have no integration level."""
    integration_level: IntegrationLevel | None = None
    """For an MCP or PACS (required there): how far GP services are inside the contract: `virtual` (an
    alliance over existing contracts), `partial` (GP contracts kept, linked by integration agreements) or
    `full` (GP contracts suspended and primary medical services inside the whole population budget).
    Leave it out for a `gp_network`, a `place_based` partnership, a `primary_care_home` or a
    `care_closer_to_home`: the practices (or the partners, or the members) keep their own contracts and
    there is no single contract for them to be integrated into."""
    organisational_form: OrganisationalForm
    """The organisational form the partners chose. For an MCP or PACS: `alliance`, `prime_provider`,
    `lead_provider`, `host_trust`, `sub_contracting`, `joint_venture`, `new_organisation` or `merger`.
    For a `gp_network` (the names are used loosely in practice; pick the one the practices use):
    `federation` (usually with a federation company the practices own), `network`, `collaboration`,
    `joint_venture` or `alliance`. For a `place_based` partnership: `memorandum` (the partners plan
    together under a memorandum of understanding and keep their own budgets and decisions). For a
    `primary_care_home` or `care_closer_to_home`: `network` or `collaboration` (the members sign a
    memorandum of understanding that does not bind them) or `alliance` (they sign a binding alliance
    agreement)."""
    population: Population
    """The population the partnership serves."""
    start_date: date
    """The service commencement date (for a `place_based` partnership: the day its memorandum takes effect)."""
    term_years: int = Field(ge=1, le=25)
    """The initial term of the contract, in whole years (10 to 15 is usual for an MCP contract; for a
    `place_based` partnership, how long its memorandum lasts unless the partners end it sooner)."""
    draft: DraftInfo
    """Which draft this is."""


# ---------------------------------------------------------------- parties

PartyKind = Literal[
    "ccg",
    "nhs_england",
    "local_authority",
    "nhs_trust",
    "foundation_trust",
    "gp_practice",
    "gp_federation",
    "voluntary_sector",
    "social_enterprise",
    "company",
]
PartyRole = Literal[
    "commissioner",
    "co_ordinating_commissioner",
    "provider",
    "prime_provider",
    "lead_provider",
    "sub_contractor",
    "participant",
]

COMMISSIONER_ROLES = ("commissioner", "co_ordinating_commissioner")
PROVIDER_ROLES = ("provider", "prime_provider", "lead_provider", "sub_contractor")


class Signatory(Model):
    name: Name
    """The person who signs for the party."""
    title: Name
    """Their job title, for instance "Accountable Officer"."""


class GPContract(Model):
    type: Literal["gms", "pms", "apms"]
    """The practice's primary medical services contract: `gms`, `pms` or `apms`."""
    status: Literal["retained", "suspended", "terminated"]
    """What happens to it under this partnership: `retained` (virtual and partial integration),
    `suspended` or `terminated` (full integration)."""


class Party(Model):
    id: Identifier
    """A short identifier used to refer to the party elsewhere in the file, for instance `dudley_ccg`."""
    name: Name
    """The party's legal name."""
    short_name: Name | None = None
    """A shorter name for the title block of each document the party is party to, for instance
    `Dudley CCG`. The legal name is used where this is not given."""
    kind: PartyKind
    """What kind of organisation the party is."""
    role: PartyRole
    """The party's role in the partnership."""
    also_roles: list[PartyRole] = []
    """A second role the party holds in another capacity, for a party that both commissions and
    provides: a council that commissions adult social care (`role: commissioner`) and also provides
    reablement itself (`also_roles: [provider]`), or a CCG that hosts a service it provides. Give one
    commissioning role (`commissioner` or `co_ordinating_commissioner`) and one providing role
    (`provider`, `prime_provider`, `lead_provider` or `sub_contractor`) between `role` and `also_roles`,
    in either order. The party is then a Commissioner and a Provider (or Partner Provider) in each
    document, signs it once, and keeps the part of its budget contribution that pays for a service
    it provides itself instead of paying it across; the documents say in which capacity it acts
    wherever the two meet, and it does not vote as a commissioner on decisions about its own services."""
    ods_code: Code | None = None
    """The party's ODS code, kept exactly as written. A code of digits alone goes in quotes ("0012345"),
    or YAML would read a number and lose its leading zeros."""
    address: Name | None = None
    """The party's registered office or principal address."""
    company_number: Code | None = None
    """Companies House number, for a company, in quotes ("01234567") so its leading zeros are kept."""
    legal_form: Name | None = None
    """The party's legal form as it reads after its name, for instance "a partnership", "a company limited
    by guarantee" or "a charitable incorporated organisation". Give it for a GP practice, GP federation,
    voluntary sector organisation, social enterprise or company, whose kind does not settle its form: where
    it is absent the documents show the kind followed by "[legal form to be confirmed]". A commissioner or
    NHS trust has none to give: its kind is its legal form."""
    signatory: Signatory | None = None
    """Who signs for the party."""
    list_size: int | None = Field(default=None, ge=0)
    """For a GP practice: its registered list size."""
    gp_contract: GPContract | None = None
    """For a GP practice: its GMS, PMS or APMS contract and what happens to it."""

    @property
    def roles(self) -> tuple[str, ...]:
        """Every role the party holds: `role`, then `also_roles`."""
        return (self.role, *self.also_roles)

    def has_role(self, *roles: str) -> bool:
        """Whether the party holds any of `roles`, in any capacity."""
        return any(r in roles for r in self.roles)

    @property
    def commissions(self) -> bool:
        """Whether the party commissions, in any capacity."""
        return self.has_role(*COMMISSIONER_ROLES)

    @property
    def provides(self) -> bool:
        """Whether the party provides services (a sub-contractor included), in any capacity."""
        return self.has_role(*PROVIDER_ROLES)

    @property
    def dual(self) -> bool:
        """Whether the party both commissions and provides."""
        return self.commissions and self.provides


# ---------------------------------------------------------------- services and money

class Service(Model):
    id: Identifier
    """A short identifier for the service."""
    name: Name
    """The service's name as it should appear in the contract."""
    description: Prose | None = None
    """One or two sentences on what the service covers."""
    provider: Identifier | None = None
    """The id of the party that mainly delivers the service."""


class BudgetLine(Model):
    service: Identifier
    """The id of the service this line pays for."""
    amount: Money
    """The annual amount in pounds."""
    commissioner: Identifier
    """The id of the commissioner contributing the amount."""
    primary_medical: bool = False
    """True where the line pays for core primary medical services (GMS/PMS/APMS)."""
    note: Name | None = None
    """A short note shown in the budget schedule."""


class Budget(Model):
    financial_year: FinancialYear
    """The first contract year the amounts are for, as "2018/19"."""
    lines: list[BudgetLine] = Field(min_length=1)
    """The whole population budget, line by line."""
    stated_total: Money | None = None
    """The total the partners agreed; when given it must equal the sum of the lines."""
    uplift: Prose = "in line with the growth in the Commissioners' own allocations"
    """How the budget is uplifted each year after the first, as it completes "the budget is uplifted ...",
    for instance "in line with the growth in the Co-ordinating Commissioner's own allocation". Name a party
    or body by the name the documents give it."""


class Metric(Model):
    id: Identifier
    """A short identifier for the metric."""
    name: Name
    """What is measured."""
    unit: Name
    """The unit, for instance "% of patients" or "admissions per 1,000"."""
    baseline: Quantity
    """The value at the start."""
    target: Quantity
    """The year-one target."""
    weight: Percent
    """The share of the improvement payment that depends on this metric (weights sum to 100)."""
    higher_is_better: bool = True
    """Whether a higher value is an improvement."""


class ImprovementScheme(Model):
    amount: Money | None = None
    """The improvement payment at risk each year, in pounds. Give this or `percent_of_budget`."""
    percent_of_budget: Percent | None = None
    """The improvement payment as a percentage of the whole population budget."""
    metrics: list[Metric] = Field(min_length=1)
    """The metrics the payment depends on."""


class Limit(Model):
    amount: Money | None = None
    """A limit in pounds. Give this or `percent_of_budget`."""
    percent_of_budget: Percent | None = None
    """A limit as a percentage of the whole population budget."""


class ShareParty(Model):
    party: Identifier
    """The id of the party sharing in the gains and losses."""
    gain_share: Percent
    """Its percentage of any shareable gain."""
    loss_share: Percent
    """Its percentage of any shareable loss."""


class Reconciliation(Model):
    monitoring: Literal["monthly", "quarterly"] = "quarterly"
    """How often the parties review spend against the baseline during the year."""
    year_end_days: int = Field(default=90, ge=1, le=365)
    """Days after the year end by which the year-end reconciliation is agreed."""
    payment_days: int = Field(default=30, ge=1, le=365)
    """Days after agreement by which the balancing payments are made."""


class RiskShare(Model):
    metric: Name
    """What is measured, for instance "non-elective acute spend"."""
    baseline: Money
    """The baseline annual spend against which gains and losses are measured."""
    baseline_year: FinancialYear
    """The financial year of the baseline, as "2016/17"."""
    threshold: Limit
    """The deadband: variation within it stays with the commissioner."""
    parties: list[ShareParty] = Field(min_length=2)
    """Who shares, and in what proportions."""
    gain_cap: Limit | None = None
    """The most any one party can gain in a year."""
    loss_collar: Limit | None = None
    """The most any one party can lose in a year."""
    reconciliation: Reconciliation = Reconciliation()
    """Monitoring and year-end reconciliation."""


class _SchemeName(Model):
    id: Identifier
    """A short identifier for the scheme, unique in the file, for instance `non_elective`."""
    name: Name
    """The scheme's name as the documents give it, for instance "Non-elective admissions scheme"."""


class RiskShareScheme(RiskShare, _SchemeName):
    """One scheme of several in one risk and gain share agreement: its own measure, baseline, threshold,
    sharing parties and shares, cap and collar, payer and timetable. A party takes part only in the
    schemes that name it."""

    commissioners: list[Identifier] = []
    """The ids of the commissioners whose spend the scheme measures, who keep or bear what is not
    shared. Absent: every commissioner of the file."""
    payer: Identifier | None = None
    """The id of the commissioner (one of `commissioners`) that works out the scheme's figures, pays
    each sharing party its share of a gain and receives its share of a loss. Absent: the co-ordinating
    commissioner where it takes part in the scheme, else the first of the scheme's commissioners."""


class RiskShareSchemes(Model):
    """Several risk and gain share schemes, held in one risk and gain share agreement."""

    schemes: list[RiskShareScheme] = Field(min_length=1)
    """The schemes, each with its own `id` and `name`; the agreement gives each its own schedule, in
    this order."""


def _risk_share_form(value: object) -> str:
    # a mapping when a file is read; the model itself when it is written back out (model_dump)
    return "schemes" if (isinstance(value, dict) and "schemes" in value) or isinstance(value, RiskShareSchemes) \
        else "single"


# pydantic puts the tag in an error's location; load.py leaves names starting "form:" out of the path
RiskShareSection = Annotated[
    Union[Annotated[RiskShare, Tag("form:single")], Annotated[RiskShareSchemes, Tag("form:schemes")]],
    Discriminator(lambda v: "form:" + _risk_share_form(v)),
]



# ---------------------------------------------------------------- legal options

class PartyLiabilityCap(Model):
    party: Identifier
    """The id of the party whose liability is capped."""
    amount: Money
    """The most that party can be liable for in any period of twelve months, in pounds."""


class LegalTerms(Model):
    disputes: Literal["mediation_then_expert", "arbitration"] = "mediation_then_expert"
    """How disputes end: escalation, then mediation, then expert determination of technical and financial
    questions (`mediation_then_expert`), or escalation, then mediation, then arbitration (`arbitration`)."""
    liability_cap: "Limit | None" = None
    """The most any one party can be liable for in a contract year. A party of a kind that usually bears
    less (a GP practice, a GP federation, a voluntary sector organisation, a social enterprise or a company)
    takes the lower of this and its default cap. Absent: every party takes the default cap for its kind:
    £10,000,000 for an NHS trust or foundation trust, £5,000,000 for a commissioner (a CCG, NHS England or
    a local authority), £1,000,000 for a GP federation, voluntary sector organisation, social enterprise or
    company, and £500,000 for a GP practice."""
    liability_caps: list[PartyLiabilityCap] = []
    """A cap for a named party, which replaces both `liability_cap` and the default for its kind."""
    exit_notice_months: int = Field(default=12, ge=1, le=36)
    """Months of notice a party gives to leave an agreement. Under an MCP contract or a PACS agreement it
    applies to the partner providers and participants; the provider and the commissioners have their own
    periods below."""
    provider_notice_months: int = Field(default=24, ge=6, le=60)
    """Months of notice the provider of an MCP contract or PACS agreement must give to end it without
    cause: long enough for the commissioners to procure a successor (24 suits a 10 to 15 year contract).
    Otherwise the provider may end it only when the commissioners do not pay."""
    commissioner_notice_months: int = Field(default=12, ge=3, le=60)
    """Months of notice the commissioners give to end an MCP contract or PACS agreement without cause."""
    remedy_business_days: int = Field(default=40, ge=5, le=130)
    """Business days the provider has to remedy a material breach after notice, before the commissioners
    may end the contract for it."""
    new_members: Literal["unanimous", "majority"] = "unanimous"
    """How the parties agree to admit a new member."""


class Procurement(Model):
    early_engagement: date
    """When NHS England was first engaged under the integrated support and assurance process."""
    checkpoint_1: date
    """Checkpoint 1: before procurement starts."""
    checkpoint_2: date
    """Checkpoint 2: preferred bidder chosen, before signature."""
    checkpoint_3: date
    """Checkpoint 3: before services start."""


# ---------------------------------------------------------------- the other documents

class NamedPerson(Model):
    name: Name
    """The person's name."""
    title: Name
    """Their job title."""
    party: Identifier
    """The id of the party they work for."""


class Objective(Model):
    name: Name
    """What the alliance sets out to achieve."""
    kpi: Name
    """How it is measured."""
    target: Name
    """The target, in words and figures, for instance "5% fewer by March 2019"."""
    weight: Percent | None = None
    """The share of the risk and reward pool that depends on this objective's target (the weights of all
    objectives sum to 100). Absent on every objective: the objectives weigh the same."""
    data_source: Name | None = None
    """Where the figure that shows whether the target is met comes from, for instance "Secondary Uses
    Service, freeze date 30 June". Absent: the agreement leaves a bracketed space for it."""


class PoolShare(Model):
    party: Identifier
    """The id of a party sharing in the pool."""
    share: Percent
    """Its percentage share of the pool's gains and losses."""


class PoolContribution(Model):
    party: Identifier
    """The id of the commissioner that funds this part of the pool."""
    underlying_contract: Identifier
    """The id of the provider whose underlying contract (with that commissioner) the amount is held back
    from."""
    amount: Money
    """The amount held back each year, in pounds."""


class RiskRewardPool(Model):
    amount: Money
    """The amount at risk in the pool each year."""
    shares: list[PoolShare] = Field(min_length=2)
    """How the earned part of the pool is shared between the parties."""
    contributions: list[PoolContribution] = []
    """Where the pool comes from: which commissioner holds back how much from which underlying contract
    (the amounts sum to `amount`). Absent: the agreement leaves a bracketed space and `validate` warns."""
    payment_days: int = Field(default=90, ge=1, le=365)
    """Days after the end of each year by which the earned part of the pool is paid."""


class UnderlyingContract(Model):
    party: Identifier
    """The id of the provider holding the contract."""
    contract: Name
    """The contract, for instance "NHS Standard Contract 2017/19 for community services"."""
    commissioner: Identifier
    """The id of the commissioner it is held with."""


class Alliance(Model):
    leadership_team: list[NamedPerson] = Field(min_length=2)
    """The Alliance Leadership Team: members chosen for what they bring, not as delegates."""
    chair: int = Field(ge=1)
    """The member who chairs, by position in `leadership_team` (1 is the first)."""
    decision_rule: Literal["unanimous", "consensus"] = "unanimous"
    """How the Alliance Leadership Team decides."""
    objectives: list[Objective] = Field(min_length=1)
    """The alliance's objectives and how each is measured."""
    risk_reward_pool: RiskRewardPool | None = None
    """A shared risk and reward pool, if there is one."""
    underlying_contracts: list[UnderlyingContract] = Field(min_length=1)
    """Each provider's own contract, which the alliance sits over and does not replace."""
    term_years: int = Field(ge=1, le=15)
    """The alliance's term in years."""


class IntegrationAgreementTerms(Model):
    nhs_contract: bool = True
    """Whether the GMS and PMS practices enter the integration agreement as health service bodies, so
    that it is an NHS contract (section 9 of the NHS Act 2006) between them and the lead provider
    where it is one too. An APMS practice, a company or a federation cannot be a health service body:
    the agreement is an enforceable contract with them whatever this says."""
    forum: Name
    """The forum through which the practices take part in decisions."""
    payment_per_patient: Money
    """What the lead provider pays each practice a year per registered patient for integrated working."""
    integrated_services: list[Identifier] = Field(min_length=1)
    """The ids of the services the practices deliver in an integrated way."""


class Contribution(Model):
    party: Identifier
    """The id of the contributing partner."""
    financial_year: FinancialYear
    """The year of the contribution, as "2017/18"."""
    amount: Money
    """The contribution in pounds."""


class PooledFund(Model):
    host: Identifier
    """The id of the host partner, which accounts for and audits the pooled fund."""
    pool_manager: NamedPerson
    """The officer who manages the pooled fund."""
    aims: list[Name] = Field(min_length=1)
    """The aims and outcomes of the arrangement."""
    nhs_functions: list[Name] = Field(min_length=1)
    """The NHS functions the arrangement covers."""
    health_related_functions: list[Name] = Field(min_length=1)
    """The health-related functions of the local authority it covers."""
    persons_and_services: Prose
    """The people and services the arrangement is for."""
    resources: Prose
    """The staff, goods, services and accommodation provided."""
    contributions: list[Contribution] = Field(min_length=2)
    """Each partner's contribution."""
    pool_total: Money | None = None
    """The pooled fund's total for every year, where the contributions add up to the same each
    year; it must then equal each year's sum. Leave it out where the totals differ by year (a
    first part year, say): the agreement states each year's total, summed from the contributions."""
    overspend: Literal["in_proportion", "partner_responsible", "host"] = "in_proportion"
    """Who meets an overspend at the end of a financial year that the annual plan does not deal with:
    `in_proportion` (the partners, in proportion to their contributions for that year),
    `partner_responsible` (the partner whose functions the overspend arose in) or `host` (the host partner)."""
    underspend: Literal["in_proportion", "carried_forward"] = "in_proportion"
    """What happens to an underspend that the annual plan does not deal with: `in_proportion`
    (returned to the partners in proportion to their contributions) or `carried_forward` (kept in
    the pooled fund for the next year)."""
    variation_of_contributions: Prose = "by written agreement of the partners, approved by each partner's governing body"
    """How contributions may be varied."""
    term_years: int = Field(ge=1, le=15)
    """The arrangement's term in years."""
    review_months: int = Field(default=12, ge=1, le=60)
    """How often, in months, the arrangement is reviewed."""


PensionArrangement = Literal["nhs_pension_scheme", "broadly_comparable", "lgps_admitted_body"]


class StaffTransfer(Model):
    transferor: Identifier
    """The id of the party that employs the staff before the transfer."""
    transferee: Identifier
    """The id of the party that employs them after it."""
    staff_group: Name
    """Who transfers, in a few words, for instance "adult social care staff" or "salaried GPs"."""
    headcount: int = Field(ge=1)
    """About how many people transfer (the employee liability information gives the exact list)."""
    transfer_date: date
    """The day the staff become the transferee's employees; it must fall within the term."""
    pension: PensionArrangement
    """How their pensions are protected: `nhs_pension_scheme` (the transferee gives access to the NHS
    Pension Scheme, as an NHS employer or through a direction), `broadly_comparable` (a scheme the
    Government Actuary's Department certifies as broadly comparable) or `lgps_admitted_body` (the
    transferee becomes an admitted body of the Local Government Pension Scheme, for council staff)."""
    services: list[Identifier] = []
    """The ids of the services the staff work in, where they can be named."""


DelegationBasis = Literal["care_act_delegation", "integrated_provision"]


class DelegatedFunction(Model):
    name: Name
    """The function, for instance "assessing adults' needs for care and support"."""
    source: Name
    """Its statutory source, for instance "Care Act 2014, sections 9 and 10"."""


class CouncilFunctions(Model):
    council: Identifier
    """The id of the local authority whose functions an NHS body carries out."""
    provider: Identifier
    """The id of the NHS trust or foundation trust that carries them out."""
    basis: DelegationBasis
    """The legal route: `care_act_delegation` (the council authorises the trust to carry out care and
    support functions under section 79 of the Care Act 2014) or `integrated_provision` (the trust
    carries out the council's health-related functions with its own NHS functions, under section 75 of
    the NHS Act 2006 and the 2000 partnership arrangements regulations)."""
    functions: list[DelegatedFunction] = Field(min_length=1)
    """The functions the trust carries out, each with its statutory source."""
    retained: list[Name] = [
        "its statutory responsibility for the functions, which stays with it whoever carries them out",
        "its duties to promote the integration of care and support with health services and to co-operate with its partners",
        "its duties as a member of the Safeguarding Adults Board and its safeguarding enquiry duties",
        "every decision to charge for care and support, and the recovery of charges",
    ]
    """What the council keeps (the defaults are what section 79 of the Care Act 2014 does not let it
    delegate, or what it answers for in any case)."""
    start_date: date | None = None
    """The day the trust starts to carry out the functions; defaults to the service commencement date."""


class DataItem(Model):
    name: Name
    """The data item, for instance "NHS number"."""
    category: Literal["personal", "special_category", "pseudonymised", "aggregate"]
    """Its category under data protection law."""


class InformationSharing(Model):
    purpose: Prose
    """Why the data are shared."""
    direct_care: bool = True
    """Whether the sharing is for individual care (which brings the duty to share)."""
    data_items: list[DataItem] = Field(min_length=1)
    """The data shared."""
    frequency: Name
    """How often data are shared, for instance "daily"."""
    method: Prose
    """How data travel and are kept secure."""
    retention: Prose
    """How long data are kept, and what happens then."""
    caldicott_guardian: NamedPerson
    """The Caldicott Guardian who signs the agreement off."""
    data_protection_officer: NamedPerson | None = None
    """The data protection officer (required from 25 May 2018)."""
    date: date
    """The date the agreement takes effect; it decides which data protection law it cites."""


class Memorandum(Model):
    aims: list[Name] = Field(min_length=1)
    """What the partners aim to do together, each as it completes "The Partners' aims are: ...", for
    instance "to agree the scope, governance and financial basis of the integrated care organisation"."""
    principles: list[Name] = Field(min_length=1)
    """The behaviours the partners commit to."""
    costs: Prose = "each partner meets its own costs of taking part"
    """Who bears the costs of the joint work."""
    term_months: int = Field(ge=1, le=60)
    """How long the memorandum lasts, in months."""


NewCareModel = Literal["enhanced_health_in_care_homes", "urgent_and_emergency_care", "acute_care_collaboration"]


class CareModelSchedule(Model):
    model: NewCareModel
    """Which of the other new care models the schedule covers."""
    lead: Identifier
    """The id of the party that leads it."""
    scope: Prose
    """What it covers locally, in a sentence or two."""
    measures: list[Name] = Field(min_length=1)
    """How success is measured."""
    care_homes: int | None = Field(default=None, ge=1)
    """For enhanced health in care homes: how many care homes take part."""


# ---------------------------------------------------------------- governance

class BoardMember(Model):
    party: Identifier
    """The id of the party the member comes from."""
    role: Name
    """The member's role, for instance "Chief Executive" or "GP representative"."""
    deputy: Name | None = None
    """Who may deputise."""
    voting: bool = True
    """Whether the member votes."""


class Board(Model):
    name: Name
    """The board's name, for instance "Dudley MCP Partnership Board"."""
    status: Literal["advisory", "committees_in_common", "joint_committee", "provider_board"] = "advisory"
    """What the board is in law. A joint_committee may be formed only by clinical commissioning groups
    (with each other and NHS England) or only by local authorities: a board that mixes them, or has
    trusts, companies, federations or practices as members, is advisory or committees_in_common."""
    members: list[BoardMember] = Field(min_length=2)
    """The board's members."""
    chair: int = Field(ge=1)
    """The member who chairs, by position in `members` (1 is the first)."""
    vice_chair: int | None = Field(default=None, ge=1)
    """The member who is vice-chair, by position in `members`."""
    quorum: int = Field(ge=1)
    """How many voting members make a quorum."""
    quorum_every_partner: bool = True
    """Whether a quorum needs at least one member from every sovereign partner."""
    decision_rule: Literal["unanimous", "consensus", "majority"] = "consensus"
    """How the board decides."""
    meeting_frequency: Literal["weekly", "fortnightly", "monthly", "bi-monthly", "quarterly"] = "monthly"
    """How often the board meets."""
    reserved_matters: list[Name] = []
    """Matters each partner's own board must decide."""
    review_months: int = Field(default=12, ge=1, le=60)
    """How often, in months, the terms of reference are reviewed."""


class ConflictsOfInterest(Model):
    register_keeper: Name = "the board secretary"
    """Who keeps the register of interests."""
    declaration_days: int = Field(default=28, ge=1, le=90)
    """Days within which a new interest must be declared."""
    hospitality_limit: Money = Decimal(50)
    """Gifts and hospitality above this value must be declared."""


class Governance(Model):
    board: Board
    """The partnership board."""
    conflicts_of_interest: ConflictsOfInterest = ConflictsOfInterest()
    """How conflicts of interest are handled."""


# ---------------------------------------------------------------- GP networks and service schedules

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ClockTime = Annotated[
    str,
    Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$"),
    Expected(pattern='a time of day on the 24-hour clock, in quotes, like "08:00"'),
]


# the documents that may make a payment of network money (one registry: contractgen.doctypes)
PaidUnder = Literal[DOCUMENT_IDS]  # type: ignore[valid-type]


class NetworkMember(Model):
    party: Identifier
    """The id of a member practice (a party of kind `gp_practice`, with its ODS code, GMS, PMS or APMS
    contract and list size given there)."""
    votes: int = Field(default=1, ge=1, le=100)
    """How many votes the practice casts at the network board."""


class MoneyShare(Model):
    party: Identifier
    """The id of a member practice, or of the federation company, that receives a share."""
    share: Percent
    """Its percentage of the network money left after the network's agreed costs (the shares sum to 100)."""


class NetworkMoneySource(Model):
    """One source of network money given as data, so that the network agreement and the schedule that
    makes the payment state the same payer and amount, and `lint` can check that they do."""

    payer: Identifier
    """The id of the party that pays: a commissioner (a party whose role is `commissioner` or
    `co_ordinating_commissioner`)."""
    purpose: Name
    """What the money is for, in a phrase, for instance "extended access to general practice"."""
    annual_amount: Money
    """How much the payer pays the holder a year, in pounds, exclusive of VAT."""
    financial_year: FinancialYear | None = None
    """The financial year the amount is for, like 2019/20. Absent: the amount is paid every year, from
    `start_date`."""
    start_date: date | None = None
    """When payments start. Absent: the start date of the schedule named in `paid_under`, else the
    partnership's start date."""
    paid_under: PaidUnder | None = None
    """The service schedule of the set whose service this money pays for (`extended_access_schedule` or
    `social_prescribing_schedule`; `validate` refuses any other document): that schedule's `commissioner`
    and `annual_value` must then be this source's `payer` and `annual_amount` (give `annual_value` there,
    or leave it out and the schedule states this amount), and the service is paid once, as network money
    to the holder. Absent: the money is for `purpose`, under the payer's own arrangements with the holder."""


def _source_kind(value: object) -> str | None:
    # a line of text is the older, free-text way to give a source; a mapping is a NetworkMoneySource
    if isinstance(value, str):
        return "tagged-text"
    if isinstance(value, (dict, BaseModel)):  # a model when pydantic dumps the file back to data
        return "tagged-data"
    return None


# a source of network money: one line of text (still read, but nothing can check it), or the data
# `lint` compares with the schedule that pays it; the "tagged-" names are left out of error paths
MoneySource = Annotated[
    Annotated[Name, Tag("tagged-text")] | Annotated[NetworkMoneySource, Tag("tagged-data")],
    Discriminator(_source_kind, custom_error_type="money_source",
                  custom_error_message="a line of text, or a mapping with payer, purpose and annual_amount"),
]


class NetworkMoney(Model):
    held_by: Identifier
    """The id of the party that receives and holds money paid to the network: a host practice that is a
    member, or the federation company (a party of kind `gp_federation` or `company`)."""
    sources: list[MoneySource] = Field(min_length=1)
    """What money is paid to the network and by whom. Each source is either a mapping (see
    NetworkMoneySource: `payer`, `purpose`, `annual_amount`, `financial_year` or `start_date`, and
    `paid_under`, the schedule that makes the payment), which the documents state from the data and `lint`
    checks against the schedules, or one line of text, for instance "Extended access funding from NHS
    Wessex CCG", printed as it is and checked by nothing."""
    shares: list[MoneyShare] = Field(min_length=1)
    """How the money left after the network's agreed costs is shared out; the shares sum to 100."""
    basis: Name = "as agreed by the network board"
    """How the shares were arrived at, in a phrase, for instance "in proportion to registered list size
    on 1 January 2019"."""
    payment_days: int = Field(default=30, ge=1, le=120)
    """Days after the end of each quarter by which the holder pays out each share."""


class SharedStaff(Model):
    role: Name
    """The job, for instance "Clinical pharmacist"."""
    employer: Identifier
    """The id of the party that employs the staff (a member practice or the federation company)."""
    wte: Quantity
    """How many whole-time equivalents."""
    practices: list[Identifier] = []
    """The ids of the member practices they work in. Absent: all of them."""


class NetworkBoard(Model):
    name: Name
    """The network board's name, for instance "Wessex GP Federation Board"."""
    decision_rule: Literal["unanimous", "majority", "two_thirds"] = "majority"
    """How the board decides: `unanimous` (every member practice's vote), `majority` (more than half of the
    votes cast) or `two_thirds` (at least two-thirds of the votes cast)."""
    quorum: int = Field(ge=1)
    """How many member practices must be represented for the board to decide anything."""
    reserved_matters: list[Name] = []
    """Matters every member practice must agree to, whatever the decision rule (admitting a member is
    governed by `legal.new_members`)."""


class Network(Model):
    members: list[NetworkMember] = Field(min_length=2)
    """The member practices and their votes."""
    clinical_lead: NamedPerson
    """The network's clinical lead: a GP from a member practice, named with their practice's party id."""
    board: NetworkBoard
    """The network board through which the member practices decide together."""
    money: NetworkMoney
    """How money paid to the network is held and shared out."""
    shared_staff: list[SharedStaff] = []
    """Staff who work across the member practices, and who employs them."""
    purpose: list[Name] = Field(min_length=1)
    """What the practices come together to do, one aim per line."""
    term_years: int = Field(ge=1, le=15)
    """How long the network agreement lasts, in whole years, unless it ends sooner."""


ScheduleParent = Literal["network_agreement", "mcp_contract", "pacs_agreement", "sub_contract"]


class SubContract(Model):
    name: Name
    """The sub-contract, for instance "Sub-contract for extended access, 2019"."""
    provider: Identifier
    """The id of the party that holds the main contract and sub-contracts the service."""
    sub_contractor: Identifier
    """The id of the party (role `sub_contractor`) that delivers the service under the sub-contract."""


class OpeningHours(Model):
    day: Weekday
    """The day of the week."""
    opens: ClockTime
    """When appointments start, as "08:00"."""
    closes: ClockTime
    """When the last appointment ends, as "20:00"."""


class Site(Model):
    name: Name
    """The site, for instance "Riverside Health Centre"."""
    address: Name | None = None
    """Its address. Absent: the schedule leaves a bracketed space."""
    days: list[Weekday] = []
    """The days the service runs there. Absent: every day in `hours`."""


class StaffLine(Model):
    role: Name
    """The role, for instance "GP" or "Practice nurse"."""
    employer: Identifier
    """The id of the party that employs or engages them."""
    sessions_per_week: int | None = Field(default=None, ge=1, le=500)
    """Sessions a week (a session is about four hours). Give this or `wte`."""
    wte: Quantity | None = None
    """Whole-time equivalents. Give this or `sessions_per_week`."""


class Measure(Model):
    name: Name
    """What is measured, for instance "Appointments used"."""
    target: Name
    """The target in words and figures, for instance "at least 90% of appointments offered"."""
    reported: Literal["monthly", "quarterly", "annually"] = "quarterly"
    """How often the provider reports it."""


class ServiceScheduleBase(Model):
    attaches_to: ScheduleParent
    """The contract the schedule forms part of: `network_agreement`, `mcp_contract`, `pacs_agreement` (each
    must be one of the partnership's documents) or `sub_contract` (named in `sub_contract`)."""
    sub_contract: SubContract | None = None
    """The sub-contract the schedule attaches to, when `attaches_to` is `sub_contract`."""
    provider: Identifier
    """The id of the party that delivers the service."""
    commissioner: Identifier | None = None
    """The id of the commissioner that pays for the service, where one does."""
    annual_value: Money | None = None
    """What the service is paid a year, in pounds, where the schedule states it. For a schedule of a GP network
    whose money is given as data, a network money source names the schedule (`paid_under`) with the same
    sum; a commissioner's payment that no source names is warned about as `network-money-unlisted`."""
    start_date: date
    """When the service starts under the schedule."""
    sites: list[Site] = Field(min_length=1)
    """Where the service is delivered."""
    staffing: list[StaffLine] = Field(min_length=1)
    """Who delivers it."""
    measures: list[Measure] = Field(min_length=1)
    """How the service is measured."""


class ExtendedAccess(ServiceScheduleBase):
    hours: list[OpeningHours] = Field(min_length=1)
    """When pre-bookable and same-day appointments are offered, day by day (8am to 8pm, seven days a week,
    is the national expectation; anything less is warned about as `extended-access-hours`)."""
    booking_routes: list[Name] = Field(min_length=1)
    """Who may book patients into the service, for instance "Reception of any member practice" or "NHS 111"."""
    eligible_patients: Name = "patients registered with a practice the Service serves"
    """Whose patients may be seen. The schedule then names the practices the service serves: the member
    practices of the network it forms part of, else the partnership's practices."""


class ReferralRoute(Model):
    source: Name
    """Who refers, for instance "GPs and practice staff" or "Self-referral"."""
    method: Name
    """How, for instance "an electronic referral form in the practice's clinical system"."""


class LinkWorker(Model):
    employer: Identifier
    """The id of the party that employs the link workers."""
    wte: Quantity
    """How many whole-time equivalents."""
    base: Name
    """Where they are based, for instance "across the member practices"."""


class CommunityPartner(Model):
    name: Name
    """The voluntary or community organisation."""
    offer: Name
    """What it offers people who are referred, for instance "walking groups and befriending"."""
    party: Identifier | None = None
    """Its party id, where it is a party to the partnership."""


class SocialPrescribing(ServiceScheduleBase):
    referral_criteria: list[Name] = Field(min_length=1)
    """Who may be referred, one criterion per line, for instance "adults who are lonely or isolated"."""
    referral_routes: list[ReferralRoute] = Field(min_length=1)
    """Who may refer, and how."""
    link_workers: list[LinkWorker] = Field(min_length=1)
    """The link workers, and who employs them."""
    partners: list[CommunityPartner] = Field(min_length=1)
    """The voluntary and community organisations people are connected to."""
    first_contact_days: int = Field(default=10, ge=1, le=60)
    """Business days within which a link worker first contacts a person referred."""


# ---------------------------------------------------------------- place-based partnerships

class PlaceArea(Model):
    name: Name
    """A place within the footprint, for instance "Wyvern Vale": usually a council's or a CCG's area."""
    population: int | None = Field(default=None, ge=0)
    """The place's resident population, where the partners state it (shown labelled as its population)."""
    council: Identifier | None = None
    """The id of the local authority (a party) whose area it is, where one is a partner."""


class PlaceBoardMember(Model):
    party: Identifier
    """The id of the partner the member comes from."""
    role: Name
    """The member's role in their own organisation, for instance "Chief Executive" or "Leader of the Council"."""


class PlaceBoard(Model):
    name: Name
    """The board's name, for instance "Wyvern and Teme System Leadership Group". It advises the partners
    and plans with them; it has no delegated authority, and no decision of it binds a partner."""
    members: list[PlaceBoardMember] = Field(min_length=2)
    """Its members, each from a partner (usually every partner's chief executive or accountable officer)."""
    chair: int = Field(ge=1)
    """The member who chairs, by position in `members` (1 is the first)."""
    meeting_frequency: Literal["monthly", "bi-monthly", "quarterly"] = "monthly"
    """How often the board meets."""
    first_meeting: date | None = None
    """The date of its first meeting under the memorandum, where it is set (after the draft date)."""


class Workstream(Model):
    name: Name
    """The workstream, for instance "Urgent and emergency care"."""
    lead: Identifier
    """The id of the partner that leads it (a party)."""
    aim: Name
    """What it sets out to do, in a short phrase shown in the table of workstreams, for instance "Fewer
    avoidable emergency admissions across the footprint"."""


class SharedCostContribution(Model):
    party: Identifier
    """The id of the partner that pays (a party)."""
    amount: Money
    """What it pays for the year, in pounds."""
    financial_year: FinancialYear
    """The financial year, as "2017/18"."""


class SharedCosts(Model):
    purpose: Name
    """What the contributions pay for, as it completes "The contributions pay for ...", for instance "the
    partnership's programme office and its independent chair"."""
    held_by: Identifier
    """The id of the partner that receives the contributions and employs or buys what they pay for."""
    contributions: list[SharedCostContribution] = Field(min_length=1)
    """Each partner's contribution, year by year. These are the only payments the memorandum makes, and
    they are the one part of it (with confidentiality) that binds the partners who pay. Give figures for
    every financial year of the term: a year with none is warned about (`place-unfunded-year`), and if the
    warning is acknowledged the memorandum says the partners agree that year's figures in writing by the
    31 December before it starts."""
    payment_days: int = Field(default=30, ge=1, le=120)
    """Days after receiving an invoice within which a partner pays its contribution."""


class Place(Model):
    footprint: Name
    """The footprint the partnership covers, as it completes "the footprint of ...", for instance "Wyvern
    and Teme". The population of the whole footprint goes in `partnership.population.whole_area`."""
    areas: list[PlaceArea] = Field(min_length=1)
    """The places (areas) within the footprint."""
    priorities: list[Name] = Field(min_length=1)
    """The partners' shared priorities, each as it completes "The Partners' shared priorities are: ...",
    for instance "to move care out of hospital and closer to home"."""
    principles: list[Name] = Field(min_length=1)
    """How the partners mean to work together, each as it completes "The Partners intend to: ...", for
    instance "put the interests of the people of the footprint before those of any one organisation"."""
    board: PlaceBoard
    """The partnership board or system leadership group: it advises, and makes no decision binding on a
    partner."""
    workstreams: list[Workstream] = []
    """The workstreams through which the partners do the work, each led by a partner."""
    shared_costs: SharedCosts | None = None
    """Contributions some partners make to shared costs (a programme office, say). Absent: each partner
    meets its own costs. There is no pooled budget: each partner keeps its own budget and accountability."""
    information_sharing_agreement: Name | None = None
    """The separate agreement under which the partners share personal data, where there is one, for
    instance "Wyvern and Teme Information Sharing Framework 2017". Absent: the memorandum says the
    partners share no personal data under it."""
    withdrawal_notice_months: int = Field(default=3, ge=1, le=12)
    """How many months' written notice a partner gives to leave the partnership."""
    review_months: int = Field(default=12, ge=1, le=36)
    """How often, in months, the partners review the memorandum."""


# ---------------------------------------------------------------- Primary Care Home and care-closer-to-home networks

class CareNetworkMember(Model):
    party: Identifier
    """The id of a member: a party (a GP practice, a community or mental health trust, the council, a
    voluntary organisation, the clinical commissioning group)."""
    brings: Name
    """What the member brings to the network, as it completes "Each Member brings: ...", for instance
    "general practice for the patients on its registered list" or "adult social care assessment and
    support"."""
    under: Name | None = None
    """The member's own contract, statutory function or funding under which it brings what it brings, as
    it completes "Each Party brings what it brings under: ...", for instance "its NHS Standard Contract with
    NHS Wessex CCG for community nursing". The alliance agreement lists it among the contracts it sits over
    and does not vary. Where it is absent the agreement says it from what the file gives: a practice's GMS,
    PMS or APMS contract, an NHS trust's NHS Standard Contract for the services it provides (its
    commissioners to be confirmed), a council's statutory functions, a voluntary organisation's own
    funding (its funders to be confirmed) and a commissioner's statutory commissioning functions."""


class CareTeamLine(Model):
    role: Name
    """The role in the multidisciplinary team, for instance "Community nurse" or "Social worker"."""
    employer: Identifier
    """The id of the member that employs the staff in this line; they stay its employees."""
    wte: Quantity
    """How many whole-time equivalents."""
    practices: list[Identifier] = []
    """The ids of the member practices the staff work with. Absent (and no `localities`): all of them."""
    localities: list[Name] = []
    """The localities or neighbourhoods the staff cover, where the team is organised by place rather
    than by practice, for instance "Marlbrook North"."""


class CareNetworkForum(Model):
    name: Name
    """The name of the group through which the members meet and decide, for instance "Marlbrook Primary
    Care Home Board"."""
    meeting_frequency: Literal["monthly", "bi-monthly", "quarterly"] = "monthly"
    """How often it meets."""
    decision_rule: Literal["consensus", "unanimous"] = "consensus"
    """How it decides: `consensus` (no member objects) or `unanimous` (every member agrees)."""
    quorum: int = Field(ge=2)
    """How many members must be represented for it to decide anything."""


class CareDataSharing(Model):
    agreement: Name | None = None
    """The information sharing agreement the members rely on, where one is in place, for instance
    "Marlbrook Health and Care Information Sharing Agreement (2018)". Absent: the documents say one must
    be agreed before any personal data is shared."""
    purposes: list[Name] = Field(default=["the direct care of the people the Team supports"], min_length=1)
    """What personal data is shared for, each as it completes "for ...", for instance "the direct care
    of the people the Team supports"."""


class CareNetwork(Model):
    """A Primary Care Home or a care-closer-to-home integrated network: its members and what each brings,
    the multidisciplinary team, the aims, the lead and the forum, data sharing, term and review. The
    population served is the sum of the member practices' list sizes; a figure for the whole community
    goes in `partnership.population.whole_area` and is labelled as such. The memorandum or alliance
    agreement runs from `partnership.start_date` for `partnership.term_years`."""

    members: list[CareNetworkMember] = Field(min_length=2)
    """Every member, each a party, and what it brings."""
    aims: list[Name] = Field(min_length=1)
    """What the members aim to achieve together, each as it completes "The Members' aims are to: ...",
    for instance "keep frail older people well at home and out of hospital"."""
    team: list[CareTeamLine] = Field(min_length=1)
    """The multidisciplinary team around the practices, one line per role and employer."""
    lead: NamedPerson
    """The person who leads the network day to day, with the id of the member they work for."""
    forum: CareNetworkForum
    """How the members meet and decide together."""
    data_sharing: CareDataSharing = CareDataSharing()
    """How personal data about the people the team supports is shared."""
    nhs_contract: bool = False
    """For the alliance agreement: whether the member practices holding GMS or PMS contracts elect to be
    regarded as health service bodies for it (so that it is an NHS contract between them and the NHS
    bodies). A practice holding an APMS contract cannot elect, and a council or voluntary organisation is
    never a health service body."""
    review_months: int = Field(default=12, ge=3, le=36)
    """How often, in months, the members review how the network is working."""


# ---------------------------------------------------------------- the file

class Acknowledgement(Model):
    warning: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$"),
                       Expected(pattern="the name of a warning, in lower-case letters, digits and -, like "
                                        "pacs-population")]
    """The name of a warning, as printed in brackets after it, for instance `pacs-population`."""
    reason: Prose
    """Why the partnership accepts it: kept in the file as the record of the decision."""


DocumentId = Literal[DOCUMENT_IDS]  # type: ignore[valid-type]  # one registry: contractgen.doctypes


class PartnershipFile(Model):
    """A partnership file, format v1: everything contractgen needs to draft one partnership's documents."""

    model_config = ConfigDict(title="contractgen partnership file, format v1")

    format: Literal[1]
    """The file format version. Always 1 for this format."""
    partnership: PartnershipInfo
    """The partnership itself."""
    parties: list[Party] = Field(min_length=2)
    """Every party: commissioners, providers, practices and others."""
    services: list[Service] = Field(min_length=1)
    """The services in scope."""
    budget: Budget | None = None
    """The whole population budget. Needed for an MCP or PACS contract; refused for a `place_based`
    partnership, whose memorandum pools no budget."""
    improvement_scheme: ImprovementScheme | None = None
    """The improvement payment scheme."""
    risk_share: RiskShareSection | None = None
    """The risk and gain share with the acute sector (refused for a `place_based` partnership): one
    scheme described directly (`metric`, `baseline`, `parties`...), or several under `schemes`, each
    with its own `id` and `name`, held in one risk and gain share agreement."""
    governance: Governance | None = None
    """The partnership board and conflicts of interest. Required for an MCP or PACS; a `gp_network`
    decides through the network board described in `network`, a `place_based` partnership plans
    through the board described in `place`, and a Primary Care Home or care-closer-to-home network
    decides through the forum described in `care_network`."""
    legal: LegalTerms = LegalTerms()
    """Choices between alternative clauses: disputes, liability, exit and new members."""
    procurement: Procurement | None = None
    """Integrated support and assurance process dates, for novel or complex contracts."""
    alliance: Alliance | None = None
    """The alliance agreement: leadership team, objectives, pool and underlying contracts."""
    integration_agreement: IntegrationAgreementTerms | None = None
    """Terms of the GP integration agreement, for partial integration."""
    pooled_fund: PooledFund | None = None
    """A section 75 pooled fund between NHS bodies and a local authority. Refused for a `place_based`
    partnership: its memorandum pools nothing, so a pooled fund goes in a partnership file of its own."""
    information_sharing: InformationSharing | None = None
    """The information sharing agreement."""
    memorandum: Memorandum | None = None
    """A non-binding memorandum of understanding."""
    staff_transfers: list[StaffTransfer] = []
    """Staff who move from one party's employment to another's under this partnership (TUPE)."""
    council_functions: CouncilFunctions | None = None
    """Council functions an NHS trust carries out for a local authority (adult social care, for instance)."""
    network: Network | None = None
    """The GP network or federation: members, clinical lead, board, money and shared staff. Required for
    a `gp_network`; it asks for the network agreement."""
    extended_access: ExtendedAccess | None = None
    """An extended access service schedule (GP appointments 8am to 8pm, seven days a week)."""
    social_prescribing: SocialPrescribing | None = None
    """A social prescribing service schedule (link workers connecting people to community support)."""
    place: Place | None = None
    """The place-based partnership: footprint and places, priorities, principles, board, workstreams and
    any shared costs. Required for a `place_based` partnership, whose memorandum of understanding is
    drafted from it; such a partnership has no budget, risk share or pooled fund."""
    care_network: CareNetwork | None = None
    """A Primary Care Home or care-closer-to-home integrated network: members, team, aims, lead, forum,
    data sharing and term. Required for a `primary_care_home` or a `care_closer_to_home`; it asks for
    the memorandum of understanding (organisational form `network` or `collaboration`) or the binding
    alliance agreement among the members (form `alliance`)."""
    care_model_schedules: list[CareModelSchedule] = []
    """Service schedules for other new care models the partnership includes."""
    acknowledged_warnings: list[Acknowledgement] = []
    """Warnings the partners have considered and accept, each with its reason. They are still
    printed, as acknowledged, but no longer fail a build under --strict."""
    documents: list[DocumentId] | None = None
    """Which documents to produce. By default, the main document of the care model and level (the
    MCP contract or PACS agreement for partial and full integration; the alliance agreement for a
    virtual model, which has no single contract and no whole population budget; the network
    agreement of a `gp_network`; the memorandum of understanding of a `place_based` partnership,
    its only document) and one document for each section filled in that fits the level. A document
    that does not fit the model is refused."""

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def risk_share_schemes(self) -> list[tuple[tuple, RiskShare]]:
        """Every risk and gain share scheme with the key path it is written at: one at `risk_share`
        for the single form, one at `risk_share.schemes[i]` for each of several."""
        rs = self.risk_share
        if rs is None:
            return []
        if isinstance(rs, RiskShareSchemes):
            return [(("risk_share", "schemes", i), s) for i, s in enumerate(rs.schemes)]
        return [(("risk_share",), rs)]

    @property
    def several_schemes(self) -> bool:
        """Whether the risk share is written as `schemes` (the agreement then has a schedule per scheme)."""
        return isinstance(self.risk_share, RiskShareSchemes)


def json_schema() -> dict:
    """The partnership file's JSON Schema, for editors."""
    schema = PartnershipFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://contractgen.invalid/schema/partnership-v1.json"
    return schema
