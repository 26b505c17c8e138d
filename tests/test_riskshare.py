"""Risk and gain share arithmetic: the worked example of the domain brief, caps, collars, reconciliation."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from contractgen.riskshare import Sharer, share_at, worked_examples

SHARERS = [Sharer("mcp", D(50), D(50)), Sharer("acute", D(30), D(30)), Sharer("ccg", D(20), D(20))]


def test_the_domain_worked_example():
    # baseline £80m, actual £76m, 1% deadband (£0.8m), split 50/30/20, MCP cap of 2% of £244m not binding
    row = share_at(D(80_000_000), D(76_000_000), D(800_000), SHARERS, D(4_880_000), None, D(-5))
    assert row.variation == D(4_000_000)
    assert row.shares == {"mcp": D(1_600_000), "acute": D(960_000), "ccg": D(640_000)}
    assert row.retained == D(800_000)
    assert row.reconciles()


def test_inside_the_threshold_nothing_is_shared():
    row = share_at(D(80_000_000), D(80_500_000), D(800_000), SHARERS, None, None, D(0))
    assert set(row.shares.values()) == {D(0)}
    assert row.retained == D(-500_000)


def test_collar_limits_a_loss_and_the_commissioners_keep_the_rest():
    row = share_at(D(80_000_000), D(88_000_000), D(800_000), SHARERS, None, D(2_440_000), D(10))
    assert row.shares["mcp"] == D(-2_440_000)  # 50% of £7.2m is £3.6m, collared at £2.44m
    assert row.shares["acute"] == D(-2_160_000)
    assert row.retained == D(-8_000_000) + D(2_440_000) + D(2_160_000) + D(1_440_000)
    assert row.reconciles()


@settings(max_examples=60, deadline=None)
@given(
    baseline=st.integers(1_000_000, 500_000_000),
    change=st.integers(-1000, 1000),
    threshold=st.integers(0, 5_000_000),
    split=st.lists(st.integers(1, 60), min_size=2, max_size=5),
    cap=st.one_of(st.none(), st.integers(0, 10_000_000)),
)
def test_rows_always_reconcile_to_the_pound(baseline, change, threshold, split, cap):
    total = sum(split)
    shares = [D(s) * 100 / D(total) for s in split]
    shares[-1] = D(100) - sum(shares[:-1])
    sharers = [Sharer(f"p{i}", s, s) for i, s in enumerate(shares)]
    outturn = D(baseline) * (D(10_000) + change) / D(10_000)
    row = share_at(D(baseline), outturn, D(threshold), sharers, None if cap is None else D(cap), None, D(change) / 100)
    assert row.reconciles()
    assert all(v == v.to_integral_value() for v in row.shares.values())


def test_worked_examples_run_from_ten_under_to_ten_over():
    rows = worked_examples(D(80_000_000), D(800_000), SHARERS, None, None)
    assert [r.change_percent for r in rows][0] == D(-10) and rows[-1].change_percent == D(10)
    assert all(r.reconciles() for r in rows)
