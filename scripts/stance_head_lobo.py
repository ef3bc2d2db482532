"""Leave-one-batch-out choice of how a challenge / candor head joins the rules (1.10, 1.11).

    python scripts/stance_head_lobo.py [--batches dev,open,...] [--fresh NAME] [--models DIR]
        [--detector NAME ...] [--strict] [--json]

The read calls come in batches by different writers (``lexicon_loco.READ_BATCHES``: the 12
dev calls, open … open6; ``--batches`` names those to use, all by default). For each batch
held out, the combination of ``stance_loco.GRID`` (``rules``, ``veto``, ``or``, ``or-veto``,
``head``) with the best pooled F1 on the other batches is chosen (ties go to the simpler:
the grid's order), then the held-out batch is scored with it: a head and a threshold judged
on a writer they were not chosen on. ``--models DIR`` reads the heads from DIR instead of
the shipped ones (a candidate before it ships); a two-turn head (1.11, ``features: pair``)
reads each sentence with ``stance.head_context``. ``--fresh NAME`` scores one more batch
with the combination chosen on all the batches above and takes no part in any choice (a
batch before it is read). The candidate AUC per batch says how well the head ranks the rep
sentences it reads (positive: a candidate sentence that matches a gold moment quoted
alone). ``--strict`` takes, on each read call, the rules the strict rule LOCO keeps for it
(``stance_loco.strict_detectors``): the rules were written after reading these calls, so
without it a head is weighed against rules that have read the call. Never a sealed set.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from callcoach.detectors import registry
from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.stance import HeadSentence, StanceHeadDetector, head_scores
from callcoach.eval.lexicon_loco import READ_BATCHES, PreparedCall, prepare_read_calls
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.eval.stance_loco import GRID, Combo, strict_detectors
from callcoach.eval.stance_sets import SELECTION_SETS, load_rows
from callcoach.model import Evidence, Finding
from callcoach.nlp.embeddings import default_embedder
from callcoach.nlp.heads import load_head
from callcoach.nlp.linear import MODELS_DIR

SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "stance"


def name_of(combo: Combo) -> str:
    mode, add, veto = combo
    return {
        "or": f"or>={add}",
        "veto": f"veto<{veto}",
        "or-veto": f"or>={add} veto<{veto}",
    }.get(mode, mode)


def auc(scores: Sequence[float], labels: Sequence[int]) -> float | None:
    """Rank AUC (ties count half); None without both classes."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return None
    p, n = np.asarray(pos)[:, None], np.asarray(neg)[None, :]
    return float(((p > n).sum() + 0.5 * (p == n).sum()) / (len(pos) * len(neg)))


class Batch:
    """One folder's calls, every grid combination's scores on them, and the candidates."""

    def __init__(self, name: str, calls: Sequence[PreparedCall]) -> None:
        self.name = name
        self.calls = list(calls)
        self.table: dict[Combo, LabelScore] = {}
        self.scores: list[float] = []
        self.labels: list[int] = []


def _candidate_positive(
    label: str, c: PreparedCall, s: HeadSentence, roles: Any, detector: StanceHeadDetector
) -> int:
    finding = detector.finding(
        label, [Evidence.of(s.utterance, s.start, s.end)], 1.0, speaker_role="rep"
    )
    pred = predicted_moments({detector.name: [finding]}, roles, c.alignment, [label])
    return int(score_label(label, c.gold.moments, pred).tp > 0)


def score_batch(
    name: str, batch: Batch, models: Path, rules_for: dict[str, Detector] | None = None
) -> None:
    detector = registry.get(name)()
    if not isinstance(detector, StanceHeadDetector):
        raise SystemExit(f"{name} has no learned head")
    label = detector.label or name
    head = load_head(name, models)
    embedder = default_embedder()
    per_call: dict[Combo, list[LabelScore]] = {combo: [] for combo in GRID}
    for c in batch.calls:
        context = DetectionContext(c.roles, embedder=embedder)
        # a two-turn head (1.11) reads each sentence with the buyer's turn before it
        scored = head_scores(name, c.call, context, models)
        for s, p in scored:
            batch.scores.append(p)
            batch.labels.append(_candidate_positive(label, c, s, c.roles, detector))
        rules = (rules_for or {}).get(c.gold.id, detector)
        assert isinstance(rules, StanceHeadDetector)
        found: list[Finding] = rules.rule_findings(c.call, context)
        for combo in GRID:
            mode, add, veto = combo
            if mode == "head":
                add = head.threshold
            out = detector.with_head(c.call, context, found, scored, mode, add, veto)
            pred = predicted_moments({name: out}, c.roles, c.alignment, [label])
            per_call[combo].append(score_label(label, c.gold.moments, pred))
    batch.table = {combo: LabelScore.total(label, s) for combo, s in per_call.items()}


