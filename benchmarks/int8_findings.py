"""What the int8 runtime changes on the read sales calls: findings, label F1, scorecard, roles.

    python -m benchmarks.int8_findings          # every read batch (dev, open … open21)

Runs ``evaluate_salescalls`` (every detector, the gold reps for findings, the role guess as
``callcoach eval`` runs it) over each set once per precision, each in a fresh process with
``CALLCOACH_EMBEDDINGS`` set (so every embedder of the process, the roles' voice pass
included, is that precision), the two precisions alternating set by set. It prints how many
findings are identical (same detector, label and evidence spans; and, stricter, the same
confidence and attributes too), which detectors differ, every label's P / R / F1 pooled over
the sets (tp, fp, fn summed; also over the blind sets alone) and per set, criterion MAE,
overall Spearman and role outcomes of both, and the CPU seconds of each process.

Only the read calls (dev and the ``open*`` sets) may be named: the sealed sets are scored as
aggregates by ``scripts/blind_salescalls.py`` only (SALES_RULES).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from callcoach.eval.lexicon_loco import READ_BATCHES

# The read batches, one per writer (the lead's one list); never a sealed set.
READ_SETS = tuple(READ_BATCHES)
PRECISIONS = ("float32", "int8")


def _folder(name: str) -> str:
    return READ_BATCHES[name]


def _finding_key(finding: Any) -> str:
    spans = [(e.utterance_id, e.char_start, e.char_end) for e in finding.evidence]
    return json.dumps([finding.detector, finding.label, spans])


def _dump(name: str, out: Path) -> None:
    """Child process: evaluate one set with this process's precision, write what to compare."""
    from callcoach.eval.salescalls import evaluate_salescalls, summarize_results
    from callcoach.schema.base import jsonable

    _, results = evaluate_salescalls(_folder(name))
    calls: dict[str, Any] = {}
    for result in results:
        found = result.analysed.findings if result.analysed is not None else {}
        calls[result.id] = [
            {
                "key": _finding_key(f),
                "full": json.dumps(
                    [
                        _finding_key(f),
                        round(f.confidence, 4),
                        jsonable(dict(f.attributes)),
                        f.version,
                    ],
                    sort_keys=True,
                    default=str,
                ),
            }
            for findings in found.values()
            for f in findings
        ]
    summary = summarize_results(results)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out.write_text(
        json.dumps(
            {
                "calls": calls,
                "labels": summary["labels"],
                "attributes": summary["attributes"],
                "scorecard": {
                    k: summary["scorecard"][k] for k in ("criterion_mae", "overall_spearman")
                },
                "roles": summary.get("roles"),
                "cpu_s": usage.ru_utime + usage.ru_stime,
            }
        ),
        encoding="utf-8",
    )


