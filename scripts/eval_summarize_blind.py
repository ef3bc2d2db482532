"""Score summarize on the invented blind set (tests/data/summarize/blind.jsonl).

    python scripts/eval_summarize_blind.py [--misses]

Each item is a short exchange ending with a rep turn; a ``summarize`` finding on that turn
matches a gold quote when their words overlap by at least half of the shorter span, one to
one (the sales-call rule, ``callcoach.eval.moments``). Pooled precision, recall and F1.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from callcoach.api import analyze
from callcoach.eval.moments import LabelScore, score_quotes
from callcoach.testing import make_call

BLIND = Path(__file__).resolve().parents[1] / "tests" / "data" / "summarize" / "blind.jsonl"


def score(path: Path = BLIND) -> tuple[LabelScore, list[str]]:
    """Pooled score of the shipped detector on ``path`` and a line per miss or false alarm."""
    scores, notes = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        lines = [(speaker, text) for speaker, text in item["turns"]]
        call = make_call(lines, True, call_id=item["id"], slot=8.0, speaking=7.5)
        analysis = analyze(call, rep=["Rep"], detectors=["summarize"])
        last = call.utterances[-1]
        found = [
            (f.evidence[0].char_start, f.evidence[0].quote)
            for f in analysis.findings.get("summarize", ())
            if f.label == "summarize" and f.evidence[0].utterance_id == last.id
        ]
        result = score_quotes("summarize", last.text, item["summarize"], found)
        scores.append(result)
        notes += [f"miss {item['id']}: {m.quote}" for m in result.misses]
        notes += [f"false alarm {item['id']}: {m.quote}" for m in result.false_alarms]
    return LabelScore.total("summarize", scores), notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    total, notes = score()
    c = total.counts()
    print(
        f"summarize blind: P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f}"
        f"  ({c['tp']}/{c['fp']}/{c['fn']})"
    )
    if args.misses:
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
