"""Signed error of the rubric's criteria against the expert's ratings on the read calls.

    python scripts/rubric_signed_error.py --cache DIR [--batches dev,open,...]
                                          [--criteria next_step,summarize,...] [--rubric NAME]

MAE says how far the rubric is from the expert, not which way. This prints, per criterion,
the mean signed error (predicted − expert; > 0: the rubric rates higher than the expert)
over the read calls, split by the calls' style (expert, friend, mixed …), their gold call
type and their batch (writer), with the count of calls rated too high and too low, and, for
the criteria named, the mean of each measure on the calls rated too high, right and too low
(which measure drives the error). Read calls only (``lexicon_loco.READ_BATCHES``; the
analysed calls come from ``scripts/tune_rubric.py``'s cache, gold reps). Nothing is fitted.

``--stretch F1,F2,…`` then leaves one batch out over ``ScoreSpec.stretch`` (the mean of a
criterion's rules moved away from 3 by a factor before rounding; 1 = as written) for each
criterion named: per held batch the factor with the lowest MAE on the other batches (ties:
the smaller factor), and prints the criterion's LOBO MAE / Spearman, the overall Spearman
and whether every friend-style call stays below every expert, as written and as chosen.
``--fresh BATCH`` scores that batch with each criterion's factor chosen on all the others.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rubric import _analysed

from callcoach.eval.lexicon_loco import READ_BATCHES
from callcoach.eval.rubric_tuning import _score_specs, score_with
from callcoach.eval.salescalls import CRITERIA, scorecard_summary
from callcoach.scoring import Rubric, load_rubric
from callcoach.scoring.rubric import parse_rubric


def with_stretch(rubric: Rubric, criterion: str, factor: float) -> Rubric:
    """``rubric`` with ``criterion``'s mean-combined score specs stretched by ``factor``."""
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    for spec in _score_specs(data, criterion):
        if spec.get("combine", "mean") in ("mean", "mean_down"):
            spec["stretch"] = factor
    return parse_rubric(yaml.safe_dump(data), source=f"<{rubric.id} stretch {criterion}>")


def lobo_stretch(
    batches: list[str], cache: str, rubric: Rubric, criteria: list[str], factors: list[float]
) -> None:
    """Leave one batch out over the stretch factor of each criterion (see the docstring)."""
    items = {b: _analysed(b, cache) for b in batches}
    variants = {
        (c, f): with_stretch(rubric, c, f) if f != 1.0 else rubric
        for c in criteria
        for f in factors
    }
    results = {
        key: {b: [score_with(r, it) for it in items[b]] for b in batches}
        for key, r in variants.items()
    }

    def errors(c: str, f: float, keep: list[str]) -> list[float]:
        return [
            abs(float(x.criteria[c]) - x.gold_criteria[c])
            for b in keep
            for x in results[(c, f)][b]
            if x.criteria.get(c) is not None and x.gold_criteria.get(c) is not None
        ]

    chosen: dict[str, dict[str, float]] = {}
    for c in criteria:
        chosen[c] = {}
        for held in batches:
            rest = [b for b in batches if b != held]
            chosen[c][held] = min(factors, key=lambda f: (statistics.fmean(errors(c, f, rest)), f))
        tuned = [e for held in batches for e in errors(c, chosen[c][held], [held])]
        print(
            f"{c}: as written MAE {statistics.fmean(errors(c, 1.0, batches)):.3f}; per factor "
            + ", ".join(f"{f}: {statistics.fmean(errors(c, f, batches)):.3f}" for f in factors)
            + f"; LOBO {statistics.fmean(tuned):.3f}; chosen "
            + ", ".join(f"{b}={f}" for b, f in chosen[c].items())
        )
    # every criterion at once, each with its factor chosen without the held batch
    held_results = []
    for held in batches:
        r = rubric
        for c in criteria:
            if chosen[c][held] != 1.0:
                r = with_stretch(r, c, chosen[c][held])
        held_results += [score_with(r, it) for it in items[held]]
    base = [x for b in batches for x in results[(criteria[0], 1.0)][b]]
    for name, res in (("as written", base), ("LOBO", held_results)):
        summary = scorecard_summary(res)
        print(
            f"{name}: criterion MAE {summary['criterion_mae']}, overall Spearman "
            f"{summary['overall_spearman']}, friend < expert {summary['friend_below_expert']} "
            f"(highest friend {max(summary['friend_overall'])}, lowest expert "
            f"{min(summary['expert_overall'])}); "
            + ", ".join(f"{c} {summary['criteria'][c]['mae']}" for c in criteria)
        )


