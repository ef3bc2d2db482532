"""Ingest + metrics speed on synthetic hour-long calls, against plain library parsing.

Run from the repository root::

    python -m benchmarks.ingest_metrics            # 200 calls per format, ~2 minutes
    python -m benchmarks.ingest_metrics --calls 20 # quick look

For each format it times, per call and on one pinned core: ``load_call`` (ingest), then
``resolve_roles`` + ``compute_metrics`` (when those modules exist), and as the reference
the same file parsed by the plain library alone (``webvtt.read``, ``srt.parse``,
``json.loads``, ``str.splitlines``). The table goes into the "## Ingest + metrics" section
of docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import srt
import webvtt

from benchmarks.generate import BENCH_FORMATS, GeneratedCall, write_calls
from callcoach.ingest import load_call
from callcoach.model import Call

TARGET_MS = 50.0  # ingest + metrics of a 1-hour call, one core
SECTION = "## Ingest + metrics"

Analyze = Callable[[Call, Sequence[str]], object]


@dataclass(frozen=True, slots=True)
class FormatResult:
    """Per-call timings (milliseconds of CPU time, except ``total_wall_ms``) of one format."""

    fmt: str
    ingest_ms: tuple[float, ...]
    total_ms: tuple[float, ...]  # ingest + roles + metrics (= ingest when metrics are absent)
    total_wall_ms: tuple[float, ...]
    baseline_ms: tuple[float, ...]
    mean_bytes: float
    mean_utterances: float


@dataclass(frozen=True, slots=True)
class _Clock:
    """CPU time of this thread and wall time, started together.

    CPU time is the headline: on a shared machine wall time also counts the moments
    another process had the core, which says nothing about our code.
    """

    cpu_ns: int
    wall_ns: int

    @classmethod
    def start(cls) -> _Clock:
        return cls(time.thread_time_ns(), time.perf_counter_ns())

    def cpu_ms(self) -> float:
        return (time.thread_time_ns() - self.cpu_ns) / 1e6

    def wall_ms(self) -> float:
        return (time.perf_counter_ns() - self.wall_ns) / 1e6


def _baseline(fmt: str) -> Callable[[Path], object]:
    """The plain library parse of a file of ``fmt``, file read included as in ``load_call``."""
    if fmt == "vtt":
        return lambda path: webvtt.read(str(path))
    if fmt == "srt":
        return lambda path: list(srt.parse(path.read_text(encoding="utf-8")))
    if fmt == "text":
        return lambda path: path.read_text(encoding="utf-8").splitlines()
    return lambda path: json.loads(path.read_bytes())


def _analyzer() -> Analyze | None:
    """Roles + metrics, imported lazily so the benchmark still runs (ingest only) without them."""
    try:
        from callcoach.metrics import compute_metrics
        from callcoach.roles import resolve_roles
    except ImportError:
        return None

    def analyze(call: Call, reps: Sequence[str]) -> object:
        return compute_metrics(call, resolve_roles(call, rep=list(reps)))

    return analyze


def time_format(fmt: str, calls: Sequence[GeneratedCall], analyze: Analyze | None) -> FormatResult:
    """Time every call of one format; ours and the baseline alternate to share the noise."""
    baseline = _baseline(fmt)
    ingest: list[float] = []
    total: list[float] = []
    wall: list[float] = []
    base: list[float] = []
    utterances = 0
    gc.collect()
    for generated in calls:
        path = generated.paths[fmt]
        clock = _Clock.start()
        baseline(path)
        base.append(clock.cpu_ms())
        clock = _Clock.start()
        call = load_call(path)
        ingest.append(clock.cpu_ms())
        if analyze is not None:
            analyze(call, generated.reps[fmt])
        total.append(clock.cpu_ms())
        wall.append(clock.wall_ms())
        utterances += len(call.utterances)
    size = statistics.fmean(g.paths[fmt].stat().st_size for g in calls)
    return FormatResult(
        fmt, tuple(ingest), tuple(total), tuple(wall), tuple(base), size, utterances / len(calls)
    )


def _p95(values: Sequence[float]) -> float:
    return (
        statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]
    )


def pin_one_core() -> str:
    """Run on a single CPU so the numbers mean "one core"; says which, or why not."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this platform)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    model = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model,
        "nproc": str(os.cpu_count()),
        "python": platform.python_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git_commit(),
        # A busy machine inflates the wall-clock column; the load says how busy it was.
        "load": " / ".join(f"{x:.1f}" for x in os.getloadavg())
        if hasattr(os, "getloadavg")
        else "n/a",
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def markdown(
    results: Sequence[FormatResult], info: dict[str, str], calls: int, with_metrics: bool
) -> str:
    """The "## Ingest + metrics" section: machine, table, target verdict."""
    measured = "ingest + roles + metrics" if with_metrics else "ingest only (no callcoach.metrics)"
    total = "total" if with_metrics else "ingest"
    rows = [
        f"| format | file size | utterances | calls/s | ingest median | {total} median "
        f"| {total} p95 | {total} median, wall | plain parse median | {total} / plain |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    worst = 0.0
    for r in results:
        median_total = statistics.median(r.total_ms)
        median_base = statistics.median(r.baseline_ms)
        worst = max(worst, median_total)
        rows.append(
            f"| {r.fmt} | {r.mean_bytes / 1024:.0f} KiB | {r.mean_utterances:.0f} "
            f"| {1000 * len(r.total_ms) / sum(r.total_ms):.1f} "
            f"| {statistics.median(r.ingest_ms):.1f} ms | {median_total:.1f} ms "
            f"| {_p95(r.total_ms):.1f} ms | {statistics.median(r.total_wall_ms):.1f} ms "
            f"| {median_base:.2f} ms | {median_total / median_base:.1f}× |"
        )
    verdict = "met" if worst < TARGET_MS else "NOT met"
    return "\n".join(
        [
            SECTION,
            "",
            f"`python -m benchmarks.ingest_metrics --calls {calls}`: {calls} synthetic 1-hour "
            "calls per format (about 700 caption cues, 2–4 speakers; `benchmarks/generate.py`), "
            f"timed per call on one pinned core: {measured}. Times are CPU time of the "
            "benchmark thread (the wall-clock column also counts time other processes held "
            'the core); calls/s = calls / summed CPU time. "Plain parse" is the same file '
            "read by the library alone (vtt: `webvtt.read`, srt: `srt.parse`, json and "
            "assemblyai: `json.loads`, text: `str.splitlines`), without speakers, turns or "
            "checks.",
            "",
            f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
            f"{info['date']}, commit {info['commit']}; load average {info['load']} (1/5/15 min).",
            "",
            *rows,
            "",
            f"Target: ingest + metrics of a 1-hour call under {TARGET_MS:.0f} ms on one core "
            f"(slowest median above: {worst:.1f} ms): **{verdict}**.",
            "",
        ]
    )


def write_section(doc: Path, section: str) -> None:
    """Replace the section in ``doc`` whose heading is ``section``'s first line (up to the
    next ``## ``), or append it."""
    heading = section.split("\n", 1)[0]
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n\n"
    start = text.find(heading + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading))
        tail = text[end + 1 :] if end >= 0 else ""
        text = text[:start] + section + ("\n" + tail if tail else "")
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")


