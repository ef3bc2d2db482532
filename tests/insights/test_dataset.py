"""Deal rows from deals, links and per-call features; features from an analysed call."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from callcoach.api import analyze
from callcoach.ingest import load_call
from callcoach.insights import build_rows, features_from_analysis, fill_missing_counts
from callcoach.model import Deal, DealLink

DEMO_CALL = (
    Path(__file__).resolve().parents[2]
    / "examples"
    / "demo-crm"
    / "calls"
    / "001-quarryhillfoods-1.json"
)


def link(call_id: str, deal_id: str) -> DealLink:
    return DealLink(call_id, deal_id, "deal-id", 1.0, "test")


def test_rows_average_features_over_linked_calls() -> None:
    deals = [
        Deal("D1", "generic", won=True, amount=1000.0, owner="Maria"),
        Deal("D2", "generic", won=False),
        Deal("D3", "generic", won=None),  # open: not a row
        Deal("D4", "generic", won=True),  # no calls: not a row
    ]
    links = [link("c1", "D1"), link("c2", "D1"), link("c3", "D2"), link("c4", "D3")]
    features: dict[str, dict[str, float | None]] = {
        "c1": {"rep_questions": 4.0, "patience": None, "count:stall:stall": 2.0},
        "c2": {"rep_questions": 8.0, "patience": 1.5},
        "c3": {"rep_questions": 1.0, "patience": None},
        "c4": {"rep_questions": 9.0},
    }
    rows = build_rows(deals, links, features, {"c3": ("Sam",), "c1": ("Maria",)})
    assert [(r.deal_id, r.won, r.calls, r.rep) for r in rows] == [
        ("D1", True, 2, "Maria"),
        ("D2", False, 1, "Sam"),
    ]
    assert rows[0].features == {
        "rep_questions": 6.0,
        "patience": 1.5,
        "count:stall:stall": 1.0,  # absent count on c2 = zero
    }
    assert rows[1].features["patience"] is None


def test_features_from_an_analysed_call() -> None:
    call = load_call(DEMO_CALL)
    analysis = analyze(call, detectors=["question", "small_talk"], rubric="expert-not-friend")
    features = features_from_analysis(analysis)
    assert features["rep_questions"] == analysis.metric("rep_questions").value
    assert (features["count:question:question"] or 0) >= 1
    assert features["duration_minutes"] == pytest.approx(call.duration / 60)  # type: ignore[operator]
    assert features["small_talk_minutes"] is not None
    assert any(name.startswith("criterion:") for name in features)
    assert call.date == date(2026, 4, 24)


def test_counts_missing_on_a_call_are_zero_when_filled() -> None:
    filled = fill_missing_counts({"c1": {"count:stall:stall": 2.0, "patience": 1.0}, "c2": {}})
    assert filled["c2"] == {"count:stall:stall": 0.0}
    assert filled["c1"] == {"count:stall:stall": 2.0, "patience": 1.0}
