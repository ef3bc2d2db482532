"""Statistics for behaviour ↔ outcome: pure functions over plain numbers (no storage).

- ``wilson_ci``: Wilson score interval for a proportion (good at small n and near 0/1).
- ``difference_ci``: Newcombe's hybrid score interval for p1 − p2 (method 10, 1998).
- ``make_bands``: quantile bands (quartiles, else tertiles, else halves) with ≥ N per band.
- ``fit_logit``: logistic regression (statsmodels), plain or conditional on a group (rep
  fixed effect), returning odds ratios with Wald CIs.
- ``benjamini_hochberg``: false-discovery-rate q-values across features.
- ``spearman``: rank correlation with a Fisher-z CI (SE = sqrt(1.06 / (n − 3)), Fieller et al.).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps

__all__ = [
    "Bands",
    "LogitResult",
    "LogitTerm",
    "Spearman",
    "benjamini_hochberg",
    "difference_ci",
    "fit_logit",
    "make_bands",
    "spearman",
    "wilson_ci",
]

_Z95 = 1.959963984540054


def wilson_ci(successes: int, n: int, z: float = _Z95) -> tuple[float, float]:
    """Wilson score interval of ``successes / n`` (``(0, 1)`` when ``n == 0``)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def difference_ci(
    successes1: int, n1: int, successes2: int, n2: int, z: float = _Z95
) -> tuple[float, float, float]:
    """``p1 − p2`` with Newcombe's hybrid score interval built from the two Wilson intervals."""
    p1, p2 = successes1 / n1, successes2 / n2
    l1, u1 = wilson_ci(successes1, n1, z)
    l2, u2 = wilson_ci(successes2, n2, z)
    diff = p1 - p2
    low = diff - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = diff + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return diff, max(-1.0, low), min(1.0, high)


@dataclass(frozen=True, slots=True)
class Bands:
    """Band index (0 = lowest values) per input value, and the value range of each band."""

    index: tuple[int, ...]
    ranges: tuple[tuple[float, float], ...]

    @property
    def count(self) -> int:
        return len(self.ranges)


def make_bands(values: Sequence[float], min_per_band: int = 10, max_bands: int = 4) -> Bands | None:
    """Quantile bands with at least ``min_per_band`` values each: quartiles when possible,
    else tertiles, else halves; None when even two bands cannot be formed (too few values
    or one value dominating). Equal values always share a band, so each cut is the distinct
    value whose cumulative share is nearest the quantile (a 0/1 feature gives two bands)."""
    data = np.asarray(values, dtype=float)
    distinct, counts = np.unique(data, return_counts=True)
    if len(distinct) < 2:
        return None
    # Cutting at the largest value would leave an empty top band.
    candidates, shares = distinct[:-1], np.cumsum(counts)[:-1] / len(data)
    for count in range(max_bands, 1, -1):
        targets = [i / count for i in range(1, count)]
        cuts = np.unique([candidates[np.argmin(np.abs(shares - t))] for t in targets])
        if len(cuts) != count - 1:
            continue
        index = np.searchsorted(cuts, data, side="left")
        sizes = np.bincount(index, minlength=count)
        if sizes.min() >= min_per_band:
            ranges = tuple(
                (float(data[index == b].min()), float(data[index == b].max())) for b in range(count)
            )
            return Bands(tuple(int(i) for i in index), ranges)
    return None


@dataclass(frozen=True, slots=True)
class LogitTerm:
    name: str
    coefficient: float
    odds_ratio: float
    ci_low: float
    ci_high: float
    p_value: float


@dataclass(frozen=True, slots=True)
class LogitResult:
    """A fitted model, or ``terms == {}`` and ``note`` saying why it could not be fitted."""

    model: str  # "logit" | "conditional-logit"
    n: int
    events: int  # the rarer outcome's count, for the events-per-variable rule
    terms: Mapping[str, LogitTerm]
    note: str | None = None


def fit_logit(
    outcome: Sequence[bool],
    predictors: Mapping[str, Sequence[float]],
    groups: Sequence[str] | None = None,
) -> LogitResult:
    """``outcome ~ predictors`` by maximum likelihood; with ``groups`` a conditional logit
    (one fixed effect per group, conditioned out, so groups with one outcome only drop out).
    Odds ratios are per unit of each predictor as given."""
    from statsmodels.discrete.conditional_models import ConditionalLogit
    from statsmodels.discrete.discrete_model import Logit
    from statsmodels.tools.sm_exceptions import PerfectSeparationError

    y = np.asarray(outcome, dtype=float)
    names = list(predictors)
    x = np.column_stack([np.asarray(predictors[n], dtype=float) for n in names])
    wins = int(y.sum())
    events = min(wins, len(y) - wins)
    model_name = "logit" if groups is None else "conditional-logit"
    with warnings.catch_warnings():
        # Convergence and separation problems are reported in ``note``, not as warnings.
        warnings.simplefilter("ignore")
        try:
            if groups is None:
                exog = np.column_stack([np.ones(len(y)), x])
                fit = Logit(y, exog).fit(disp=0, maxiter=200)
                params, bse, pvalues = fit.params[1:], fit.bse[1:], fit.pvalues[1:]
                converged = bool(fit.mle_retvals.get("converged", True))
            else:
                fit = ConditionalLogit(y, x, groups=np.asarray(groups)).fit(disp=0, maxiter=200)
                params, bse, pvalues = fit.params, fit.bse, fit.pvalues
                retvals = getattr(fit, "mle_retvals", None) or {}
                converged = bool(retvals.get("converged", True))
        except (PerfectSeparationError, np.linalg.LinAlgError, ValueError) as exc:
            return LogitResult(model_name, len(y), events, {}, f"could not be fitted: {exc}")
    if not converged or not np.all(np.isfinite(bse)):
        note = "did not converge (likely perfect separation)"
        return LogitResult(model_name, len(y), events, {}, note)
    terms = {}
    for name, coefficient, se, p in zip(names, params, bse, pvalues, strict=True):
        terms[name] = LogitTerm(
            name=name,
            coefficient=float(coefficient),
            odds_ratio=math.exp(coefficient),
            ci_low=math.exp(coefficient - _Z95 * se),
            ci_high=math.exp(coefficient + _Z95 * se),
            p_value=float(p),
        )
    return LogitResult(model_name, len(y), events, terms)


def benjamini_hochberg(p_values: Sequence[float | None]) -> list[float | None]:
    """Benjamini–Hochberg q-values, in input order; None entries stay None and do not count."""
    present = [(i, p) for i, p in enumerate(p_values) if p is not None]
    q: list[float | None] = [None] * len(p_values)
    m = len(present)
    running = 1.0
    for rank, (i, p) in reversed(list(enumerate(sorted(present, key=lambda t: t[1]), start=1))):
        running = min(running, p * m / rank)
        q[i] = running
    return q


@dataclass(frozen=True, slots=True)
class Spearman:
    rho: float
    ci_low: float
    ci_high: float
    p_value: float
    n: int


def spearman(x: Sequence[float], y: Sequence[float]) -> Spearman | None:
    """Spearman's rho with a 95% Fisher-z CI; None below 4 pairs or when either side is
    constant."""
    n = len(x)
    if n < 4 or len(set(x)) < 2 or len(set(y)) < 2:
        return None
    result = sps.spearmanr(x, y)
    rho, p = float(result.statistic), float(result.pvalue)
    clipped = min(max(rho, -0.999999), 0.999999)
    half = _Z95 * math.sqrt(1.06 / (n - 3))
    z = math.atanh(clipped)
    return Spearman(rho, math.tanh(z - half), math.tanh(z + half), p, n)
