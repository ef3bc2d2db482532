"""Leave-one-call-out choice of how the learned heads join the challenge and candor rules.

    python scripts/loco_stance_heads.py [--data PATH] [--also PATH ...] [--detector NAME ...]
        [--json]

The heads (``training/heads/{challenge,candor}.jsonl`` → ``callcoach/detectors/models``)
never saw a sales call. What is chosen here is only how a head joins its detector's rules
(``stance.combine_head``): ``rules`` (head off), ``head`` (the head alone, at its own
cross-validated threshold), ``or`` (rules plus the sentences the head scores at ``add`` or
more), ``veto`` (rules less the findings the head scores below ``veto``) or ``or-veto``.
For each held-out call the combination with the best pooled F1 on the other calls is
chosen (ties go to the simpler: the order of ``GRID``), then the held-out call is scored
with it; the pooled held-out counts are the leave-one-call-out score. Pass the open blind
folders with ``--also`` (28 calls in 1.9: the 12 dev calls, open, open2, open3, open4);
never a sealed folder. The rules themselves were written from these calls, so every combination is
compared against rules scored in-sample: a head must beat rules that have read the call.
``--strict`` takes instead, on each call, the rules the strict rule LOCO keeps for it
(``callcoach.eval.stance_loco``: a rule with no support on the other calls and the invented
selection sets is off), so the head is weighed against rules that did not read that call.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from callcoach.detectors import registry
from callcoach.detectors.base import DetectionContext
from callcoach.detectors.stance import HeadSentence, StanceHeadDetector, head_scores
from callcoach.eval.lexicon_loco import PreparedCall, prepare_read_calls
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.eval.stance_loco import GRID, Combo, strict_detectors
from callcoach.eval.stance_sets import SELECTION_SETS, load_rows
from callcoach.model import Finding
from callcoach.nlp.embeddings import default_embedder

SETS = Path(__file__).resolve().parents[1] / "tests" / "data" / "stance"


def _name(combo: Combo) -> str:
    mode, add, veto = combo
    if mode == "or":
        return f"or add>={add}"
    if mode == "veto":
        return f"veto<{veto}"
    if mode == "or-veto":
        return f"or add>={add} veto<{veto}"
    return mode


def _counts(score: LabelScore) -> str:
    c = score.counts()
    return (
        f"P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f}"
        f" ({c['tp']}/{c['fp']}/{c['fn']})"
    )


def _strict_rules(name: str, calls: Sequence[PreparedCall]) -> dict[str, StanceHeadDetector]:
    """Per call, the detector with the rules the strict rule LOCO switches off for it."""
    sets = {n: load_rows(SETS / f"{n}.jsonl") for n in SELECTION_SETS}
    out: dict[str, StanceHeadDetector] = {}
    for call_id, detector in strict_detectors(name, calls, sets).items():
        assert isinstance(detector, StanceHeadDetector)
        out[call_id] = detector
    return out


def head_loco(name: str, calls: Sequence[PreparedCall], strict: bool = False) -> dict[str, Any]:
    """Every combination's per-call scores, the head alone, and the leave-one-call-out
    choice (see the module docstring)."""
    detector = registry.get(name)()
    if not isinstance(detector, StanceHeadDetector):
        raise SystemExit(f"{name} has no learned head")
    label = detector.label or name
    embedder = default_embedder()
    rules_for = _strict_rules(name, calls) if strict else {}
    prepared: list[tuple[PreparedCall, list[Finding], list[tuple[HeadSentence, float]]]] = []
    candidates = 0
    for c in calls:
        context = DetectionContext(c.roles, embedder=embedder)
        scored = head_scores(name, c.call, context)
        candidates += len(scored)
        rules = rules_for.get(c.gold.id, detector)
        prepared.append((c, rules.rule_findings(c.call, context), scored))

    def score(index: int, combo: Combo) -> LabelScore:
        c, found, scored = prepared[index]
        context = DetectionContext(c.roles, embedder=embedder)
        mode, add, veto = combo
        out = detector.with_head(c.call, context, found, scored, mode, add, veto)
        pred = predicted_moments({name: out}, c.roles, c.alignment, [label])
        return score_label(label, c.gold.moments, pred)

    table = {combo: [score(i, combo) for i in range(len(calls))] for combo in GRID}
    held: list[LabelScore] = []
    chosen: dict[str, str] = {}
    for i, c in enumerate(calls):
        best = max(
            GRID,
            key=lambda combo: (
                LabelScore.total(label, [s for j, s in enumerate(table[combo]) if j != i]).f1,
                -GRID.index(combo),
            ),
        )
        held.append(table[best][i])
        chosen[c.gold.id] = _name(best)
    return {
        "detector": name,
        "calls": len(calls),
        "candidate_sentences": candidates,
        "in_sample": {_name(k): LabelScore.total(label, v) for k, v in table.items()},
        "loco": LabelScore.total(label, held),
        "chosen": chosen,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--also", action="append", default=[], help="another folder to pool")
    parser.add_argument("--detector", action="append", choices=["challenge", "candor"])
    parser.add_argument("--strict", action="store_true", help="rules of the strict rule LOCO")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        calls = prepare_read_calls(args.data, args.also)
    except ValueError as error:
        parser.error(str(error))
    results = [
        head_loco(name, calls, args.strict) for name in args.detector or ["challenge", "candor"]
    ]
    if args.json:
        out = [
            {
                **r,
                "in_sample": {k: v.counts() for k, v in r["in_sample"].items()},
                "loco": r["loco"].counts(),
            }
            for r in results
        ]
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
        return 0
    for r in results:
        print(
            f"{r['detector']}: {r['calls']} calls, {r['candidate_sentences']} candidate "
            "sentences read by the head"
        )
        for key, score in r["in_sample"].items():
            if key in ("rules", "head") or score.f1 >= r["in_sample"]["rules"].f1 - 0.05:
                print(f"  {key:28s} {_counts(score)}")
        print(f"  {'LOCO (chosen per call)':28s} {_counts(r['loco'])}")
        picks: dict[str, int] = {}
        for pick in r["chosen"].values():
            picks[pick] = picks.get(pick, 0) + 1
        print("  chosen: " + ", ".join(f"{k} ×{n}" for k, n in sorted(picks.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
