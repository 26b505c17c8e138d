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
    # the care models whose main document it is, when the partnership names no documents
    main_for: tuple[str, ...] = ()
    # the section of a partnership file that, when filled in, asks for it by default
    section: str | None = None
    # rough rendering cost relative to a short agreement, so the runner starts big ones first
    weight: int = 1


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("mcp_contract", "the MCP contract: particulars, service and general conditions, schedules",
                 main_for=("mcp",), weight=3),
    DocumentType("pacs_agreement", "the PACS integrated care agreement", main_for=("pacs",), weight=3),
    DocumentType("alliance_agreement", "an alliance agreement over the parties' own contracts", section="alliance"),
    DocumentType("integration_agreement", "the integration agreement with the GP practices",
                 section="integration_agreement"),
    DocumentType("risk_share_agreement", "the risk and gain share agreement", section="risk_share"),
    DocumentType("board_terms_of_reference", "the partnership board's terms of reference", section="governance"),
    DocumentType("memorandum_of_understanding", "a memorandum of understanding", section="memorandum"),
    DocumentType("section75_agreement", "a section 75 pooled fund agreement", section="pooled_fund"),
    DocumentType("information_sharing_agreement", "the information sharing agreement",
                 section="information_sharing"),
)

BY_ID: dict[str, DocumentType] = {t.id: t for t in DOCUMENT_TYPES}
DOCUMENT_IDS: tuple[str, ...] = tuple(BY_ID)


def main_document(care_model: str) -> str:
    """The id of a care model's main document."""
    return next(t.id for t in DOCUMENT_TYPES if care_model in t.main_for)


def weight(doc_id: str) -> int:
    """How much rendering a document is, relative to a short agreement (1 for one not listed)."""
    found = BY_ID.get(doc_id)
    return found.weight if found else 1
