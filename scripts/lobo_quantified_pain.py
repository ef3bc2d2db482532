"""Leave-one-batch-out (LOBO) choice of how quantified_pain combines its rules and its head.

    python scripts/lobo_quantified_pain.py [--fresh open5] [--head-dir DIR] [--unit clause ...]

The read calls come in batches by different writers (the 12 dev calls, ``open``, ``open2``,
``open3``, ``open4`` and, once opened, ``open5``). The grid of head settings of
``scripts/loco_evidence_heads.py`` (rules alone, the head as a veto, the head adding what the
rules passed over, both, the head alone) is scored on every call; for each batch the setting
with the best pooled F1 on the *other* batches is chosen (the earlier, simpler setting wins a
tie) and the held-out batch is scored with it. This is the question that matters for calls
by a writer nobody designed on: does a setting chosen on five writers hold on the sixth?

``--fresh SET`` names a batch that was not read (SALES_RULES: open5 before reading): it takes
no part in the choice; the script prints only the rules' and the chosen setting's score on
it, never the grid, so nothing can be picked by looking at it. ``--head-dir`` scores a
candidate head (``<dir>/quantified_pain.head.*``) instead of the shipped one. Sealed folders
are refused.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

from callcoach.detectors import quantified_pain
from callcoach.eval.lexicon_loco import READ_BATCHES, prepare_read_calls
from callcoach.eval.moments import LabelScore
from callcoach.nlp import heads

ROOT = Path(__file__).resolve().parent.parent
LABEL = "quantified_pain"


def _grid_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "loco_evidence_heads", ROOT / "scripts" / "loco_evidence_heads.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _folder(batch: str) -> str:
    return READ_BATCHES[batch]


def _pair_grid() -> list[tuple[str, dict[str, Any]]]:
    """The two-turn head (1.9): rules, pair veto, pair add, both."""
    off = {"head_veto": 0.0, "head_add": 1.01, "head_unit": "clause", "head_pair": True}
    vetoes, adds = (0.1, 0.2, 0.3), (0.9, 0.85, 0.8, 0.75, 0.7, 0.65)
    # "rules" names the veto off: since 1.12 the shipped default has the clause veto on
    grid: list[tuple[str, dict[str, Any]]] = [("rules", {"head_veto": 0.0})]
    grid += [(f"pair veto<{v}", off | {"head_veto": v}) for v in vetoes]
    grid += [(f"pair add>={a}", off | {"head_add": a}) for a in adds]
    grid += [
        (f"pair veto<{v}+add>={a}", off | {"head_veto": v, "head_add": a})
        for v in vetoes
        for a in adds
    ]
    return grid


def _line(name: str, score: LabelScore) -> str:
    c = score.counts()
    return (
        f"  {name:34} P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.3f}"
        f"  ({c['tp']}/{c['fp']}/{c['fn']})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", action="append", help="design batches (default: all read)")
    parser.add_argument("--pair", action="store_true", help="the two-turn head's grid")
    parser.add_argument("--fresh", help="an unread batch scored with the choice only")
    parser.add_argument("--head-dir", type=Path, help="a candidate head's directory")
    parser.add_argument("--unit", action="append", help="keep only settings with these units")
    parser.add_argument("--show", default="", help="also print the settings whose name holds it")
    parser.add_argument(
        "--switch",
        action="append",
        default=[],
        metavar="PARAM",
        help="a boolean rule parameter (or several joined by '+'): the grid is the rules as"
        " shipped and each such setting flipped",
    )
    args = parser.parse_args(argv)
    if args.head_dir is not None:
        directory = args.head_dir
        quantified_pain.load_head = lambda name: heads.load_head(name, directory)  # type: ignore[assignment]
    grid = _grid_module()
    batches = [b for b in (args.batch or list(READ_BATCHES)) if b != args.fresh]
    calls = {b: prepare_read_calls(_folder(b)) for b in batches}
    if args.fresh:
        calls[args.fresh] = prepare_read_calls(_folder(args.fresh))
    embedder = grid.CachingEmbedder()
    order = [*batches, *([args.fresh] if args.fresh else [])]
    pooled = [c for b in order for c in calls[b]]
    if args.switch:
        # Rule switches alone: the shipped defaults first, then each switch flipped.
        defaults = quantified_pain.QuantifiedPainDetector.default_params()
        # "a+b" flips several switches together (one setting).
        flips: list[tuple[str, dict[str, Any]]] = [("rules", {})]
        for spec in args.switch:
            names = spec.split("+")
            flips.append(
                (
                    "+".join(f"{p}={not defaults[p]}" for p in names),
                    {p: not defaults[p] for p in names},
                )
            )
        grid._grid = lambda detector, own: flips
    if args.pair:
        grid._grid = lambda detector, own: _pair_grid()
    scores: list[tuple[str, list[LabelScore]]] = grid.setting_scores(LABEL, pooled, embedder)
    if args.unit:
        scores = [
            s for s in scores if s[0] == "rules" or any(s[0].endswith("/" + u) for u in args.unit)
        ]
    spans: dict[str, range] = {}
    start = 0
    for b in order:
        spans[b] = range(start, start + len(calls[b]))
        start += len(calls[b])

    def total(per_call: list[LabelScore], keep: list[str]) -> LabelScore:
        return LabelScore.total(
            LABEL, [s for b in keep for i, s in enumerate(per_call) if i in spans[b]]
        )

    print(
        f"{LABEL}: {len(pooled)} calls, head threshold "
        f"{quantified_pain.load_head('quantified_pain').threshold}"
    )
    print("design batches pooled (in-sample over the read batches):")
    ranked = sorted(scores, key=lambda s: -total(s[1], batches).f1)
    for name, per_call in [scores[0], *ranked[:8]]:
        print(_line(name, total(per_call, batches)))
    for name, per_call in scores:
        if args.show and args.show in name:
            print(_line(name, total(per_call, batches)))
    print("leave-one-batch-out:")
    chosen: list[LabelScore] = []
    rules: list[LabelScore] = []
    for held in batches:
        others = [b for b in batches if b != held]
        best_name, best, best_f1 = "", scores[0][1], -1.0
        for name, per_call in scores:
            f1 = total(per_call, others).f1
            if f1 > best_f1 + 1e-9:
                best_name, best, best_f1 = name, per_call, f1
        chosen += [s for i, s in enumerate(best) if i in spans[held]]
        rules += [s for i, s in enumerate(scores[0][1]) if i in spans[held]]
        print(
            f" {held:10} rules {total(scores[0][1], [held]).f1:.3f}"
            f" | chosen {best_name} -> {total(best, [held]).f1:.3f}"
        )
    print(_line("LOBO rules alone", LabelScore.total(LABEL, rules)))
    print(_line("LOBO choice", LabelScore.total(LABEL, chosen)))
    if args.fresh:
        best_name, best, best_f1 = "", scores[0][1], -1.0
        for name, per_call in scores:
            f1 = total(per_call, batches).f1
            if f1 > best_f1 + 1e-9:
                best_name, best, best_f1 = name, per_call, f1
        print(f"fresh batch {args.fresh} (setting chosen on the design batches: {best_name}):")
        print(_line("rules alone", total(scores[0][1], [args.fresh])))
        print(_line("chosen", total(best, [args.fresh])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
