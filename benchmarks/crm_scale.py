"""CRM import at scale: store a deal export of N rows and link the stored calls.

Each size runs in a fresh subprocess on a fresh SQLite file (so peak memory is per size):
a synthetic generic export of N rows (1 in 50 deals shares a contact domain with one of the
stored calls), ``crm_import`` into a database that already holds ``--calls`` calls, then the
same export again (the re-import path: nothing changes). Reported: CPU seconds, µs per row
and peak RSS. Linear growth means a flat µs/row column. Budget: 150 µs of CPU per row for
the first import (a million rows in under three minutes of CPU).

    python -m benchmarks.crm_scale --sizes 10000,30000,100000        # reduced, ~1 min
    python -m benchmarks.crm_scale --sizes 10000,100000,1000000      # the full run
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "deal_id,name,account,amount,currency,stage,created,close_date,owner,contact_emails\n"
STAGES = ("Closed Won", "Closed Lost", "Negotiation", "Discovery")
BUDGET_US_PER_ROW = 150.0


def write_export(path: Path, rows: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        for i in range(rows):
            company = f"company{i % (rows // 3 + 1)}"
            month = 1 + i % 12
            handle.write(
                f"D-{i},Deal {i},{company.title()} Inc,{rng.randint(1, 99999)}.00,USD,"
                f"{STAGES[i % 4]},2026-{month:02d}-01,2026-{month:02d}-28,Rep {i % 40},"
                f"buyer{i}@{company}.example\n"
            )


def write_calls(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        data = {
            "date": f"2026-{1 + i % 12:02d}-10",
            "participants": [
                {"name": "Rita", "email": "rita@seller.example", "role": "rep"},
                {"name": "Paul", "email": f"paul@company{i * 50}.example"},
            ],
            "segments": [
                {"speaker": "Rita", "text": "How do you plan today?", "start": 0, "end": 3},
                {"speaker": "Paul", "text": "With spreadsheets, mostly.", "start": 3, "end": 6},
            ],
        }
        path = folder / f"call{i:04d}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        files.append(path)
    return files


def run_one(rows: int, calls: int) -> dict[str, float]:
    """One size, in this process: returns CPU seconds, µs/row and peak RSS (MiB)."""
    from callcoach.app.crm import crm_import
    from callcoach.app.imports import import_paths

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = str(tmp / "bench.db")
        import_paths(write_calls(tmp / "calls", calls), db, rep=["Rita"], detectors=["question"])
        export = tmp / "deals.csv"
        write_export(export, rows)
        start = time.process_time()
        first = crm_import(export, "generic", None, db)
        first_cpu = time.process_time() - start
        start = time.process_time()
        again = crm_import(export, "generic", None, db)
        again_cpu = time.process_time() - start
    assert first.added == rows and (again.added, again.updated, again.removed) == (0, 0, 0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": rows,
        "calls": calls,
        "linked": first.linked,
        "cpu_s": round(first_cpu, 2),
        "us_per_row": round(1e6 * first_cpu / rows, 1),
        "reimport_cpu_s": round(again_cpu, 2),
        "peak_rss_mib": round(peak),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.calls)))
        return 0
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, "-m", "benchmarks.crm_scale", "--one", str(size)]
        command += ["--calls", str(args.calls)]
        out = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    print()
    print(
        "| rows | calls linked | CPU s (first import) | µs/row | re-import CPU s | peak RSS MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['rows']:,} | {r['linked']} | {r['cpu_s']} | {r['us_per_row']} | "
            f"{r['reimport_cpu_s']} | {r['peak_rss_mib']} |"
        )
    over = [r for r in results if r["us_per_row"] > BUDGET_US_PER_ROW]
    if over:
        print(f"over budget ({BUDGET_US_PER_ROW} µs/row): {[r['rows'] for r in over]}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
