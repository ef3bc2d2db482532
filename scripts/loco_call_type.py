"""The call-type guesser on the annotated sales calls, leave one call out.

    python scripts/loco_call_type.py [--data PATH] [--also PATH ...] [--json]

For each call the guesser's PRIOR and the rubric's refusal floor are chosen on the other
calls (right +1, refused 0, wrong -2) and the held-out guess is judged: right, refused or
wrong. Also the shipped knobs on every call (in-sample). ``--also`` pools more annotated
calls into the folds (e.g. ``--also tests/data/salescalls_blind/open``). See
docs/evaluation/salescalls.md.
"""

from __future__ import annotations

import argparse
import json
import sys

from callcoach.eval.call_type_loco import call_type_loco
from callcoach.eval.salescalls import load_gold, resolve_salescalls
from callcoach.ingest import load_call


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--also", action="append", default=[], metavar="PATH")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    gold = [g for data in (args.data, *args.also) for g in load_gold(resolve_salescalls(data))]
    calls = [(g.id, load_call(g.path), g.call_type) for g in gold]
    report = call_type_loco(calls).summary()
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return 0
    for key in ("loco", "shipped"):
        c = report[key]
        print(f"{key:8s} right {c['right']}  refused {c['refused']}  wrong {c['wrong']}")
    for call_id, result in report["per_call"].items():
        print(f"    {call_id:32s} {({1: 'right', 0: 'refused', -1: 'wrong'})[result]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
