"""Rules for a party that both commissions and provides (`also_roles`): roles that contradict each
other, and documents a dual role would make unsound."""

from __future__ import annotations

from ..doctypes import main_document
from .schema import COMMISSIONER_ROLES, PROVIDER_ROLES, PartnershipFile

COMMISSIONING_KINDS = {"ccg", "nhs_england", "local_authority"}
# the single contracts between the commissioners and one Provider, as messages name them
SINGLE_CONTRACTS = {"mcp_contract": "MCP contract", "pacs_agreement": "PACS agreement"}


def check_roles(p: PartnershipFile, f) -> None:
    """Each party's roles, then the main contract's Provider and Commissioners."""
    for i, party in enumerate(p.parties):
        if party.also_roles:
            _roles(p, f, i, party)
    _main_contract(p, f)


def _roles(p: PartnershipFile, f, i: int, party) -> None:
    here = ("parties", i, "also_roles")
    held = [party.role]
    for j, role in enumerate(party.also_roles):
        at = here + (j,)
        if role in held:
            f.error(at, f"expected a role '{party.id}' does not already hold, got {role} again: give each role once")
            continue
        if "participant" in (role, party.role):
            f.error(at, f"expected a commissioning and a providing role, got participant with "
                    f"{party.role if role == 'participant' else role}: a participant takes part in no other "
                    "capacity; give the party's roles without participant, or leave out also_roles")
        elif role in COMMISSIONER_ROLES and any(r in COMMISSIONER_ROLES for r in held):
            f.error(at, f"expected one commissioning role, got {held[0] if held[0] in COMMISSIONER_ROLES else role} "
                    f"and {role}: a co-ordinating commissioner is already a commissioner; give co_ordinating_commissioner "
                    "alone")
        elif role in PROVIDER_ROLES and any(r in PROVIDER_ROLES for r in held):
            other = next(r for r in held if r in PROVIDER_ROLES)
            f.error(at, f"expected one providing role, got {other} and {role}: a party provides in one capacity, "
                    "so give the one that describes it (a prime or lead provider already provides)")
        elif role in COMMISSIONER_ROLES and party.kind not in COMMISSIONING_KINDS:
            f.error(at, f"expected a commissioning body (ccg, nhs_england or local_authority) for role {role}, "
                    f"got kind {party.kind}")
        held.append(role)


def _main_contract(p: PartnershipFile, f) -> None:
    """A party cannot contract with itself: the Provider of an MCP contract or PACS agreement may also
    commission only beside another commissioner, and never as the co-ordinating commissioner, which
    manages the contract against the Provider."""
    main = main_document(p.partnership.care_model, p.partnership.integration_level)
    if main not in SINGLE_CONTRACTS:
        return
    i, lead = next(((i, x) for i, x in enumerate(p.parties) if x.has_role("prime_provider", "lead_provider")),
                   next(((i, x) for i, x in enumerate(p.parties) if x.provides), (None, None)))
    if lead is None or not lead.dual:
        return
    at = ("parties", i, "also_roles", 0) if lead.also_roles else ("parties", i, "role")
    document = SINGLE_CONTRACTS[main]
    others = [x for x in p.parties if x.commissions and x.id != lead.id]
    if not others:
        f.error(at, f"expected another commissioner beside '{lead.id}', which is the Provider of the {document}: "
                "a party cannot contract with itself, so the Provider cannot be the contract's only commissioner; "
                "add the commissioner it contracts with, or make another party the provider")
    elif lead.has_role("co_ordinating_commissioner"):
        f.error(at, f"expected a co-ordinating commissioner other than '{lead.id}', which is the Provider of the "
                f"{document}: the co-ordinating commissioner manages the contract against the Provider; give "
                f"co_ordinating_commissioner to '{others[0].id}' and make '{lead.id}' a commissioner")
