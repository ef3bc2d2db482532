"""Revenue vs vanity on a tiny hand-checked dataset."""

from __future__ import annotations

from datetime import date

import pytest

from callcoach.insights import CallActivity, rep_correlations, rep_rows
from callcoach.model import Deal, DealLink

DEALS = [
    Deal("A1", "generic", won=True, amount=10000.0, owner="Ann",
         created=date(2026, 1, 1), close_date=date(2026, 1, 31)),
    Deal("A2", "generic", won=True, amount=30000.0, owner="ann",
         created=date(2026, 2, 1), close_date=date(2026, 2, 11)),
    Deal("A3", "generic", won=False, amount=5000.0, owner="Ann"),
    Deal("B1", "generic", won=False, amount=20000.0, owner="Bob",
         created=date(2026, 1, 1), close_date=date(2026, 3, 2)),
    Deal("B2", "generic", won=None, amount=9000.0, owner="Bob"),
]  # fmt: skip
LINKS = [DealLink("c1", "A1", "deal-id", 1.0, ""), DealLink("c2", "A1", "deal-id", 1.0, "")]
CALLS = [
    CallActivity("c1", ("Ann",), date(2026, 1, 5), 30.0, 2.0),
    CallActivity("c2", ("Ann",), date(2026, 1, 5), 15.0, None),  # same deal, same day
    CallActivity("c3", ("Bob",), date(2026, 1, 6), 60.0, 20.0),
    CallActivity("c4", ("Bob",), date(2026, 1, 7), 45.0, 10.0),
    CallActivity("c5", ("Cy",), None, None, None),
]


def test_per_rep_revenue_next_to_activity() -> None:
    ann, bob, cy = rep_rows(DEALS, LINKS, CALLS)
    assert (ann.rep, ann.closed_deals, ann.won_deals, ann.revenue_won) == ("Ann", 3, 2, 40000.0)
    assert ann.win_rate == pytest.approx(2 / 3) and ann.average_deal_size == 20000.0
    assert ann.sales_cycle_days == 20.0  # median of 30 and 10 days
    assert (ann.calls, ann.meetings, ann.minutes_talked, ann.small_talk_minutes) == (
        2, 1, 45.0, 2.0,
    )  # fmt: skip
    assert (bob.closed_deals, bob.revenue_won, bob.win_rate, bob.average_deal_size) == (
        1, 0.0, 0.0, None,
    )  # fmt: skip
    assert (bob.calls, bob.meetings, bob.small_talk_minutes) == (2, 2, 30.0)
    assert (cy.closed_deals, cy.win_rate, cy.calls) == (0, None, 1)


def test_correlations_are_descriptive_with_few_reps() -> None:
    rows = rep_rows(DEALS, LINKS, CALLS)
    correlations = {c.measure: c for c in rep_correlations(rows, min_reps=10)}
    assert set(correlations) >= {"calls", "meetings", "minutes_talked", "win_rate"}
    assert all(c.descriptive for c in correlations.values())
    # Two reps with closed deals: too few for a rank correlation at all.
    assert correlations["minutes_talked"].result is None
    assert (
        correlations["minutes_talked"].reason
        == "2 reps with a value: too few for a rank correlation"
    )
