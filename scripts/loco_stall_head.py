"""Choose how the stall rules and the learned stall head combine, by leave-one-call-out.

The head (``models/stall.head.*``, trained only on invented sentences,
``training/heads/stall.jsonl``) never saw a sales call, so its numbers on the read calls are
held out as they stand. How it combines with the phrase rules is a choice, made here by
leave-one-call-out (LOCO) over the read calls, on the README's moment-level matching rule:

- ``head_veto`` (a rule hit whose quote the head scores below it is dropped): 0 (off), 0.1,
  0.2, 0.3;
- ``head_add`` (a prospect sentence no rule covers is a stall when the head scores it at or
  above it): 1 (off), 0.8, 0.85, 0.9.

For each held-out call the combination with the best pooled stall F1 on the other calls is
chosen; ties go to the one that flags fewer moments there (precision first), then to the
earlier one in the grid (the rules alone first). The held-out calls' counts are summed. The
script also prints every combination's pooled counts, the head alone (no phrase rule) at
several thresholds, and stall_response (which answers the stalls found) for each, per set.

Usage: python scripts/loco_stall_head.py [--also FOLDER ...]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from callcoach.detectors.base import DetectionContext
from callcoach.detectors.stall import StallDetector
from callcoach.detectors.stall_response import StallResponseDetector
from callcoach.eval.lexicon_loco import PreparedCall, prepare_read_calls
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import (
    leave_one_call_out,
    predicted_moments,
)
from callcoach.nlp.embeddings import default_embedder

Params = tuple[tuple[str, object], ...]  # detector parameters, hashable
VETOES = (0.0, 0.1, 0.2, 0.3)
ADDS = (1.0, 0.8, 0.85, 0.9)
HEAD_ONLY = (0.5, 0.6, 0.7, 0.8, 0.9)


def grid() -> list[Params]:
    return [(("head_veto", v), ("head_add", a)) for a in ADDS for v in VETOES]


class Scores:
    """stall and stall_response counts per (call, params), computed once each."""

    def __init__(self, calls: Sequence[PreparedCall]) -> None:
        self.calls = calls
        self.embedder = default_embedder()
        self._memo: dict[tuple[int, Params], tuple[LabelScore, LabelScore]] = {}

    def of(self, index: int, params: Params) -> tuple[LabelScore, LabelScore]:
        key = (index, params)
        if key not in self._memo:
            c = self.calls[index]
            stall = StallDetector(**dict(params))
            context = DetectionContext(c.roles, embedder=self.embedder)
            stalls = stall.detect(c.call, context)
            replies = StallResponseDetector().detect(
                c.call, DetectionContext(c.roles, {"stall": tuple(stalls)})
            )
            found = {"stall": stalls, "stall_response": replies}
            scores = []
            for label in ("stall", "stall_response"):
                pred = predicted_moments(found, c.roles, c.alignment, [label])
                scores.append(score_label(label, c.gold.moments, pred))
            self._memo[key] = (scores[0], scores[1])
        return self._memo[key]

    def pooled(self, indices: Sequence[int], params: Params, which: int = 0) -> LabelScore:
        return LabelScore.total(
            ("stall", "stall_response")[which], [self.of(i, params)[which] for i in indices]
        )


def set_of(call_id: str) -> str:
    """dev (sc..), open (sb01–04), open2 (sb09–12), open3 (sb17–20) or open4 (sb25–28)."""
    if not call_id.startswith("sb"):
        return "dev"
    number = int(call_id[2:4])
    if number <= 4:
        return "open"
    return "open2" if number <= 12 else "open3" if number <= 20 else "open4"


def line(score: LabelScore) -> str:
    return f"{score.tp}/{score.fp}/{score.fn} F1 {score.f1:.3f}"


def by_set(scores: Scores, params: Params, which: int) -> str:
    sets: dict[str, list[int]] = {}
    for i, c in enumerate(scores.calls):
        sets.setdefault(set_of(c.gold.id), []).append(i)
    return "  ".join(
        f"{name} {line(scores.pooled(indices, params, which))}" for name, indices in sets.items()
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--also", action="append", default=[], type=Path)
    args = parser.parse_args(argv)
    calls = prepare_read_calls("salescalls", args.also)
    scores = Scores(calls)
    everything = list(range(len(calls)))
    candidates = grid()

    def objective(train: Sequence[int], params: Params) -> float:
        # ties in F1 go to fewer flagged moments (a moment weighs far less than any F1 step)
        pooled = scores.pooled(train, params)
        return pooled.f1 - 1e-6 * (pooled.tp + pooled.fp)

    result = leave_one_call_out(
        everything, candidates, objective, lambda i, params: scores.of(i, params)
    )
    chosen = Counter(fold.chosen for fold in result.folds)
    held = [stall for stall, _ in result.results]
    replies = [reply for _, reply in result.results]
    print(f"{len(calls)} calls")
    print(f"LOCO stall          {line(LabelScore.total('stall', held))}")
    print(f"LOCO stall_response {line(LabelScore.total('stall_response', replies))}")
    for params, n in chosen.most_common():
        print(f"  chosen in {n} folds: {dict(params)}")
    print("\nevery combination, pooled over all calls (in-sample): stall | stall_response")
    for params in candidates:
        print(
            f"  {dict(params)}: {line(scores.pooled(everything, params))} | "
            f"{line(scores.pooled(everything, params, 1))}"
        )
        print(f"      stall by set: {by_set(scores, params, 0)}")
    print("\nthe head alone (no phrase rule), by threshold: stall | by set")
    for threshold in HEAD_ONLY:
        alone: Params = (("kinds", ()), ("head_add", threshold))
        print(
            f"  head >= {threshold}: {line(scores.pooled(everything, alone))} | "
            f"{by_set(scores, alone, 0)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
