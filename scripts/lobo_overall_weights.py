"""Leave one batch out over the overall rating's criterion weights (stop 35).

    python scripts/lobo_overall_weights.py --cache DIR [--batches dev,open,...]
                                           [--fresh BATCH] [--rubric NAME]

The overall rating is Σ score × weight / Σ weight over the observed criteria
(``scorer._overall``). The criterion scores do not move here; only the weights do. Every
call is scored once with the rubric as given (gold reps, ``tune_rubric``'s cache), then the
overall is recomputed with each weighting of the grid below, named before scoring:

- ``written``: the rubric's weights;
- ``no_<c>``: criterion ``c``'s weight 0 (left out of the overall), for every criterion;
- ``half_<c>``: criterion ``c``'s weight halved;
- ``equal``: every weight 1;
- ``expert_fit``: the weights that best reproduce the expert's overall from the expert's own
  criterion ratings (least squares of the weighted mean, weights ≥ 0, fitted on the other
  batches only), applied to the rubric's scores;
- ``coord``: per criterion a weight from 0, 0.5, 1, 1.5, 2, 3, chosen by coordinate ascent
  on the training batches' pooled overall Spearman (two passes, from the written weights);
- ``lobo_select``: per held batch, the fixed weighting of the list above (``written``,
  ``no_*``, ``half_*``, ``equal``) with the best pooled Spearman on the other batches (ties:
  ``written``, then the order above).

For each it prints the pooled overall Spearman of the held-out predictions, the mean
per-batch Spearman, the overall MAE on 1–5, and whether every friend-style call stays below
every expert (highest friend vs lowest expert). ``--fresh BATCH`` prints aggregates of
that batch (weights chosen on ``--batches``). Read calls only; nothing is written.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rubric import _analysed

from callcoach.eval.lexicon_loco import READ_BATCHES
from callcoach.eval.rubric_tuning import score_with
from callcoach.eval.salescalls import CRITERIA, CallResult, spearman
from callcoach.scoring import load_rubric

Weights = dict[str, float]
GRID = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)


def overall(scores: Mapping[str, int | None], weights: Weights) -> float | None:
    """The weighted mean of the observed scores (None when every weight seen is 0)."""
    seen = [(float(s), weights[c]) for c, s in scores.items() if s is not None and c in weights]
    total = sum(w for _, w in seen)
    if total <= 0:
        return None
    return round(sum(s * w for s, w in seen) / total, 2)


def summary(results: Sequence[CallResult], preds: Sequence[float | None]) -> dict[str, object]:
    pairs = [(p, r.gold_overall) for p, r in zip(preds, results, strict=True)]
    both = [(p, g) for p, g in pairs if p is not None and g is not None]
    friend = [p for p, r in zip(preds, results, strict=True) if r.style == "friend" and p]
    expert = [p for p, r in zip(preds, results, strict=True) if r.style == "expert" and p]
    return {
        "spearman": spearman([p for p, _ in both], [g for _, g in both]),
        "mae": round(statistics.fmean(abs(p - g) for p, g in both), 3),
        "friend_below_expert": bool(friend and expert and max(friend) < min(expert)),
        "friend_max": max(friend) if friend else None,
        "expert_min": min(expert) if expert else None,
    }


def rho(results: Sequence[CallResult], weights: Weights) -> float:
    preds = [overall(r.criteria, weights) for r in results]
    both = [(p, r.gold_overall) for p, r in zip(preds, results, strict=True)]
    kept = [(p, g) for p, g in both if p is not None and g is not None]
    value = spearman([p for p, _ in kept], [g for _, g in kept])
    return value if value is not None else -1.0


def fixed_weightings(written: Weights) -> dict[str, Weights]:
    out: dict[str, Weights] = {"written": dict(written)}
    for c in written:
        out[f"no_{c}"] = {**written, c: 0.0}
    for c in written:
        out[f"half_{c}"] = {**written, c: written[c] / 2}
    out["equal"] = {c: 1.0 for c in written}
    return out


def expert_fit(results: Sequence[CallResult], written: Weights) -> Weights:
    """Weights ≥ 0 whose weighted mean of the expert's criteria best fits the expert overall."""
    import numpy as np
    from scipy.optimize import minimize

    names = list(written)
    rows = [
        (
            np.array([float(r.gold_criteria.get(c) or 0.0) for c in names]),
            np.array([1.0 if r.gold_criteria.get(c) is not None else 0.0 for c in names]),
            float(r.gold_overall),
        )
        for r in results
        if r.gold_overall is not None
    ]

    def loss(w: np.ndarray) -> float:
        total = 0.0
        for s, m, g in rows:
            den = float((w * m).sum())
            pred = float((w * m * s).sum()) / den if den > 0 else 3.0
            total += (pred - g) ** 2
        return total

    start = np.array([written[c] for c in names])
    fit = minimize(loss, start, bounds=[(0.0, 10.0)] * len(names), method="L-BFGS-B")
    w = fit.x * (sum(written.values()) / max(fit.x.sum(), 1e-9))
    return {c: round(float(v), 3) for c, v in zip(names, w, strict=True)}


