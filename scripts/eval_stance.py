"""Challenge and candor on the invented two-turn sets (tests/data/stance), scored like calls.

    python scripts/eval_stance.py [--split design|heldout] [--head-mode MODE] [--misses]
    python scripts/eval_stance.py --non-sales [--turns 3000]

Prints P/R/F1 (tp/fp/fn) per detector; ``--misses`` lists the missed quotes and the false
alarms; ``--head-mode`` runs the detectors with their learned head joined as it says
(``head`` alone, ``or``, ``veto``, ``or-veto``; ``stance.combine_head``). ``--non-sales``
prints findings per 1,000 rep turns on dialogue that is not a sales call (``NON_SALES``: an
upper bound on the false-alarm rate). The held-out half is for the final, blind number
(docs/evaluation/lexical.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from callcoach.detectors import registry
from callcoach.detectors.stance import HEAD_MODES
from callcoach.eval.stance_sets import (
    NON_SALES,
    SETS,
    corpus_rate,
    load_rows,
    score_rows,
    stance_call,
)

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "stance"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        default="design",
        choices=SETS,
    )
    parser.add_argument("--non-sales", action="store_true", help="false-alarm rate per 1,000")
    parser.add_argument("--turns", type=int, default=3000, help="rep turns per corpus")
    parser.add_argument("--detector", action="append", choices=["challenge", "candor"])
    parser.add_argument("--head-mode", choices=HEAD_MODES, default=None)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    names = args.detector or ["challenge", "candor"]
    if args.non_sales:
        for corpus, split in NON_SALES:
            rates = corpus_rate(corpus, split, names, args.turns)
            for name in names:
                r = rates[name]
                print(
                    f"{name:9s} {corpus:18s} {r.per_1000:5.1f} per 1,000 ({r.findings}/{r.turns})"
                )
                if args.misses:
                    for quote in r.quotes:
                        print(f"  found {quote}")
        return 0
    rows = load_rows(DATA / f"{args.split}.jsonl")
    scored = stance_call(rows)[1]
    for name in names:
        variant = (
            None if args.head_mode is None else registry.create(name, head_mode=args.head_mode)
        )
        s = score_rows(name, name, rows, variant)
        print(
            f"{name:9s} {args.split}: P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f}"
            f"  ({s.tp}/{s.fp}/{s.fn})"
        )
        if args.misses:
            for m in s.misses:
                print(f"  miss  [{m.source.id}] {m.quote}")
            for m in s.false_alarms:
                if m.turn in scored:
                    row = rows[scored.index(m.turn)]
                    print(f"  alarm [{row.id} {row.label}] {m.quote}")
                else:  # a finding on an earlier turn of a row (its history)
                    print(f"  alarm [history turn {m.turn}] {m.quote}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
