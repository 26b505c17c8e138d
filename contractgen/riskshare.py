"""Risk and gain share arithmetic: who gets what at a given outturn, exactly.

Variation from the baseline inside the threshold stays with the commissioners. Beyond it,
each party takes its share of the excess, limited by the gain cap or loss collar; what a
cap or collar holds back stays with the commissioners too. Amounts are exact Decimals
until the end, then rounded to the pound, and the commissioners' column absorbs the
rounding so that every row adds up to the total variation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
POUND = Decimal(1)


@dataclass(frozen=True)
class Sharer:
    party: str
    gain_share: Decimal  # percent
    loss_share: Decimal  # percent


@dataclass(frozen=True)
class Row:
    """One outturn: the variation (positive is a gain, spend below baseline) and how it falls."""

    change_percent: Decimal  # outturn relative to baseline, e.g. -10 for 10% under
    outturn: Decimal
    variation: Decimal  # baseline - outturn, rounded to the pound
    shares: dict[str, Decimal]  # per party, rounded; gains positive, losses negative
    retained: Decimal  # what stays with the commissioners (deadband, cap/collar excess, rounding)

    def reconciles(self) -> bool:
        return sum(self.shares.values(), Decimal(0)) + self.retained == self.variation


def _round(x: Decimal) -> Decimal:
    rounded = x.quantize(POUND, ROUND_HALF_UP)
    return rounded if rounded != 0 else Decimal(0)  # never -0, which would print as "£-0"


def share_at(baseline: Decimal, outturn: Decimal, threshold: Decimal, sharers: list[Sharer],
             gain_cap: Decimal | None, loss_collar: Decimal | None, change_percent: Decimal) -> Row:
    variation = baseline - outturn
    excess = max(abs(variation) - threshold, Decimal(0))
    gain = variation > 0
    exact: dict[str, Decimal] = {}
    for s in sharers:
        amount = excess * (s.gain_share if gain else s.loss_share) / HUNDRED
        limit = gain_cap if gain else loss_collar
        if limit is not None:
            amount = min(amount, limit)
        exact[s.party] = amount if gain else -amount
    shares = {party: _round(amount) for party, amount in exact.items()}
    rounded_variation = _round(variation)
    retained = rounded_variation - sum(shares.values(), Decimal(0))
    return Row(change_percent, _round(outturn), rounded_variation, shares, retained)


def worked_examples(baseline: Decimal, threshold: Decimal, sharers: list[Sharer], gain_cap: Decimal | None,
                    loss_collar: Decimal | None, steps: tuple[int, ...] = (-10, -5, -2, -1, 0, 1, 2, 5, 10)) -> list[Row]:
    """Rows for outturns from 10% under to 10% over the baseline."""
    rows = []
    for step in steps:
        change = Decimal(step)
        outturn = baseline * (HUNDRED + change) / HUNDRED
        rows.append(share_at(baseline, outturn, threshold, sharers, gain_cap, loss_collar, change))
    return rows


def curve(baseline: Decimal, threshold: Decimal, sharers: list[Sharer], gain_cap: Decimal | None,
          loss_collar: Decimal | None, points: int = 41) -> list[Row]:
    """Finely spaced rows from -10% to +10%, for the chart."""
    rows = []
    for i in range(points):
        change = Decimal(-10) + Decimal(20) * i / (points - 1)
        outturn = baseline * (HUNDRED + change) / HUNDRED
        rows.append(share_at(baseline, outturn, threshold, sharers, gain_cap, loss_collar, change))
    return rows
