"""The document types contractgen can draft: one table, read by the partnership schema, the
default document set, the runner and the template loader (as pandoc's writer table is)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentType:
    """One kind of document: its id (also its template's name under templates/documents/), what
    asks for it by default, and how much work it is to render."""

    id: str
    description: str
    # how the other documents of a set name it in running text ("the alliance agreement")
    name: str = ""
    # the care models whose main document it is, when the partnership names no documents
    main_for: tuple[str, ...] = ()
    # the organisational forms for which it is the main document (all, when empty): a Primary Care Home
    # working as a network has a memorandum, one working as an alliance a binding alliance agreement
    forms: tuple[str, ...] = ()
    # the integration levels it fits: a virtual model has no single contract
    levels: tuple[str, ...] = ("virtual", "partial", "full")
    # whether it is an agreement the parties are bound by (a memorandum and terms of reference are not)
    binding: bool = True
    # the section of a partnership file that, when filled in, asks for it by default
    section: str | None = None
    # rough rendering cost relative to a short agreement, so the runner starts big ones first
    weight: int = 1


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("mcp_contract", "the MCP contract: particulars, service and general conditions, schedules",
                 "the multispecialty community provider contract", main_for=("mcp",), levels=("partial", "full"),
                 weight=3),
    DocumentType("pacs_agreement", "the PACS integrated care agreement",
                 "the integrated primary and acute care system agreement", main_for=("pacs",),
                 levels=("partial", "full"), weight=3),
    DocumentType("alliance_agreement", "an alliance agreement over the parties' own contracts",
                 "the alliance agreement", section="alliance"),
    DocumentType("integration_agreement", "the integration agreement with the GP practices",
                 "the integration agreement with the participating practices", section="integration_agreement",
                 levels=("partial",)),
    DocumentType("risk_share_agreement", "the risk and gain share agreement", "the risk and gain share agreement",
                 section="risk_share", levels=("partial", "full")),
    DocumentType("board_terms_of_reference", "the partnership board's terms of reference",
                 "the terms of reference of the partnership board", section="governance", binding=False),
    DocumentType("memorandum_of_understanding", "a memorandum of understanding", "the memorandum of understanding",
                 section="memorandum", binding=False),
    DocumentType("section75_agreement", "a section 75 pooled fund agreement",
                 "the partnership agreement under section 75 of the National Health Service Act 2006",
                 section="pooled_fund"),
    DocumentType("information_sharing_agreement", "the information sharing agreement",
                 "the information sharing agreement", section="information_sharing"),
    DocumentType("network_agreement", "the network agreement among the practices of a GP network or federation",
                 "the network agreement", main_for=("gp_network",), weight=2),
    DocumentType("extended_access_schedule", "a service schedule for extended access, attached to a named contract",
                 "the service schedule for extended access", section="extended_access"),
    DocumentType("social_prescribing_schedule", "a service schedule for social prescribing, attached to a named "
                 "contract", "the service schedule for social prescribing", section="social_prescribing"),
    DocumentType("place_memorandum", "the memorandum of understanding of a place-based partnership, which pools "
                 "no statutory functions and binds no one except on confidentiality and any shared costs",
                 "the memorandum of understanding", main_for=("place_based",), binding=False),
    DocumentType("care_network_memorandum", "the memorandum of understanding among the members of a Primary Care Home "
                 "or care-closer-to-home network (not binding)", "the memorandum of understanding",
                 main_for=("primary_care_home", "care_closer_to_home"), forms=("network", "collaboration"),
                 binding=False),
    DocumentType("care_network_agreement", "the alliance agreement among the members of a Primary Care Home or "
                 "care-closer-to-home network", "the alliance agreement",
                 main_for=("primary_care_home", "care_closer_to_home"), forms=("alliance",), weight=2),
)

BY_ID: dict[str, DocumentType] = {t.id: t for t in DOCUMENT_TYPES}
DOCUMENT_IDS: tuple[str, ...] = tuple(BY_ID)


def main_document(care_model: str, level: str | None = "partial", form: str | None = None) -> str:
    """The id of the main document of a care model at an integration level and in an organisational
    form: the single contract (MCP contract, PACS agreement) for partial and full integration, the
    alliance agreement over the providers' own contracts for a virtual model, which has no single
    contract; for a model whose main document depends on its form (a Primary Care Home), the one for
    that form (the first listed when the form is not given)."""
    if level == "virtual":
        return "alliance_agreement"
    return next(t.id for t in DOCUMENT_TYPES if care_model in t.main_for and (form is None or not t.forms
                                                                              or form in t.forms))


def fits(doc_id: str, level: str) -> bool:
    """Whether a document of this type belongs in a set at this integration level."""
    found = BY_ID.get(doc_id)
    return found is None or level is None or level in found.levels  # None: a GP network, which has none


def weight(doc_id: str) -> int:
    """How much rendering a document is, relative to a short agreement (1 for one not listed)."""
    found = BY_ID.get(doc_id)
    return found.weight if found else 1