def choose(label: str, batches: Sequence[Batch]) -> Combo:
    return max(
        GRID,
        key=lambda combo: (
            LabelScore.total(label, [b.table[combo] for b in batches]).f1,
            -GRID.index(combo),
        ),
    )


def _cell(score: LabelScore) -> str:
    c = score.counts(2)
    counts = f"({c['tp']}/{c['fp']}/{c['fn']})"
    return f"P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f} {counts}"


def lobo(
    name: str, batches: Sequence[Batch], fresh: Batch | None, models: Path, strict: bool = False
) -> dict[str, Any]:
    label = registry.get(name).label or name
    rules_for: dict[str, Detector] = {}
    if strict:
        sets = {n: load_rows(SETS / f"{n}.jsonl") for n in SELECTION_SETS}
        rules_for = strict_detectors(name, [c for b in batches for c in b.calls], sets)
    for b in batches:
        score_batch(name, b, models, rules_for)
    if fresh is not None:
        score_batch(name, fresh, models)
    held: list[LabelScore] = []
    chosen: dict[str, str] = {}
    for b in batches:
        best = choose(label, [o for o in batches if o is not b])
        held.append(b.table[best])
        chosen[b.name] = name_of(best)
    rules = LabelScore.total(label, [b.table[GRID[0]] for b in batches])
    out: dict[str, Any] = {
        "detector": name,
        "rules (in-sample)": _cell(rules),
        "LOBO": _cell(LabelScore.total(label, held)),
        "chosen per held-out batch": chosen,
        "candidate AUC": {
            b.name: None if (a := auc(b.scores, b.labels)) is None else round(a, 3)
            for b in [*batches, *([fresh] if fresh else [])]
        },
        "in-sample, pooled": {
            name_of(k): _cell(LabelScore.total(label, [b.table[k] for b in batches])) for k in GRID
        },
    }
    if fresh is not None:
        best = choose(label, batches)
        out["fresh"] = {
            "batch": fresh.name,
            "combination chosen on the batches": name_of(best),
            "score": _cell(fresh.table[best]),
            "rules": _cell(fresh.table[GRID[0]]),
            "every combination": {name_of(k): _cell(v) for k, v in fresh.table.items()},
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--batches",
        default=",".join(READ_BATCHES),
        help="comma-separated read batches (lexicon_loco.READ_BATCHES), each held out in turn",
    )
    parser.add_argument("--fresh", help="a read batch scored once with the choice on the rest")
    parser.add_argument("--models", default=str(MODELS_DIR), help="where the heads are")
    parser.add_argument("--detector", action="append", choices=["challenge", "candor"])
    parser.add_argument(
        "--strict", action="store_true", help="each read call's rules as the strict rule LOCO keeps"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.batches.split(",") if n.strip()]
    for name in [*names, *([args.fresh] if args.fresh else [])]:
        if name not in READ_BATCHES:
            parser.error(f"{name}: not a read batch (one of {', '.join(READ_BATCHES)})")
    if args.fresh in names:
        parser.error(f"{args.fresh}: the fresh batch takes no part in the choice")
    try:
        # prepare_read_calls refuses a sealed or unopened folder
        batches = [Batch(n, prepare_read_calls(READ_BATCHES[n])) for n in names]
        fresh = None
        if args.fresh:
            fresh = Batch(args.fresh, prepare_read_calls(READ_BATCHES[args.fresh]))
    except ValueError as error:
        parser.error(str(error))
    results = []
    for name in args.detector or ["challenge", "candor"]:
        for b in [*batches, *([fresh] if fresh else [])]:
            b.scores, b.labels = [], []
        results.append(lobo(name, batches, fresh, Path(args.models), args.strict))
    if args.json:
        sys.stdout.write(json.dumps(results, indent=1) + "\n")
        return 0
    for r in results:
        print(r["detector"])
        for key in ("rules (in-sample)", "LOBO", "chosen per held-out batch", "candidate AUC"):
            print(f"  {key}: {r[key]}")
        if "fresh" in r:
            fresh = dict(r["fresh"])
            table = fresh.pop("every combination")
            print(f"  fresh: {fresh}")
            for k, v in table.items():
                print(f"    fresh {k:24s} {v}")
        rules_f1 = float(r["rules (in-sample)"].split("F1 ")[1].split()[0])
        for k, v in r["in-sample, pooled"].items():
            if float(v.split("F1 ")[1].split()[0]) >= rules_f1 - 0.03:
                print(f"    {k:24s} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
