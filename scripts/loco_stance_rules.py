"""Leave-one-call-out choice of the rules challenge and candor added in 1.5.

    python scripts/loco_stance_rules.py [--data PATH] [--also PATH ...] [--detector NAME ...]
        [--no-sets] [--json]

For each held-out sales call the new rules (``NEW_RULES`` of each detector) are chosen on
the other calls plus the earlier invented sets (tests/data/stance, not K), then the
held-out call is scored; see callcoach/eval/stance_loco.py and docs/evaluation/stance.md.
``--also tests/data/salescalls_blind/open`` pools the open blind calls with the 12 dev
calls (16 folds); add ``--also tests/data/salescalls_blind/open2`` for the 20 calls of 1.7,
and ``open3`` and ``open4`` for the 28 calls of 1.9; never pass a sealed folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from callcoach.eval.lexicon_loco import prepare_read_calls
from callcoach.eval.stance_loco import rule_loco
from callcoach.eval.stance_sets import SELECTION_SETS, load_rows

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "stance"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument(
        "--also", action="append", default=[], help="another folder of calls to pool"
    )
    parser.add_argument("--detector", action="append", choices=["challenge", "candor"])
    parser.add_argument("--no-sets", action="store_true", help="choose on the 11 calls only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        calls = prepare_read_calls(args.data, args.also)
    except ValueError as error:
        parser.error(str(error))
    sets = {} if args.no_sets else {n: load_rows(DATA / f"{n}.jsonl") for n in SELECTION_SETS}
    out = [
        rule_loco(name, name, calls, sets).summary()
        for name in args.detector or ["challenge", "candor"]
    ]
    if args.json:
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
        return 0
    for r in out:
        print(f"{r['detector']} (new rules: {', '.join(r['rules'])})")
        for key in ("baseline_all_off", "in_sample", "loco", "loco_strict"):
            s = r[key]
            print(
                f"  {key:16s} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f}"
                f"  ({s['tp']}/{s['fp']}/{s['fn']})"
            )
        for call, off in r["off"].items():
            print(f"  held out {call}: off {', '.join(off)}")
        for call, off in r["strict_off"].items():
            print(f"  held out {call}, strict: off {', '.join(off)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
