"""The statistics cross-checked against scipy/statsmodels and against direct computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
)

from callcoach.insights.stats import (
    benjamini_hochberg,
    difference_ci,
    fit_logit,
    make_bands,
    spearman,
    wilson_ci,
)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (1, 10), (7, 20), (50, 100), (99, 100), (3, 3)])
def test_wilson_matches_statsmodels(k: int, n: int) -> None:
    expected = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert wilson_ci(k, n) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"), [(56, 70, 48, 80), (5, 30, 15, 30), (0, 12, 3, 12)]
)
def test_newcombe_difference_matches_statsmodels(k1: int, n1: int, k2: int, n2: int) -> None:
    # Newcombe (1998) method 10; 56/70 − 48/80 is the paper's example (0.0524 to 0.3339).
    expected = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff")
    diff, low, high = difference_ci(k1, n1, k2, n2)
    assert diff == pytest.approx(k1 / n1 - k2 / n2)
    assert (low, high) == pytest.approx(expected, abs=1e-9)


def test_logit_odds_ratio_equals_the_two_by_two_table() -> None:
    # won/lost by a binary behaviour: a = shown & won, b = shown & lost, c/d = not shown.
    a, b, c, d = 30, 10, 20, 25
    feature = [1.0] * (a + b) + [0.0] * (c + d)
    won = [True] * a + [False] * b + [True] * c + [False] * d
    result = fit_logit(won, {"shown": feature})
    term = result.terms["shown"]
    odds_ratio = (a * d) / (b * c)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)  # Woolf's log-OR standard error
    assert term.odds_ratio == pytest.approx(odds_ratio, rel=1e-6)
    assert term.ci_low == pytest.approx(odds_ratio * math.exp(-1.959964 * se), rel=1e-5)
    assert term.ci_high == pytest.approx(odds_ratio * math.exp(1.959964 * se), rel=1e-5)
    assert result.events == min(a + c, b + d)


def test_separation_is_reported_not_raised() -> None:
    result = fit_logit([True] * 10 + [False] * 10, {"x": [1.0] * 10 + [0.0] * 10})
    assert result.terms == {} and result.note is not None


def test_conditional_logit_drops_groups_with_one_outcome() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=300)
    won = list(rng.random(300) < 1 / (1 + np.exp(-x)))
    groups = [f"rep{i % 10}" for i in range(300)]
    result = fit_logit(won, {"x": list(x)}, groups=groups)
    assert result.model == "conditional-logit"
    assert 1.5 < result.terms["x"].odds_ratio < 5


def test_benjamini_hochberg_matches_statsmodels() -> None:
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216]
    expected = multipletests(p, method="fdr_bh")[1]
    assert benjamini_hochberg(p) == pytest.approx(list(expected))
    assert benjamini_hochberg([0.02, None, 0.01]) == pytest.approx([0.02, None, 0.02])


def test_spearman_matches_scipy_with_a_fisher_ci() -> None:
    x = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    y = [2.0, 1, 4, 3, 6, 5, 8, 7, 10, 9]
    result = spearman(x, y)
    assert result is not None
    assert result.rho == pytest.approx(sps.spearmanr(x, y).statistic)
    half = 1.959964 * math.sqrt(1.06 / 7)
    assert result.ci_low == pytest.approx(math.tanh(math.atanh(result.rho) - half), rel=1e-5)
    assert spearman([1.0, 1, 1, 1], [1.0, 2, 3, 4]) is None
    assert spearman([1.0, 2], [1.0, 2]) is None


def test_bands_keep_a_minimum_size_and_ties_together() -> None:
    rng = np.random.default_rng(0)
    quartiles = make_bands(list(rng.normal(size=200)), min_per_band=10)
    assert quartiles is not None and quartiles.count == 4
    tertiles = make_bands(list(rng.normal(size=35)), min_per_band=10)
    assert tertiles is not None and tertiles.count == 3
    binary = make_bands([0.0] * 150 + [1.0] * 50)
    assert binary is not None and binary.ranges == ((0.0, 0.0), (1.0, 1.0))
    assert make_bands([0.0] * 195 + [1.0] * 5) is None
    assert make_bands([2.0] * 50) is None
