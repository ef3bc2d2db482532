"""How far a withheld test split can land from the stall detector's cross-validated score.

A test split of a few dozen conversations is itself a sample. This script runs the stall
detector once over the train+dev conversations of a RESPER corpus and prints, from the
per-conversation counts alone (no text):

- per fold (``eval.crossval.fold_of``, as ``callcoach eval --cv``): conversations, positives
  per conversation, true/false positives, misses, F1;
- per RESPER label: rows, how many the detector flags, and whether the label counts as a
  stall (a label mapped to "stall" that the detector rarely flags caps recall);
- how concentrated positives and false alarms are (share held by the top 10 conversations);
- F1 of test-sized samples of whole conversations (bootstrap; 48 = the withheld P4G test):
  mean, 5th / 95th percentile, chance of landing under a target, and mean F1 by positives per
  conversation (the same detector scores lower where positives are sparse).

Usage: python scripts/stall_spread.py [--data resper_p4g] [--size 48] [--target 0.60]
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence

from callcoach.eval.corpus import load_corpus
from callcoach.eval.crossval import CV_SPLITS, fold_of
from callcoach.eval.runner import predictions
from callcoach.eval.tasks.stall import STALL_LABELS, TASK

Counts = tuple[int, int, int]  # true positives, false positives, misses


def f1(counts: Counts) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def total(rows: Sequence[Counts]) -> Counts:
    return (sum(r[0] for r in rows), sum(r[1] for r in rows), sum(r[2] for r in rows))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", default="resper_p4g")
    parser.add_argument("--size", type=int, default=48, help="conversations per sample")
    parser.add_argument("--target", type=float, default=0.60)
    parser.add_argument("--samples", type=int, default=4000)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    conversations = [c for c in load_corpus(args.data, None) if c.split in CV_SPLITS]
    fold = {c.conversation_id: fold_of(c, args.folds) for c in conversations}
    per_conv: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    rows: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    for p in predictions(TASK, conversations):
        gold, pred = p.gold == "yes", p.pred == "yes"
        tallies = per_conv[p.row.conversation_id]
        tallies[0] += gold and pred
        tallies[1] += pred and not gold
        tallies[2] += gold and not pred
        for label in p.row.labels:
            if label.startswith("resist:"):
                rows[label] += 1
                flagged[label] += pred
    convs: dict[str, Counts] = {
        c.conversation_id: (
            per_conv[c.conversation_id][0],
            per_conv[c.conversation_id][1],
            per_conv[c.conversation_id][2],
        )
        for c in conversations
    }
    everything = total(list(convs.values()))
    print(
        f"{args.data} train+dev: {len(convs)} conversations, tp/fp/fn {everything}, "
        f"F1 {f1(everything):.3f}"
    )

    print(f"\nper fold ({args.folds}-fold over conversations):")
    scores = []
    for k in range(args.folds):
        mine = [v for cid, v in convs.items() if fold[cid] == k]
        in_fold = total(mine)
        scores.append(f1(in_fold))
        print(
            f"  fold {k}: {len(mine):3d} conversations, "
            f"{(in_fold[0] + in_fold[2]) / len(mine):.2f} positives "
            f"per conversation, tp/fp/fn {in_fold}, F1 {scores[-1]:.3f}"
        )
    print(
        f"  mean {statistics.fmean(scores):.3f} ± {statistics.stdev(scores):.3f}, "
        f"worst {min(scores):.3f}"
    )

    print("\nper RESPER label: rows, flagged, share flagged, counts as a stall")
    for label, n in rows.most_common():
        name = label.removeprefix("resist:")
        print(
            f"  {name:34s} {n:5d} {flagged[label]:5d} {flagged[label] / n:6.2f}  "
            f"{STALL_LABELS.get(name, False)}"
        )

    positives = sorted((v[0] + v[2] for v in convs.values()), reverse=True)
    alarms = sorted((v[1] for v in convs.values()), reverse=True)
    print(
        f"\nconcentration: {sum(1 for p in positives if p)} of {len(convs)} conversations "
        f"hold a positive; the top 10 hold {sum(positives[:10])} of {sum(positives)} "
        f"positives and the top 10 by false alarms {sum(alarms[:10])} of {sum(alarms)}"
    )

    rng = random.Random(0)
    values = list(convs.values())
    sims: list[float] = []
    by_density: dict[float, list[float]] = defaultdict(list)
    for _ in range(args.samples):
        sample = total([values[rng.randrange(len(values))] for _ in range(args.size)])
        sims.append(f1(sample))
        by_density[round((sample[0] + sample[2]) / args.size * 4) / 4].append(sims[-1])
    sims.sort()
    low, high = sims[int(0.05 * len(sims))], sims[int(0.95 * len(sims))]
    under = sum(s < args.target for s in sims) / len(sims)
    print(
        f"\n{args.size}-conversation samples (bootstrap, {args.samples}): F1 mean "
        f"{statistics.fmean(sims):.3f}, 90% between {low:.3f} and {high:.3f}, "
        f"P(F1 < {args.target:.2f}) = {under:.3f}"
    )
    print("  mean F1 by positives per conversation in the sample:")
    for density in sorted(by_density):
        found = by_density[density]
        if len(found) >= 20:
            print(f"    {density:4.2f}: {statistics.fmean(found):.3f} (n={len(found)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
