"""Charts drawn up from a partnership's own figures, for clauses to place with `!chart NAME`."""

from __future__ import annotations

from typing import Callable

from .context import sharers
from .document import Chart
from .partnership.rules import budget_total, limit_amount
from .partnership.schema import PartnershipFile
from .riskshare import curve


def risk_share_chart(p: PartnershipFile, rs=None) -> Chart:
    """Each party's gain (+) or loss (-) against outturn, -10% to +10% of the baseline: of the one
    scheme, or of `rs`, one of several."""
    rs = rs or p.risk_share
    total = budget_total(p)
    rows = curve(rs.baseline, limit_amount(rs.threshold, total), sharers(p, rs), limit_amount(rs.gain_cap, total),
                 limit_amount(rs.loss_collar, total))
    names = {x.id: x.name for x in p.parties}
    series = [
        (names[s.party], [(float(row.change_percent), float(row.shares[s.party]) / 1e6) for row in rows])
        for s in rs.parties
    ]
    series.append(("Retained by the commissioners", [(float(r.change_percent), float(r.retained) / 1e6) for r in rows]))
    alt = (f"Line chart of each party's share of the variation from the £{rs.baseline:,.0f} baseline, for outturns "
           f"from 10% under to 10% over it. Within the threshold no one shares; beyond it the lines rise for gains "
           f"(spend under the baseline) and fall for losses, flattening where a cap or collar applies.")
    return Chart(title=f"Risk and gain share against outturn ({rs.metric})", x_label="Outturn against baseline (%)",
                 y_label="Share of variation (£ million)", series=series, alt=alt)


def builders(p: PartnershipFile) -> dict[str, Callable[[], Chart]]:
    """The charts this partnership's figures allow."""
    out: dict[str, Callable[[], Chart]] = {}
    if p.several_schemes:
        # by position, not id: a value printed into a clause is escaped for the markup ("\_")
        for number, (_, scheme) in enumerate(p.risk_share_schemes(), start=1):
            out[f"risk_share.{number}"] = lambda scheme=scheme: risk_share_chart(p, scheme)
    elif p.risk_share is not None:
        out["risk_share"] = lambda: risk_share_chart(p)
    return out
