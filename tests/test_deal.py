"""The model of the deal: facts computed once from the partnership file, for every clause to state."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from contractgen.deal import build_deal
from contractgen.partnership.load import load

ROOT = Path(__file__).resolve().parent.parent


def _deal(name: str):
    return build_deal(load(ROOT / "examples" / f"{name}.yaml").partnership)


def test_salford_money_goes_through_the_pool_and_nobody_pays_twice():
    deal = _deal("salford")
    pooled = [f for f in deal.flows if f.instrument == "section75_agreement"]
    assert {(f.payer, f.payee) for f in pooled} == {("salford_council", "salford_council"),
                                                    ("salford_ccg", "salford_council")}
    # the s75 agreement starts in July 2016, so it has 2016/17 contributions, and the 2017/18 ones
    assert [(t.financial_year, t.total) for t in deal.pool.year_totals] == [
        ("2016/17", Decimal(177_000_000)), ("2017/18", Decimal(236_000_000))]
    to_provider = [f for f in deal.flows if f.payee == "salford_royal"]
    # only the host pays the provider, out of the pool; no commissioner pays it directly as well
    assert {f.payer for f in to_provider} == {"salford_council"} and all(f.via_pool for f in to_provider)
    assert sum(f.amount for f in to_provider) == deal.pool.main_payment == Decimal(213_000_000)
    # the council's 2017/18 money has one label wherever it appears
    council = {f.financial_year for f in deal.flows if f.amount == Decimal(74_433_000)}
    assert council == {"2017/18"}


def test_dudley_population_is_the_sum_of_the_lists_and_the_area_is_labelled_apart():
    deal = _deal("dudley")
    assert deal.population.registered == 48_450 and deal.population.registered_from_lists
    assert deal.population.whole_area == 318_000
    assert deal.population.served == 48_450 + 2_500


def test_dudley_risk_share_has_one_home_and_prevails_on_its_own_matter():
    deal = _deal("dudley")
    assert deal.risk_share.document == "risk_share_agreement"
    assert deal.matters[0].document == "risk_share_agreement"
    assert deal.order[0] == "mcp_contract"


def test_status_follows_what_each_party_is():
    deal = _deal("dudley")
    integration = deal.document("integration_agreement").status
    assert integration.kind == "mixed"
    apms = next(x for x in integration.parties if x.name == "Sedgley Lane Surgery")
    assert not apms.health_service_body and "APMS" in apms.reason
    # with one scheme written directly, every commissioner is a party, the council among them
    one_scheme = build_deal(load(ROOT / "tests" / "fixtures" / "one_scheme" / "dudley.yaml").partnership)
    risk = one_scheme.document("risk_share_agreement").status
    council = next(x for x in risk.parties if x.party == "dudley_mbc")
    assert not council.health_service_body and risk.kind == "mixed"


def test_a_virtual_model_has_the_alliance_as_its_main_document_and_no_budget_flows():
    deal = _deal("modality")
    assert deal.main == "alliance_agreement"
    assert [d.id for d in deal.documents] == ["alliance_agreement", "board_terms_of_reference"]
    assert all(f.instrument == "alliance_agreement" for f in deal.flows)
    assert len(deal.underlying_contracts) == 3
