"""Leave-one-batch-out (LOBO) tuning of the expert-not-friend rubric on the read sales calls.

    python scripts/tune_rubric.py [--batches dev,open,...] [--rubric NAME_OR_YAML]
                                  [--json] [--robustness] [--fresh-misses] [--shrink]
                                  [--compare YAML ...] [--table] [--mappings]

The read calls come in batches by different writers (``lexicon_loco.READ_BATCHES``, by default
every one but the fresh check, ``DESIGN_BATCHES``; a sealed or unopened folder is refused).
Every detector runs once per call (gold reps), then: the rubric as written; leave one batch out
(each criterion's threshold scale chosen on the other batches, the held-out batch scored with
it); and the scale each criterion would get if fitted on every call (its in-sample error is
optimistic). ``--robustness`` adds how far one missed finding moves each criterion.
``--fresh-misses`` adds the rubric's numbers with a fresh writer's detector errors simulated
(misses, flipped handlings, false alarms: ``rubric_tuning.fresh_draw``), averaged over six
draws. ``--shrink`` chooses, per criterion and per held-out batch, the ``shrink.keep`` (1 =
off, 0.75, 0.5, 0.25) best on the other batches as analysed plus with fresh draws
(``rubric_tuning.lobo_variants_robust``). ``--compare`` scores other rubric files beside it,
per batch (main vs candidate). ``--tune worst|median|pooled`` (rubric 2.8) leaves one batch out
of the whole tuning: every criterion's variant (``rubric_tuning.criterion_variants``: shrink,
threshold scale, absence floor, summarize's breadth gate) is chosen on the other batches by its
worst (median, pooled) batch cost, the held batch scored with the rubric so assembled beside
the rubric as given (``--fresh-weight W`` adds W × the criterion's MAE over simulated
fresh-writer draws to a batch's cost; default 0, as analysed); it prints per-fold MAE and
Spearman and the choice made on every batch. ``--fresh BATCH`` then scores that unread batch
(aggregates only) with the rubric as given and the one chosen on ``--batches`` (a check before
reading it). ``--mappings`` (tenth stop) adds to every criterion's variants the mappings of
``rubric_tuning.MAPPINGS`` (a subset of its rules, another combine, keep 0). ``--table``
prints, per criterion and variant, MAE and Spearman over the calls and per batch and the
leave-one-batch-out choice among the variants (``rubric_tuning.criterion_table``; no simulated
draws, so it is the cheap first look). ``--cache DIR`` keeps the analysed calls (one pickle per
batch, keyed by the code, the detector versions and the data: ``eval.analysis_cache``; a
cache of other code is never reused) between runs. See docs/evaluation/salescalls.md and
docs/rubrics.md."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from callcoach.eval.lexicon_loco import DESIGN_BATCHES, READ_BATCHES, check_read_folder
from callcoach.eval.rubric_tuning import (
    SELECTIONS,
    AnalysedCall,
    analyses,
    criterion_table,
    criterion_variants,
    fit_scales,
    fresh_miss_summary,
    lobo_scorecards,
    lobo_tune,
    lobo_variants_robust,
    lobo_whole,
    score_with,
    single_miss_changes,
    with_criteria_from,
    with_shrink,
)
from callcoach.eval.salescalls import load_gold, resolve_salescalls, scorecard_summary
from callcoach.nlp.embeddings import default_embedder
from callcoach.scoring import load_rubric

KEEPS = (1.0, 0.75, 0.5, 0.25)


def _analysed(name: str, cache: str | None) -> list[AnalysedCall]:
    """The calls of read batch ``name`` analysed with the gold reps (pickled under ``cache``,
    keyed by the code, detector versions, embedder and data: ``eval.analysis_cache``)."""
    from callcoach.eval.analysis_cache import cached_analyses

    check_read_folder(READ_BATCHES[name])
    folder = resolve_salescalls(READ_BATCHES[name])
    return cached_analyses(
        name, folder, cache, lambda: analyses(load_gold(folder), default_embedder())
    )


def _variants(rubric: Any, criteria: str | None, mappings: bool = False) -> dict[str, Any]:
    """``criterion_variants``, only for the criteria named (comma-separated; None: all);
    ``mappings`` adds the tenth stop's rule subsets and combines (``MAPPINGS``)."""
    variants = criterion_variants(rubric, mappings=mappings)
    if not criteria:
        return variants
    wanted = set(criteria.split(","))
    return {c: v for c, v in variants.items() if c in wanted}


def _tune_report(
    items: list[AnalysedCall],
    rubric: Any,
    select: str,
    fresh_weight: float,
    criteria: str | None = None,
    seeds: int = 6,
    mappings: bool = False,
) -> dict[str, Any]:
    return lobo_tune(
        items,
        rubric,
        _variants(rubric, criteria, mappings),
        select=select,
        fresh_weight=fresh_weight,
        seeds=seeds,
    )


