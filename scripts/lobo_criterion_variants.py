"""Leave-one-batch-out over named mapping variants of one criterion (stop 36).

    python scripts/lobo_criterion_variants.py --cache DIR --grid next_step|listening
                                              [--batches dev,open,...] [--fresh BATCH]

The grids, named before they were scored:

- ``next_step``: as written (stretch 2); stretch 1.5; stretch 2.5; weighed with the rep's
  other criteria (``shrink.keep`` 0.75; 0.5); the "asked for commitment" rule dropped;
  the step-less floor (``absence_floor``-free, unchanged) is not touched.
- ``listening``: as written; a third part on the rep's open business questions per 10
  minutes (thresholds 1.19 / 3.11 / 3.11 / 3.11: the fit of
  ``scripts/lobo_listening_signals.py`` on all 68 design calls, chosen there in 15 of 15
  folds with cuts fitted per fold).

The grids were scored at rubric 2.9 (``next_step`` chose keep 0.5, shipped as 2.10); run
on a later rubric, each variant stacks on what that rubric ships.

Per held-out batch the variant with the lowest criterion MAE on the other batches is
chosen (ties: the earlier variant). Prints each variant's MAE / signed error / Spearman
over the calls, the LOBO choice and its MAE / Spearman, and the criterion MAE, overall
Spearman and friend < expert of as written and of the LOBO choice. ``--fresh BATCH``
scores that batch (aggregates only) with as written and the variant chosen on all
``--batches``. Read calls only (``tune_rubric._analysed``, gold reps).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rubric import _analysed

from callcoach.eval.lexicon_loco import READ_BATCHES
from callcoach.eval.rubric_tuning import _score_specs, score_with, with_shrink
from callcoach.eval.salescalls import scorecard_summary, spearman
from callcoach.scoring import Rubric, load_rubric
from callcoach.scoring.rubric import parse_rubric

OBR = {
    "id": "open_business_rate",
    "description": "open business questions by the rep per 10 minutes",
    "kind": "rate",
    "evidence": False,
}
OBR_RULE = {"measure": "open_business_rate", "thresholds": [1.19, 3.11, 3.11, 3.11]}


def _edit(
    rubric: Rubric, criterion: str, how: Callable[[dict[str, Any], dict[str, Any]], None]
) -> Rubric:
    import yaml

    data = rubric.model_dump(mode="json", exclude_defaults=False)
    crit = next(c for c in data["criteria"] if c["id"] == criterion)
    for spec in _score_specs(data, criterion):
        how(crit, spec)
    return parse_rubric(yaml.safe_dump(data), source=f"<{criterion} variant>")


def _stretch(factor: float) -> Callable[[dict[str, Any], dict[str, Any]], None]:
    def how(crit: dict[str, Any], spec: dict[str, Any]) -> None:
        spec["stretch"] = factor

    return how


def _drop(measure: str) -> Callable[[dict[str, Any], dict[str, Any]], None]:
    def how(crit: dict[str, Any], spec: dict[str, Any]) -> None:
        spec["rules"] = [r for r in spec["rules"] if r["measure"] != measure]

    return how


def grid(rubric: Rubric, name: str) -> dict[str, Rubric]:
    if name == "next_step":
        return {
            "as written": rubric,
            "stretch 1.5": _edit(rubric, "next_step", _stretch(1.5)),
            "stretch 2.5": _edit(rubric, "next_step", _stretch(2.5)),
            "keep 0.75": with_shrink(rubric, "next_step", 0.75),
            "keep 0.5": with_shrink(rubric, "next_step", 0.5),
            "no commitment rule": _edit(rubric, "next_step", _drop("committed_steps")),
        }
    if name == "listening":
        import yaml

        data = rubric.model_dump(mode="json", exclude_defaults=False)
        disc = next(c for c in data["criteria"] if c["id"] == "discovery")
        obr = next(m for m in disc["measures"] if m["id"] == OBR["id"])
        lst = next(c for c in data["criteria"] if c["id"] == "listening")
        if not any(m["id"] == OBR["id"] for m in lst["measures"]):
            lst["measures"].append(dict(OBR, findings=obr["findings"]))
        for spec in _score_specs(data, "listening"):
            spec["rules"] = [*spec["rules"], dict(OBR_RULE)]
        obr_rubric = parse_rubric(yaml.safe_dump(data), source="<listening obr>")
        return {"as written": rubric, "open business rate part": obr_rubric}
    raise SystemExit(f"unknown grid {name!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", default=",".join(b for b in READ_BATCHES if b != "open15"))
    parser.add_argument("--cache", required=True, metavar="DIR")
    parser.add_argument("--grid", required=True, choices=("next_step", "listening"))
    parser.add_argument("--fresh", metavar="BATCH")
    args = parser.parse_args(argv)
    crit = args.grid
    batches = args.batches.split(",")
    rubrics = grid(load_rubric("expert-not-friend"), crit)
    names = list(rubrics)
    items = {b: _analysed(b, args.cache) for b in batches}
    res = {
        n: {b: [score_with(r, it) for it in items[b]] for b in batches} for n, r in rubrics.items()
    }

    def pairs(n: str, keep: list[str]) -> list[tuple[float, float]]:
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
        print(
            f"{n}: {crit} MAE {mae(ps):.3f} signed {statistics.fmean(p - g for p, g in ps):+.2f} "
            f"rho {spearman([p for p, _ in ps], [g for _, g in ps]):.3f}"
        )
    chosen = {}
    for held in batches:
        rest = [b for b in batches if b != held]
        chosen[held] = min(names, key=lambda n: (round(mae(pairs(n, rest)), 6), names.index(n)))
    lobo = [p for held in batches for p in pairs(chosen[held], [held])]
    print("chosen: " + ", ".join(f"{b}={chosen[b]}" for b in batches))
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
    if args.fresh:
        whole = min(names, key=lambda n: (round(mae(pairs(n, batches)), 6), names.index(n)))
        fresh = _analysed(args.fresh, args.cache)
        for label, n in (("as written", names[0]), (f"chosen {whole}", whole)):
            s = scorecard_summary([score_with(rubrics[n], it) for it in fresh])
            print(
                f"{args.fresh} {label}: criterion MAE {s['criterion_mae']}, overall Spearman "
                f"{s['overall_spearman']}, friend < expert {s['friend_below_expert']}, "
                f"{crit} {s['criteria'][crit]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
