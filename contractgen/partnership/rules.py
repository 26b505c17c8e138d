"""The domain rules a valid partnership keeps, beyond what the schema's types say.

Each rule reports at the key it concerns. Errors stop a build; warnings are printed and
fail only under --strict. The numbers in comments refer to the validator rules of the
domain brief (DOMAIN.md section C).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from ..care_models import BY_ID as CARE_MODELS
from ..errors import Diagnostic
from .rules_documents import check_documents
from .rules_legal import check_legal
from .rules_staff import check_illustrative, check_staff
from .rules_network import check_care_model, check_network
from .rules_place import check_place
from .rules_roles import check_roles
from .rules_care_network import check_care_network
from .schema import Limit, PartnershipFile
from .yamlread import Positions, format_path

COMMISSIONER_KINDS = {"ccg", "nhs_england", "local_authority"}
# Kinds of party whose kind does not settle their legal form (a practice may be a partnership or a company).
FORM_OPEN_KINDS = frozenset({"gp_practice", "gp_federation", "voluntary_sector", "social_enterprise", "company"})
ACUTE_KINDS = {"nhs_trust", "foundation_trust"}
HUNDRED = Decimal(100)


class _Findings:
    def __init__(self, positions: Positions):
        self.positions = positions
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def error(self, path: tuple, message: str) -> None:
        self.errors.append(Diagnostic(self.positions.of_value(path), message, format_path(path)))

    def warn(self, path: tuple, message: str, code: str) -> None:
        self.warnings.append(Diagnostic(self.positions.of_value(path), message, format_path(path), "warning", code))


def pounds(amount: Decimal) -> str:
    """£1,234 or £1,234.50: the form messages and documents show money in."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def limit_amount(limit: Limit | None, budget_total: Decimal) -> Decimal | None:
    """A limit in pounds, whether it was given in pounds or as a percentage of the budget."""
    if limit is None:
        return None
    if limit.amount is not None:
        return limit.amount
    if limit.percent_of_budget is not None:
        return budget_total * limit.percent_of_budget / HUNDRED
    return None