def _print_tune(t: dict[str, Any]) -> None:
    print(
        f"LOBO of the whole tuning (select: {t['select']}): fold, calls, main MAE/Spearman -> tuned"
    )
    for b, f in t["folds"].items():
        print(
            f"    {b:6s} {f['calls']:2d}  {f['main'][0]} / {f['main'][1]} -> {f['tuned'][0]} / "
            f"{f['tuned'][1]}   fresh {f['main_fresh'][0]} -> {f['tuned_fresh'][0]}   {f['chosen']}"
        )
    p = t["pooled"]
    print(
        f"    pooled  main {p['main']} -> tuned {p['tuned']}  worst fold "
        f"{t['worst_fold']['main']} -> {t['worst_fold']['tuned']}  friend<expert "
        f"{p['friend_below_expert']}"
    )
    print(f"    per criterion main  {p['criteria_main']}")
    print(f"    per criterion tuned {p['criteria_tuned']}")
    print(f"    Spearman main  {p['spearman_main']}")
    print(f"    Spearman tuned {p['spearman_tuned']}")
    print(f"    chosen on every batch: {t['chosen_on_all']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--batches",
        default=",".join(DESIGN_BATCHES),
        help="comma-separated read batches (default: all but the fresh check)",
    )
    parser.add_argument("--rubric", default="expert-not-friend")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--robustness", action="store_true")
    parser.add_argument("--fresh-misses", action="store_true")
    parser.add_argument("--shrink", action="store_true")
    parser.add_argument("--compare", action="append", default=[], metavar="YAML")
    parser.add_argument("--tune", choices=SELECTIONS)
    parser.add_argument("--fresh", metavar="BATCH")
    # 0: choose on the MAE as analysed (the eighth stop's rule); 1 adds the simulated draws
    parser.add_argument("--fresh-weight", type=float, default=0.0)
    parser.add_argument("--cache", metavar="DIR")
    # --tune on a loaded machine: tune only these criteria (comma-separated), and fewer
    # simulated fresh-writer draws (they only enter the choice with --fresh-weight)
    parser.add_argument("--criteria", metavar="IDS")
    parser.add_argument("--seeds", type=int, default=6)
    # the tenth stop's mappings (rubric_tuning.MAPPINGS) offered beside the other variants
    parser.add_argument("--mappings", action="store_true")
    # per criterion and variant: MAE / Spearman over the calls and per batch, and the LOBO
    # choice among them (no simulated draws: cheap; rubric_tuning.criterion_table)
    parser.add_argument("--table", action="store_true")
    parser.add_argument("--write", metavar="YAML", help="write the rubric chosen by --tune")
    args = parser.parse_args(argv)
    rubric = load_rubric(args.rubric)
    items = [i for b in args.batches.split(",") if b for i in _analysed(b, args.cache)]
    if args.table:
        tab = criterion_table(items, _variants(rubric, args.criteria, args.mappings))
        if args.json:
            sys.stdout.write(json.dumps(tab, indent=2, default=str) + "\n")
            return 0
        for c, row in tab.items():
            lobo = row["lobo"]
            print(f"{c}: LOBO choice MAE {lobo['mae']} Spearman {lobo['spearman']}")
            for name, v in row["variants"].items():
                cells = " ".join(f"{m}" for m in v["per_batch"].values())
                print(f"    {name:28s} {v['mae']} / {v['spearman']}   {cells}")
            print(f"    chosen: {lobo['chosen']}")
        return 0
    if args.tune:
        t = _tune_report(
            items, rubric, args.tune, args.fresh_weight, args.criteria, args.seeds, args.mappings
        )
        variants = _variants(rubric, args.criteria, args.mappings)
        chosen = with_criteria_from(
            rubric, {c: variants[c][n] for c, n in t["chosen_on_all"].items()}
        )
        if args.fresh:
            fresh = _analysed(args.fresh, args.cache)
            for name, r in (("as given", rubric), ("chosen", chosen)):
                s = scorecard_summary([score_with(r, i) for i in fresh])
                t.setdefault("fresh", {})[name] = {
                    "criterion_mae": s["criterion_mae"],
                    "overall_spearman": s["overall_spearman"],
                    "friend_below_expert": s["friend_below_expert"],
                    "criteria": {c: v["mae"] for c, v in s["criteria"].items()},
                    "spearman": {c: v["spearman"] for c, v in s["criteria"].items()},
                }
        if args.write:
            import yaml

            with open(args.write, "w", encoding="utf-8") as fh:
                yaml.safe_dump(chosen.model_dump(mode="json"), fh, sort_keys=False)
        if args.json:
            sys.stdout.write(json.dumps(t, indent=2, default=str) + "\n")
        else:
            _print_tune(t)
            for name, row in t.get("fresh", {}).items():
                print(f"{args.fresh} before reading, {name}: {row}")
        return 0
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
