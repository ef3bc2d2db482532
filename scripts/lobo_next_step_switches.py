"""next_step's on/off switches judged by writer batch (leave one batch out).

    python scripts/lobo_next_step_switches.py --switch proposal_quotes --switch said_back
        [--batches dev,open,...] [--misses next_step_accept]

Every combination of the named boolean switches of ``NextStepDetector`` (the other
parameters at their defaults) is scored on each design batch (``DESIGN_BATCHES``: the dev
calls and each opened blind batch but the fresh check). Each batch is held out in turn: the
combination is chosen by the summed pooled F1 of ``next_step`` and ``next_step_accept`` on
the other batches (ties to fewer switches on: main's rules), and the held-out batch is
scored with it. Printed: per batch the counts with every switch off and with the fold's
choice, each combination in-sample, and the pooled held-out counts. ``--misses LABEL`` prints
that label's misses and false alarms with every switch on. ``--accepted`` also prints, per
batch and combination, how many matched steps carry the gold ``accepted`` flag (the
``next_step_accepted`` attribute of ``callcoach eval``), for switches that move only that
flag (which the F1 choice above cannot see). Sealed and unopened folders are refused
(``prepare_read_calls``); nothing is written.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Sequence

from callcoach.detectors.base import DetectionContext
from callcoach.detectors.next_step import NextStepDetector
from callcoach.eval.lexicon_loco import DESIGN_BATCHES, READ_BATCHES, prepare_read_calls
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments

LABELS = ("next_step", "next_step_accept")

Setting = tuple[bool, ...]
Counts = dict[str, LabelScore]


def _counts(score: LabelScore) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--switch", action="append", required=True, help="a boolean parameter")
    parser.add_argument("--batches", default=",".join(DESIGN_BATCHES))
    parser.add_argument("--misses", choices=LABELS)
    parser.add_argument("--accepted", action="store_true", help="the accepted flag's accuracy")
    args = parser.parse_args(argv)
    from callcoach.nlp.embeddings import default_embedder

    embedder = default_embedder()
    batches = [b for b in args.batches.split(",") if b]
    calls = {b: prepare_read_calls(READ_BATCHES[b]) for b in batches}
    grid: list[Setting] = list(itertools.product((False, True), repeat=len(args.switch)))
    per: dict[tuple[Setting, str], Counts] = {}
    flags: dict[tuple[Setting, str], tuple[int, int]] = {}
    for setting in grid:
        detector = NextStepDetector(**dict(zip(args.switch, setting, strict=True)))
        for batch, prepared in calls.items():
            totals = {label: LabelScore(label, 0, 0, 0) for label in LABELS}
            right = total = 0
            for c in prepared:
                found = detector.detect(c.call, DetectionContext(c.roles, embedder=embedder))
                pred = predicted_moments({detector.name: found}, c.roles, c.alignment, LABELS)
                for label in LABELS:
                    score = score_label(label, c.gold.moments, pred)
                    totals[label] = totals[label] + score
                    if label == "next_step":
                        pairs = [
                            (m.gold.attrs.get("accepted"), m.pred.attrs.get("accepted"))
                            for m in score.matches
                        ]
                        pairs = [(g, p) for g, p in pairs if g is not None]
                        right += sum(g == p for g, p in pairs)
                        total += len(pairs)
                    if args.misses == label and all(setting):
                        for m in score.misses:
                            print(f"MISS {batch} {c.gold.id} t{m.turn} {m.quote!r}")
                        for m in score.false_alarms:
                            print(f"FALSE {batch} {c.gold.id} t{m.turn} {m.quote!r}")
            per[setting, batch] = totals
            flags[setting, batch] = right, total

    def pooled(setting: Setting, names: Sequence[str]) -> Counts:
        return {
            label: LabelScore.total(label, [per[setting, b][label] for b in names])
            for label in LABELS
        }

    held: dict[str, list[LabelScore]] = {label: [] for label in LABELS}
    off = grid[0]
    for batch in batches:
        others = [b for b in batches if b != batch]
        best = max(
            grid,
            key=lambda s: (
                round(sum(x.f1 for x in pooled(s, others).values()), 9),
                -sum(s),
            ),
        )
        for label in LABELS:
            held[label].append(per[best, batch][label])
        shown = {
            label: f"{_counts(per[off, batch][label])} -> {_counts(per[best, batch][label])}"
            for label in LABELS
        }
        print(batch, dict(zip(args.switch, best, strict=True)), shown)
    for setting in grid:
        print("in-sample", setting, {k: v.counts() for k, v in pooled(setting, batches).items()})
    print("LOBO", {label: LabelScore.total(label, held[label]).counts() for label in LABELS})
    if args.accepted:
        for setting in grid:
            row = {b: "{}/{}".format(*flags[setting, b]) for b in batches}
            right = sum(flags[setting, b][0] for b in batches)
            total = sum(flags[setting, b][1] for b in batches)
            print("accepted", setting, f"{right}/{total}", row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
