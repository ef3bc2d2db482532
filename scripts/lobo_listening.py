"""Leave-one-batch-out (LOBO) grid over the listening criterion's mapping (issue 9, stop 34).

    python scripts/lobo_listening.py --cache DIR [--batches dev,open,...] [--fresh BATCH]
                                     [--targets 43,48,53] [--weights 1,2] [--keeps 1,0.5]

The grid (named before it was scored): the talk-ratio target of discovery / negotiation /
follow-up calls (43 as written, 48, 53), the weight of the follow-up half (1 as written; 2:
the follow-up rule counts twice in the mean) and ``shrink.keep`` (1 as written, 0.5). Per
held-out batch the variant with the lowest listening MAE on the other batches is chosen
(ties: the earlier, simpler variant); prints every variant's MAE / Spearman over the calls,
the LOBO choice, the LOBO listening MAE and Spearman, and the overall Spearman, criterion
MAE and friend < expert with the chosen variant per fold. ``--fresh BATCH`` scores an
unread batch (aggregates only) with the rubric as written and the variant chosen on all
``--batches``. Read calls only (``tune_rubric._analysed``, gold reps).
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rubric import _analysed

from callcoach.eval.lexicon_loco import DESIGN_BATCHES
from callcoach.eval.rubric_tuning import _score_specs, score_with, with_shrink
from callcoach.eval.salescalls import scorecard_summary, spearman
from callcoach.scoring import Rubric, load_rubric
from callcoach.scoring.rubric import parse_rubric

TARGETS = (43.0, 48.0, 53.0)
WEIGHTS = (1, 2)
KEEPS = (1.0, 0.5)
TYPES_43 = ("discovery", "negotiation", "follow-up")


def variant(rubric: Rubric, target: float, weight: int, keep: float) -> Rubric:
    """``rubric`` with listening's talk-ratio target (the 43 % call types), follow-up weight
    and shrink set as named."""
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    crit = next(c for c in data["criteria"] if c["id"] == "listening")
    for name in TYPES_43:
        spec = crit["call_types"][name]["score"]
        for rule in spec["rules"]:
            if rule["measure"] == "talk_ratio":
                rule["target"] = target
    for spec in _score_specs(data, "listening"):
        follow = [r for r in spec["rules"] if r["measure"] == "follow_ups"]
        spec["rules"] = list(spec["rules"]) + [copy.deepcopy(r) for r in follow] * (weight - 1)
    out = parse_rubric(yaml.safe_dump(data), source=f"<listening {target} {weight} {keep}>")
    return with_shrink(out, "listening", keep) if keep < 1.0 else out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", default=",".join(DESIGN_BATCHES))
    parser.add_argument("--cache", required=True, metavar="DIR")
    parser.add_argument("--fresh", metavar="BATCH")
    parser.add_argument("--targets", default=",".join(str(t) for t in TARGETS))
    parser.add_argument("--weights", default=",".join(str(w) for w in WEIGHTS))
    parser.add_argument("--keeps", default=",".join(str(k) for k in KEEPS))
    args = parser.parse_args(argv)
    batches = args.batches.split(",")
    rubric = load_rubric("expert-not-friend")
    targets = [float(t) for t in args.targets.split(",")]
    weights = [int(w) for w in args.weights.split(",")]
    keeps = [float(k) for k in args.keeps.split(",")]
    names = [(t, w, k) for k in keeps for w in weights for t in targets]
    rubrics = {n: variant(rubric, *n) for n in names}
    return lobo_report(
        rubrics,
        "listening",
        batches,
        args.cache,
        args.fresh,
        lambda n: f"target {n[0]:.0f} weight {n[1]} keep {n[2]}",
    )


def lobo_report(
    rubrics: Mapping[Any, Rubric],
    crit: str,
    batches: list[str],
    cache: str,
    fresh: str | None,
    show: Callable[[Any], str] = str,
) -> int:
    """Score every variant of ``rubrics`` (in order; the first is as written) on the read
    ``batches`` and print, for criterion ``crit``: each variant's MAE / signed error /
    Spearman over the calls, the per-fold LOBO choice (lowest MAE on the other batches, ties
    to the earlier variant) with its MAE / Spearman, the scorecard of as written and of the
    LOBO choice, and, with ``fresh``, that batch scored with as written and the variant
    chosen on all ``batches`` (aggregates only). Shared by ``lobo_criterion_variants.py``."""
    names = list(rubrics)
    items = {b: _analysed(b, cache) for b in batches}
    res = {
        n: {b: [score_with(r, it) for it in items[b]] for b in batches} for n, r in rubrics.items()
    }

    def pairs(n: Any, keep: list[str]) -> list[tuple[float, float]]:
        out = []
        for b in keep:
            for x in res[n][b]:
                p, g = x.criteria.get(crit), x.gold_criteria.get(crit)
                if p is not None and g is not None:
                    out.append((float(p), float(g)))
        return out

    def mae(ps: list[tuple[float, float]]) -> float:
        return statistics.fmean(abs(p - g) for p, g in ps)

    for n in names:
        ps = pairs(n, batches)
        rho = spearman([p for p, _ in ps], [g for _, g in ps])
        signed = statistics.fmean(p - g for p, g in ps)
        print(f"{show(n)}: {crit} MAE {mae(ps):.3f} signed {signed:+.2f} rho {rho:.3f}")
    chosen = {}
    for held in batches:
        rest = [b for b in batches if b != held]
        chosen[held] = min(names, key=lambda n: (round(mae(pairs(n, rest)), 6), names.index(n)))
    lobo = [p for held in batches for p in pairs(chosen[held], [held])]
    print("chosen: " + ", ".join(f"{b}={show(chosen[b])}" for b in batches))
    print(
        f"LOBO {crit} MAE {mae(lobo):.3f} "
        f"rho {spearman([p for p, _ in lobo], [g for _, g in lobo]):.3f}"
    )
    for label, results in (
        ("as written", [x for b in batches for x in res[names[0]][b]]),
        ("LOBO", [x for b in batches for x in res[chosen[b]][b]]),
    ):
        s = scorecard_summary(results)
        print(
            f"{label}: criterion MAE {s['criterion_mae']}, overall Spearman "
            f"{s['overall_spearman']}, friend < expert {s['friend_below_expert']} "
            f"(highest friend {max(s['friend_overall']):.2f}, lowest expert "
            f"{min(s['expert_overall']):.2f}), {crit} {s['criteria'][crit]}"
        )
    if fresh:
        whole = min(names, key=lambda n: (round(mae(pairs(n, batches)), 6), names.index(n)))
        fresh_items = _analysed(fresh, cache)
        for label, n in (("as written", names[0]), (f"chosen {show(whole)}", whole)):
            s = scorecard_summary([score_with(rubrics[n], it) for it in fresh_items])
            print(
                f"{fresh} {label}: criterion MAE {s['criterion_mae']}, overall Spearman "
                f"{s['overall_spearman']}, friend < expert {s['friend_below_expert']}, "
                f"{crit} {s['criteria'][crit]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
