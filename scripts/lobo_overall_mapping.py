"""Leave one batch out over the mapping from the criterion scores to the overall (stop 37).

    python scripts/lobo_overall_mapping.py --cache DIR [--batches dev,open,...]
                                           [--fresh BATCH] [--draws N] [--gold]

The criterion scores do not move here; only how the overall is made of them. Every call is
scored once with the rubric as given (gold reps, ``tune_rubric``'s cache); each mapping of
the grid below, named before it was scored, turns the observed criterion scores into the
overall:

- ``mean``: their plain mean (rubric 2.9, shipped);
- ``weighted``: the written weights;
- ``median``: their median;
- ``trim1`` / ``trim2``: the mean without the one (two) highest and the one (two) lowest;
- ``cap3_1`` / ``cap3_1.5``: the mean, at most the lowest of discovery, recommendation and
  next step plus 1 (1.5);
- ``blend3_25``: three quarters the mean, a quarter the lowest of those three;
- ``geo``: the geometric mean;
- ``ridge``: a least-squares fit (ridge 1.0, with an intercept) of the expert's overall on
  the nine scores, fitted on the other batches;
- ``lobo_select``: per held batch, the fixed mapping (every one above but ``ridge``) with
  the best pooled Spearman on the other batches (ties: the earlier one, ``mean`` first).

For each it prints the pooled overall Spearman of the held-out predictions, the mean and
lowest per-batch Spearman, and whether every friend-style call stays below every expert
(highest friend vs lowest expert). ``--draws N`` adds each fixed mapping's pooled Spearman
over N simulated fresh-writer versions of every call (``rubric_tuning.fresh_draw``: misses,
flipped handlings, false alarms). ``--gold`` prints how the expert's overall relates to
the expert's own criterion ratings. ``--fresh BATCH`` prints that batch's aggregates
(``ridge`` and ``lobo_select`` fitted on ``--batches``). Read calls only; nothing is
written.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rubric import _analysed

from callcoach.eval.lexicon_loco import DESIGN_BATCHES
from callcoach.eval.rubric_tuning import fresh_draw, score_with
from callcoach.eval.salescalls import CRITERIA, CallResult, spearman
from callcoach.scoring import load_rubric

Scores = Mapping[str, int | None]
Mapping_ = Callable[[Scores], float | None]
DESIGN = list(DESIGN_BATCHES)
CLOSE = ("discovery", "recommendation", "next_step")


def _seen(scores: Scores) -> list[float]:
    return [float(v) for v in scores.values() if v is not None]


def _mean(scores: Scores) -> float | None:
    seen = _seen(scores)
    return statistics.fmean(seen) if seen else None


def _trim(k: int) -> Mapping_:
    def trimmed(scores: Scores) -> float | None:
        seen = sorted(_seen(scores))
        if len(seen) <= 2 * k:
            return statistics.fmean(seen) if seen else None
        return statistics.fmean(seen[k : len(seen) - k])

    return trimmed


def _low3(scores: Scores) -> float | None:
    seen = [float(s) for c in CLOSE if (s := scores.get(c)) is not None]
    return min(seen) if seen else None


def _cap(plus: float) -> Mapping_:
    def capped(scores: Scores) -> float | None:
        mean, low = _mean(scores), _low3(scores)
        if mean is None or low is None:
            return mean
        return min(mean, low + plus)

    return capped


def _blend(share: float) -> Mapping_:
    def blended(scores: Scores) -> float | None:
        mean, low = _mean(scores), _low3(scores)
        if mean is None or low is None:
            return mean
        return (1 - share) * mean + share * low

    return blended


def _weighted(weights: Mapping[str, float]) -> Mapping_:
    def weighted(scores: Scores) -> float | None:
        seen = [(float(s), weights[c]) for c, s in scores.items() if s is not None]
        total = sum(w for _, w in seen)
        return sum(s * w for s, w in seen) / total if total else None

    return weighted


def _median(scores: Scores) -> float | None:
    seen = _seen(scores)
    return statistics.median(seen) if seen else None


def _geo(scores: Scores) -> float | None:
    seen = _seen(scores)
    return math.exp(statistics.fmean(math.log(s) for s in seen)) if seen else None


def fixed_mappings(weights: Mapping[str, float]) -> dict[str, Mapping_]:
    return {
        "mean": _mean,
        "weighted": _weighted(weights),
        "median": _median,
        "trim1": _trim(1),
        "trim2": _trim(2),
        "cap3_1": _cap(1.0),
        "cap3_1.5": _cap(1.5),
        "blend3_25": _blend(0.25),
        "geo": _geo,
    }


def _row(scores: Scores) -> list[float]:
    mean = _mean(scores) or 3.0
    return [float(s) if (s := scores.get(c)) is not None else mean for c in CRITERIA] + [1.0]


def ridge(rest: Sequence[CallResult]) -> Mapping_:
    import numpy as np

    rows = [(r.criteria, r.gold_overall) for r in rest if r.gold_overall is not None]
    x = np.array([_row(s) for s, _ in rows])
    y = np.array([g for _, g in rows])
    penalty = np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    coef = np.linalg.solve(x.T @ x + penalty, x.T @ y)
    return lambda scores: float(np.array(_row(scores)) @ coef)


def rho(results: Sequence[CallResult], how: Mapping_) -> float:
    kept = [(p, r.gold_overall) for r in results if (p := how(r.criteria)) is not None]
    value = spearman([p for p, g in kept if g is not None], [g for _, g in kept if g is not None])
    return value if value is not None else -1.0


def summary(results: Sequence[CallResult], preds: Sequence[float | None]) -> dict[str, object]:
    both = [(p, r.gold_overall) for p, r in zip(preds, results, strict=True)]
    kept = [(p, g) for p, g in both if p is not None and g is not None]
    friend = [p for p, r in zip(preds, results, strict=True) if r.style == "friend" and p]
    expert = [p for p, r in zip(preds, results, strict=True) if r.style == "expert" and p]
    return {
        "spearman": spearman([p for p, _ in kept], [g for _, g in kept]),
        "friend_below_expert": bool(friend and expert and max(friend) < min(expert)),
        "friend_max": round(max(friend), 2) if friend else None,
        "expert_min": round(min(expert), 2) if expert else None,
    }


def lobo(
    by_batch: Mapping[str, list[CallResult]],
    choose: Callable[[list[CallResult]], tuple[str, Mapping_]],
) -> tuple[list[CallResult], list[float | None], dict[str, str], list[float]]:
    results: list[CallResult] = []
    preds: list[float | None] = []
    chosen: dict[str, str] = {}
    per_batch: list[float] = []
    for held, mine in by_batch.items():
        rest = [r for b, rs in by_batch.items() if b != held for r in rs]
        name, how = choose(rest)
        chosen[held] = name
        p = [how(r.criteria) for r in mine]
        results += mine
        preds += p
        kept = [(x, r.gold_overall) for x, r in zip(p, mine, strict=True) if x is not None]
        value = spearman([x for x, _ in kept], [g for _, g in kept if g is not None])
        if value is not None:
            per_batch.append(value)
    return results, preds, chosen, per_batch


def gold_relation(results: Sequence[CallResult]) -> None:
    """How the expert's overall follows the expert's own criterion ratings."""
    gold = [(r.gold_criteria, r.gold_overall, r.style) for r in results if r.gold_overall]
    for name, how in fixed_mappings({c: 1.0 for c in CRITERIA}).items():
        preds = [how(c) for c, _, _ in gold]
        value = spearman([p or 0.0 for p in preds], [float(g or 0.0) for _, g, _ in gold])
        print(f"gold criteria -> gold overall  {name:10s} rho {value}")
    by_style: dict[str, list[float]] = {}
    for c, g, style in gold:
        by_style.setdefault(style, []).append(float(g or 0.0) - (_mean(c) or 0.0))
    for style, res in sorted(by_style.items()):
        print(f"gold overall - mean of gold criteria, {style:12s} {statistics.fmean(res):+.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default=",".join(DESIGN))
    parser.add_argument("--cache", required=True, metavar="DIR")
    parser.add_argument("--fresh", metavar="BATCH")
    parser.add_argument("--draws", type=int, default=0)
    parser.add_argument("--gold", action="store_true")
    args = parser.parse_args(argv)
    rubric = load_rubric("expert-not-friend")
    weights = {c.id: float(c.weight) for c in rubric.criteria if c.id in CRITERIA}
    items = {b: _analysed(b, args.cache) for b in args.batches.split(",")}
    by_batch = {b: [score_with(rubric, it) for it in its] for b, its in items.items()}
    if args.gold:
        gold_relation([r for rs in by_batch.values() for r in rs])
    fixed = fixed_mappings(weights)
    order = list(fixed)

    def select(rest: list[CallResult]) -> tuple[str, Mapping_]:
        name = max(order, key=lambda n: (round(rho(rest, fixed[n]), 6), -order.index(n)))
        return name, fixed[name]

    strategies: dict[str, Callable[[list[CallResult]], tuple[str, Mapping_]]] = {
        **{n: (lambda rest, n=n: (n, fixed[n])) for n in fixed},  # type: ignore[misc]
        "ridge": lambda rest: ("ridge", ridge(rest)),
        "lobo_select": select,
    }
    noisy: list[CallResult] = []
    if args.draws:
        noisy = [
            score_with(rubric, fresh_draw(it, seed))
            for its in items.values()
            for it in its
            for seed in range(args.draws)
        ]
    for name, choose in strategies.items():
        results, preds, chosen, per_batch = lobo(by_batch, choose)
        s = summary(results, preds)
        line = (
            f"{name:12s} pooled rho {s['spearman']:.3f}  batch-mean rho "
            f"{statistics.fmean(per_batch):.3f} (min {min(per_batch):.2f})  "
            f"friend<expert {s['friend_below_expert']} ({s['friend_max']} vs {s['expert_min']})"
        )
        if noisy and name in fixed:
            line += f"  fresh draws rho {rho(noisy, fixed[name]):.3f}"
        print(line)
        if name == "lobo_select":
            print("    chosen: " + ", ".join(f"{b} {n}" for b, n in chosen.items()))
    if args.fresh:
        rest = [r for rs in by_batch.values() for r in rs]
        fresh = [score_with(rubric, it) for it in _analysed(args.fresh, args.cache)]
        for name, choose in strategies.items():
            label, how = choose(rest)
            s = summary(fresh, [how(r.criteria) for r in fresh])
            print(
                f"fresh {args.fresh} {name:12s} ({label}) rho {s['spearman']}  friend<expert "
                f"{s['friend_below_expert']} ({s['friend_max']} vs {s['expert_min']})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