def coord(results: Sequence[CallResult], written: Weights) -> Weights:
    w = dict(written)
    best = rho(results, w)
    for _ in range(2):
        for c in w:
            for g in GRID:
                trial = {**w, c: g}
                value = rho(results, trial)
                if value > best + 1e-9:
                    best, w = value, trial
    return w


def lobo(
    by_batch: Mapping[str, list[CallResult]],
    choose: Callable[[list[CallResult]], Weights],
) -> tuple[list[CallResult], list[float | None], dict[str, Weights], list[float]]:
    results: list[CallResult] = []
    preds: list[float | None] = []
    chosen: dict[str, Weights] = {}
    per_batch: list[float] = []
    for held, mine in by_batch.items():
        rest = [r for b, rs in by_batch.items() if b != held for r in rs]
        w = choose(rest)
        chosen[held] = w
        p = [overall(r.criteria, w) for r in mine]
        results += mine
        preds += p
        kept = [
            (x, r.gold_overall)
            for x, r in zip(p, mine, strict=True)
            if x is not None and r.gold_overall is not None
        ]
        value = spearman([x for x, _ in kept], [g for _, g in kept])
        if value is not None:
            per_batch.append(value)
    return results, preds, chosen, per_batch


def _constant(weights: Weights) -> Callable[[list[CallResult]], Weights]:
    return lambda rest: weights


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default=",".join(b for b in READ_BATCHES if b != "open14"))
    parser.add_argument("--cache", required=True, metavar="DIR")
    parser.add_argument("--rubric", default="expert-not-friend")
    parser.add_argument("--fresh", metavar="BATCH")
    args = parser.parse_args(argv)
    rubric = load_rubric(args.rubric)
    written = {c.id: float(c.weight) for c in rubric.criteria if c.id in CRITERIA}
    by_batch = {
        b: [score_with(rubric, it) for it in _analysed(b, args.cache)]
        for b in args.batches.split(",")
    }
    fixed = fixed_weightings(written)
    order = list(fixed)

    def select(rest: list[CallResult]) -> Weights:
        name = max(order, key=lambda n: (round(rho(rest, fixed[n]), 6), -order.index(n)))
        return fixed[name]

    strategies: dict[str, Callable[[list[CallResult]], Weights]] = {
        **{n: _constant(w) for n, w in fixed.items()},
        "expert_fit": lambda rest: expert_fit(rest, written),
        "coord": lambda rest: coord(rest, written),
        "lobo_select": select,
    }
    names = {tuple(sorted(w.items())): n for n, w in fixed.items()}
    for name, choose in strategies.items():
        results, preds, chosen, per_batch = lobo(by_batch, choose)
        s = summary(results, preds)
        line = (
            f"{name:22s} pooled rho {s['spearman']}  batch-mean rho "
            f"{statistics.fmean(per_batch):.3f} (min {min(per_batch):.2f})  MAE {s['mae']}  "
            f"friend<expert {s['friend_below_expert']} ({s['friend_max']} vs {s['expert_min']})"
        )
        print(line)
        if name in ("expert_fit", "coord", "lobo_select"):
            for b, w in chosen.items():
                label = names.get(tuple(sorted(w.items())), str(w))
                print(f"    {b:7s} {label}")
    if args.fresh:
        rest = [r for rs in by_batch.values() for r in rs]
        fresh = [score_with(rubric, it) for it in _analysed(args.fresh, args.cache)]
        for name, choose in strategies.items():
            w = choose(rest)
            s = summary(fresh, [overall(r.criteria, w) for r in fresh])
            print(
                f"fresh {args.fresh} {name:22s} rho {s['spearman']}  MAE {s['mae']}  "
                f"friend<expert {s['friend_below_expert']} ({s['friend_max']} vs "
                f"{s['expert_min']})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
