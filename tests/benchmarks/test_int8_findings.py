"""The int8 comparison's pooled label table: counts summed over sets, blind sets apart."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.int8_findings import _pooled_labels, _prf


def _dump(tp: int, fp: int, fn: int, correct: int) -> dict[str, Any]:
    return {
        "labels": {"stall": {"tp": tp, "fp": fp, "fn": fn}},
        "attributes": {"stall_handling": {"correct": correct, "n": 4}},
    }


def test_prf_handles_empty_counts() -> None:
    assert _prf(0, 0, 0) == (0.0, 0.0, 0.0)
    precision, recall, f1 = _prf(3, 1, 2)
    assert precision == pytest.approx(0.75)
    assert recall == pytest.approx(0.6)
    assert f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_labels_are_pooled_over_sets_and_over_the_blind_sets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    runs = {
        "dev": {"float32": _dump(4, 0, 0, 4), "int8": _dump(4, 0, 0, 4)},
        "open": {"float32": _dump(1, 1, 2, 3), "int8": _dump(2, 1, 1, 3)},
    }
    _pooled_labels(runs)
    out = capsys.readouterr().out
    all_sets, blind = out.split("pooled label scores, blind sets")
    # all sets: float32 5/1/2, int8 6/1/1; the blind sets alone: 1/1/2 and 2/1/1
    assert "float32 0.833/0.714/0.769 (5/1/2)" in all_sets
    assert "int8 0.857/0.857/0.857 (6/1/1)  <- moved" in all_sets
    assert "float32 0.500/0.333/0.400 (1/1/2)" in blind
    assert "stall_handling (correct/n): float32 7/8  int8 7/8\n" in all_sets