def run(calls: int, formats: Sequence[str], seed: int, workdir: Path) -> list[FormatResult]:
    """Generate the calls, then time each format; prints progress to stderr."""
    started = time.perf_counter()
    generated = write_calls(workdir, calls, formats=formats, seed=seed)
    print(
        f"generated {calls} calls × {len(formats)} formats in "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    analyze = _analyzer()
    warm = generated[0]
    for fmt in formats:  # first use imports parsers and fills caches: keep it out of the timing
        call = load_call(warm.paths[fmt])
        if analyze is not None:
            analyze(call, warm.reps[fmt])
    results = []
    for fmt in formats:
        results.append(time_format(fmt, generated, analyze))
        print(f"  {fmt}: median {statistics.median(results[-1].total_ms):.1f} ms", file=sys.stderr)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time ingest + metrics per transcript format.")
    parser.add_argument("--calls", type=int, default=200, help="calls per format (default 200)")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("docs/benchmarks.md"),
        help="markdown file whose section is written (default docs/benchmarks.md)",
    )
    parser.add_argument("--no-write", action="store_true", help="print the section only")
    parser.add_argument(
        "--formats",
        default=",".join(BENCH_FORMATS),
        help=f"comma-separated subset of {', '.join(BENCH_FORMATS)}",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    unknown = sorted(set(formats) - set(BENCH_FORMATS))
    if unknown or args.calls < 1:
        parser.error(f"unknown format(s) {unknown}" if unknown else "--calls must be ≥ 1")
    pinned = pin_one_core()
    print(pinned, file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="callcoach-bench-") as tmp:
        results = run(args.calls, formats, args.seed, Path(tmp))
    section = markdown(results, machine(), args.calls, _analyzer() is not None)
    print(section)
    if not args.no_write:
        write_section(args.out, section)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