def check(p: PartnershipFile, positions: Positions) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Every rule, every finding: (errors, warnings)."""
    f = _Findings(positions)
    check_care_model(p, f)
    _unique_ids(p, f)
    _party_references(p, f)
    _parties(p, f)
    check_roles(p, f)
    _integration_level(p, f)
    _term_and_population(p, f)
    _budget(p, f)
    _improvement_scheme(p, f)
    _risk_share(p, f)
    _board(p, f)
    check_documents(p, f)
    check_legal(p, f)
    check_staff(p, f)
    check_illustrative(p, f)
    check_network(p, f)
    check_place(p, f)
    check_care_network(p, f, _suggest)
    _acknowledge(p, f)
    key = lambda d: (d.location.line or 0, d.location.col or 0, d.path, d.message)
    return sorted(set(f.errors), key=key), sorted(set(f.warnings), key=key)


KNOWN_WARNINGS = (
    "board-partners", "care-network-members", "draft-after-start", "draft-before-mcp-contract",
    "extended-access-hours", "full-integration", "integration-level", "mcp-population", "network-money-unlisted",
    "nhs-number", "pacs-population", "place-partners", "place-unfunded-year", "pool-source",
    "primary-care-home-population",
    "procurement-dates", "provider-notice",
    "term-length",
)


def _acknowledge(p: PartnershipFile, f: _Findings) -> None:
    """Mark the warnings the file acknowledges; an acknowledgement of no known warning is an error."""
    accepted = {}
    for i, ack in enumerate(p.acknowledged_warnings):
        if ack.warning not in KNOWN_WARNINGS:
            f.error(("acknowledged_warnings", i, "warning"), f"expected the name of a warning, got '{ack.warning}'"
                    f"{_suggest(ack.warning, set(KNOWN_WARNINGS))}")
        accepted[ack.warning] = ack.reason
    f.warnings = [
        Diagnostic(w.location, w.message, w.path, "acknowledged", w.code)
        if w.code in accepted else w
        for w in f.warnings
    ]


def _unique_ids(p: PartnershipFile, f: _Findings) -> None:
    for collection, items in (("parties", p.parties), ("services", p.services)):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                f.error((collection, i, "id"), f"expected a unique id, got '{item.id}' again "
                        f"(first used by {collection}[{seen[item.id]}])")
            else:
                seen[item.id] = i
    if p.improvement_scheme:
        counts = Counter(m.id for m in p.improvement_scheme.metrics)
        for i, m in enumerate(p.improvement_scheme.metrics):
            if counts[m.id] > 1:
                f.error(("improvement_scheme", "metrics", i, "id"), f"expected a unique id, got '{m.id}' again")


def _party_references(p: PartnershipFile, f: _Findings) -> None:
    parties = {x.id for x in p.parties}
    services = {x.id for x in p.services}

    def party(path: tuple, value: str | None) -> None:
        if value is not None and value not in parties:
            f.error(path, f"expected the id of a party, got '{value}'{_suggest(value, parties)}")

    for i, s in enumerate(p.services):
        party(("services", i, "provider"), s.provider)
    if p.budget:
        for i, line in enumerate(p.budget.lines):
            party(("budget", "lines", i, "commissioner"), line.commissioner)
            if line.service not in services:
                f.error(("budget", "lines", i, "service"),
                        f"expected the id of a service, got '{line.service}'{_suggest(line.service, services)}")
            else:
                who = p.party(line.commissioner)
                if who and not who.commissions:
                    f.error(("budget", "lines", i, "commissioner"),
                            f"expected a party whose role is commissioner, got '{who.id}' ({who.role})")
    for at, scheme in p.risk_share_schemes():
        for i, s in enumerate(scheme.parties):
            party(at + ("parties", i, "party"), s.party)
        for i, c in enumerate(getattr(scheme, "commissioners", [])):
            party(at + ("commissioners", i), c)
        party(at + ("payer",), getattr(scheme, "payer", None))
    if p.governance:
        for i, m in enumerate(p.governance.board.members):
            party(("governance", "board", "members", i, "party"), m.party)
    for i, c in enumerate(p.legal.liability_caps):
        party(("legal", "liability_caps", i, "party"), c.party)


def _suggest(value: str, names: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(names), n=1, cutoff=0.6)
    return f": did you mean '{close[0]}'?" if close else ""


def _parties(p: PartnershipFile, f: _Findings) -> None:
    for i, party in enumerate(p.parties):
        if party.kind == "gp_practice":
            if party.gp_contract is None:
                f.error(("parties", i), f"expected a gp_contract for GP practice '{party.id}', got none: "
                        "add gp_contract with its type and status")
            # a practice whose ODS code is not yet known is drafted with "[ODS code to be confirmed]"
            if party.list_size is None:
                f.error(("parties", i), f"expected a list_size for GP practice '{party.id}', got none")
        elif party.gp_contract is not None or party.list_size is not None:
            f.error(("parties", i, "kind"), f"expected kind gp_practice for a party with a GP contract "
                    f"or list size, got {party.kind}")
        if party.legal_form is not None and party.kind not in FORM_OPEN_KINDS:
            f.error(("parties", i, "legal_form"), f"expected no legal_form for a party of kind {party.kind}, "
                    f"got '{party.legal_form}': its kind is its legal form, so remove the key")
        if party.role in ("commissioner", "co_ordinating_commissioner") and party.kind not in COMMISSIONER_KINDS:
            f.error(("parties", i, "role"), f"expected a commissioning body (ccg, nhs_england or local_authority) "
                    f"for role {party.role}, got kind {party.kind}")
    if not CARE_MODELS[p.partnership.care_model].commissioned:
        return  # a network's practices contract with each other; a commissioner or provider is optional
    roles = Counter(r for x in p.parties for r in x.roles)
    if not (roles["commissioner"] + roles["co_ordinating_commissioner"]):
        f.error(("parties",), "expected at least one party whose role is commissioner, got none")
    if roles["co_ordinating_commissioner"] > 1:
        f.error(("parties",), f"expected at most one co-ordinating commissioner, got {roles['co_ordinating_commissioner']}")
    if not any(x.has_role("provider", "prime_provider", "lead_provider") for x in p.parties):
        f.error(("parties",), "expected at least one provider, prime_provider or lead_provider, got none")


LEVEL_WORDS = {"virtual": "virtually", "partial": "partially", "full": "fully"}


def _integration_level(p: PartnershipFile, f: _Findings) -> None:
    level = p.partnership.integration_level
    # a GP network's practices keep their own contracts (no integration level: see rules_network)
    allowed = {"virtual": {"retained"}, "partial": {"retained"}, "full": {"suspended", "terminated"},
               None: {"retained"}}[level]
    for i, party in enumerate(p.parties):
        if party.gp_contract and party.gp_contract.status not in allowed:
            wanted = " or ".join(sorted(allowed))
            where = f"a {LEVEL_WORDS[level]} integrated partnership" if level else "a GP network"
            f.error(("parties", i, "gp_contract", "status"),
                    f"expected {wanted} for a practice in {where}, got {party.gp_contract.status}")
    if p.budget:
        for i, line in enumerate(p.budget.lines):  # rules 4, 5, 6
            if line.primary_medical and level != "full":
                f.error(("budget", "lines", i, "primary_medical"),
                        f"expected core primary medical services outside the budget under {level} integration, "
                        "got a line marked primary_medical: GP contracts stay with the practices")
        if level == "full" and not any(line.primary_medical for line in p.budget.lines):
            f.error(("budget", "lines"), "expected a line marked primary_medical under full integration, got none: "
                    "primary medical services move inside the whole population budget")
    if level == "full":
        f.warn(("partnership", "integration_level"),
               "full integration depends on suspending GP contracts, which relied on 2017 regulation changes "
               "whose commencement date should be confirmed before this draft is relied on", "full-integration")
    practices = [x for x in p.parties if x.kind == "gp_practice"]
    if level != "virtual" and p.partnership.care_model == "mcp" and not practices:
        f.error(("parties",), f"expected at least one participating GP practice for a {LEVEL_WORDS[level]} integrated MCP, got none")


def _term_and_population(p: PartnershipFile, f: _Findings) -> None:
    info = p.partnership
    if info.care_model == "mcp" and not 10 <= info.term_years <= 15:  # rule 3
        f.warn(("partnership", "term_years"), f"expected 10 to 15 years for an MCP contract, got {info.term_years}", "term-length")
    practices = [x for x in p.parties if x.kind == "gp_practice" and x.list_size is not None]
    listed = sum(x.list_size for x in practices)  # type: ignore[misc]
    every_list = bool(practices) and len(practices) == sum(1 for x in p.parties if x.kind == "gp_practice")
    given = info.population.registered
    if info.care_model == "place_based":
        pass  # a whole footprint, with no practices' lists: see rules_place
    elif given is None and not every_list:
        f.error(("partnership", "population"), "expected population.registered, or a list_size for every "
                "practice, got neither: the documents state how many people are registered")
    elif given is not None and every_list and given != listed:
        f.error(("partnership", "population", "registered"), f"expected the sum of the practices' list sizes, "
                f"{listed:,}, got {given:,}: leave registered out to use the sum, and give a figure for the "
                "whole area as population.whole_area")
    # the size rules are about the population the partnership as a whole serves
    registered = max(listed, given or 0, info.population.whole_area or 0)
    size_at = ("partnership", "population", "registered" if given is not None else
               "whole_area" if info.population.whole_area is not None else "registered")
    if info.care_model == "mcp":  # rule 8
        if registered < 30_000:
            f.error(size_at,
                    f"expected at least 30,000 people for an MCP, got {registered:,}")
        elif registered < 100_000:
            f.warn(size_at,
                   f"expected 100,000 people or more for an MCP, got {registered:,}", "mcp-population")
    elif info.care_model == "pacs" and registered < 200_000:  # 250,000 is typical; warn only well below it
        f.warn(size_at,
               f"expected about 250,000 people or more for a PACS (200,000 at least), got {registered:,}", "pacs-population")
    if given is not None and practices and not every_list and listed > given:
        f.error(("partnership", "population", "registered"),
                f"expected at least the {listed:,} people on the practices' lists, got {given:,}")
    if info.draft.date > info.start_date:
        f.warn(("partnership", "draft", "date"), f"expected a draft dated before the start date "
               f"{info.start_date.isoformat()}, got {info.draft.date.isoformat()}", "draft-after-start")


def _budget(p: PartnershipFile, f: _Findings) -> None:
    if p.budget is None:
        return
    total = sum((line.amount for line in p.budget.lines), Decimal(0))
    if p.budget.stated_total is not None and p.budget.stated_total != total:  # rule 7
        f.error(("budget", "stated_total"), f"expected the sum of the budget lines, {pounds(total)}, "
                f"got {pounds(p.budget.stated_total)} (a difference of {pounds(abs(total - p.budget.stated_total))})")
    start = int(p.budget.financial_year[:4])
    if int(p.budget.financial_year[5:]) != (start + 1) % 100:
        f.error(("budget", "financial_year"), f"expected consecutive years such as {start}/{(start + 1) % 100:02d}, "
                f"got {p.budget.financial_year}")


def budget_total(p: PartnershipFile) -> Decimal:
    return sum((line.amount for line in p.budget.lines), Decimal(0)) if p.budget else Decimal(0)


def _improvement_scheme(p: PartnershipFile, f: _Findings) -> None:
    ips = p.improvement_scheme
    if ips is None:
        return
    path = ("improvement_scheme",)
    if (ips.amount is None) == (ips.percent_of_budget is None):
        f.error(path, "expected exactly one of amount or percent_of_budget, got "
                + ("both" if ips.amount is not None else "neither"))
    elif (ips.amount or ips.percent_of_budget) == 0:
        f.error(path + (("amount",) if ips.amount is not None else ("percent_of_budget",)),
                "expected an improvement payment above zero, got 0")
    if ips.percent_of_budget is not None and p.budget is None:
        f.error(path + ("percent_of_budget",), "expected a budget to take the percentage of, got no budget")
    weights = sum((m.weight for m in ips.metrics), Decimal(0))
    if weights != HUNDRED:
        f.error(path + ("metrics",), f"expected metric weights that sum to 100, got {weights.normalize():f}")


def _risk_share(p: PartnershipFile, f: _Findings) -> None:
    """The rules of a risk and gain share, for each scheme, located at the scheme."""
    seen: dict[str, int] = {}
    for path, rs in p.risk_share_schemes():
        _scheme(p, f, path, rs)
        if len(path) == 3:  # one of several schemes
            if rs.id in seen:
                f.error(path + ("id",), f"expected a unique scheme id, got '{rs.id}' again "
                        f"(first used by risk_share.schemes[{seen[rs.id]}])")
            seen.setdefault(rs.id, path[2])
            _scheme_commissioners(p, f, path, rs)


def _scheme_commissioners(p: PartnershipFile, f: _Findings, path: tuple, rs) -> None:
    """A scheme's commissioners are commissioners of the file, and its payer is one of them."""
    commissioners = {x.id for x in p.parties if x.commissions}  # in any capacity (`also_roles`)
    for i, c in enumerate(rs.commissioners):
        if p.party(c) is not None and c not in commissioners:
            f.error(path + ("commissioners", i), f"expected a party whose role is commissioner, got '{c}' "
                    f"({p.party(c).role})")
    if rs.payer is not None and p.party(rs.payer) is not None:
        scheme_commissioners = set(rs.commissioners) or commissioners
        if rs.payer not in scheme_commissioners:
            f.error(path + ("payer",), f"expected one of the scheme's commissioners "
                    f"({', '.join(sorted(scheme_commissioners))}), got '{rs.payer}'")
    names = Counter(s.name for _, s in p.risk_share_schemes())
    if names[rs.name] > 1:
        f.error(path + ("name",), f"expected a name no other scheme has, got '{rs.name}' again: the documents "
                "refer to each scheme by its name")


