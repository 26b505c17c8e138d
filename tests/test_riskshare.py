"""Risk and gain share: the worked example of the domain brief, and what any risk share must guarantee.

The properties below are stated from the agreement's terms (DOMAIN.md A.5 and the risk_share
schema), not from how `riskshare.py` computes: whatever the arithmetic, no party's share passes
its cap or collar, nothing inside the deadband is shared, a gain is never paid as a loss, each
share is within a pound of its agreed percentage of the shareable amount, and the parties together
never take more than there is to share.
"""

from decimal import Decimal as D

from hypothesis import example, given, settings
from hypothesis import strategies as st

from contractgen.riskshare import Sharer, share_at, worked_examples

SHARERS = [Sharer("mcp", D(50), D(50)), Sharer("acute", D(30), D(30)), Sharer("ccg", D(20), D(20))]
PENNY = D("0.01")


def test_the_domain_worked_example():
    # baseline £80m, actual £76m, 1% deadband (£0.8m), split 50/30/20, MCP cap of 2% of £244m not binding
    row = share_at(D(80_000_000), D(76_000_000), D(800_000), SHARERS, D(4_880_000), None, D(-5))
    assert row.variation == D(4_000_000)
    assert row.shares == {"mcp": D(1_600_000), "acute": D(960_000), "ccg": D(640_000)}
    assert row.retained == D(800_000)
    assert row.reconciles()


def test_collar_limits_a_loss_and_the_commissioners_keep_the_rest():
    row = share_at(D(80_000_000), D(88_000_000), D(800_000), SHARERS, None, D(2_440_000), D(10))
    assert row.shares["mcp"] == D(-2_440_000)  # 50% of £7.2m is £3.6m, collared at £2.44m
    assert row.shares["acute"] == D(-2_160_000)
    assert row.retained == D(-8_000_000) + D(2_440_000) + D(2_160_000) + D(1_440_000)
    assert row.reconciles()


def test_worked_examples_run_from_ten_under_to_ten_over():
    rows = worked_examples(D(80_000_000), D(800_000), SHARERS, None, None)
    assert [r.change_percent for r in rows] == [D(s) for s in (-10, -5, -2, -1, 0, 1, 2, 5, 10)]
    assert rows[0].variation == D(8_000_000) and rows[-1].variation == D(-8_000_000)


# ------------------------------------------------------------------ properties

money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def splits(draw) -> list[D]:
    """Percentages of up to four decimal places (as the schema allows) that add up to exactly 100."""
    parties = draw(st.integers(2, 6))
    cuts = sorted(draw(st.lists(st.integers(0, 1_000_000), min_size=parties - 1, max_size=parties - 1)))
    bounds = [0, *cuts, 1_000_000]
    return [D(b - a) / 10_000 for a, b in zip(bounds, bounds[1:])]


@st.composite
def cases(draw):
    baseline = draw(st.decimals(min_value=1, max_value=500_000_000, places=2, allow_nan=False, allow_infinity=False))
    outturn = draw(st.one_of(
        st.decimals(min_value=0, max_value=600_000_000, places=2, allow_nan=False, allow_infinity=False),
        # near the baseline, where the deadband and the pennies matter
        st.decimals(min_value=-50, max_value=50, places=2).map(lambda d: max(baseline + d, D(0))),
    ))
    gains, losses = draw(splits()), draw(splits())
    if draw(st.booleans()):
        losses = losses[: len(gains)] + [D(0)] * (len(gains) - len(losses))
        losses[-1] += D(100) - sum(losses)
    gains = gains[: len(losses)] + [D(0)] * (len(losses) - len(gains))
    gains[-1] += D(100) - sum(gains)
    sharers = [Sharer(f"p{i}", g, l) for i, (g, l) in enumerate(zip(gains, losses))]
    threshold = draw(st.one_of(money, st.decimals(min_value=0, max_value=20, places=2)))
    cap = draw(st.one_of(st.none(), money))
    collar = draw(st.one_of(st.none(), money))
    return baseline, outturn, threshold, sharers, cap, collar


def _row(case):
    baseline, outturn, threshold, sharers, cap, collar = case
    return share_at(baseline, outturn, threshold, sharers, cap, collar, D(0))


def _shareable(case) -> D:
    baseline, outturn, threshold, *_ = case
    return max(abs(baseline - outturn) - threshold, D(0))


# Each @example is a case the nearest-pound rounding of every share on its own got wrong.
THREE_THIRDS = (D(100), D("89.50"), D(0), [Sharer(p, D(100) / 3, D(100) / 3) for p in "abc"], None, None)
HALVES = (D(100), D(99), D(0), [Sharer("a", D(50), D(50)), Sharer("b", D(50), D(50))], None, None)
CAP_WITH_PENCE = (D(1000), D(0), D(0), [Sharer("a", D(50), D(50)), Sharer("b", D(50), D(50))], D("100.60"), None)
COLLAR_WITH_PENCE = (D(0), D(1000), D(0), [Sharer("a", D(50), D(50)), Sharer("b", D(50), D(50))], None, D("7.50"))


@settings(max_examples=300, deadline=None)
@given(cases())
@example(CAP_WITH_PENCE)
@example(COLLAR_WITH_PENCE)
def test_no_share_passes_its_cap_or_collar(case):
    *_, cap, collar = case
    for share in _row(case).shares.values():
        if cap is not None:
            assert share <= cap, f"a gain share of {share} passes the gain cap of {cap}"
        if collar is not None:
            assert share >= -collar, f"a loss share of {share} passes the loss collar of {collar}"


@settings(max_examples=300, deadline=None)
@given(cases())
def test_nothing_inside_the_threshold_is_shared(case):
    baseline, outturn, threshold, *_ = case
    if abs(baseline - outturn) <= threshold:
        assert set(_row(case).shares.values()) <= {D(0)}


@settings(max_examples=300, deadline=None)
@given(cases())
def test_a_gain_is_shared_as_a_gain_and_a_loss_as_a_loss(case):
    baseline, outturn, *_ = case
    for share in _row(case).shares.values():
        if outturn < baseline:  # spend under the baseline: a gain, paid to the parties
            assert share >= 0
        elif outturn > baseline:  # a loss, borne by them
            assert share <= 0
        else:
            assert share == 0


@settings(max_examples=300, deadline=None)
@given(cases())
@example(THREE_THIRDS)
def test_each_share_is_within_a_pound_of_its_agreed_split(case):
    baseline, outturn, threshold, sharers, cap, collar = case
    gain = outturn < baseline
    row = _row(case)
    for sharer in sharers:
        agreed = _shareable(case) * (sharer.gain_share if gain else sharer.loss_share) / 100
        limit = cap if gain else collar
        if limit is not None:
            agreed = min(agreed, limit)
        assert abs(abs(row.shares[sharer.party]) - agreed) <= 1, (sharer, agreed, row.shares[sharer.party])


@settings(max_examples=300, deadline=None)
@given(cases())
@example(THREE_THIRDS)
@example(HALVES)
def test_the_parties_never_take_more_than_is_shareable(case):
    baseline, outturn, *_ = case
    total = sum(_row(case).shares.values(), D(0))
    assert abs(total) <= _shareable(case) <= abs(baseline - outturn), (
        f"the parties take {total} of a variation of {baseline - outturn}, shareable {_shareable(case)}")


@settings(max_examples=100, deadline=None)
@given(cases())
def test_shares_are_whole_pounds_and_the_commissioners_keep_the_rest(case):
    row = _row(case)
    assert all(v == v.to_integral_value() for v in row.shares.values())
    assert sum(row.shares.values(), D(0)) + row.retained == row.variation
