"""Precision/recall/F1 and the conversation bootstrap."""

from __future__ import annotations

import pytest

from callcoach.eval.scoring import prf


def test_binary_scores_by_hand() -> None:
    gold = ["yes", "yes", "yes", "no", "no", "no"]
    pred = ["yes", "yes", "no", "yes", "no", "no"]
    scores = prf(gold, pred, positive="yes")
    # tp=2, fp=1, fn=1
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 / 3)
    assert scores.n == 6


def test_macro_f1_by_hand() -> None:
    gold = ["a", "b", "c", "a"]
    pred = ["a", "b", "b", "c"]
    # a: P=1, R=1/2, F=2/3; b: P=1/2, R=1, F=2/3; c: P=0, R=0, F=0
    scores = prf(gold, pred, positive=None)
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(4 / 9)


def test_bootstrap_interval_contains_the_point_estimate() -> None:
    gold = ["yes" if i % 3 == 0 else "no" for i in range(200)]
    # Errors bunch in some conversations, so resampling conversations moves the F1.
    pred = [
        g if (i * 7) % 13 > i // 40 else ("no" if g == "yes" else "yes") for i, g in enumerate(gold)
    ]
    groups = [f"conv{i // 10}" for i in range(200)]
    scores = prf(gold, pred, positive="yes", groups=groups)
    low, high = scores.ci
    assert low <= scores.f1 <= high
    assert high - low > 0
    assert prf(gold, pred, positive="yes", groups=groups) == scores  # fixed seed


def test_perfect_predictions_have_a_degenerate_interval() -> None:
    scores = prf(["yes", "no"] * 10, ["yes", "no"] * 10, positive="yes")
    assert scores.f1 == 1.0 and scores.ci == (1.0, 1.0)


def test_empty_and_mismatched_inputs() -> None:
    assert prf([], [], positive="yes").n == 0
    with pytest.raises(ValueError, match="gold has 2 rows but pred has 1"):
        prf(["yes", "no"], ["yes"], positive="yes")
    with pytest.raises(ValueError, match="groups"):
        prf(["yes"], ["yes"], positive="yes", groups=["a", "b"])
