"""Leave-one-batch-out (LOBO) tuning of the expert-not-friend rubric on the read sales calls.

    python scripts/tune_rubric.py [--batches dev,open,...] [--rubric NAME_OR_YAML]
                                  [--json] [--robustness] [--fresh-misses] [--shrink]
                                  [--compare YAML ...]

The read calls come in batches by different writers (``lexicon_loco.READ_BATCHES``; a
sealed or unopened folder is refused). Every detector runs once per call (gold reps),
then: the rubric as written; leave one batch out (each criterion's threshold scale chosen
on the other batches, the held-out batch scored with it); and the scale each criterion
would get if fitted on every call (its in-sample error is optimistic). ``--robustness``
adds how far one missed finding moves each criterion. ``--fresh-misses`` adds the rubric's
numbers with a fresh writer's detector errors simulated (misses, flipped handlings, false
alarms: ``rubric_tuning.fresh_draw``), averaged over six draws. ``--shrink`` chooses, per
criterion and per held-out batch, the ``shrink.keep`` (1 = off, 0.75, 0.5, 0.25) best on
the other batches as analysed plus with fresh draws (``rubric_tuning.lobo_variants_robust``).
``--compare`` scores other rubric files beside it, per batch (main vs candidate). See
docs/evaluation/salescalls.md and docs/rubrics.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from callcoach.eval.lexicon_loco import READ_BATCHES, check_read_folder
from callcoach.eval.rubric_tuning import (
    analyses,
    fit_scales,
    fresh_miss_summary,
    lobo_scorecards,
    lobo_variants_robust,
    lobo_whole,
    single_miss_changes,
    with_shrink,
)
from callcoach.eval.salescalls import load_gold, resolve_salescalls
from callcoach.nlp.embeddings import default_embedder
from callcoach.scoring import load_rubric

KEEPS = (1.0, 0.75, 0.5, 0.25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default=",".join(READ_BATCHES))
    parser.add_argument("--rubric", default="expert-not-friend")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--robustness", action="store_true")
    parser.add_argument("--fresh-misses", action="store_true")
    parser.add_argument("--shrink", action="store_true")
    parser.add_argument("--compare", action="append", default=[], metavar="YAML")
    args = parser.parse_args(argv)
    rubric = load_rubric(args.rubric)
    gold = []
    for name in (b for b in args.batches.split(",") if b):
        check_read_folder(READ_BATCHES[name])
        gold += load_gold(resolve_salescalls(READ_BATCHES[name]))
    items = analyses(gold, default_embedder())
    lobo = lobo_scorecards(items, rubric)
    report: dict[str, Any] = {
        "as_written": lobo.summary()["as_written"],
        "lobo": lobo.summary()["loco"],
        "fit_on_all": fit_scales(items, rubric),
    }
    if args.robustness:
        report["single_miss"] = single_miss_changes(items, rubric)
    if args.fresh_misses:
        report["fresh_misses"] = fresh_miss_summary(items, rubric)
    if args.shrink:
        report["shrink"] = {
            c.id: lobo_variants_robust(
                items, {f"keep {k}": with_shrink(rubric, c.id, k) for k in KEEPS}, c.id
            )
            for c in rubric.criteria
        }
    if args.compare:
        report["compare"] = lobo_whole(
            items, {"as given": rubric, **{p: load_rubric(p) for p in args.compare}}
        )
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, default=str) + "\n")
        return 0
    for key in ("as_written", "lobo"):
        s = report[key]
        print(
            f"{key:10s} criterion MAE {s['criterion_mae']}  overall Spearman "
            f"{s['overall_spearman']}  friend<expert {s['friend_below_expert']}"
        )
        for name, c in s["criteria"].items():
            print(f"    {name:15s} MAE {c['mae']}  Spearman {c['spearman']}  n {c['n']}")
    print("scale per criterion fitted on every call (MAE in-sample):")
    for name, (scale, mae) in report["fit_on_all"].items():
        print(f"    {name:15s} x{scale}  ({mae})")
    if args.fresh_misses:
        f = report["fresh_misses"]
        print(
            f"with fresh-call misses ({f['draws']} draws): criterion MAE {f['criterion_mae']}  "
            f"overall Spearman {f['overall_spearman']}  friend<expert in "
            f"{f['friend_below_expert']} of {f['draws']}"
        )
        for name, mae in f["criteria"].items():
            print(f"    {name:15s} MAE {mae}")
    if args.robustness:
        print("one missed finding: largest score change per criterion (where), histogram:")
        for name, row in report["single_miss"].items():
            print(f"    {name:15s} {row['largest']:+d} {row['where']}  {row['changes']}")
    if args.shrink:
        print("shrink keep per criterion, LOBO (held out as analysed / with fresh draws):")
        for name, row in report["shrink"].items():
            picks = ", ".join(f"{b}: {r['chosen']}" for b, r in row["per_batch"].items())
            print(
                f"    {name:15s} {row['base_clean']} -> {row['held_clean']}  /  "
                f"{row['base_fresh']} -> {row['held_fresh']}   ({picks})"
            )
    if args.compare:
        for name, row in report["compare"].items():
            cells = "  ".join(
                f"{b} {r['mae']}/{r['spearman']}" for b, r in row["per_batch"].items()
            )
            print(
                f"{name}: MAE {row['mae']} Spearman {row['spearman']} fresh MAE "
                f"{row['fresh_mae']} / {row['fresh_spearman']}  friend<expert "
                f"{row['friend_below_expert']}\n    {cells}\n    {row['criteria']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
