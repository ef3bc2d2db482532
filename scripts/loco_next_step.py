"""next_step's learned heads on the annotated sales calls, leave-one-call-out.

    python scripts/loco_next_step.py [--data PATH] [--also PATH ...] [--json]

The detector's two head thresholds (``accept_head``: the acceptance head on the first
sentences of the prospect's reply to a rep's step; ``step_head``: the step head on the
sentences of the call's last part that no rule made a step; ``None`` switches a head off)
are chosen together on the other calls (best sum of the pooled ``next_step`` and
``next_step_accept`` F1; ties to the setting that lets the heads decide more, since the
rules are in-sample on the read calls) and the held-out call is scored with them.
Printed: the rules alone, the shipped values in-sample, the leave-one-call-out result
with the values each fold chose, and each head on its own (the acceptance head deciding
every reply to a rule step by itself; the step head proposing steps from every sentence
of the last part, rules off) at the thresholds of the grid.

``--also PATH`` (repeatable) pools more annotated calls (the open blind calls:
``--also tests/data/salescalls_blind/open --also tests/data/salescalls_blind/open2
--also tests/data/salescalls_blind/open3 --also tests/data/salescalls_blind/open4``: the 28
read calls, 28 folds). ``--read`` pools every read batch named by
``eval.lexicon_loco.READ_BATCHES`` (the seven writers' batches: dev 12, open … open6).
``--lobo`` leaves one batch out instead of one call: each batch
(``eval.lexicon_loco.batch_of``) is one writer's, and the thresholds scored on it are
chosen on the others. A sealed folder is refused (``prepare_read_calls``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from callcoach.detectors.base import DetectionContext
from callcoach.detectors.next_step import NextStepDetector, _Step
from callcoach.eval.lexicon_loco import READ_BATCHES, PreparedCall, batch_of, prepare_read_calls
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.model import Call, Utterance

LABELS = ("next_step", "next_step_accept")
ACCEPT_GRID: tuple[float | None, ...] = (None, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
STEP_GRID: tuple[float | None, ...] = (None, 0.6, 0.7, 0.8, 0.9)

Setting = tuple[float | None, float | None]  # (accept_head, step_head)
Scores = dict[str, list[LabelScore]]  # label -> one score per call


def _score(calls: Sequence[PreparedCall], embedder: Any, detector: NextStepDetector) -> Scores:
    out: Scores = {label: [] for label in LABELS}
    for c in calls:
        found = detector.detect(c.call, DetectionContext(c.roles, embedder=embedder))
        pred = predicted_moments({detector.name: found}, c.roles, c.alignment, list(LABELS))
        for label in LABELS:
            out[label].append(score_label(label, c.gold.moments, pred))
    return out


class _HeadOnlyAccept(NextStepDetector):
    """Acceptances decided by the head alone (the rules' agreement phrases off)."""

    def _agreement(
        self, call: Call, step: _Step, context: DetectionContext, with_steps: set[int]
    ) -> tuple[Utterance, tuple[int, int], str, int] | None:
        return None


class _HeadOnlyStep(NextStepDetector):
    """Steps proposed by the head alone (the rules' steps off)."""

    def _steps(self, call: Call, context: DetectionContext) -> list[_Step]:
        return []


def _reach(setting: Setting) -> tuple[float, ...]:
    """How much a setting lets the heads decide (higher: more), for breaking ties."""
    return tuple(-(t if t is not None else 2.0) for t in setting)


def _pooled(scores: Scores, indices: Sequence[int]) -> dict[str, LabelScore]:
    return {label: LabelScore.total(label, [scores[label][i] for i in indices]) for label in LABELS}


def _objective(scores: Scores, indices: Sequence[int]) -> float:
    return sum(s.f1 for s in _pooled(scores, indices).values())


def _choose(per: dict[Setting, Scores], grid: Sequence[Setting], train: Sequence[int]) -> Setting:
    # Ties go to the setting that lets the heads decide more (lower thresholds, a head
    # on rather than off): on the read calls the rules are in-sample, so a head that
    # costs nothing there is kept for the calls nobody read.
    return max(grid, key=lambda t: (round(_objective(per[t], train), 9), _reach(t)))


def lobo(calls: Sequence[PreparedCall], batches: Sequence[str], embedder: Any) -> dict[str, Any]:
    """Leave-one-batch-out: the head thresholds chosen on the other batches (writers), the
    held-out batch scored with them. ``batches[i]`` names the batch of ``calls[i]``."""
    grid = [(a, s) for a in ACCEPT_GRID for s in STEP_GRID]
    per = {
        t: _score(calls, embedder, NextStepDetector(accept_head=t[0], step_head=t[1])) for t in grid
    }
    out: dict[str, Any] = {}
    held: dict[str, list[LabelScore]] = {label: [] for label in LABELS}
    for batch in dict.fromkeys(batches):
        test = [i for i, b in enumerate(batches) if b == batch]
        best = _choose(per, grid, [i for i, b in enumerate(batches) if b != batch])
        scores = _pooled(per[best], test)
        out[batch] = {"setting": list(best), **{k: v.counts() for k, v in scores.items()}}
        for label in LABELS:
            held[label].extend(per[best][label][i] for i in test)
    out["pooled"] = {label: LabelScore.total(label, held[label]).counts() for label in LABELS}
    return out


def loco(calls: Sequence[PreparedCall], embedder: Any) -> dict[str, Any]:
    defaults = NextStepDetector.default_params()
    shipped: Setting = (defaults["accept_head"], defaults["step_head"])
    grid = [(a, s) for a in ACCEPT_GRID for s in STEP_GRID]
    if shipped not in grid:
        grid.append(shipped)
    per = {
        t: _score(calls, embedder, NextStepDetector(accept_head=t[0], step_head=t[1])) for t in grid
    }
    everything = range(len(calls))
    held: dict[str, list[LabelScore]] = {label: [] for label in LABELS}
    chosen = []
    for k in everything:
        train = [i for i in everything if i != k]
        best = _choose(per, grid, train)
        chosen.append(best)
        for label in LABELS:
            held[label].append(per[best][label][k])

    def counts(scores: dict[str, LabelScore]) -> dict[str, Any]:
        return {label: score.counts() for label, score in scores.items()}

    head_only = {
        "next_step_accept": {
            str(a): LabelScore.total(
                "next_step_accept",
                _score(calls, embedder, _HeadOnlyAccept(accept_head=a, step_head=None))[
                    "next_step_accept"
                ],
            ).counts()
            for a in ACCEPT_GRID
            if a is not None
        },
        "next_step": {
            str(s): LabelScore.total(
                "next_step",
                _score(calls, embedder, _HeadOnlyStep(accept_head=None, step_head=s))["next_step"],
            ).counts()
            for s in STEP_GRID
            if s is not None
        },
    }
    return {
        "calls": len(calls),
        "rules": counts(_pooled(per[(None, None)], list(everything))),
        "shipped": {"setting": shipped, **counts(_pooled(per[shipped], list(everything)))},
        "loco": counts({label: LabelScore.total(label, held[label]) for label in LABELS}),
        "chosen": [list(t) for t in chosen],
        "grid_in_sample": {
            f"{t[0]}/{t[1]}": {
                label: round(score.f1, 3) for label, score in _pooled(per[t], everything).items()
            }
            for t in grid
        },
        "head_only": head_only,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--also", action="append", default=[], metavar="PATH")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--lobo", action="store_true", help="leave one batch (one writer) out instead"
    )
    parser.add_argument(
        "--read",
        action="store_true",
        help="pool every read batch of eval.lexicon_loco.READ_BATCHES (--data/--also ignored)",
    )
    args = parser.parse_args(argv)
    if args.read:
        folders = list(READ_BATCHES.values())
        args.data, args.also = folders[0], folders[1:]
    from callcoach.nlp.embeddings import default_embedder

    embedder = default_embedder()
    calls = prepare_read_calls(args.data, args.also)  # refuses a sealed folder
    batches = [batch_of(c.gold.id) for c in calls]  # one batch, one writer (READ_BATCHES)
    out = lobo(calls, batches, embedder) if args.lobo else loco(calls, embedder)
    sys.stdout.write(json.dumps(out, indent=2 if args.json else None) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
