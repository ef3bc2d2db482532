"""Tables for docs/evaluation/blind-salescalls.md: the blind calls beside the dev calls.

    callcoach eval --data salescalls --json > /tmp/dev.json          # optional, dev in-sample
    python scripts/blind_salescalls.py [--dev /tmp/dev.json] [--per-call]

Scores the sets of ``tests/data/salescalls_blind`` (``open``, ``sealed``: sb01-08;
``open2``, ``sealed2``: sb09-16; ``open3``, ``sealed3``: sb17-24; ``open4``, ``sealed4``:
sb25-32; ``open5``, ``sealed5``: sb33-40; ``open6``, ``sealed6``: sb41-48; ``open7``,
``sealed7``: sb49-56; ``open8``, ``sealed8``: sb57-64; ``open9``, ``sealed9``: sb65-72;
``open10``, ``sealed10``: sb73-80; ``open11``, ``sealed11``: sb81-88; ``open12``,
``sealed12``: sb89-96; ``open13``, ``sealed13``: sb97-104; ``open14``, ``sealed14``:
sb105-112; ``open15``, ``sealed15``: sb113-120; ``open16``, ``sealed16``: sb121-128;
``open17``, ``sealed17``: sb129-136; ``open18``, ``sealed18``: sb137-144; ``open19``,
``sealed19``: sb145-152; ``open20``, ``sealed20``: sb153-160; ``open21``, ``sealed21``:
sb161-168; ``open22``, ``sealed22``: sb169-176; ``open23``, ``sealed23``: sb177-184;
``open24``, ``sealed24``: sb185-192) once
with the shipped detectors and rubric and prints pooled numbers per set, for each half-set pair
and for all the sets scored.
``--per-call`` adds the ``open`` and ``open2`` calls' per-call F1 and scores (never the other
sets': only their aggregates are published). By default the first two batches are scored;
the third to twenty-fourth batches are scored only when named (``--sets open3,sealed3``,
``--sets open4,sealed4``, ``--sets open5,sealed5``, ``--sets open6,sealed6``,
``--sets open7,sealed7``, ``--sets open8,sealed8``, ``--sets open9,sealed9``,
``--sets open10,sealed10``, ``--sets open11,sealed11``, ``--sets open12,sealed12``,
``--sets open13,sealed13``, ``--sets open14,sealed14``, ``--sets open15,sealed15``,
``--sets open16,sealed16``, ``--sets open17,sealed17``, ``--sets open18,sealed18``,
``--sets open19,sealed19``, ``--sets open20,sealed20``, ``--sets open21,sealed21``,
``--sets open22,sealed22``, ``--sets open23,sealed23``, ``--sets open24,sealed24``), so that
nobody reads their numbers by accident while they are kept for the lead's measurements.
Numbers only; misses are paraphrased by hand from ``callcoach eval --data <open> --misses``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from callcoach.eval.salescalls import CRITERIA, CallResult, evaluate_salescalls, summarize_results

ROOT = Path(__file__).resolve().parent.parent / "tests" / "data" / "salescalls_blind"
PAIRS = {
    "sb01-08": ("open", "sealed"),
    "sb09-16": ("open2", "sealed2"),
    "sb17-24": ("open3", "sealed3"),
    "sb25-32": ("open4", "sealed4"),
    "sb33-40": ("open5", "sealed5"),
    "sb41-48": ("open6", "sealed6"),
    "sb49-56": ("open7", "sealed7"),
    "sb57-64": ("open8", "sealed8"),
    "sb65-72": ("open9", "sealed9"),
    "sb73-80": ("open10", "sealed10"),
    "sb81-88": ("open11", "sealed11"),
    "sb89-96": ("open12", "sealed12"),
    "sb97-104": ("open13", "sealed13"),
    "sb105-112": ("open14", "sealed14"),
    "sb113-120": ("open15", "sealed15"),
    "sb121-128": ("open16", "sealed16"),
    "sb129-136": ("open17", "sealed17"),
    "sb137-144": ("open18", "sealed18"),
    "sb145-152": ("open19", "sealed19"),
    "sb153-160": ("open20", "sealed20"),
    "sb161-168": ("open21", "sealed21"),
    "sb169-176": ("open22", "sealed22"),
    "sb177-184": ("open23", "sealed23"),
    "sb185-192": ("open24", "sealed24"),
}
SETS = tuple(name for pair in PAIRS.values() for name in pair)
DEFAULT_SETS = ("open", "sealed", "open2", "sealed2")


def _f(value: Any) -> str:
    return "—" if value is None else f"{value:.2f}"


def _label_cell(r: dict[str, Any] | None) -> str:
    if r is None:
        return "—"
    counts = f"({r['tp']}/{r['fp']}/{r['fn']})"
    return f"{_f(r['precision'])} / {_f(r['recall'])} / **{_f(r['f1'])}** {counts}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", help="JSON of `callcoach eval --data salescalls --json`")
    parser.add_argument("--per-call", action="store_true", help="open calls' per-call numbers")
    parser.add_argument(
        "--sets", default=",".join(DEFAULT_SETS), help=f"comma-separated sets to score, of {SETS}"
    )
    args = parser.parse_args()
    names = [n for n in args.sets.split(",") if n]
    unknown = sorted(set(names) - set(SETS))
    if unknown:
        parser.error(f"unknown sets {unknown}; choose from {list(SETS)}")
    results: dict[str, list[CallResult]] = {}
    for name in names:
        _, results[name] = evaluate_salescalls(str(ROOT / name))
    sums = {name: summarize_results(found) for name, found in results.items()}
    for title, (first, second) in PAIRS.items():
        if first in results and second in results:
            sums[title] = summarize_results(results[first] + results[second])
    if len(results) > 2:
        sums[f"all {sum(len(r) for r in results.values())}"] = summarize_results(
            [r for found in results.values() for r in found]
        )
    if args.dev:
        with open(args.dev, encoding="utf-8") as handle:
            sums["dev (in-sample)"] = json.load(handle)
    cols = list(sums)
    print("| label | " + " | ".join(f"{c}: P / R / **F1** (tp/fp/fn)" for c in cols) + " |")
    print("|---|" + "---|" * len(cols))
    labels = list(dict.fromkeys(k for s in sums.values() for k in s["labels"]))
    for label in sorted(labels):
        by_turns = any(s["labels"].get(label, {}).get("by_turns") for s in sums.values())
        name = f"`{label}`" + (" (turns)" if by_turns else "")
        cells = [_label_cell(s["labels"].get(label)) for s in sums.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print("| label: per-call F1 mean ± sd (n) | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for label in sorted(labels):
        cells = []
        for s in sums.values():
            pc = s["labels"].get(label, {}).get("per_call_f1")
            ok = pc and pc["mean"] is not None
            cells.append(f"{pc['mean']:.2f} ± {pc['sd']:.2f} ({pc['n']})" if ok else "—")
        print(f"| `{label}` | " + " | ".join(cells) + " |")
    print()
    print("| attribute (matched moments): accuracy (n) | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    keys = list(dict.fromkeys(k for s in sums.values() for k in s["attributes"]))
    for key in sorted(keys):
        cells = []
        for s in sums.values():
            a = s["attributes"].get(key)
            cells.append("—" if a is None else f"{_f(a['accuracy'])} ({a['n']})")
        print(f"| {key} | " + " | ".join(cells) + " |")
    print()
    print("| criterion: MAE / Spearman (n) | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for crit in CRITERIA:
        cells = []
        for s in sums.values():
            c = s["scorecard"]["criteria"][crit]
            cells.append(f"{_f(c['mae'])} / {_f(c['spearman'])} ({c['n']})")
        print(f"| {crit} | " + " | ".join(cells) + " |")
    rows: dict[str, Callable[[dict[str, Any]], str]] = {
        "**all criteria MAE**": lambda s: f"**{_f(s['scorecard']['criterion_mae'])}**",
        "**overall Spearman**": lambda s: f"**{_f(s['scorecard']['overall_spearman'])}**",
        "every friend below every expert": lambda s: (
            "yes" if s["scorecard"]["friend_below_expert"] else "no"
        ),
    }
    for title, cell in rows.items():
        print(f"| {title} | " + " | ".join(cell(s) for s in sums.values()) + " |")
    print()
    print("| roles without --rep | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for key in (
        "right",
        "refused",
        "wrong",
        "buyer_as_rep",
        "lead_missed",
        "second_seller_missed",
        "n",
    ):
        print(f"| {key} | " + " | ".join(str(s["roles"][key]) for s in sums.values()) + " |")
    for name in ("open", "open2"):
        if args.per_call and name in sums:
            _per_call(sums[name]["calls_detail"], sorted(labels))


def _per_call(detail: dict[str, Any], labels: list[str]) -> None:
    """An open set's per-call F1, overall and criterion scores (ours, expert's in brackets)."""
    print()
    print("| open call | " + " | ".join(labels) + " |")
    print("|---|" + "---:|" * len(labels))
    for call_id, d in detail.items():
        cells = [_f(d["f1"].get(label)) for label in labels]
        print(f"| {call_id} | " + " | ".join(cells) + " |")
    print()
    print("| open call | style | guessed type | expert overall | ours | roles |")
    print("|---|---|---|---:|---:|---|")
    for call_id, d in detail.items():
        roles = d["roles"] or {}
        print(
            f"| {call_id} | {d['style']} | {d['guessed_call_type']} | "
            f"{d['gold_overall']} | {_f(d['overall'])} | {roles.get('outcome')} |"
        )
    print()
    print("| open call | " + " | ".join(CRITERIA) + " |")
    print("|---|" + "---|" * len(CRITERIA))
    for call_id, d in detail.items():
        cells = [f"{d['criteria'].get(c)} ({d['gold_criteria'].get(c)})" for c in CRITERIA]
        print(f"| {call_id} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
