"""Issue 10: which stall cue families earn their place on RESPER, by cross-validation.

    python scripts/stall_families.py [--folds 5] [--params min_position=0.4,sales_call=True]

On the train+dev conversations of ``resper_p4g`` and ``resper_cb`` (never a test split; both
corpora are evaluation-only) the stall task runs once with the task's parameters, then prints:

1. per RESPER resisting label: rows and the share the detector finds (recall per gold family:
   the misses of personal choice, self-pity and flat refusal are counted here);
2. per finding kind (the lexicon's cue family): rows it covers and how many are gold stalls
   (precision per family), with the RESPER label of its false alarms;
3. per cue family, a K-fold choice by conversation: for each held-out fold, keep or drop each
   family by pooled F1 on the other folds (one family at a time, the rest kept), and the
   held-out F1 of the choice against all families kept. A family is "dropped" by removing the
   findings of that kind (adjacent sentences of two kinds are one finding of its first named
   kind, so this approximates leaving the kind out of the lexicon).

Nothing is written; no corpus text is printed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from callcoach.detectors.stall import KINDS
from callcoach.eval.corpus import load_corpus
from callcoach.eval.crossval import CV_SPLITS, fold_of
from callcoach.eval.runner import Prediction, predictions
from callcoach.eval.scoring import point_scores
from callcoach.eval.task import get_task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lobo_blind_heads import _value

CORPORA = ("resper_p4g", "resper_cb")


def _resist(p: Prediction) -> list[str]:
    return [x.removeprefix("resist:") for x in p.row.labels if x.startswith("resist:")] or ["-"]


def _pred(p: Prediction, dropped: frozenset[str]) -> str:
    ok = any(f.label == "stall" and f.attributes.get("kind") not in dropped for f in p.findings)
    return "yes" if ok else "no"


def _f1(found: Sequence[Prediction], dropped: frozenset[str]) -> float:
    return point_scores([p.gold for p in found], [_pred(p, dropped) for p in found], "yes")[2]


def report(corpus: str, k: int, params: dict[str, Any]) -> None:
    task = get_task("stall")
    conversations = [c for c in load_corpus(corpus, None) if c.split in CV_SPLITS]
    found = list(predictions(task, conversations, params=params))
    fold = {c.conversation_id: fold_of(c, k) for c in conversations}
    none: frozenset[str] = frozenset()
    precision, recall, f1 = point_scores([p.gold for p in found], [p.pred for p in found], "yes")
    print(
        f"\n{corpus}: {len(conversations)} conversations, {len(found)} prospect rows, "
        f"{sum(p.gold == 'yes' for p in found)} stalls; in-sample P {precision:.3f} "
        f"R {recall:.3f} F1 {f1:.3f}"
    )
    print("  gold label                      rows  found")
    by_label: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    for p in found:
        for label in _resist(p):
            by_label[label] += 1
            hit[label] += p.pred == "yes"
    for label, n in by_label.most_common():
        print(f"  {label:30} {n:5}  {hit[label]:4} ({hit[label] / n:.2f})")
    print("  finding kind      rows  stalls  precision  false alarms by label")
    for kind in KINDS:
        rows = [
            p
            for p in found
            if any(f.label == "stall" and f.attributes.get("kind") == kind for f in p.findings)
        ]
        if not rows:
            continue
        good = sum(p.gold == "yes" for p in rows)
        false = Counter(label for p in rows if p.gold == "no" for label in _resist(p))
        print(
            f"  {kind:16} {len(rows):5}  {good:6}  {good / len(rows):9.2f}  "
            + ", ".join(f"{label} {n}" for label, n in false.most_common(4))
        )
    print(f"  {k}-fold keep/drop per family (held-out F1, pooled over folds):")
    gold = [p.gold for p in found]
    kept = [p.pred for p in found]
    for kind in KINDS:
        drop = frozenset({kind})
        decided = {
            held: _f1([q for q in found if fold[q.row.conversation_id] != held], drop)
            > _f1([q for q in found if fold[q.row.conversation_id] != held], none) + 1e-12
            for held in range(k)
        }
        choice = [_pred(p, drop if decided[fold[p.row.conversation_id]] else none) for p in found]
        fixed = [_pred(p, drop) for p in found]
        print(
            f"    {kind:16} dropped in {sum(decided.values())}/{k} folds; held-out F1 kept "
            f"{point_scores(gold, kept, 'yes')[2]:.3f} -> choice "
            f"{point_scores(gold, choice, 'yes')[2]:.3f} (dropped everywhere "
            f"{point_scores(gold, fixed, 'yes')[2]:.3f})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--params", default="", help="detector parameters over the task's")
    args = parser.parse_args(argv)
    params = {k: _value(v) for k, v in (item.split("=") for item in args.params.split(",") if item)}
    for corpus in CORPORA:
        report(corpus, args.folds, params)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