def _run(name: str, precision: str, scratch: Path) -> dict[str, Any]:
    out = scratch / f"{name}-{precision}.json"
    env = {**os.environ, "CALLCOACH_EMBEDDINGS": precision}
    command = [sys.executable, "-m", "benchmarks.int8_findings", "--dump", name, str(out)]
    subprocess.run(command, check=True, env=env)
    return _load(out)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _compare(runs: dict[str, dict[str, dict[str, Any]]]) -> None:
    total = same_key = same_full = gone = new = 0
    by_detector: Counter[str] = Counter()
    for sets in runs.values():
        base, other = sets["float32"], sets["int8"]
        for call_id, found in base["calls"].items():
            a = Counter(f["key"] for f in found)
            b = Counter(f["key"] for f in other["calls"].get(call_id, []))
            fa = Counter(f["full"] for f in found)
            fb = Counter(f["full"] for f in other["calls"].get(call_id, []))
            total += sum(a.values())
            same_key += sum((a & b).values())
            same_full += sum((fa & fb).values())
            gone += sum((a - b).values())
            new += sum((b - a).values())
            for key in (a - b) + (b - a):
                by_detector[json.loads(key)[0]] += 1
    print(f"findings (float32): {total}")
    print(
        f"same detector, label and evidence spans: {same_key} ({same_key / total:.2%}); "
        f"float32 findings gone {gone}, new int8 findings {new}"
    )
    print(
        f"also the same confidence (4 decimals), attributes, version: {same_full} "
        f"({same_full / total:.2%})"
    )
    print(
        "detectors with a finding gone or new: "
        + (", ".join(f"{d} {n}" for d, n in by_detector.most_common()) or "none")
    )
    _pooled_labels(runs)
    for name, sets in runs.items():
        base, other = sets["float32"], sets["int8"]
        moved = [
            f"{label} {base['labels'][label]['f1']:.3f} -> {other['labels'][label]['f1']:.3f}"
            for label in base["labels"]
            if base["labels"][label]["f1"] != other["labels"].get(label, {}).get("f1")
        ]
        sb, so = base["scorecard"], other["scorecard"]
        rb, ro = base["roles"], other["roles"]
        roles = "same" if rb == ro else f"{rb} -> {ro}"
        print(
            f"{name}: CPU s {base['cpu_s']:.1f} -> {other['cpu_s']:.1f}; "
            f"criterion MAE {sb['criterion_mae']:.3f} -> {so['criterion_mae']:.3f}, "
            f"overall Spearman {sb['overall_spearman']:.3f} -> {so['overall_spearman']:.3f}; "
            f"roles {roles}; label F1 moved: {', '.join(moved) or 'none'}"
        )


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _pooled_labels(runs: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Every label's P / R / F1 pooled over the sets (tp, fp, fn summed), both precisions,
    over all the sets and over the blind writers' sets alone (dev is one writer of twelve)."""
    groups = {"all sets": list(runs), "blind sets (dev left out)": [n for n in runs if n != "dev"]}
    for group, names in groups.items():
        if not names:
            continue
        print(f"pooled label scores, {group} ({len(names)}): P / R / F1 (tp/fp/fn)")
        labels = list(dict.fromkeys(lb for n in names for lb in runs[n]["float32"]["labels"]))
        for label in labels:
            cells = []
            for precision in PRECISIONS:
                counts = [
                    sum(runs[n][precision]["labels"].get(label, {}).get(k, 0) for n in names)
                    for k in ("tp", "fp", "fn")
                ]
                p, r, f = _prf(*counts)
                cells.append(f"{p:.3f}/{r:.3f}/{f:.3f} ({counts[0]}/{counts[1]}/{counts[2]})")
            mark = "" if cells[0] == cells[1] else "  <- moved"
            print(f"  {label}: float32 {cells[0]}  int8 {cells[1]}{mark}")
        attrs = list(
            dict.fromkeys(a for n in names for a in runs[n]["float32"].get("attributes", {}))
        )
        for attr in attrs:
            cells = []
            for precision in PRECISIONS:
                got = [runs[n][precision].get("attributes", {}).get(attr, {}) for n in names]
                correct = sum(g.get("correct", 0) for g in got)
                total = sum(g.get("n", 0) for g in got)
                cells.append(f"{correct}/{total}")
            mark = "" if cells[0] == cells[1] else "  <- moved"
            print(f"  {attr} (correct/n): float32 {cells[0]}  int8 {cells[1]}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(READ_SETS))
    parser.add_argument(
        "--keep", metavar="DIR", help="keep each process's dump in DIR (default: a temporary one)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="compare the dumps already in --keep DIR, run nothing"
    )
    parser.add_argument("--dump", nargs=2, metavar=("SET", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        _dump(args.dump[0], Path(args.dump[1]))
        return
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep DIR")
    names = [n for n in args.sets.split(",") if n]
    bad = sorted(set(names) - set(READ_SETS))
    if bad:
        parser.error(f"only the read calls may be compared: {bad} not in {list(READ_SETS)}")
    runs: dict[str, dict[str, dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        scratch = Path(args.keep or temporary)
        scratch.mkdir(parents=True, exist_ok=True)
        for index, name in enumerate(names):
            # alternate which precision goes first, so load drifts hit both alike
            order = PRECISIONS if index % 2 == 0 else PRECISIONS[::-1]
            runs[name] = {
                p: _load(scratch / f"{name}-{p}.json") if args.reuse else _run(name, p, scratch)
                for p in order
            }
    _compare(runs)


if __name__ == "__main__":
    main()
