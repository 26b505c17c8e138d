"""Points a commissioner's lawyer raised on a first review of the Dudley documents, each read from
the clause that carries it: the integration agreements' NHS-contract status with an APMS practice,
who bears the commissioners' part of the risk share, a leaver's share, who may not leave, and the
non-binding documents named in a full sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.documents import build

ROOT = Path(__file__).resolve().parent.parent
# Dudley as it was reviewed, with one risk share scheme; the example now runs two, checked below too
DUDLEY = ROOT / "tests" / "fixtures" / "one_scheme" / "dudley.yaml"
DUDLEY_SCHEMES = ROOT / "examples" / "dudley.yaml"


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    return {k: re.sub(r"\s+", " ", v).replace("\\", "") for k, v in build(DUDLEY).items()}


@pytest.fixture(scope="module")
def schemes() -> dict[str, str]:
    return {k: re.sub(r"\s+", " ", v).replace("\\", "") for k, v in build(DUDLEY_SCHEMES, None).items()
            if k == "risk_share_agreement"}


def _clause(md: str, anchor: str) -> str:
    """The text of the clause whose heading carries `{#c-anchor}`, up to the next heading."""
    start = md.index("{#c-" + anchor + "}")
    end = md.find(" ### ", start)
    return md[start:end if end > 0 else None]


def test_integration_agreements_are_nhs_contracts_only_with_health_service_bodies(docs):
    # Dudley has an APMS practice, which cannot be a health service body (LEGAL.md section 2)
    text = _clause(docs["mcp_contract"], "mcp-particulars-integration-partial")
    assert "The Integration Agreements are NHS contracts" not in text
    assert "only between the Provider and a Participating Practice that is a health service body" in text
    assert "including one that holds an APMS contract, it is a contract enforceable in the courts" in text


def test_a_named_commissioner_bears_the_commissioners_part(docs):
    text = _clause(docs["risk_share_agreement"], "riskshare-threshold")
    assert "as they agree among themselves. This Agreement does not decide that division" not in text
    assert "is kept or borne by the Co-ordinating Commissioner, unless the Commissioners agree" in text


def test_a_leavers_share_goes_somewhere_so_the_shares_still_add_up(docs):
    text = _clause(docs["risk_share_agreement"], "riskshare-shares")
    assert "If a Sharing Party leaves this Agreement" in text
    assert "is kept or borne by the Commissioners" in text
    assert "continue to add up to the Variation" in text


def test_the_lead_provider_cannot_leave_the_agreements_its_contract_relies_on(docs):
    risk = _clause(docs["risk_share_agreement"], "riskshare-term")
    assert ("While the Main Contract continues, Birmingham Community Healthcare NHS Foundation Trust and "
            "NHS Dudley Clinical Commissioning Group may not leave this Agreement") in risk
    integration = _clause(docs["integration_agreement"], "integration-term")
    assert "While the Lead Provider's contract continues, the Lead Provider may not leave this Agreement" in integration


def test_non_binding_documents_are_named_in_a_full_sentence(docs):
    for doc_id, md in docs.items():
        text = _clause(md, "common-document_set")
        assert "This document is not legally binding:" not in text, doc_id
        assert "These Terms of Reference is" not in text, doc_id
    assert "These Terms of Reference are not legally binding." in docs["board_terms_of_reference"]
    assert "The terms of reference of the partnership board are not legally binding." in docs["mcp_contract"]


def test_the_contract_date_is_left_for_signature_not_the_draft_date(docs):
    for doc_id in ("mcp_contract", "integration_agreement", "risk_share_agreement"):
        assert "is dated 30 June 2017" not in docs[doc_id], doc_id
        assert "is dated <mark>[date of the last signature]</mark>" in docs[doc_id], doc_id


def test_with_several_schemes_each_schemes_lead_commissioner_bears_its_part_and_a_leavers_share_goes_back(schemes):
    text = _clause(schemes["risk_share_agreement"], "riskshare-schemes-sharing")
    assert "What the Scheme Commissioners of a Scheme keep or bear under this Agreement is kept or borne by its " \
           "Lead Commissioner" in text
    assert "If a Sharing Party leaves this Agreement" in text
    assert "is kept or borne by that Scheme's Scheme Commissioners" in text
    assert "in each Scheme the amounts shared and kept continue to add up to the Variation" in text


def test_with_several_schemes_the_lead_provider_still_cannot_leave(schemes):
    text = _clause(schemes["risk_share_agreement"], "riskshare-schemes-term")
    assert ("While the Main Contract continues, Birmingham Community Healthcare NHS Foundation Trust and "
            "NHS Dudley Clinical Commissioning Group may not leave this Agreement") in text
