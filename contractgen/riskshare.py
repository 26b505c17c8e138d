"""Risk and gain share arithmetic: who gets what at a given outturn, exactly.

Variation from the baseline inside the threshold stays with the commissioners. Beyond it,
each party takes its share of the excess, limited by the gain cap or loss collar; what a
cap or collar holds back stays with the commissioners too. Amounts are exact Decimals
until the end, then rounded to the pound: to the nearest pound, except that a share is
rounded down where rounding up would pass its cap or collar, or would make the shares
together more than the shareable amount. The commissioners' column absorbs the rounding
so that every row adds up to the total variation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

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
    limit = gain_cap if gain else loss_collar
    exact: dict[str, Decimal] = {}  # magnitudes; the sign is put on at the end
    for s in sharers:
        amount = excess * (s.gain_share if gain else s.loss_share) / HUNDRED
        exact[s.party] = amount if limit is None else min(amount, limit)
    sign = Decimal(1) if gain else Decimal(-1)
    shares = {party: _round(sign * amount) for party, amount in _whole_pounds(exact, excess, limit).items()}
    rounded_variation = _round(variation)
    retained = rounded_variation - sum(shares.values(), Decimal(0))
    return Row(change_percent, _round(outturn), rounded_variation, shares, retained)


def _whole_pounds(exact: dict[str, Decimal], excess: Decimal, limit: Decimal | None) -> dict[str, Decimal]:
    """Each amount to the nearest pound, never past `limit`, and together never past `excess`.

    Rounding each share half up on its own could give three parties £4 each of £10.50, or a
    party £101 under a cap of £100.60. Where it would, the shares rounded up the most are
    rounded down instead; every share stays within a pound of its exact amount.
    """
    rounded = {}
    for party, amount in exact.items():
        whole = amount.quantize(POUND, ROUND_HALF_UP)
        if limit is not None and whole > limit:
            whole = limit.quantize(POUND, ROUND_FLOOR)
        rounded[party] = whole
    over = sum(rounded.values(), Decimal(0)) - excess.quantize(POUND, ROUND_FLOOR)
    # the parties rounded up the most give back a pound first; ties in the parties' order
    rounded_up = sorted((p for p in rounded if rounded[p] > exact[p]), key=lambda p: exact[p] - rounded[p])
    for party in rounded_up[: max(int(over), 0)]:
        rounded[party] -= POUND
    return rounded


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
