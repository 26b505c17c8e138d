"""The care models contractgen drafts for: one table, read by the partnership schema, the rules, the
clause library and `init` (as doctypes.py is for document types).

A care model with integration levels (an MCP or a PACS) has a single contract, or an alliance over
the providers' own contracts, and a partnership board. A care model without them (a GP network,
say) is held together by its own main document, drafted from one section of the partnership file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CareModelType:
    """One care model: its id in a partnership file, its name in running text, and what it needs."""

    id: str
    name: str  # in running text: "multispecialty community provider"
    # whether GP services sit inside it at an integration level (virtual, partial, full)
    leveled: bool
    # the organisational forms that fit it
    forms: tuple[str, ...]
    # the section of a partnership file its main document is drafted from (a model without levels)
    section: str | None = None
    # whether it needs a commissioner and a provider among its parties (a network's practices contract
    # with each other, and need neither)
    commissioned: bool = True


CONTRACT_FORMS = ("alliance", "prime_provider", "lead_provider", "host_trust", "sub_contracting", "joint_venture",
                  "new_organisation", "merger")
NETWORK_FORMS = ("federation", "network", "collaboration", "joint_venture", "alliance")
# a place-based partnership plans together under a memorandum of understanding: the loosest form on the
# spectrum, which pools nothing and creates no body that can decide for the partners
PLACE_FORMS = ("memorandum",)
# a Primary Care Home or a care-closer-to-home network: a memorandum (network, collaboration) or a binding
# alliance agreement (alliance) among the practices, community services, the council and voluntary bodies
CARE_NETWORK_FORMS = ("network", "collaboration", "alliance")

CARE_MODELS: tuple[CareModelType, ...] = (
    CareModelType("mcp", "multispecialty community provider", leveled=True, forms=CONTRACT_FORMS),
    CareModelType("pacs", "integrated primary and acute care system", leveled=True, forms=CONTRACT_FORMS),
    CareModelType("gp_network", "GP network", leveled=False, forms=NETWORK_FORMS, section="network",
                  commissioned=False),
    CareModelType("place_based", "place-based partnership", leveled=False, forms=PLACE_FORMS, section="place"),
    CareModelType("primary_care_home", "Primary Care Home", leveled=False, forms=CARE_NETWORK_FORMS,
                  section="care_network", commissioned=False),
    CareModelType("care_closer_to_home", "care-closer-to-home integrated network", leveled=False,
                  forms=CARE_NETWORK_FORMS, section="care_network", commissioned=False),
)

BY_ID: dict[str, CareModelType] = {m.id: m for m in CARE_MODELS}
CARE_MODEL_IDS: tuple[str, ...] = tuple(BY_ID)
LEVELED: tuple[str, ...] = tuple(m.id for m in CARE_MODELS if m.leveled)


# the care models drafted from a `care_network` section: their members work together under a memorandum
# or an alliance, each keeping its own contracts
CARE_NETWORK_MODELS: tuple[str, ...] = tuple(m.id for m in CARE_MODELS if m.section == "care_network")


def leveled(care_model: str) -> bool:
    """Whether the care model has integration levels (virtual, partial, full)."""
    return BY_ID[care_model].leveled
