"""Leave-one-call-out choice of the evidence detectors' rules (issue 9).

    python scripts/loco_evidence_rules.py [--data PATH] [--also PATH ...] [--detector NAME]

Each code rule added to ``quantified_pain`` or ``summarize`` in this round can be
switched off (its pattern is replaced by one that never matches, or its setting by the old
one). For each held-out call, the
rules kept are the subset scoring the best pooled F1 on the other calls (fewer rules win a
tie), and the held-out call is scored with that subset. Prints, per detector: no new rule,
every new rule (in-sample) and the leave-one-call-out choice, pooled over the held-out
calls, and how often each rule was kept. A rule is shipped only if it is kept in most folds
and the LOCO score is not below the score without it. ``--also`` pools more annotated calls
(the open blind sets: 20 calls).
"""

from __future__ import annotations

import argparse
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from callcoach.detectors import quantified_pain, summarize
from callcoach.detectors._memo import LastCall
from callcoach.detectors.base import DetectionContext
from callcoach.eval.lexicon_loco import PreparedCall, prepare_read_calls
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.model import Finding

_NEVER = re.compile(r"(?!x)x")

# detector -> rule name -> (module, attribute, value with the rule off).
RULES: dict[str, dict[str, tuple[Any, str, Any]]] = {
    "quantified_pain": {
        "price-answer": (quantified_pain, "_ASKS_PRICE", _NEVER),
        "quarter-period": (quantified_pain, "_PERIOD_QUARTER", _NEVER),
    },
    "summarize": {
        "plan-recap": (summarize, "_STEP_ACTION", _NEVER),
    },
}


@contextmanager
def _switched_off(detector: str, off: Sequence[str]) -> Iterator[None]:
    saved = []
    for name in off:
        module, attribute, off_value = RULES[detector][name]
        saved.append((module, attribute, getattr(module, attribute)))
        setattr(module, attribute, off_value)
    quantified_pain._find_amounts.cache_clear()
    summarize._LAST_PLAN = LastCall()
    try:
        yield
    finally:
        for module, attribute, value in saved:
            setattr(module, attribute, value)
        quantified_pain._find_amounts.cache_clear()
        summarize._LAST_PLAN = LastCall()


def _run(detector: str) -> Callable[[PreparedCall], Sequence[Finding]]:
    if detector == "summarize":
        det = summarize.SummarizeDetector()
        return lambda c: det.detect(c.call, DetectionContext(c.roles))
    qp = quantified_pain.QuantifiedPainDetector(head_veto=0.0)  # the rules (1.12: veto on)
    return lambda c: qp.detect(c.call, DetectionContext(c.roles))


def rule_loco(detector: str, calls: Sequence[PreparedCall]) -> dict[str, Any]:
    """Per-call scores of every rule subset, then the leave-one-call-out choice."""
    names = list(RULES[detector])
    run = _run(detector)
    label = detector
    subsets = [
        frozenset(s) for k in range(len(names) + 1) for s in itertools.combinations(names, k)
    ]
    scores: dict[frozenset[str], list[LabelScore]] = {}
    for on in subsets:
        with _switched_off(detector, [n for n in names if n not in on]):
            per_call = []
            for c in calls:
                pred = predicted_moments({detector: run(c)}, c.roles, c.alignment, [label])
                per_call.append(score_label(label, c.gold.moments, pred))
            scores[on] = per_call
    chosen: list[LabelScore] = []
    kept = dict.fromkeys(names, 0)
    for held in range(len(calls)):

        def train_f1(on: frozenset[str], held: int = held) -> tuple[float, int]:
            pooled = LabelScore.total(label, [s for i, s in enumerate(scores[on]) if i != held])
            return (pooled.f1, -len(on))

        best = max(subsets, key=train_f1)
        chosen.append(scores[best][held])
        for name in best:
            kept[name] += 1
    return {
        "detector": detector,
        "none": LabelScore.total(label, scores[frozenset()]).counts(),
        "all": LabelScore.total(label, scores[frozenset(names)]).counts(),
        "loco": LabelScore.total(label, chosen).counts(),
        "kept_in_folds": kept,
        "folds": len(calls),
    }


# self_talk: back-to-back moments merge when one is shorter than this many words (0: always,
# the 1.3 behaviour); the value is chosen per fold like a rule subset.
MERGE_MAX_WORDS = (0, 6, 9, 12, 15, 18, 24)


def merge_loco(calls: Sequence[PreparedCall]) -> dict[str, Any]:
    """Leave-one-call-out choice of self_talk's ``merge_max_words`` (``MERGE_MAX_WORDS``)."""
    from callcoach.detectors.self_talk import SelfTalkDetector

    scores: dict[int, list[LabelScore]] = {}
    for limit in MERGE_MAX_WORDS:
        det = SelfTalkDetector(merge_max_words=limit)
        per_call = []
        for c in calls:
            found = det._moments(c.call, c.roles)
            pred = predicted_moments({"self_talk": found}, c.roles, c.alignment, ["self_talk"])
            per_call.append(score_label("self_talk", c.gold.moments, pred))
        scores[limit] = per_call
    chosen, picks = [], []
    for held in range(len(calls)):

        def train_f1(limit: int, held: int = held) -> float:
            rest = [s for i, s in enumerate(scores[limit]) if i != held]
            return LabelScore.total("self_talk", rest).f1

        best = max(MERGE_MAX_WORDS, key=train_f1)
        picks.append(best)
        chosen.append(scores[best][held])
    out = {
        f"merge_max_words={k}": LabelScore.total("self_talk", v).counts() for k, v in scores.items()
    }
    out["loco"] = LabelScore.total("self_talk", chosen).counts()
    out["picks"] = picks
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--also", action="append", default=[], metavar="PATH")
    parser.add_argument("--detector", action="append", choices=[*sorted(RULES), "self_talk"])
    args = parser.parse_args(argv)
    calls = prepare_read_calls(args.data, args.also)
    for detector in args.detector or [*RULES, "self_talk"]:
        if detector == "self_talk":
            merge = merge_loco(calls)
            print(f"self_talk merge_max_words ({len(calls)} folds)")
            for key, c in merge.items():
                if key != "picks":
                    print(
                        f"  {key:20} P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f}"
                        f"  ({c['tp']}/{c['fp']}/{c['fn']})"
                    )
            print(f"  picked per fold: {merge['picks']}")
            continue
        result = rule_loco(detector, calls)
        print(f"{detector} ({result['folds']} folds)")
        for key in ("none", "all", "loco"):
            c = result[key]
            print(
                f"  {key:5} P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f}"
                f"  ({c['tp']}/{c['fp']}/{c['fn']})"
            )
        kept = ", ".join(f"{k} {v}" for k, v in result["kept_in_folds"].items())
        print(f"  kept in folds: {kept}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
