"""Rules for the legal terms: liability caps by party, the main contract's notice periods, and the
alliance's risk and reward pool (its source, its weights, and admission under unanimity)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .schema import Limit, Party, PartnershipFile

# The default cap on each party's liability, by kind, where the file gives none. The figures size
# the cap to what each kind of body can bear, not to the size of the deal:
# - NHS trusts and foundation trusts are backed by NHS Resolution's schemes and large balance sheets;
# - commissioners' main duty is to pay, which sits outside the cap, so the cap covers their other
#   breaches (information, co-operation) and is lower than a provider trust's;
# - a GP federation, voluntary sector body, social enterprise or company usually has modest reserves
#   and insurance in the low millions;
# - a GP partnership's partners are personally liable without limit, so its cap is the lowest.
DEFAULT_LIABILITY_CAP: dict[str, Decimal] = {
    "foundation_trust": Decimal(10_000_000),
    "nhs_trust": Decimal(10_000_000),
    "ccg": Decimal(5_000_000),
    "nhs_england": Decimal(5_000_000),
    "local_authority": Decimal(5_000_000),
    "gp_federation": Decimal(1_000_000),
    "voluntary_sector": Decimal(1_000_000),
    "social_enterprise": Decimal(1_000_000),
    "company": Decimal(1_000_000),
    "gp_practice": Decimal(500_000),
}
# kinds whose default is a ceiling on a partnership-wide cap from the file
SMALL_KINDS = {"gp_practice", "gp_federation", "voluntary_sector", "social_enterprise", "company"}
KIND_PHRASE = {
    "foundation_trust": "an NHS foundation trust", "nhs_trust": "an NHS trust", "ccg": "a clinical commissioning group",
    "nhs_england": "NHS England", "local_authority": "a local authority", "gp_federation": "a GP federation",
    "voluntary_sector": "a voluntary sector organisation", "social_enterprise": "a social enterprise",
    "company": "a company", "gp_practice": "a GP practice",
}
# Below this, a commissioner cannot re-procure before a provider that gives notice leaves.
SHORTEST_PROVIDER_NOTICE = 18


@dataclass(frozen=True)
class Cap:
    """One party's liability cap and how it was arrived at (shown in the liability clause)."""

    party: str
    amount: Decimal
    basis: str
    # a default the partners have not agreed: the clause shows it bracketed, as a placeholder
    default: bool = False


def _limit(limit: Limit, budget_total: Decimal) -> Decimal:
    if limit.amount is not None:
        return limit.amount
    return budget_total * (limit.percent_of_budget or 0) / 100


def liability_cap(p: PartnershipFile, party: Party, budget_total: Decimal) -> Cap:
    """The cap on `party`'s liability: its own from `legal.liability_caps`, else the partnership-wide
    `legal.liability_cap` (no more than the default for a small party's kind), else its kind's default."""
    own = next((c for c in p.legal.liability_caps if c.party == party.id), None)
    if own is not None:
        return Cap(party.id, own.amount, "agreed for this Party")
    default = DEFAULT_LIABILITY_CAP[party.kind]
    if p.legal.liability_cap is None:
        return Cap(party.id, default, f"default for {KIND_PHRASE[party.kind]}", default=True)
    shared = _limit(p.legal.liability_cap, budget_total)
    if party.kind in SMALL_KINDS and default < shared:
        return Cap(party.id, default, f"default for {KIND_PHRASE[party.kind]}, below the cap for the other Parties",
                   default=True)
    return Cap(party.id, shared, "cap agreed for every Party")


def check_legal(p: PartnershipFile, f) -> None:
    """Add the findings for the legal terms and the alliance pool to `f` (a rules._Findings)."""
    parties = {x.id: x for x in p.parties}
    seen: set[str] = set()
    for i, c in enumerate(p.legal.liability_caps):
        path = ("legal", "liability_caps", i, "party")
        if c.party in parties and c.party in seen:  # an unknown id is reported with the other references
            f.error(path, f"expected each party once, got '{c.party}' again")
        seen.add(c.party)
    legal = p.legal
    if legal.provider_notice_months < SHORTEST_PROVIDER_NOTICE:
        f.warn(("legal", "provider_notice_months"), f"expected at least {SHORTEST_PROVIDER_NOTICE} months, the time "
               f"commissioners need to procure a successor, got {legal.provider_notice_months}", "provider-notice")
    elif legal.provider_notice_months < legal.commissioner_notice_months:
        f.warn(("legal", "provider_notice_months"), f"expected the provider's notice to be at least the commissioners' "
               f"({legal.commissioner_notice_months} months), got {legal.provider_notice_months}", "provider-notice")
    if p.alliance:
        _alliance(p, f, parties)


def _alliance(p: PartnershipFile, f, parties: dict[str, Party]) -> None:
    a = p.alliance
    if a.decision_rule == "unanimous" and p.legal.new_members == "majority":
        f.error(("legal", "new_members"), "expected 'unanimous' where the alliance decides unanimously, got "
                "'majority': admitting a member is a decision like any other")
    weights = [o.weight for o in a.objectives]
    if any(w is not None for w in weights):
        if any(w is None for w in weights):
            f.error(("alliance", "objectives"), "expected a weight on every objective or on none, got some without")
        elif sum(weights) != 100:
            f.error(("alliance", "objectives"), f"expected weights that sum to 100, got {sum(weights).normalize():f}")
    pool = a.risk_reward_pool
    if pool is None:
        return
    if not pool.contributions:
        f.warn(("alliance", "risk_reward_pool"), "expected contributions saying which commissioner funds the pool "
               "from which underlying contract, got none: the agreement leaves the source blank", "pool-source")
        return
    contracts = {(c.party, c.commissioner) for c in a.underlying_contracts}
    for i, c in enumerate(pool.contributions):
        here = ("alliance", "risk_reward_pool", "contributions", i)
        who = parties.get(c.party)
        if who is None:
            f.error(here + ("party",), f"expected the id of a party, got '{c.party}'")
        elif not who.commissions:
            f.error(here + ("party",), f"expected a commissioner, got '{c.party}' ({who.role})")
        if (c.underlying_contract, c.party) not in contracts:
            f.error(here + ("underlying_contract",), f"expected the id of a provider whose underlying contract is "
                    f"with '{c.party}', got '{c.underlying_contract}'")
    total = sum((c.amount for c in pool.contributions), Decimal(0))
    if total != pool.amount:
        f.error(("alliance", "risk_reward_pool", "contributions"), f"expected contributions that sum to the pool, "
                f"£{pool.amount:,.0f}, got £{total:,.0f}")
