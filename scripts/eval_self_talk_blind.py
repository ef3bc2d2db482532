"""Score the self_talk moments on the invented blind set (tests/data/self_talk/blind.jsonl).

    python scripts/eval_self_talk_blind.py [--misses]

Each item is a prospect line and a rep line; a finding on the rep line matches a gold quote
when their words overlap by at least half of the shorter span, one to one (the sales-call
rule, ``callcoach.eval.moments``). Pooled precision, recall and F1 over the set.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from callcoach.detectors.self_talk import SelfTalkDetector
from callcoach.eval.moments import LabelScore, score_quotes
from callcoach.model import RoleAssignment
from callcoach.testing import make_call

BLIND = Path(__file__).resolve().parents[1] / "tests" / "data" / "self_talk" / "blind.jsonl"


def score(path: Path = BLIND) -> tuple[LabelScore, list[str]]:
    """Pooled score of the shipped detector on ``path`` and a line per miss or false alarm."""
    scores, notes = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        call = make_call(
            [("Prospect", item["prospect"]), ("Rep", item["rep"])],
            False,
            call_id=item["id"],
            slot=5.0,
            speaking=4.5,
        )
        roles = RoleAssignment(
            roles={"Rep": "rep", "Prospect": "prospect"}, confidence=1.0, method="explicit"
        )
        findings = SelfTalkDetector()._moments(call, roles)
        found = [(f.evidence[0].char_start, f.evidence[0].quote) for f in findings]
        result = score_quotes("self_talk", item["rep"], item["self_talk"], found, turn=1)
        scores.append(result)
        notes += [f"miss {item['id']}: {m.quote}" for m in result.misses]
        notes += [f"false alarm {item['id']}: {m.quote}" for m in result.false_alarms]
    return LabelScore.total("self_talk", scores), notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    total, notes = score()
    c = total.counts()
    print(
        f"self_talk blind: P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f}"
        f"  ({c['tp']}/{c['fp']}/{c['fn']})"
    )
    if args.misses:
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
