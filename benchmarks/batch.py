"""Batch benchmark: calls per minute, CPU use and peak memory of ``callcoach batch`` loops.

Generated 1-hour calls (realistic ones from ``benchmarks/realistic.py`` by default, or the
templated ``benchmarks/generate.py`` ones; WebVTT) are analysed with every detector and
stored in a fresh SQLite database by each executor in turn: one process (the inline
executor, model loaded once), the local process pool, and a Dask LocalCluster (when dask
is installed), for each number of calls in ``--calls``. Each run starts cold (new
processes, no embedding cache), so start-up is counted, as a user's run would count it.
The stored findings of the three executors are compared (a digest of every finding row).
A sampler thread follows this process and all its descendants (psutil) for CPU seconds
and the peak of their summed resident memory.

Then cost against call length: one call each of ``--lengths`` minutes in one process
(CPU seconds, least-squares line and R²).

    python -m benchmarks.batch --calls 1,10 --lengths 10,30,60,120,240   # → docs/benchmarks.md
    python -m benchmarks.batch --calls 2 --lengths 10,60 --no-write
    python -m benchmarks.batch --calls 20 --executors pool       # the pool alone
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.generate import write_calls
from benchmarks.ingest_metrics import machine, write_section
from benchmarks.realistic import write_realistic_calls
from callcoach.app.batch import BatchOptions, default_workers, local_executor, run_batch
from callcoach.manifest import CallInfo, Manifest
from callcoach.storage.database import make_engine

SECTION = "## Batch"


@dataclass(frozen=True)
class Result:
    name: str
    calls: int
    failed: int
    wall_s: float
    cpu_s: float
    peak_mib: float
    digest: str = ""
    minutes: float = 60.0
    # Peak summed RSS over the first and the second half of the run: equal halves mean
    # memory stays flat as calls go by (nothing kept per call).
    first_half_mib: float = 0.0
    second_half_mib: float = 0.0

    @property
    def per_minute(self) -> float:
        return self.calls * 60.0 / self.wall_s

    def utilisation(self, cores: int) -> float:
        return self.cpu_s / (self.wall_s * cores)


class Sampler:
    """CPU seconds and peak summed RSS of this process and its descendants."""

    def __init__(self, interval: float = 0.1) -> None:
        import psutil

        self._psutil: Any = psutil
        self._me = psutil.Process()
        self._interval = interval
        self._cpu: dict[int, float] = {}
        self.peak = 0
        self.timeline: list[tuple[float, int]] = []  # (seconds since start, summed RSS)
        self._started = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> Sampler:
        self._base = self._cpu_of(self._me)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def cpu_s(self) -> float:
        return sum(self._cpu.values()) - self._base

    def _cpu_of(self, process: Any) -> float:
        times = process.cpu_times()
        return float(times.user + times.system)

    def _sample(self) -> None:
        rss = 0
        try:
            processes = [self._me, *self._me.children(recursive=True)]
        except self._psutil.Error:
            return
        for process in processes:
            try:
                self._cpu[process.pid] = self._cpu_of(process)
                rss += process.memory_info().rss
            except self._psutil.Error:
                continue  # exited between listing and reading: its last sample stays
        self.peak = max(self.peak, rss)
        self.timeline.append((time.perf_counter() - self._started, rss))

    def halves_mib(self) -> tuple[float, float]:
        """Peak summed RSS (MiB) over the first and over the second half of the samples
        (taken every ``interval`` seconds, so halves of the run's time)."""
        if not self.timeline:
            return 0.0, 0.0
        half = max(1, len(self.timeline) // 2)
        first = [rss for _, rss in self.timeline[:half]]
        second = [rss for _, rss in self.timeline[half:]] or first
        return max(first) / 2**20, max(second) / 2**20

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()


def _dask(workers: int) -> Callable[[BatchOptions], AbstractContextManager[Executor]] | None:
    try:
        from callcoach.app.executors_dask import dask_executor
    except ImportError:  # pragma: no cover
        return None

    @contextmanager
    def start(options: BatchOptions) -> Iterator[Executor]:
        with dask_executor(None, workers) as cluster:
            yield cluster.executor

    return start


def findings_digest(database: Path) -> str:
    """SHA-256 over every stored finding (sorted), to compare executors' results."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT call_id, position, detector, version, label, confidence, evidence, "
            "attributes FROM findings ORDER BY call_id, position"
        ).fetchall()
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()[:12]


Factory = Callable[[BatchOptions], AbstractContextManager[Executor]]


def _calls(
    workdir: Path, count: int, minutes: float, generator: str
) -> tuple[list[Path], Manifest]:
    if generator == "realistic":
        written = write_realistic_calls(workdir, count, minutes=minutes)
    else:
        made = write_calls(workdir, count, formats=("vtt",), minutes=minutes)
        written = [(g.paths["vtt"], g.reps["vtt"]) for g in made]
    manifest = Manifest(calls=tuple(CallInfo(file=p.name, reps=r) for p, r in written))
    return [p for p, _ in written], manifest


def _timed_run(
    name: str,
    factory: Factory,
    files: list[Path],
    options: BatchOptions,
    database: Path,
    workers: int,
    minutes: float,
) -> Result:
    # The inline executor keeps its model between runs; forget it so that every run loads
    # its model, as the pool's and Dask's fresh workers do.
    import callcoach.app.batch as batch_module

    if hasattr(batch_module, "_WORKER"):
        batch_module._WORKER = None
    engine = make_engine(database)
    with Sampler() as sampler:
        start = time.perf_counter()
        with factory(options) as executor:
            summary = run_batch(engine, files, options, executor, window=2 * workers)
        wall = time.perf_counter() - start
    engine.dispose()
    stored = summary.added + summary.replaced
    first_half, second_half = sampler.halves_mib()
    result = Result(
        name,
        stored,
        len(summary.failed),
        wall,
        sampler.cpu_s,
        sampler.peak / 2**20,
        findings_digest(database),
        minutes,
        first_half,
        second_half,
    )
    print(
        f"{name}: {stored} calls of {minutes:g} min, {wall:.1f} s wall, {sampler.cpu_s:.1f} s CPU",
        file=sys.stderr,
    )
    return result


EXECUTORS = ("one", "pool", "dask")


def run(
    sizes: Sequence[int],
    minutes: float,
    workers: int,
    workdir: Path,
    generator: str,
    executors: Sequence[str] = EXECUTORS,
) -> list[Result]:
    """Each of ``executors`` (one process, local pool, Dask) over each number of calls."""
    runs: list[tuple[str, Factory]] = []
    if "one" in executors:
        runs.append(("one process", lambda o: local_executor(o, 1)))
    if "pool" in executors and workers > 1:
        runs.append((f"local pool, {workers} workers", lambda o: local_executor(o, workers)))
    dask = _dask(workers) if "dask" in executors else None
    if dask is not None:
        runs.append((f"Dask LocalCluster, {workers} workers", dask))
    results = []
    for size in sizes:
        files, manifest = _calls(workdir / f"calls-{size}", size, minutes, generator)
        options = BatchOptions(manifest=manifest)
        for number, (name, factory) in enumerate(runs):
            database = workdir / f"run-{size}-{number}.sqlite"
            results.append(_timed_run(name, factory, files, options, database, workers, minutes))
    return results


def run_lengths(lengths: Sequence[float], workdir: Path, generator: str) -> list[Result]:
    """One call of each length, one process (model load included, as for one call)."""
    results = []
    for minutes in lengths:
        files, manifest = _calls(workdir / f"len-{minutes:g}", 1, minutes, generator)
        options = BatchOptions(manifest=manifest)
        database = workdir / f"len-{minutes:g}.sqlite"
        results.append(
            _timed_run(
                "one process",
                lambda o: local_executor(o, 1),
                files,
                options,
                database,
                1,
                minutes,
            )
        )
    return results


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Intercept, slope and R² of the least-squares line through (xs, ys)."""
    if len(xs) < 2:
        return (ys[0] if ys else 0.0), 0.0, 1.0
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    total = sum((y - mean) ** 2 for y in ys)
    residual = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    return intercept, slope, 1.0 - residual / total if total else 1.0


def markdown(
    results: list[Result],
    calls: Sequence[int] | int,
    minutes: float,
    workers: int,
    lengths: Sequence[Result] = (),
    generator: str = "realistic",
    executors: Sequence[str] = EXECUTORS,
) -> str:
    info = machine()
    cores = default_workers()
    sizes = [calls] if isinstance(calls, int) else list(calls)
    rows = [
        f"| {r.calls} | {r.name} | {r.failed} | {r.wall_s:.1f} | {r.cpu_s:.1f} | "
        f"{r.cpu_s / max(r.calls, 1):.1f} | {r.per_minute:.1f} | "
        f"{100 * r.utilisation(cores):.0f}% | {r.peak_mib:.0f} | "
        f"{r.first_half_mib:.0f} / {r.second_half_mib:.0f} | {r.digest or '–'} |"
        for r in results
    ]
    same: list[str] = []
    for size in sizes:
        runs = [r for r in results if r.calls == size and r.digest]
        digests = {r.digest for r in runs}
        if len(runs) > 1:
            same.append(f"{size} call(s): {'identical' if len(digests) == 1 else 'DIFFERENT'}")
    one = [r for r in results if r.name == "one process" and r.calls > 0]
    lines = [
        SECTION,
        "",
        f"`python -m benchmarks.batch --calls {','.join(map(str, sizes))} --minutes "
        f"{minutes:g} --workers {workers}"
        + (f" --lengths {','.join(f'{r.minutes:g}' for r in lengths)}" if lengths else "")
        + (f" --executors {','.join(executors)}" if tuple(executors) != EXECUTORS else "")
        + f"`: generated {minutes:g}-minute calls ({generator}: "
        + ("`benchmarks/realistic.py`" if generator == "realistic" else "`benchmarks/generate.py`")
        + ", WebVTT), every detector, each stored in a fresh SQLite database by "
        "`callcoach.app.batch.run_batch`. Every run starts cold (new worker processes, model "
        "loaded in each), so start-up is included. CPU seconds and peak memory are summed "
        "over this process and all its children (psutil, sampled every 0.1 s); utilisation "
        "is CPU seconds / (wall seconds × cores). The digest is a hash of every stored "
        "finding: equal digests mean the executors stored the same results.",
        "",
        f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
        f"{info['date']}, commit {info['commit']}; load average {info['load']} (1/5/15 min). "
        "**The machine was shared with other jobs while this ran: wall-clock numbers and "
        "calls/min are noisy and understate what a quiet machine does; CPU seconds are the "
        "primary measure.**",
        "",
        "| calls | executor | failed | wall s | CPU s | CPU s per call | calls/min | CPU use | "
        "peak MiB | peak MiB, 1st / 2nd half of the run | findings digest |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"Same findings from every executor: {'; '.join(same) or 'not compared'}.",
        "",
    ]
    if len(one) >= 2:
        intercept, slope, r2 = linear_fit([r.calls for r in one], [r.cpu_s for r in one])
        lines += [
            f"Cost in the number of calls (one process): CPU ≈ {intercept:.1f} s + "
            f"{slope:.2f} s per call (R² {r2:.3f}).",
            "",
        ]
    if lengths:
        hours = [r.minutes / 60.0 for r in lengths]
        intercept, slope, r2 = linear_fit(hours, [r.cpu_s for r in lengths])
        lines += [
            "Cost in call length (one call per length, one process, model load included, "
            "imports not):",
            "",
            "| minutes | wall s | CPU s | peak MiB |",
            "|---:|---:|---:|---:|",
            *(
                f"| {r.minutes:g} | {r.wall_s:.1f} | {r.cpu_s:.1f} | {r.peak_mib:.0f} |"
                for r in lengths
            ),
            "",
            f"CPU ≈ {intercept:.1f} s + {slope:.1f} s per call-hour (R² {r2:.3f}).",
            "",
        ]
    lines += [
        "GPU path: built (`pip install 'callcoach[gpu]'`: onnxruntime-gpu, chosen "
        "automatically when its CUDA provider is available) but **untested on a GPU** in "
        'this session (no GPU machine was lent); see "GPU" below for the command.',
        "",
    ]
    return "\n".join(lines)


def _numbers(text: str) -> list[float]:
    """Comma-separated numbers; "" or "none" is none."""
    if text.strip().casefold() == "none":
        return []
    try:
        return [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of numbers: {text!r}"
        ) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", default="4", help="numbers of calls, comma-separated")
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument(
        "--lengths",
        default="",
        help="call lengths in minutes for the length run (empty or none: skip)",
    )
    parser.add_argument("--generator", choices=("realistic", "synthetic"), default="realistic")
    parser.add_argument(
        "--executors",
        default=",".join(EXECUTORS),
        help="which to run, comma-separated: one (one process), pool (local pool), dask",
    )
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--no-write", action="store_true", help="print instead of writing")
    args = parser.parse_args(argv)
    try:
        sizes = [int(x) for x in _numbers(args.calls)]
        lengths_minutes = _numbers(args.lengths)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    if not sizes or min(sizes) < 1 or args.workers < 1:
        parser.error("--calls and --workers must be at least 1")
    executors = [e.strip() for e in args.executors.split(",") if e.strip()]
    if not executors or set(executors) - set(EXECUTORS):
        parser.error(f"--executors: choose from {', '.join(EXECUTORS)}")
    with tempfile.TemporaryDirectory(prefix="callcoach-batch-bench-") as workdir:
        results = run(sizes, args.minutes, args.workers, Path(workdir), args.generator, executors)
        lengths = run_lengths(lengths_minutes, Path(workdir), args.generator)
    section = markdown(
        results, sizes, args.minutes, args.workers, lengths, args.generator, executors
    )
    if args.no_write:
        print(section)
    else:
        write_section(args.out, section)
        print(f"wrote {SECTION!r} to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