def _row(errors: list[float]) -> str:
    if not errors:
        return "—"
    high = sum(e > 0 for e in errors)
    low = sum(e < 0 for e in errors)
    return (
        f"{statistics.fmean(errors):+.2f} (MAE {statistics.fmean(abs(e) for e in errors):.2f};"
        f" high {high} / right {len(errors) - high - low} / low {low}; n {len(errors)})"
    )


def signed_errors(batches: list[str], cache: str, rubric: Any) -> list[dict[str, Any]]:
    """One row per call and criterion: batch, style, call type, predicted, gold, measures."""
    rows = []
    for batch in batches:
        for item in _analysed(batch, cache):
            result = score_with(rubric, item)
            card = result.scorecard
            for name in CRITERIA:
                gold = item.gold.criteria.get(name)
                pred = result.criteria.get(name)
                if gold is None or pred is None:
                    continue
                measures = {}
                if card is not None:
                    for m in card.criterion(name).measures:
                        measures[m.id] = m.value
                rows.append(
                    {
                        "call": item.gold.id,
                        "batch": batch,
                        "style": item.gold.style,
                        "call_type": item.gold.call_type,
                        "criterion": name,
                        "pred": pred,
                        "gold": gold,
                        "error": float(pred - gold),
                        "measures": measures,
                    }
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", default=",".join(READ_BATCHES))
    parser.add_argument("--cache", required=True, metavar="DIR")
    parser.add_argument("--criteria", default=",".join(CRITERIA))
    parser.add_argument("--rubric", default="expert-not-friend")
    parser.add_argument("--stretch", metavar="FACTORS", help="LOBO over stretch factors")
    args = parser.parse_args(argv)
    if args.stretch:
        factors = [float(f) for f in args.stretch.split(",")]
        lobo_stretch(
            args.batches.split(","),
            args.cache,
            load_rubric(args.rubric),
            args.criteria.split(","),
            factors,
        )
        return 0
    rows = signed_errors(args.batches.split(","), args.cache, load_rubric(args.rubric))
    for name in args.criteria.split(","):
        mine = [r for r in rows if r["criterion"] == name]
        print(f"\n== {name}: {_row([r['error'] for r in mine])}")
        for key in ("style", "call_type", "batch"):
            groups: dict[str, list[float]] = defaultdict(list)
            for r in mine:
                groups[str(r[key])].append(r["error"])
            for value, errors in sorted(groups.items()):
                print(f"  {key:9s} {value:12s} {_row(errors)}")
        pairs: dict[tuple[int, int], int] = defaultdict(int)
        for r in mine:
            pairs[(r["gold"], r["pred"])] += 1
        shown = ", ".join(f"{g}->{p}: {n}" for (g, p), n in sorted(pairs.items()))
        print(f"  gold -> predicted: {shown}")
        ids = sorted({k for r in mine for k in r["measures"]})
        for side, test in (("high", 1), ("right", 0), ("low", -1)):
            chosen = [r for r in mine if (r["error"] > 0) - (r["error"] < 0) == test]
            means = []
            for k in ids:
                values = [r["measures"][k] for r in chosen if r["measures"].get(k) is not None]
                means.append(f"{k}={statistics.fmean(values):.2f}" if values else f"{k}=—")
            print(f"  measures when {side:5s} ({len(chosen)}): " + " ".join(means))
    everything = [r["error"] for r in rows]
    print(f"\nall criteria: {_row(everything)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
