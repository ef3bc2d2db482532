"""Precision of the drills' live cues on hand-labelled replies (docs/evaluation/drills.md).

    python scripts/eval_drill_cues.py            # both sets, Markdown tables
    python scripts/eval_drill_cues.py --errors   # also list every wrong cue shown

cue_labels.yaml was used to change the cue rules (dev); cue_labels_heldout.yaml was written
after those changes and is the honest number (test).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from callcoach.drills.cue_eval import CueScores, evaluate, load_items  # noqa: E402

SETS = {
    "dev (rules changed on it)": ROOT / "tests/data/drills/cue_labels.yaml",
    "held-out (written after)": ROOT / "tests/data/drills/cue_labels_heldout.yaml",
}


def wilson(correct: int, total: int, z: float = 1.96) -> tuple[float, float]:
    if total == 0:
        return 0.0, 0.0
    p = correct / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return centre - half, centre + half


def table(scores: dict[str, CueScores]) -> list[str]:
    lines = ["| set | replies | cues shown | precision (shown) | 95% CI | first cue | recall |"]
    lines.append("|---|---|---|---|---|---|---|")
    for name, s in scores.items():
        per = s.per_cue()
        correct = sum(c for c, _ in per.values())
        shown = sum(n for _, n in per.values())
        lo, hi = wilson(correct, shown)
        lines.append(
            f"| {name} | {len(s.results)} | {shown} | {s.precision():.2f} | {lo:.2f}–{hi:.2f} "
            f"| {s.first_cue_precision():.2f} | {s.recall():.2f} |"
        )
    return lines


def per_cue(scores: dict[str, CueScores]) -> list[str]:
    names = sorted({k for s in scores.values() for k in s.per_cue()})
    lines = ["| cue | " + " | ".join(scores) + " |", "|---|" + "---|" * len(scores)]
    for cue in names:
        cells = []
        for s in scores.values():
            correct, shown = s.per_cue().get(cue, (0, 0))
            cells.append(f"{correct}/{shown}" if shown else "—")
        lines.append(f"| {cue} | " + " | ".join(cells) + " |")
    return lines


def screen_table() -> list[str]:
    """Mindset statements found by the screen vs the labelled ones, per sample interview."""
    import yaml

    import callcoach
    from callcoach.drills.screen import screen_call

    labels = yaml.safe_load((ROOT / "tests/data/drills/interview_labels.yaml").read_text())
    lines = [
        "| interview | lean | labelled (rel./value) | found | correct stance | recall |",
        "|---|---|---|---|---|---|",
    ]
    for stem, wanted in labels.items():
        call = callcoach.load_call(ROOT / "examples" / "interviews" / f"{stem}.vtt")
        name = stem.replace("-", " ").title()
        report = screen_call(call, name)
        gold = [(text, "relationship_first") for text in wanted["relationship"]]
        gold += [(text, "problem_first") for text in wanted["value"]]
        found = report.statements
        hits = [
            s
            for s in found
            if any(s.quote in t or t in s.quote for t, stance in gold if stance == s.stance)
        ]
        recalled = sum(any(s.quote in t or t in s.quote for s in found) for t, _ in gold)
        lines.append(
            f"| {stem} | {report.lean} | {len(wanted['relationship'])}/{len(wanted['value'])} "
            f"| {len(found)} | {len(hits)}/{len(found)} | {recalled}/{len(gold)} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="List the wrong cues shown.")
    args = parser.parse_args()
    scores = {name: evaluate(load_items(path)) for name, path in SETS.items()}
    print("\n".join(table(scores)))
    print()
    print("\n".join(per_cue(scores)))
    print()
    print("\n".join(screen_table()))
    if args.errors:
        for name, s in scores.items():
            print(f"\n{name}:")
            for r in s.results:
                wrong = [c.signal for c in r.shown if c.signal not in r.item.labels]
                if wrong:
                    labels = sorted(r.item.labels)
                    print(f"- {r.item.id}: shown {wrong}, labelled {labels}: “{r.item.reply}”")


if __name__ == "__main__":
    main()
