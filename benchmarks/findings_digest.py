"""Per-call digests of every finding, to show a speed change changes no finding.

    python -m benchmarks.findings_digest OUT.json              # write this tree's digests
    python -m benchmarks.findings_digest --compare A.json B.json
    python -m benchmarks.findings_digest OUT.json --batches dev,open,open2 --no-extras

Digests the read batches (``READ_BATCHES``, or those ``--batches`` names, in that order:
the 12 dev calls and the opened blind calls; ``evaluate_salescalls`` as ``callcoach eval``
runs it: every detector, the gold reps for findings, the role guess, the scorecard),
realistic benchmark calls 0-2 (``callcoach.analyze`` with the expert-not-friend rubric) and
the bundled sample calls (both left out with ``--no-extras``). A call's digest covers every
finding's detector, version, label, confidence to 6 decimals, evidence spans and
attributes, and the call's role outcome and scorecard criteria. Only the read calls are
named: never a sealed set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from callcoach.eval.lexicon_loco import READ_BATCHES

REALISTIC_CALLS = 3


def _finding_rows(findings: Mapping[str, Iterable[Any]]) -> list[str]:
    from callcoach.schema.base import jsonable

    rows = []
    for name in sorted(findings):
        for f in findings[name]:
            spans = [(e.utterance_id, e.char_start, e.char_end) for e in f.evidence]
            rows.append(
                json.dumps(
                    [
                        f.detector,
                        f.version,
                        f.label,
                        f"{f.confidence:.6f}",
                        spans,
                        jsonable(dict(f.attributes)),
                    ],
                    sort_keys=True,
                    default=str,
                )
            )
    return rows


def _digest(rows: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:16]


def digests(batches: Iterable[str] | None = None, extras: bool = True) -> dict[str, Any]:
    """Call id → digest (and the count of findings), for every call named in the docstring
    (only the read ``batches`` named, when given; ``extras`` False leaves out the realistic
    and bundled sample calls)."""
    from callcoach.eval.salescalls import evaluate_salescalls

    calls: dict[str, Any] = {}
    names = list(READ_BATCHES) if batches is None else list(batches)
    for folder in (READ_BATCHES[name] for name in names):
        _, results = evaluate_salescalls(folder)
        for result in results:
            found = result.analysed.findings if result.analysed is not None else {}
            rows = _finding_rows(found)
            rows.append(json.dumps([str(result.roles), dict(result.criteria)], default=str))
            calls[f"{folder}/{result.id}"] = {"digest": _digest(rows), "findings": len(rows) - 1}
    if not extras:
        return calls
    import callcoach
    from benchmarks.realistic import write_realistic_calls

    with tempfile.TemporaryDirectory() as scratch:
        for index, (path, reps) in enumerate(write_realistic_calls(Path(scratch), REALISTIC_CALLS)):
            call = callcoach.load_call(path)
            analysis = callcoach.analyze(call, rep=reps, rubric="expert-not-friend")
            rows = _finding_rows(analysis.findings)
            calls[f"realistic/{index}"] = {"digest": _digest(rows), "findings": len(rows)}
    calls.update(_examples())
    return calls


def _examples() -> dict[str, Any]:
    """The bundled sample calls (``scripts/demo.sh``), each with the roster's reps."""
    import callcoach
    from callcoach.roster import load_roster

    folder = Path(__file__).resolve().parent.parent / "examples"
    roster = load_roster(folder / "team.yaml")
    skip = {"README.md", "manifest.yaml", "team.yaml"}
    calls: dict[str, Any] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name not in skip):
        analysis = callcoach.analyze(
            callcoach.load_call(path), roster=roster, rubric="expert-not-friend"
        )
        rows = _finding_rows(analysis.findings)
        calls[f"examples/{path.name}"] = {"digest": _digest(rows), "findings": len(rows)}
    return calls


def compare(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    """Print the calls whose digests differ; 0 when every call matches."""
    differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    for key in differ:
        print(f"DIFFERS {key}: {a.get(key)} vs {b.get(key)}")
    total = sum(v["findings"] for v in a.values())
    print(
        f"{len(a)} calls, {total} findings: "
        + ("identical" if not differ else f"{len(differ)} calls differ")
        + f" (whole digest {_digest(json.dumps(a, sort_keys=True).splitlines())} / "
        f"{_digest(json.dumps(b, sort_keys=True).splitlines())})"
    )
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    parser.add_argument(
        "--batches",
        metavar="NAMES",
        help="comma-separated read batches, in this order (default: every READ_BATCHES one)",
    )
    parser.add_argument(
        "--no-extras",
        action="store_true",
        help="leave out the realistic benchmark calls and the bundled sample calls",
    )
    args = parser.parse_args(argv)
    if args.compare:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        return compare(a, b)
    if args.out is None:
        parser.error("name an output file, or --compare A B")
    started = time.process_time()
    batches = [b for b in args.batches.split(",") if b] if args.batches else None
    result = digests(batches, extras=not args.no_extras)
    args.out.write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(result)} calls, {time.process_time() - started:.1f} s CPU -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
