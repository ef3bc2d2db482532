"""Markdown tables for docs/evaluation/salescalls.md from `callcoach eval --data salescalls --json`.

    callcoach eval --data salescalls --json > /tmp/sc.json
    python scripts/salescalls_summary.py /tmp/sc.json

Prints the moment table, the attribute table, the scorecard table (shipped rubric and
leave-one-call-out), per-call overall scores and the role outcomes. Numbers only: the
misses are paraphrased by hand in the docs (never quote the calls).
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _f(value: Any, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        d = json.load(handle)
    print("| label | P | R | F1 | tp / fp / fn | per-call F1 mean ± sd (n) |")
    print("|---|---:|---:|---:|---:|---|")
    for label, r in d["labels"].items():
        pc = r["per_call_f1"]
        per_call = "—" if pc["mean"] is None else f"{pc['mean']:.2f} ± {pc['sd']:.2f} ({pc['n']})"
        name = f"`{label}`" + (" (turns)" if r["by_turns"] else "")
        print(
            f"| {name} | {_f(r['precision'])} | {_f(r['recall'])} | **{_f(r['f1'])}** "
            f"| {r['tp']} / {r['fp']} / {r['fn']} | {per_call} |"
        )
    print()
    print("| attribute (on matched moments) | accuracy | n |")
    print("|---|---:|---:|")
    for key, a in d["attributes"].items():
        print(f"| {key} | {_f(a['accuracy'])} | {a['n']} |")
    print()
    card, loco = d.get("scorecard"), d.get("scorecard_loco")
    if card:
        print(
            "| criterion | MAE (shipped) | Spearman (shipped) | MAE (LOCO) | Spearman (LOCO) | n |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for name, c in card["criteria"].items():
            lc = (loco or {}).get("criteria", {}).get(name, {})
            print(
                f"| {name} | {_f(c['mae'])} | {_f(c['spearman'])} | {_f(lc.get('mae'))} "
                f"| {_f(lc.get('spearman'))} | {c['n']} |"
            )
        for label, s in (("shipped rubric", card), ("leave-one-call-out", loco)):
            if s:
                print(
                    f"| **{label}: all criteria** | **{_f(s['criterion_mae'])}** | overall ρ "
                    f"**{_f(s['overall_spearman'])}** | friend < expert: "
                    f"{'yes' if s['friend_below_expert'] else 'no'} | | |"
                )
        print()
        print("| call | style | expert overall | ours (shipped) | ours (LOCO) |")
        print("|---|---|---:|---:|---:|")
        loco_overall = {}
        for item in (loco or {}).get("per_call", []):
            loco_overall[item["call"]] = item["overall"]
        for call, c in d["calls_detail"].items():
            print(
                f"| {call} | {c['style']} | {_f(c['gold_overall'], 1)} | {_f(c['overall'])} "
                f"| {_f(loco_overall.get(call))} |"
            )
    roles = d.get("roles")
    if roles:
        print()
        print(
            f"Roles without `--rep`: {roles['right']} right, {roles['refused']} refused, "
            f"{roles['wrong']} wrong ({roles['buyer_as_rep']} with a buyer as rep) of {roles['n']}."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
