"""Precision, recall and F1 with a bootstrap confidence interval over conversations.

Rows of one conversation are not independent (a speaker's style repeats), so the
interval resamples whole conversations, not rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["BOOTSTRAP_REPS", "BOOTSTRAP_SEED", "Scores", "point_scores", "prf"]

BOOTSTRAP_REPS = 1000
BOOTSTRAP_SEED = 20240611


@dataclass(frozen=True, slots=True)
class Scores:
    """Binary (positive class) or macro-averaged scores; ``ci`` is the 95% interval of F1."""

    precision: float
    recall: float
    f1: float
    ci: tuple[float, float]
    n: int


def _counts(gold: Sequence[str], pred: Sequence[str], classes: Sequence[str]) -> NDArray[np.int64]:
    """Per row and class: [true positive, false positive, false negative] as 0/1."""
    g = np.asarray(gold, dtype=object)[:, None] == np.asarray(classes, dtype=object)[None, :]
    p = np.asarray(pred, dtype=object)[:, None] == np.asarray(classes, dtype=object)[None, :]
    return np.stack([g & p, ~g & p, g & ~p], axis=-1).astype(np.int64)


def _prf(totals: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    """P/R/F1 from summed counts of shape (..., classes, 3), macro-averaged over classes.

    A class with no predictions (or no gold rows) scores 0 on that side, as in
    scikit-learn's ``zero_division=0``.
    """
    tp, fp, fn = totals[..., 0], totals[..., 1], totals[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        recall = np.where(tp + fn > 0, tp / (tp + fn), 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    return precision.mean(axis=-1), recall.mean(axis=-1), f1.mean(axis=-1)


def prf(
    gold: Sequence[str],
    pred: Sequence[str],
    positive: str | None,
    groups: Sequence[str] | None = None,
    reps: int = BOOTSTRAP_REPS,
    seed: int = BOOTSTRAP_SEED,
) -> Scores:
    """Scores of ``pred`` against ``gold``.

    ``positive`` names the positive class of a binary task; None gives macro-averages over
    every class seen in gold or pred. ``groups`` (e.g. conversation ids, one per row) are
    the units the bootstrap resamples; without them each row is its own unit.

    >>> s = prf(["yes", "no", "yes"], ["yes", "yes", "yes"], positive="yes")
    >>> round(s.precision, 3), s.recall, s.n
    (0.667, 1.0, 3)
    """
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} rows but pred has {len(pred)}")
    if groups is not None and len(groups) != len(gold):
        raise ValueError(f"groups has {len(groups)} rows but gold has {len(gold)}")
    if not gold:
        return Scores(0.0, 0.0, 0.0, (0.0, 0.0), 0)
    classes = [positive] if positive is not None else sorted(set(gold) | set(pred))
    counts = _counts(gold, pred, classes)
    keys = list(groups) if groups is not None else list(range(len(gold)))
    unit_of = {key: index for index, key in enumerate(dict.fromkeys(keys))}
    per_unit = np.zeros((len(unit_of), len(classes), 3), dtype=np.float64)
    np.add.at(per_unit, np.fromiter((unit_of[k] for k in keys), dtype=np.int64), counts)
    precision, recall, f1 = _prf(per_unit.sum(axis=0))
    # Multinomial weights are a bootstrap sample of units without materialising indices.
    rng = np.random.default_rng(seed)
    units = len(unit_of)
    weights = rng.multinomial(units, np.full(units, 1.0 / units), size=reps).astype(np.float64)
    resampled = np.einsum("ru,uck->rck", weights, per_unit)
    _, _, f1_boot = _prf(resampled)
    low, high = np.percentile(f1_boot, [2.5, 97.5])
    return Scores(
        precision=float(precision),
        recall=float(recall),
        f1=float(f1),
        ci=(float(low), float(high)),
        n=len(gold),
    )


def point_scores(
    gold: Sequence[str], pred: Sequence[str], positive: str | None
) -> tuple[float, float, float]:
    """(precision, recall, F1) as ``prf`` computes them, without the bootstrap.

    >>> point_scores(["yes", "no"], ["yes", "yes"], "yes")
    (0.5, 1.0, 0.6666666666666666)
    """
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} rows but pred has {len(pred)}")
    if not gold:
        return 0.0, 0.0, 0.0
    classes = [positive] if positive is not None else sorted(set(gold) | set(pred))
    precision, recall, f1 = _prf(_counts(gold, pred, classes).sum(axis=0).astype(np.float64))
    return float(precision), float(recall), float(f1)
