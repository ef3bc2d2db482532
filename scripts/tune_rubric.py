"""Leave-one-call-out tuning of the expert-not-friend rubric on the annotated sales calls.

    python scripts/tune_rubric.py [--data PATH] [--also PATH ...] [--rubric NAME_OR_YAML]
                                  [--json] [--robustness] [--fresh-misses]

Runs every detector once per call (gold reps), then: the rubric as written; leave one call
out (each criterion's threshold scale chosen on the other calls, the held-out call scored
with it); and the scale each criterion would get if fitted on every call (what a shipped
rubric should use; its in-sample error is optimistic). ``--robustness`` adds how far one
missed finding moves each criterion (every finding dropped in turn). ``--also`` pools
more annotated calls into the folds (e.g. the open blind calls,
``--also tests/data/salescalls_blind/open``: 16 calls, each held out in turn).
``--fresh-misses`` adds the rubric's numbers with the misses of a fresh call simulated
(each finding dropped at its detector's miss rate on unread calls, a stall's handling
flipped at times: ``rubric_tuning.degraded``), averaged over six draws. See
docs/evaluation/salescalls.md.
"""

from __future__ import annotations

import argparse
import json
import sys

from callcoach.eval.rubric_tuning import (
    analyses,
    fit_scales,
    fresh_miss_summary,
    loco_scorecards,
    single_miss_changes,
)
from callcoach.eval.salescalls import load_gold, resolve_salescalls
from callcoach.nlp.embeddings import default_embedder
from callcoach.scoring import load_rubric


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--rubric", default="expert-not-friend")
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="PATH",
        help="another folder of annotated calls pooled into the folds (repeatable)",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--robustness", action="store_true")
    parser.add_argument("--fresh-misses", action="store_true")
    args = parser.parse_args(argv)
    rubric = load_rubric(args.rubric)
    gold = [g for data in (args.data, *args.also) for g in load_gold(resolve_salescalls(data))]
    items = analyses(gold, default_embedder())
    loco = loco_scorecards(items, rubric)
    report = {**loco.summary(), "fit_on_all": fit_scales(items, rubric)}
    if args.robustness:
        report["single_miss"] = single_miss_changes(items, rubric)
    if args.fresh_misses:
        report["fresh_misses"] = fresh_miss_summary(items, rubric)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, default=str) + "\n")
        return 0
    for key in ("as_written", "loco"):
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
