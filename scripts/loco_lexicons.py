"""Leave-one-call-out numbers of the phrase lexicons on the annotated sales calls.

    python scripts/loco_lexicons.py [--data PATH] [--also PATH ...] [--detector NAME ...] [--json]

For each detector: in-sample (every phrase, every call), lenient LOCO (phrases that hurt
the other 11 calls dropped) and strict LOCO (also dropped: phrases that found no gold
moment on the other 11). ``--also PATH`` pools more annotated calls into the LOCO (e.g. the
open blind calls, ``tests/data/salescalls_blind/open``: 16 calls). See
callcoach/eval/lexicon_loco.py and docs/evaluation/lexical.md.
"""

from __future__ import annotations

import argparse
import json
import sys

from callcoach.eval.lexicon_loco import (
    lexicon_loco,
    needs_loco,
    prepare_read_calls,
    quantified_pain_loco,
    self_talk_loco,
)

# detector -> the gold label it is scored on ("needs": the need phrases of needs_coverage)
DETECTORS = {
    "challenge": "challenge",
    "candor": "candor",
    "needs": "need",
    "quantified_pain": "quantified_pain",
    "self_talk": "self_talk",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--detector", action="append", choices=sorted(DETECTORS))
    parser.add_argument("--also", action="append", default=[], metavar="PATH")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    calls = prepare_read_calls(args.data, args.also)
    out = []
    for name in args.detector or list(DETECTORS):
        if name == "needs":
            result = needs_loco(calls)
        elif name == "quantified_pain":
            result = quantified_pain_loco(calls)
        elif name == "self_talk":
            result = self_talk_loco(calls)
        else:
            result = lexicon_loco(name, DETECTORS[name], calls)
        out.append(result.summary())
    if args.json:
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
        return 0
    for r in out:
        print(f"{r['detector']} ({r['phrases']} phrases)")
        for key in ("in_sample", "loco_lenient", "loco_strict"):
            s = r[key]
            print(
                f"  {key:13s} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f}"
                f"  ({s['tp']}/{s['fp']}/{s['fn']})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