def _scheme(p: PartnershipFile, f: _Findings, path: tuple, rs) -> None:
    for kind in ("gain_share", "loss_share"):  # rule 1
        total = sum((getattr(x, kind) for x in rs.parties), Decimal(0))
        if total != HUNDRED:
            f.error(path + ("parties",), f"expected {kind.replace('_', ' ')}s that sum to 100, got {total.normalize():f}")
    seen = Counter(x.party for x in rs.parties)
    for i, x in enumerate(rs.parties):
        if seen[x.party] > 1:
            f.error(path + ("parties", i, "party"), f"expected each party once, got '{x.party}' again")
    total = budget_total(p)
    for name in ("threshold", "gain_cap", "loss_collar"):
        limit = getattr(rs, name)
        if limit is not None and (limit.amount is None) == (limit.percent_of_budget is None):
            f.error(path + (name,), "expected exactly one of amount or percent_of_budget, got "
                    + ("both" if limit.amount is not None else "neither"))
        elif limit is not None and limit.percent_of_budget is not None and p.budget is None:
            f.error(path + (name, "percent_of_budget"), "expected a budget to take the percentage of, got no budget")
    threshold = limit_amount(rs.threshold, total)
    for name in ("gain_cap", "loss_collar"):  # rule 2
        value = limit_amount(getattr(rs, name), total)
        if value is not None and threshold is not None and value < threshold:
            f.error(path + (name,), f"expected at least the threshold {pounds(threshold)}, got {pounds(value)}")
    if int(rs.baseline_year[:4]) >= p.partnership.start_date.year - (0 if p.partnership.start_date.month >= 4 else 1):
        f.error(path + ("baseline_year",), f"expected a baseline year before the first contract year, "
                f"got {rs.baseline_year}")
    acute = [x.party for x in rs.parties if (q := p.party(x.party)) and q.kind in ACUTE_KINDS]
    if not acute:  # rule 7
        f.error(path + ("parties",), "expected at least one NHS trust or foundation trust among the sharing parties, got none")


