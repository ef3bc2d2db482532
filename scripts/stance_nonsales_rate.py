"""Challenge / candor findings per 1,000 rep turns on non-sales dialogue, heads on or off (1.11).

    python scripts/stance_nonsales_rate.py [--detector NAME] [--mode MODE] [--add T]
        [--models DIR] [--turns N] [--show]

The floor of ``tests/eval/test_stance_sets.py`` (challenge 5.0, candor 12.0 per 1,000 rep
turns over ``stance_sets.NON_SALES``), measured with the detector's head joined as
``--mode`` says (default: the shipped parameters) and read from ``--models`` (a candidate
head before it ships). ``--show`` prints the head's quotes (corpus text: for inspection
only, never to be copied). Every finding on dialogue that is not a sales call is an upper
bound on a false alarm.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from callcoach.detectors import registry, stance
from callcoach.detectors.stance import StanceHeadDetector
from callcoach.eval.stance_sets import NON_SALES, corpus_rate
from callcoach.nlp.linear import MODELS_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detector", default="candor", choices=["challenge", "candor"])
    parser.add_argument("--mode", help="head_mode (default: the shipped one)")
    parser.add_argument("--add", type=float, help="head_add (default: the shipped one)")
    parser.add_argument("--models", default=str(MODELS_DIR), help="where the head is")
    parser.add_argument("--turns", type=int, default=3000, help="rep turns per corpus")
    parser.add_argument("--show", action="store_true", help="print the head's quotes")
    args = parser.parse_args(argv)
    cls = registry.get(args.detector)
    assert issubclass(cls, StanceHeadDetector)
    # the pipeline builds detectors with their default parameters: set them on the class
    if args.mode is not None:
        cls.HEAD_MODE = args.mode
    if args.add is not None:
        cls.HEAD_ADD = args.add
    original = stance.head_scores
    stance.head_scores = functools.partial(original, directory=Path(args.models))  # type: ignore[assignment]
    try:
        turns = found = 0
        for corpus, split in NON_SALES:
            rate = corpus_rate(corpus, split, [args.detector], args.turns)[args.detector]
            turns += rate.turns
            found += rate.findings
            print(
                f"{corpus}/{split}: {rate.findings} in {rate.turns} rep turns ({rate.per_1000:.1f})"
            )
            if args.show:
                for quote in rate.quotes:
                    if quote.startswith("[form head]"):
                        print(f"    {quote}")
    finally:
        stance.head_scores = original  # type: ignore[assignment]
    print(f"all: {found} in {turns} rep turns = {1000 * found / turns:.1f} per 1,000")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