def _board(p: PartnershipFile, f: _Findings) -> None:
    if p.governance is None:
        return  # required for an MCP or PACS: see rules_network.check_care_model
    board = p.governance.board
    path = ("governance", "board")
    members = board.members
    for name in ("chair", "vice_chair"):
        index = getattr(board, name)
        if index is not None and index > len(members):
            f.error(path + (name,), f"expected a member's position from 1 to {len(members)}, got {index}")
    if board.chair == board.vice_chair:
        f.error(path + ("vice_chair",), "expected a vice-chair other than the chair, got the same member")
    voting = [m for m in members if m.voting]
    if board.quorum > len(voting):
        f.error(path + ("quorum",), f"expected a quorum no larger than the {len(voting)} voting members, got {board.quorum}")
    # practices are represented collectively by elected members, so they are not sovereign partners here
    practices = {x.id for x in p.parties if x.kind == "gp_practice"}
    partners = {m.party for m in voting} - practices
    if board.decision_rule == "unanimous" and not board.quorum_every_partner:  # rule 13
        f.error(path + ("quorum_every_partner",), "expected true when decisions are unanimous, got false: "
                "a unanimous decision needs every sovereign partner present")
    if board.quorum_every_partner and board.quorum < len(partners):
        f.error(path + ("quorum",), f"expected a quorum of at least {len(partners)}, one for each sovereign partner, "
                f"got {board.quorum}")
    if board.status == "joint_committee":
        _joint_committee(p, f, path)
    sovereign = {x.id for x in p.parties if x.kind != "gp_practice"}
    missing = sorted(sovereign - partners - {x.id for x in p.parties if x.role == "sub_contractor" and not x.dual})
    if missing:
        f.warn(path + ("members",), f"expected a voting member from every partner organisation, got none from "
               f"{', '.join(missing)}", "board-partners")


# who may form a joint committee together (2016-2019): CCGs with CCGs and NHS England (NHS Act 2006
# s14Z3); councils with councils (Local Government Act 1972 ss101-102); no other body, nor a mix
JOINT_COMMITTEE_GROUPS = ({"ccg", "nhs_england"}, {"local_authority"})


def _joint_committee(p: PartnershipFile, f: _Findings, path: tuple) -> None:
    """A joint committee only of members that the law lets delegate to one together."""
    kinds = {x.id: x.kind for x in p.parties}
    members = {kinds[m.party] for m in p.governance.board.members if m.party in kinds}
    if not any(members <= group for group in JOINT_COMMITTEE_GROUPS):
        cannot = sorted(members - JOINT_COMMITTEE_GROUPS[0]) if members & JOINT_COMMITTEE_GROUPS[0] else sorted(members)
        f.warn(path + ("status",), "expected members that can together form a joint committee (clinical "
               "commissioning groups with each other and NHS England, under section 14Z3 of the NHS Act 2006; local "
               "authorities with each other, under sections 101 and 102 of the Local Government Act 1972), got "
               f"{', '.join(sorted(members))}, of which {', '.join(cannot)} cannot join: choose advisory or "
               "committees_in_common", "board-status")
